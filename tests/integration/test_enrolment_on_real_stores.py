"""Township rosters generated with bad rows of every kind, imported from CSV and
XLSX into SQLite and PostgreSQL the way `adjudication roster import` does."""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from adjudication.cli import main
from adjudication.domain.calendar import scheme_date
from adjudication.domain.enrolment import RosterSubmission
from adjudication.domain.roster_rows import RowValidator
from adjudication.enrolment import premium_export
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.roster_file import file_digest, read_rows
from tests.builders import Clock
from tests.roster_factory import BadRoster, roster_with_bad_rows, write_csv, write_xlsx

SCHEME = "xiangning-2024"
TOWNSHIP = "昌宁镇"
WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


@pytest.fixture
def enrolment(
    store_env: dict[str, str], clock: Clock
) -> Iterator[EnrolmentApplication]:
    clock.set(date(2024, 10, 1))
    app = EnrolmentApplication(clock=clock, env=store_env)
    yield app
    app.close()


@pytest.fixture(scope="module")
def bad_roster() -> BadRoster:
    return roster_with_bad_rows(TOWNSHIP, 300, seed=11)


def import_file(app: EnrolmentApplication, path: Path) -> tuple[RosterSubmission, bool]:
    validator = RowValidator(TOWNSHIP, date(2024, 10, 1))
    return app.import_roster(
        SCHEME,
        TOWNSHIP,
        path.name,
        file_digest(path),
        (validator.check(raw) for raw in read_rows(path)),
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_bad_row_is_reported_with_its_reason_and_the_good_ones_enrolled(
    enrolment: EnrolmentApplication, bad_roster: BadRoster, tmp_path: Path, kind: str
) -> None:
    path = WRITERS[kind](tmp_path / f"roster.{kind}", bad_roster.rows)
    submission, new = import_file(enrolment, path)
    assert new
    assert {r.row_number: r.reason_code for r in submission.rejected} == (
        bad_roster.rejections
    )
    assert {w.row_number: w.reason_code for w in submission.warnings} == (
        bad_roster.warnings
    )
    assert submission.rows == len(bad_roster.rows)
    assert submission.accepted == len(bad_roster.rows) - len(bad_roster.rejections)
    assert all(
        "*" in r.resident_id_number or not r.resident_id_number[4:].strip("*")
        for r in submission.rejected
    )
    duplicates = [
        r.detail for r in submission.rejected if r.reason_code == "DUPLICATE_IN_FILE"
    ]
    assert sorted(duplicates) == [
        "same ID number as row 2",
        "same ID number as row 3",
    ]

    position = enrolment.recorder.max_notification_id()
    again, new = import_file(enrolment, path)
    assert not new and again.accepted == submission.accepted
    assert enrolment.recorder.max_notification_id() == position


def test_the_polices_answers_file_decides_who_is_covered_and_the_premium(
    enrolment: EnrolmentApplication,
    bad_roster: BadRoster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_file(enrolment, write_csv(tmp_path / "roster.csv", bad_roster.rows))
    accepted = [
        person
        for number, person in enumerate(bad_roster.rows, start=2)
        if number not in bad_roster.rejections
    ]
    first, second, third = (p[0] for p in accepted[:3])
    answers = tmp_path / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["身份证号码", "核查结果", "日期"])
        out.writerows(
            [[p[0], "已确认", ""] for p in accepted[3:]]
            + [[first, "查无此人", ""], [second, "已死亡", "2025-01-20"]]
            + [[third, "已迁出", "2025-03-01"], ["141029197005170014", "已确认", ""]]
            + [[first, "不知道", ""]]
        )
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    # 1: lines were not applied (one unreadable, one of a person not enrolled)
    assert (
        main(["roster", "confirm", str(answers), "--source", "公安局 2024-10-08"]) == 1
    )
    printed = capsys.readouterr()
    assert "UNKNOWN_RESULT" in printed.err
    assert "not enrolled\t1" in printed.out and "unreadable\t1" in printed.out

    assert enrolment.eligibility(accepted[5][0], date(2025, 6, 1)).covered
    assert enrolment.eligibility(first, date(2025, 6, 1)).reason_code == "NOT_CONFIRMED"
    assert enrolment.eligibility(second, date(2025, 1, 20)).covered
    assert enrolment.eligibility(second, date(2025, 1, 21)).reason_code == (
        "COVERAGE_ENDED"
    )
    assert enrolment.eligibility(third, date(2025, 3, 2)).reason_code == (
        "COVERAGE_ENDED"
    )

    today = scheme_date(datetime.now(UTC))  # the scheme's date: China's
    lines = enrolment.premium_statement(SCHEME, today)
    confirmed = len(accepted) - 1  # all but the one the police could not find
    assert [(x.township, x.insured, x.premium_fen) for x in lines] == [
        (TOWNSHIP, confirmed, confirmed * 2000)
    ]
    premium_export.write_csv(lines, tmp_path / "premium.csv")
    with (tmp_path / "premium.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["乡镇", "参保人数", "保费(元)"]
    assert rows[1] == [TOWNSHIP, str(confirmed), f"{confirmed * 20}.00"]
    assert rows[-1][0] == "合计"
    premium_export.write_xlsx(lines, tmp_path / "premium.xlsx", SCHEME, today)
    sheet = load_workbook(tmp_path / "premium.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["乡镇", "参保人数", "保费(元)"]
    assert sheet["B3"].value == confirmed
    assert sheet.title == "保费结算表" and sheet.freeze_panes == "A3"
    assert (
        sheet["C3"].value == confirmed * 20 and sheet["C3"].number_format == "#,##0.00"
    )
    total = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "合计")
    assert total[2].value == sum(
        r[2].value for r in sheet.iter_rows(min_row=3) if r[0].value != "合计"
    )


def test_the_roster_command_imports_with_a_summary_by_reason(
    bad_roster: BadRoster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    path = write_xlsx(tmp_path / "昌宁镇花名册.xlsx", bad_roster.rows)
    arguments = ["roster", "import", str(path), "--township", TOWNSHIP]
    # 1: rows were refused, each listed
    assert main([*arguments, "--scheme", SCHEME]) == 1
    out = capsys.readouterr().out
    assert "accepted" in out
    for reason in set(bad_roster.rejections.values()):
        assert f"rejected: {reason}" in out
    assert main([*arguments, "--scheme", SCHEME]) == 1
    assert "submitted before: nothing changed" in capsys.readouterr().err
