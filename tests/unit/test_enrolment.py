"""Enrolment rules: only enrolled, confirmed residents are covered; a death or a
move ends cover from the day after; a re-submitted roster changes nothing; the
premium is confirmed insured × 20 yuan per township."""

from collections.abc import Iterator
from datetime import date

import pytest

from adjudication.domain.enrolment import RegistrationCheck
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.roster_rows import RosterRow, RowRejection
from adjudication.enrolment.application import EnrolmentApplication
from tests.builders import Clock, resident_id

SCHEME = "xiangning-2024"
A, B, C, D = (resident_id(n, date(1966, 2, 3)) for n in (1, 2, 3, 4))


@pytest.fixture
def enrolment(clock: Clock) -> Iterator[EnrolmentApplication]:
    app = EnrolmentApplication(
        clock=clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"}
    )
    yield app
    app.close()


def row(number: int, person: str, name: str, township: str, village: str) -> RosterRow:
    return RosterRow(number, person, name, township, village, "RURAL", "农民")


def enrolees(*people: str, first_row: int = 2) -> list[RosterRow]:
    return [
        row(first_row + i, person, "张建国", "昌宁镇", "东关村")
        for i, person in enumerate(people)
    ]


def submit(
    app: EnrolmentApplication,
    rows: list[RosterRow | RowRejection],
    township: str = "昌宁镇",
    digest: str = "d1",
) -> tuple[int, int, list[str]]:
    submission, _ = app.import_roster(SCHEME, township, "roster.xlsx", digest, rows)
    return (
        submission.accepted,
        submission.unchanged,
        [r.reason_code for r in submission.rejected],
    )


def confirm(app: EnrolmentApplication, *people: str) -> None:
    app.check_registrations(
        SCHEME,
        [RegistrationEntry(p, RegistrationCheck.CONFIRMED) for p in people],
        "公安局 2024-10-08",
    )


def test_a_person_not_on_any_roster_is_not_enrolled(
    enrolment: EnrolmentApplication,
) -> None:
    assert enrolment.eligibility(A, date(2024, 12, 1)).reason_code == "NOT_ENROLLED"


def test_an_enrolled_person_is_covered_only_once_the_police_confirm(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    assert enrolment.eligibility(A, date(2024, 12, 1)).reason_code == "NOT_CONFIRMED"
    confirm(enrolment, A)
    assert enrolment.eligibility(A, date(2024, 12, 1)).covered


def test_police_not_finding_the_registration_leaves_the_person_not_confirmed(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    enrolment.check_registrations(
        SCHEME, [RegistrationEntry(A, RegistrationCheck.NOT_FOUND)], "公安局"
    )
    assert enrolment.eligibility(A, date(2024, 12, 1)).reason_code == "NOT_CONFIRMED"


def test_a_death_ends_cover_from_the_day_after(enrolment: EnrolmentApplication) -> None:
    submit(enrolment, [*enrolees(A)])
    confirm(enrolment, A)
    enrolment.check_registrations(
        SCHEME,
        [RegistrationEntry(A, RegistrationCheck.DECEASED, date(2025, 3, 1))],
        "公安局",
    )
    assert enrolment.eligibility(A, date(2025, 3, 1)).covered
    assert enrolment.eligibility(A, date(2025, 3, 2)).reason_code == "COVERAGE_ENDED"


def test_a_person_who_died_before_the_scheme_year_is_never_covered_nor_charged(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    enrolment.check_registrations(
        SCHEME,
        [RegistrationEntry(A, RegistrationCheck.DECEASED, date(2024, 9, 30))],
        "公安局",
    )
    assert enrolment.eligibility(A, date(2024, 10, 20)).reason_code == "COVERAGE_ENDED"
    assert enrolment.premium_statement(SCHEME, date(2025, 1, 1)) == []


def test_a_move_out_of_the_county_ends_cover_after_the_move(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    enrolment.check_registrations(
        SCHEME,
        [RegistrationEntry(A, RegistrationCheck.MOVED_OUT, date(2025, 5, 10))],
        "公安局",
    )
    assert enrolment.eligibility(A, date(2025, 5, 10)).covered
    assert enrolment.eligibility(A, date(2025, 5, 11)).reason_code == "COVERAGE_ENDED"


def test_a_removal_during_the_year_ends_cover_and_the_history_replays(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    confirm(enrolment, A)
    enrolment.remove(SCHEME, A, "DECEASED", date(2025, 2, 14))
    assert enrolment.eligibility(A, date(2025, 2, 15)).reason_code == "COVERAGE_ENDED"
    history = enrolment.history(SCHEME, A)
    assert [type(e).__name__ for e in history] == [
        "Enrolled",
        "RegistrationConfirmed",
        "CoverEnded",
    ]


def test_the_same_file_submitted_again_changes_nothing(
    enrolment: EnrolmentApplication,
) -> None:
    assert submit(enrolment, [*enrolees(A, B)]) == (2, 0, [])
    position = enrolment.recorder.max_notification_id()
    again, new = enrolment.import_roster(
        SCHEME, "昌宁镇", "roster.xlsx", "d1", enrolees(A, B, C)
    )
    assert not new and again.accepted == 2
    assert enrolment.recorder.max_notification_id() == position


def test_a_corrected_file_keeps_the_already_enrolled_and_adds_the_new(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A, B)])
    assert submit(enrolment, [*enrolees(A, B, C)], digest="d2") == (1, 2, [])


def test_a_person_enrolled_through_another_township_is_rejected_with_the_row(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A)])
    rows: list[RosterRow | RowRejection] = [
        row(2, B, "李秀英", "光华镇", "北村"),
        row(3, A, "张建国", "光华镇", "北村"),
    ]
    assert submit(enrolment, rows, township="光华镇", digest="g1") == (
        1,
        0,
        ["ENROLLED_ELSEWHERE"],
    )


def test_bad_rows_never_block_good_ones(enrolment: EnrolmentApplication) -> None:
    rows: list[RosterRow | RowRejection] = [
        *enrolees(A),
        RowRejection(3, "INVALID_ID_NUMBER", "wrong check digit", "1410**********0000"),
        *enrolees(B, first_row=4),
    ]
    assert submit(enrolment, rows) == (2, 0, ["INVALID_ID_NUMBER"])


def test_premium_is_confirmed_insured_times_premium_per_township_as_of_a_date(
    enrolment: EnrolmentApplication, clock: Clock
) -> None:
    submit(enrolment, [*enrolees(A, B, C)])
    submit(
        enrolment,
        [row(2, D, "王小红", "光华镇", "北村")],
        township="光华镇",
        digest="g",
    )
    clock.set(date(2024, 10, 8))
    confirm(enrolment, A, B, D)
    clock.set(date(2024, 10, 20))
    confirm(enrolment, C)
    lines = enrolment.premium_statement(SCHEME, date(2024, 10, 10))
    assert [(x.township, x.insured, x.premium_fen) for x in lines] == [
        ("光华镇", 1, 2000),
        ("昌宁镇", 2, 4000),
    ]
    later = enrolment.premium_statement(SCHEME, date(2024, 12, 31))
    assert [(x.township, x.insured) for x in later] == [("光华镇", 1), ("昌宁镇", 3)]


def test_a_number_twice_in_a_file_is_rejected_naming_the_row_that_enrolled_it(
    enrolment: EnrolmentApplication,
) -> None:
    """Row 602 repeats row 2, of the batch before; row 603 repeats row 601, of
    the same batch of 500: both are told by the store, not by a list of the
    file's numbers kept in memory."""
    people = [resident_id(n, date(1977, 1, 1)) for n in range(1, 601)]
    rows: list[RosterRow | RowRejection] = [
        *enrolees(*people),
        *enrolees(people[0], people[599], first_row=602),
    ]
    submission, _ = enrolment.import_roster(SCHEME, "昌宁镇", "dup.csv", "dup", rows)
    assert submission.accepted == 600
    assert [(r.row_number, r.reason_code, r.detail) for r in submission.rejected] == [
        (602, "DUPLICATE_IN_FILE", "same ID number as row 2"),
        (603, "DUPLICATE_IN_FILE", "same ID number as row 601"),
    ]


def test_an_interrupted_import_resumes_after_its_last_batch_counting_each_row_once(
    enrolment: EnrolmentApplication,
) -> None:
    # 1,200 different people: a serial has three digits, so two birthdays
    people = [resident_id(n, date(1977, 1, 1 + n // 1000)) for n in range(1, 1201)]
    rows: list[RosterRow | RowRejection] = [*enrolees(*people)]
    rows[700] = RowRejection(702, "URBAN_REGISTRATION", "城镇", "1410**********0000")

    def interrupted() -> Iterator[RosterRow | RowRejection]:
        for n, row in enumerate(rows):
            if n == 1100:  # the clerk's laptop sleeps during the third batch
                raise ConnectionError("interrupted")
            yield row

    with pytest.raises(ConnectionError):
        enrolment.import_roster(SCHEME, "昌宁镇", "big.xlsx", "big", interrupted())
    half = enrolment.submission(SCHEME, "昌宁镇", "big")
    assert half is not None and not half.completed and half.rows == 1000

    submission, new = enrolment.import_roster(SCHEME, "昌宁镇", "big.xlsx", "big", rows)
    assert new and submission.completed
    assert (submission.rows, submission.accepted) == (1200, 1199)
    assert [r.row_number for r in submission.rejected] == [702]


def test_a_submission_keeps_the_first_bad_rows_counts_all_and_lists_all_from_events(
    enrolment: EnrolmentApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However big the file, the submission holds a bounded list of bad rows
    (its memory and the RPC's response stay small); the counts are complete,
    and every rejected row can still be listed from the submission's events."""
    monkeypatch.setattr("adjudication.domain.enrolment.LISTED_OUTCOMES", 3)
    rows: list[RosterRow | RowRejection] = [
        RowRejection(n, "URBAN_REGISTRATION", "城镇", "1410**********0000")
        for n in range(2, 1202, 2)
    ]
    submission, _ = enrolment.import_roster(SCHEME, "昌宁镇", "big.csv", "big", rows)
    assert [r.row_number for r in submission.rejected] == [2, 4, 6]
    assert submission.rejected_by_reason == {"URBAN_REGISTRATION": 600}
    listed = [r.row_number for r in enrolment.roster_problems(submission)]
    assert listed == list(range(2, 1202, 2))


def test_a_person_listed_twice_in_the_polices_answer_is_confirmed_with_the_rest(
    enrolment: EnrolmentApplication,
) -> None:
    submit(enrolment, [*enrolees(A, B, C)])
    summary = enrolment.check_registrations(
        SCHEME,
        [RegistrationEntry(p, RegistrationCheck.CONFIRMED) for p in (A, B, A, C)],
        "公安局 2024-10-08",
    )
    assert (summary.applied, summary.unchanged) == (3, 1)
    for person in (A, B, C):
        assert enrolment.eligibility(person, date(2024, 12, 1)).covered


def test_confirmed_by_the_bureau_on_2024_10_20_counts_in_october_though_applied_later(
    enrolment: EnrolmentApplication, clock: Clock
) -> None:
    submit(enrolment, [*enrolees(A, B)])
    clock.set(date(2024, 11, 5))
    enrolment.check_registrations(
        SCHEME,
        [
            RegistrationEntry(A, RegistrationCheck.CONFIRMED, date(2024, 10, 20)),
            RegistrationEntry(B, RegistrationCheck.CONFIRMED),  # undated: today
        ],
        "公安局 乡公户〔2024〕12号",
    )
    october = enrolment.premium_statement(SCHEME, date(2024, 10, 31))
    assert [(x.township, x.insured) for x in october] == [("昌宁镇", 1)]
    november = enrolment.premium_statement(SCHEME, date(2024, 11, 30))
    assert [(x.township, x.insured) for x in november] == [("昌宁镇", 2)]


def test_an_answer_dated_after_the_day_it_is_applied_is_refused(
    enrolment: EnrolmentApplication, clock: Clock
) -> None:
    submit(enrolment, [*enrolees(A)])
    clock.set(date(2024, 10, 8))
    summary = enrolment.check_registrations(
        SCHEME,
        [RegistrationEntry(A, RegistrationCheck.CONFIRMED, date(2024, 10, 9))],
        "公安局",
    )
    assert summary.applied == 0
    assert [why for _, why in summary.refused] == [
        "the answer is dated 2024-10-09, after 2024-10-08"
    ]
