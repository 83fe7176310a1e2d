"""Fixtures: a settable clock, a roster, an insured person, the application."""

from collections.abc import Iterator

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.schemes import load_catalogue
from tests.builders import SCHEME_START, Clock, Journeys, resident_id
from tests.figures import FIGURES


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def roster() -> InMemoryRoster:
    return InMemoryRoster()


@pytest.fixture
def insured(roster: InMemoryRoster) -> str:
    """An insured person covered for the whole 2024 scheme year."""
    person = resident_id(1)
    roster.enrol(person, SCHEME_START)
    return person


@pytest.fixture
def app(roster: InMemoryRoster, clock: Clock) -> Iterator[ClaimsApplication]:
    """The application on the library's in-memory store (unit speed)."""
    application = ClaimsApplication(
        roster,
        catalogue=load_catalogue(),
        clock=clock,
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
    )
    yield application
    application.close()


@pytest.fixture
def journeys(app: ClaimsApplication, clock: Clock) -> Journeys:
    return Journeys(app, clock)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("figures measured")
        for test, text in FIGURES:
            terminalreporter.write_line(f"{test}: {text}")
