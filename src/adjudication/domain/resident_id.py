"""Resident identity numbers (居民身份证号码, GB 11643-1999).

Format, birth date and check digit are errors. The region code is not checked:
it is where the number was first assigned, not where the person lives, and
numbers with codes not in force in the birth year exist."""

from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError


def normalise(number: str) -> str:
    return ric.compact(number)


def problem_with(number: str, today: date) -> str | None:
    """Why `number` is not a resident identity number, or None."""
    n = normalise(number)
    body = n[:17]
    if (
        len(n) != 18
        or not (body.isascii() and body.isdigit())
        or n[17] not in "0123456789X"
    ):
        return "must be 18 characters: 17 digits and a check digit (0-9 or X)"
    try:
        born = ric.get_birth_date(n)
    except ValidationError:
        return f"{n[6:14]} is not a birth date"
    if born > today or born.year < 1880:
        return f"birth date {born} is impossible"
    if ric.calc_check_digit(n) != n[17]:
        return "wrong check digit"
    return None
