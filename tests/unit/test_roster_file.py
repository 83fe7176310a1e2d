"""Township rosters as files: reading CSV and XLSX rosters row by row and
checking each row against who the scheme insures (scheme-2024 §1)."""

import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from adjudication.domain.roster_rows import (
    RawRow,
    RosterRow,
    RowRejection,
    RowValidator,
)
from adjudication.enrolment.roster_file import RosterFileError, file_digest, read_rows
from tests.roster_factory import (
    HEADER_EN,
    HEADER_ZH,
    BadRoster,
    Person,
    generate_people,
    id_number,
    roster_with_bad_rows,
    write_csv,
    write_xlsx,
)

TODAY = date(2024, 9, 20)
TOWNSHIP = "光华镇"


def check_all(path: Path, township: str = TOWNSHIP) -> list[RosterRow | RowRejection]:
    validator = RowValidator(township, today=TODAY)
    return [validator.check(raw) for raw in read_rows(path)]


def accepted(results: list[RosterRow | RowRejection]) -> list[RosterRow]:
    return [r for r in results if isinstance(r, RosterRow)]


def rejected(results: list[RosterRow | RowRejection]) -> dict[int, str]:
    return {r.row_number: r.reason_code for r in results if isinstance(r, RowRejection)}


def without_duplicates(expected: dict[int, str]) -> dict[int, str]:
    return {n: code for n, code in expected.items() if code != "DUPLICATE_IN_FILE"}


def utf8_csv(path: Path, rows: list[Person]) -> Path:
    return write_csv(path.with_suffix(".csv"), rows)


def utf8_bom_csv(path: Path, rows: list[Person]) -> Path:
    return write_csv(path.with_suffix(".csv"), rows, encoding="utf-8-sig")


def gb18030_csv(path: Path, rows: list[Person]) -> Path:
    return write_csv(path.with_suffix(".csv"), rows, encoding="gb18030")


def xlsx(path: Path, rows: list[Person]) -> Path:
    return write_xlsx(path.with_suffix(".xlsx"), rows)


WRITERS: dict[str, Callable[[Path, list[Person]], Path]] = {
    "csv-utf-8": utf8_csv,
    "csv-utf-8-sig": utf8_bom_csv,
    "csv-gb18030": gb18030_csv,
    "xlsx": xlsx,
}


@pytest.fixture(scope="module")
def roster() -> BadRoster:
    return roster_with_bad_rows(TOWNSHIP, 60, seed=24)


# -- the file formats -------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_format_gives_the_same_rows(tmp_path: Path, fmt: str) -> None:
    people = list(generate_people(30, seed=1, township=TOWNSHIP))
    path = WRITERS[fmt](tmp_path / "roster", people)

    rows = list(read_rows(path))

    assert [r.row_number for r in rows] == list(range(2, 32))
    assert [tuple(r.fields[name] for name in HEADER_EN) for r in rows] == people


def test_a_gb18030_file_whose_chinese_text_comes_late_is_read(
    tmp_path: Path,
) -> None:
    people = [
        p._replace(name="Li Hua", township="", village="")
        for p in generate_people(4000, seed=2)
    ]
    people.append(people[0]._replace(name="张建国"))
    path = write_csv(tmp_path / "r.csv", people, header=HEADER_EN, encoding="gb18030")
    assert path.stat().st_size > 128 * 1024

    rows = list(read_rows(path))

    assert rows[-1].fields["name"] == "张建国"


def test_a_file_in_another_encoding_is_refused_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        "身份证号码,姓名,户籍类型\n".encode("gb18030") + b"\x84\x31\xa5\x30\n"
    )

    with pytest.raises(RosterFileError, match="neither UTF-8 nor GB18030"):
        list(read_rows(path))


def test_headers_may_be_chinese_or_english(tmp_path: Path) -> None:
    people = list(generate_people(5, seed=3, township=TOWNSHIP))
    variants = [
        HEADER_ZH,
        HEADER_EN,
        ("公民身份号码", "姓名", "乡（镇）", "行政村", "户口性质", "单位性质"),
        ("身份证号", " 姓 名 ", "乡镇", "村委会", "户籍类型", "从业类型"),
        ("Resident_ID_Number", "NAME", "Township", "Village", "Registration", "x"),
    ]
    for i, header in enumerate(variants):
        path = write_csv(tmp_path / f"r{i}.csv", people, header=header)
        rows = list(read_rows(path))
        assert [r.fields["resident_id_number"] for r in rows] == [
            p.resident_id_number for p in people
        ], header
        assert rows[0].fields["name"] == people[0].name


def test_unknown_columns_are_ignored_and_empty_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "乡宁县2024年农村居民小额意外保险花名册\n"
        "序号,身份证号码,姓名,户籍类型,联系电话\n"
        f"1,{id_number('141029', date(1970, 5, 17), 13)},张建国,农业户口,13800000000\n"
        ",,,,\n"
        "\n"
        "3,,,,\n"
        f"4,{id_number('142631', date(1958, 2, 1), 24)},李秀英,农村,\n",
        encoding="utf-8",
    )

    rows = list(read_rows(path))

    assert [r.row_number for r in rows] == [3, 7]
    assert rows[0].fields == {
        "resident_id_number": id_number("141029", date(1970, 5, 17), 13),
        "name": "张建国",
        "registration": "农业户口",
    }


def test_a_missing_required_column_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "乡宁县光华镇2024年花名册\n姓名,乡镇,村\n张建国,光华镇,光华村\n",
        encoding="utf-8",
    )

    with pytest.raises(RosterFileError) as error:
        list(read_rows(path))

    assert "身份证号码" in str(error.value)
    assert "户籍类型" in str(error.value)
    assert "姓名" not in str(error.value)


def test_other_file_kinds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterFileError, match=r"\.xlsx"):
        read_rows(path)


def test_an_id_number_stored_as_a_number_in_excel_is_rejected(tmp_path: Path) -> None:
    """Excel keeps 15 significant digits: 141029197005170135 typed into a number
    cell is saved as 1.41029197005170E+17, and the last digits are gone."""
    number = id_number("141029", date(1970, 5, 17), 13)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["身份证号码", "姓名", "户籍类型"])
    sheet.append([float(number), "张建国", "农业户口"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)

    (result,) = check_all(path)

    assert isinstance(result, RowRejection)
    assert result.reason_code == "INVALID_ID_NUMBER"
    assert "15 digits" in result.detail


# -- the rows -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_bad_row_is_reported_with_its_row_number_and_reason(
    tmp_path: Path,
    fmt: str,
    roster: BadRoster,
) -> None:
    rows, expected, _ = roster
    results = check_all(WRITERS[fmt](tmp_path / "roster", rows))

    # A number twice in the file is told by the enrolment, which remembers
    # the file's rows in the store (tests/integration, test_enrolment).
    assert rejected(results) == without_duplicates(expected)
    for code in (
        "MISSING_FIELD",
        "INVALID_ID_NUMBER",
        "DUPLICATE_IN_FILE",
        "URBAN_REGISTRATION",
        "PUBLIC_SECTOR_STAFF",
        "TOWNSHIP_MISMATCH",
    ):
        assert list(expected.values()).count(code) >= 2, code


def test_bad_rows_never_stop_the_good_ones(tmp_path: Path, roster: BadRoster) -> None:
    rows, expected, _ = roster
    results = check_all(utf8_csv(tmp_path / "roster", rows))

    good = accepted(results)
    checked_here = without_duplicates(expected)
    assert len(good) == len(rows) - len(checked_here) == 64
    assert {r.row_number for r in good}.isdisjoint(checked_here)
    assert all(r.registration == "RURAL" and r.township == TOWNSHIP for r in good)


def test_a_region_code_not_in_force_is_a_warning_not_a_rejection(
    tmp_path: Path, roster: BadRoster
) -> None:
    """141029 for someone born in 1962, 140102 for someone born in 2005: such
    numbers exist; the police confirm the registration, not the prefix."""
    rows, _, expected_warnings = roster
    results = check_all(utf8_csv(tmp_path / "roster", rows))

    warned = {w.row_number: w.code for r in accepted(results) for w in r.warnings}
    assert warned == expected_warnings
    assert len(warned) == 2


def test_rejections_explain_to_a_clerk_and_mask_the_id_number(
    tmp_path: Path, roster: BadRoster
) -> None:
    rows, _, _ = roster
    results = check_all(utf8_csv(tmp_path / "roster", rows))
    rejections = [r for r in results if isinstance(r, RowRejection)]

    for r in rejections:
        assert r.detail
        if len(r.resident_id_number) == 18:
            assert r.resident_id_number[4:14] == "*" * 10
    missing = [r.detail for r in rejections if r.reason_code == "MISSING_FIELD"]
    assert sum("姓名" in d for d in missing) == 2
    assert sum("身份证号码" in d for d in missing) == 2


def test_the_submission_township_fills_a_row_without_one() -> None:
    number = id_number("142631", date(1970, 5, 17), 13)
    row = RowValidator(TOWNSHIP, today=TODAY).check(
        RawRow(
            2, {"resident_id_number": number, "name": "张建国", "registration": "农业"}
        )
    )
    assert isinstance(row, RosterRow)
    assert (row.township, row.registration, row.warnings) == (TOWNSHIP, "RURAL", ())


@pytest.mark.parametrize(
    ("registration", "sector", "reason"),
    [
        ("非农业", "", "URBAN_REGISTRATION"),
        ("URBAN", "", "URBAN_REGISTRATION"),
        ("农业户口", "GOVERNMENT", "PUBLIC_SECTOR_STAFF"),
        ("RURAL", "PUBLIC_INSTITUTION", "PUBLIC_SECTOR_STAFF"),
        ("农业户口", "县教育局下属事业单位", "PUBLIC_SECTOR_STAFF"),
        ("农业户口", "乡镇机关", "PUBLIC_SECTOR_STAFF"),
        ("居民户口", "", "MISSING_FIELD"),
    ],
)
def test_who_is_not_insured(registration: str, sector: str, reason: str) -> None:
    number = id_number("141029", date(1970, 5, 17), 13)
    result = RowValidator(TOWNSHIP, today=TODAY).check(
        RawRow(
            2,
            {
                "resident_id_number": number,
                "name": "张建国",
                "registration": registration,
                "employer_sector": sector,
            },
        )
    )
    assert isinstance(result, RowRejection)
    assert result.reason_code == reason


def test_full_width_id_numbers_are_read() -> None:
    number = id_number("141029", date(1970, 5, 17), 13)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    row = RowValidator(TOWNSHIP, today=TODAY).check(
        RawRow(
            2,
            {
                "resident_id_number": full_width,
                "name": "张建国",
                "registration": "农业",
            },
        )
    )
    assert isinstance(row, RosterRow)
    assert row.resident_id_number == number


def test_a_birth_date_after_today_is_invalid() -> None:
    number = id_number("141029", date(2024, 12, 1), 13)
    result = RowValidator(TOWNSHIP, today=TODAY).check(
        RawRow(
            2, {"resident_id_number": number, "name": "张小宝", "registration": "农业"}
        )
    )
    assert isinstance(result, RowRejection)
    assert result.reason_code == "INVALID_ID_NUMBER"


# -- the file as a whole --------------------------------------------------------


def test_file_digest_is_stable_and_changes_with_one_byte(tmp_path: Path) -> None:
    path = utf8_csv(tmp_path / "r", list(generate_people(3000, seed=5)))
    digest = file_digest(path)
    assert digest == file_digest(path)
    assert len(digest) == 64

    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    assert file_digest(path) != digest


def test_reading_50000_rows_keeps_memory_flat(tmp_path: Path) -> None:
    """Only the record of ID numbers seen grows with the file (about 110 bytes
    a row, 5.5 MB here); the rows as Python objects would be over 100 MB if
    they were kept. (bench/ imports 200,000.)"""
    path = write_csv(
        tmp_path / "big.csv", generate_people(50_000, seed=6, township="昌宁镇")
    )
    validator = RowValidator("昌宁镇", today=TODAY)
    RowValidator("昌宁镇", today=TODAY).check(  # loads stdnum's region database
        RawRow(
            1,
            {
                "resident_id_number": id_number("110105", date(1949, 10, 1), 1),
                "name": "王",
                "registration": "农业",
            },
        )
    )
    count = 0
    tracemalloc.start()
    try:
        for raw in read_rows(path):
            assert isinstance(validator.check(raw), RosterRow)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 50_000
    assert peak < 15 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
