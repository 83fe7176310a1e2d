"""The enrolment and the claims logs are apart on both stores (issue 10, item
5): PostgreSQL tables of their own, SQLite files of their own; an embedded file
of the previous version, where both shared one table, is upgraded on its first
start. StreamEvents serves the claims log only, as the caller's role may see
it."""

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from eventsourcing.utils import get_topic

from adjudication.adapters import keys
from adjudication.adapters.embedded_upgrade import EnrolmentLogMovedOut
from adjudication.adapters.storage import sqlite_files
from adjudication.api.audit_service import AuditService
from adjudication.api.personal_data import mask
from adjudication.claims.application import ClaimsApplication
from adjudication.claims.audit_log import AuditLog
from adjudication.domain.enrolment import RegistrationCheck
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.roster_rows import RawRow, RowValidator
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.v1 import audit_pb2 as apb
from tests.builders import Clock, Journeys, UnkeyedIds, resident_id
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

SCHEME = "xiangning-2024"
TOWNSHIP = "昌宁镇"
PERSON = resident_id(321, date(1972, 6, 1))
ENROLMENT_TOPIC = "adjudication.domain.enrolment:"


def enrol(enrolment: EnrolmentApplication, *people: str) -> None:
    validator = RowValidator(TOWNSHIP, date(2024, 10, 1))
    rows = [
        validator.check(
            RawRow(
                n + 2,
                {
                    "resident_id_number": p,
                    "name": "张建国",
                    "village": "东关村",
                    "registration": "农业",
                },
            )
        )
        for n, p in enumerate(people)
    ]
    enrolment.import_roster(SCHEME, TOWNSHIP, "roster.csv", "-".join(people), rows)


def confirm(enrolment: EnrolmentApplication, person: str) -> None:
    entry = RegistrationEntry(person, RegistrationCheck.CONFIRMED)
    enrolment.check_registrations(SCHEME, [entry], "公安局")


def topics(app: EnrolmentApplication | ClaimsApplication) -> list[str]:
    return [n.topic for n in app.recorder.select_notifications(start=1, limit=10_000)]


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2024, 10, 20))


@pytest.fixture
def apps(
    store_env: dict[str, str], clock: Clock
) -> Iterator[tuple[EnrolmentApplication, ClaimsApplication]]:
    enrolment = EnrolmentApplication(clock=clock, env=store_env)
    claims = ClaimsApplication(enrolment, clock=clock, env=store_env)
    yield enrolment, claims
    claims.close()
    enrolment.close()


def test_each_log_holds_only_its_own_events_and_stream_events_only_the_claims(
    apps: tuple[EnrolmentApplication, ClaimsApplication], clock: Clock
) -> None:
    enrolment, claims = apps
    enrol(enrolment, PERSON)
    confirm(enrolment, PERSON)
    Journeys(claims, clock).report(PERSON, ["MEDICAL"], date(2024, 11, 3))

    assert topics(enrolment) and all(
        t.startswith(ENROLMENT_TOPIC) for t in topics(enrolment)
    )
    assert topics(claims) and not any(
        t.startswith(ENROLMENT_TOPIC) for t in topics(claims)
    )
    audit = AuditService(claims)
    request = apb.StreamEventsRequest()

    def streamed(masked: bool) -> list[apb.LogEvent]:
        """As an auditor sees it, or (`masked`) as the access interceptor
        shows it to a role that may not see personal data."""
        return [
            e
            for r in audit.stream_events(request, 100, [])
            for e in (mask(r) if masked else r).events
        ]

    seen = streamed(masked=False)
    kinds = {e.event_type.split(".")[0] for e in seen}
    assert "Claim" in kinds
    assert kinds <= {"Claim", "Accident", "AccidentRegister", "Coverage"} | {
        "InvoiceRegister",
        "CommandReceipt",
    }
    assert PERSON in "".join(e.payload_json for e in seen)
    masked = streamed(masked=True)
    assert [e.position for e in masked] == [e.position for e in seen]
    texts = "".join(e.payload_json for e in masked)
    assert PERSON not in texts and "张建国" not in texts
    assert f"{PERSON[:4]}**********{PERSON[-4:]}" in texts and "张**" in texts


def previous_version_file(path: Path, clock: Clock) -> list[tuple[int, str]]:
    """A file as the previous version left it: both logs in its one table,
    payloads plain JSON, the last rows the enrolment's. Returns its rows'
    (position, topic)."""
    with sqlite3.connect(path) as conn:
        # kept from this version's upgrade while the old layout is written
        conn.execute("PRAGMA user_version = 1")
    old = {
        "SQLITE_DBNAME": str(path),
        "ENROLMENT_SQLITE_DBNAME": str(path),
        "CIPHER_KEY": "",
        "CIPHER_TOPIC": "",
        "COMPRESSOR_TOPIC": "",
        keys.HMAC_KEY: keys.new_key(),  # not used: its ids were unkeyed
    }
    enrolment = EnrolmentApplication(clock=clock, env=old)
    claims = ClaimsApplication(enrolment, clock=clock, env=old)
    for app in (enrolment, claims):
        app.person_ids = UnkeyedIds(app.person_ids)  # type: ignore[assignment]
    enrol(enrolment, PERSON)
    Journeys(claims, clock).report(PERSON, ["MEDICAL"], date(2024, 11, 3))
    confirm(enrolment, PERSON)
    claims.close()
    enrolment.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")
        rows = conn.execute("SELECT rowid, topic FROM stored_events ORDER BY rowid")
        return [(int(n), str(t)) for n, t in rows]


def stored(path: Path) -> list[tuple[int, str, bytes]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT rowid, topic, state FROM stored_events ORDER BY 1")
        return [(int(n), str(t), bytes(s)) for n, t, s in rows]


def is_json(state: bytes) -> bool:
    try:
        json.loads(state)
    except ValueError:
        return False
    return True


def test_an_embedded_file_of_the_previous_version_is_upgraded_on_its_first_start(
    tmp_path: Path, clock: Clock
) -> None:
    events = tmp_path / "adjudication.sqlite3"
    before = previous_version_file(events, clock)
    assert before[-1][1].startswith(ENROLMENT_TOPIC)
    assert all(is_json(s) for _, _, s in stored(events))

    env = {"SQLITE_DBNAME": str(events)}
    enrolment = EnrolmentApplication(clock=clock, env=env)
    claims = ClaimsApplication(enrolment, clock=clock, env=env)
    try:
        # The claims' events keep their positions; the enrolment's last
        # position is the upgrade's marker, so no position is given twice.
        after = stored(events)
        kept = [(n, t) for n, t in before if not t.startswith(ENROLMENT_TOPIC)]
        marker = (before[-1][0], get_topic(EnrolmentLogMovedOut))
        assert [(n, t) for n, t, _ in after][-1] == marker
        assert [(n, t) for n, t, _ in after[:-1]] == kept
        moved = stored(tmp_path / "adjudication.enrolment.sqlite3")
        assert [t for _, t, _ in moved] == [
            t for _, t in before if t.startswith(ENROLMENT_TOPIC)
        ]
        assert not any(is_json(s) for _, _, s in [*after, *moved])
        key_file = tmp_path / "adjudication.key"
        assert key_file.stat().st_mode & 0o777 == 0o600

        log = AuditLog(claims)
        assert [e.position for e in log.read(0, 1000, log.end())] == [
            n for n, _, _ in after
        ]
        assert enrolment.eligibility(PERSON, date(2024, 11, 3)).covered
        reported = Journeys(claims, clock).report(
            PERSON, ["MEDICAL"], date(2024, 12, 1)
        )
        assert reported.position > before[-1][0]
        assert claims.get_claim(reported.claim.id).insured_id_number == PERSON
    finally:
        claims.close()
        enrolment.close()
    assert keys.read_key_file(key_file).cipher_key


@pytest.mark.parametrize(
    ("settings", "files"),
    [
        ({}, ("var/adjudication.sqlite3", "var/adjudication.enrolment.sqlite3")),
        ({"SQLITE_DBNAME": "/srv/a.db"}, ("/srv/a.db", "/srv/a.enrolment.db")),
        (
            {"SQLITE_DBNAME": "/srv/a.db", "ENROLMENT_SQLITE_DBNAME": "/srv/e.db"},
            ("/srv/a.db", "/srv/e.db"),
        ),
        (
            {"SQLITE_DBNAME": "file:t?mode=memory&cache=shared"},
            (
                "file:t?mode=memory&cache=shared",
                "file:t.enrolment?mode=memory&cache=shared",
            ),
        ),
    ],
)
def test_each_log_has_its_own_sqlite_file_unless_configured(
    settings: dict[str, str], files: tuple[str, str]
) -> None:
    assert sqlite_files(settings) == files
