"""The police's answers listing one ID number twice (issue 11): the person is
confirmed once, everybody else of the batch (500 lines) too, and the counts
printed or answered are what the log holds. On SQLite and PostgreSQL, through
`adjudication roster confirm` and through ConfirmRegistrations."""

import csv
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adjudication.adapters.storage import ENROLMENT_LOG
from adjudication.cli import main
from adjudication.domain.calendar import scheme_date
from adjudication.v1 import enrollment_pb2 as epb
from adjudication.v1 import enrollment_pb2_grpc
from tests.builders import resident_id
from tests.e2e.conftest import SCHEME_ID, RunningServer
from tests.figures import measured
from tests.reliability.stored import aggregates_with
from tests.roster_factory import write_csv

PEOPLE = [resident_id(n, date(1968, 2, 3)) for n in range(1, 601)]  # two batches
TWICE_AT = 123  # in the first batch of 500
TWICE = PEOPLE[TWICE_AT]


def confirmed(env: dict[str, str]) -> int:
    """Confirmations in the enrolment's log, each person's counted once."""
    found = aggregates_with(env, "Insured.RegistrationConfirmed", log=ENROLMENT_LOG)
    assert set(found.values()) <= {1}, "nobody is confirmed twice"
    return len(found)


def test_the_answers_file_listing_a_person_twice_confirms_every_one_and_says_so(
    store_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    roster = write_csv(
        tmp_path / "roster.csv",
        [(p, "张建国", "昌宁镇", "城北村", "农业", "务农") for p in PEOPLE],
    )
    assert main(["roster", "import", str(roster), "--township", "昌宁镇"]) == 0
    answers = tmp_path / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as f:
        lines = [[p, "已确认", ""] for p in PEOPLE]
        lines.insert(300, [TWICE, "已确认", ""])
        csv.writer(f).writerows([["身份证号码", "核查结果", "日期"], *lines])
    capsys.readouterr()

    code = main(["roster", "confirm", str(answers), "--source", "公安局 2024-10-08"])
    printed = capsys.readouterr().out
    applied = int(re.search(r"applied\D+(\d+)", printed)[1])  # type: ignore[index]
    unchanged = int(re.search(r"already so\D+(\d+)", printed)[1])  # type: ignore[index]
    in_log = confirmed(store_env)
    premium = tmp_path / "premium.csv"
    today = scheme_date(datetime.now(UTC))
    main(
        [
            "roster",
            "premium",
            "--as-of",
            f"{today}",
            "--output",
            f"{premium}",
            "--format",
            "csv",
        ]
    )
    with premium.open(encoding="utf-8-sig") as f:
        insured = int(list(csv.reader(f))[1][1])
    measured(
        f"answers file of {len(lines)} lines, one ID number twice: exit {code}, "
        f"printed applied {applied} already so {unchanged}; the log holds "
        f"{in_log} confirmations; the premium statement counts {insured} insured"
    )
    assert code == 0
    assert (applied, unchanged) == (len(PEOPLE), 1)
    assert in_log == insured == applied


def test_confirm_registrations_listing_a_person_twice_confirms_every_one(
    server: RunningServer, store_env: dict[str, str]
) -> None:
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    header = epb.RosterHeader(
        request_id="roster-2", scheme_id=SCHEME_ID, township="光华镇", file_name="r"
    )
    rows = epb.RosterRows(
        rows=[
            epb.RosterRow(
                resident_id_number=p,
                name="张建国",
                village="光华村",
                registration="农业",
            )
            for p in PEOPLE[:500]
        ]
    )
    stub.ImportRoster(
        iter(
            [epb.ImportRosterRequest(header=header), epb.ImportRosterRequest(rows=rows)]
        )
    )
    before = confirmed(store_env)  # the e2e persons
    answers = [
        epb.RegistrationAnswer(
            resident_id_number=p, result=epb.REGISTRATION_CHECK_CONFIRMED
        )
        for p in PEOPLE[:500]
    ]
    answers.insert(250, answers[TWICE_AT])
    checked = stub.ConfirmRegistrations(
        epb.ConfirmRegistrationsRequest(
            request_id="checks-2", scheme_id=SCHEME_ID, source="公安局", answers=answers
        )
    )
    written = confirmed(store_env) - before
    measured(
        f"ConfirmRegistrations of {len(answers)} answers, one ID number twice: "
        f"applied {checked.applied} unchanged {checked.unchanged}; the log holds "
        f"{written} new confirmations"
    )
    assert (checked.applied, checked.unchanged) == (500, 1)
    assert written == checked.applied
    assert not checked.replayed

    # the same request again, and five copies of it at once: its first outcome
    request = epb.ConfirmRegistrationsRequest(
        request_id="checks-2", scheme_id=SCHEME_ID, source="公安局", answers=answers
    )
    logged = sum(aggregates_with(store_env, "%", log=ENROLMENT_LOG).values())
    with ThreadPoolExecutor(5) as pool:
        again = list(pool.map(lambda _: stub.ConfirmRegistrations(request), range(6)))
    measured(
        f"the same request {len(again)} times more: replayed "
        f"{sum(r.replayed for r in again)}, applied {[r.applied for r in again]}"
    )
    assert all(r.replayed and (r.applied, r.unchanged) == (500, 1) for r in again)
    assert sum(aggregates_with(store_env, "%", log=ENROLMENT_LOG).values()) == logged


def test_copies_of_a_request_of_answers_racing_each_other_answer_its_one_outcome(
    server: RunningServer, store_env: dict[str, str]
) -> None:
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    people = PEOPLE[:40]
    header = epb.RosterHeader(
        request_id="roster-3", scheme_id=SCHEME_ID, township="光华镇", file_name="r"
    )
    rows = [
        epb.RosterRow(
            resident_id_number=p, name="张建国", village="光华村", registration="农业"
        )
        for p in people
    ]
    stub.ImportRoster(
        iter(
            [
                epb.ImportRosterRequest(header=header),
                epb.ImportRosterRequest(rows=epb.RosterRows(rows=rows)),
            ]
        )
    )
    request = epb.ConfirmRegistrationsRequest(
        request_id="checks-3",
        scheme_id=SCHEME_ID,
        source="公安局",
        answers=[
            epb.RegistrationAnswer(
                resident_id_number=p, result=epb.REGISTRATION_CHECK_CONFIRMED
            )
            for p in people
        ],
    )
    with ThreadPoolExecutor(6) as pool:
        copies = list(pool.map(lambda _: stub.ConfirmRegistrations(request), range(6)))
    outcomes = {(r.applied, r.unchanged) for r in copies}
    measured(
        f"6 racing copies of one request of {len(people)} answers: outcomes "
        f"{outcomes}, replayed {sum(r.replayed for r in copies)}"
    )
    assert outcomes == {(len(people), 0)}
    assert sum(not r.replayed for r in copies) == 1
