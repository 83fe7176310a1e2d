"""The public security bureau's answers as a file (户籍核查结果): one line per
person with the result and, for a death or a move, its date."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from adjudication.domain import masking
from adjudication.domain.enrolment import RegistrationCheck
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.resident_id import normalise
from adjudication.domain.roster_rows import RowRejection
from adjudication.enrolment.roster_file import Layout, read_rows

ANSWERS = Layout(
    headers={
        "resident_id_number": "resident_id_number",
        "身份证号": "resident_id_number",
        "身份证号码": "resident_id_number",
        "公民身份号码": "resident_id_number",
        "result": "result",
        "核查结果": "result",
        "结果": "result",
        "date": "date",
        "日期": "date",
        "死亡或迁出日期": "date",
    },
    required=("resident_id_number", "result"),
    labels={
        "resident_id_number": "身份证号码 (resident_id_number)",
        "result": "核查结果 (result)",
        "date": "日期 (date)",
    },
)

RESULTS = {
    "已确认": RegistrationCheck.CONFIRMED,
    "确认": RegistrationCheck.CONFIRMED,
    "CONFIRMED": RegistrationCheck.CONFIRMED,
    "查无此人": RegistrationCheck.NOT_FOUND,
    "NOT_FOUND": RegistrationCheck.NOT_FOUND,
    "已死亡": RegistrationCheck.DECEASED,
    "死亡": RegistrationCheck.DECEASED,
    "DECEASED": RegistrationCheck.DECEASED,
    "已迁出": RegistrationCheck.MOVED_OUT,
    "迁出": RegistrationCheck.MOVED_OUT,
    "MOVED_OUT": RegistrationCheck.MOVED_OUT,
}


def read_answers(path: Path) -> Iterator[RegistrationEntry | RowRejection]:
    for raw in read_rows(path, ANSWERS):
        number = normalise(raw.fields.get("resident_id_number", ""))
        shown = masking.resident_id(number) if len(number) == 18 else "?"
        result = RESULTS.get(raw.fields.get("result", "").strip().upper())
        if result is None:
            yield RowRejection(
                raw.row_number,
                "UNKNOWN_RESULT",
                f"核查结果 {raw.fields.get('result', '')!r} is not one of "
                + ", ".join(RESULTS),
                shown,
            )
            continue
        text = raw.fields.get("date", "").strip()
        try:
            day = date.fromisoformat(text) if text else None
        except ValueError:
            yield RowRejection(raw.row_number, "INVALID_DATE", f"{text!r}", shown)
            continue
        yield RegistrationEntry(number, result, day)
