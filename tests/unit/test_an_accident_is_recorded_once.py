"""I10 (scheme-2024.md §6): an accident is recorded once. New accident facts for
an insured who already has an accident recorded on the same date are refused,
naming the recorded accident, unless the report says it is another accident."""

from datetime import date

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import ReportClaim
from adjudication.domain.errors import StateForbids
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import SCHEME_START, Journeys, accident, resident_id

FALL = date(2024, 11, 3)


def test_a_second_report_of_an_accident_on_the_same_date_is_refused_naming_it(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first = journeys.report(insured, ["MEDICAL"], FALL).claim
    before = app.recorder.max_notification_id()
    with pytest.raises(StateForbids) as caught:
        journeys.report(insured, ["DISABILITY"], FALL, cause="CUT")
    assert caught.value.code == "ACCIDENT_ALREADY_RECORDED"
    assert caught.value.details == {"accident_ids": str(first.accident_id)}
    assert str(first.accident_id) in caught.value.message
    assert app.recorder.max_notification_id() == before


def test_a_claim_of_the_recorded_accident_is_reported_with_its_accident_id(
    journeys: Journeys, insured: str
) -> None:
    first = journeys.report(insured, ["MEDICAL"], FALL).claim
    second = journeys.report(insured, ["DISABILITY"], accident_id=first.accident_id)
    assert second.claim.accident_id == first.accident_id


def test_a_report_that_says_distinct_accident_records_another_accident_and_keeps_it(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first = journeys.report(insured, ["MEDICAL"], FALL).claim
    second = journeys.report(insured, ["MEDICAL"], FALL, distinct_accident=True).claim
    assert second.accident_id != first.accident_id
    assert app.get_accident(second.accident_id).distinct_accident is True
    assert app.get_accident(first.accident_id).distinct_accident is False
    recorded = next(iter(app.events.get(second.accident_id)))
    assert recorded.distinct_accident is True  # type: ignore[attr-defined]
    register = app.repository.get(app.person_ids.accident_register(insured)[0])
    assert register.on(FALL) == (first.accident_id, second.accident_id)
    with pytest.raises(StateForbids) as caught:  # a third one names both
        journeys.report(insured, ["MEDICAL"], FALL)
    assert caught.value.details == {
        "accident_ids": f"{first.accident_id},{second.accident_id}"
    }


def test_accidents_of_other_dates_or_other_insured_are_not_refused(
    roster: InMemoryRoster, journeys: Journeys, insured: str
) -> None:
    other = resident_id(2)
    roster.enrol(other, SCHEME_START)
    journeys.report(insured, ["MEDICAL"], FALL)
    journeys.report(insured, ["MEDICAL"], date(2024, 11, 4))
    journeys.report(other, ["MEDICAL"], FALL)


def test_an_accident_rejected_at_report_is_still_recorded_once(
    journeys: Journeys, insured: str
) -> None:
    rejected = journeys.report(insured, ["DEATH"], FALL, cause="DISEASE").claim
    assert rejected.status == "REJECTED"
    with pytest.raises(StateForbids) as caught:
        journeys.report(insured, ["DEATH"], FALL)
    assert caught.value.details == {"accident_ids": str(rejected.accident_id)}


def test_a_repeated_report_replays_instead_of_being_refused(
    app: ClaimsApplication, insured: str
) -> None:
    command = ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident(FALL))
    first = app.report_claim(command)
    again = app.report_claim(command)
    assert again.replayed and again.claim.id == first.claim.id
