"""Effective dates (scheme-2024.md §6, I14): each step has the day it took
effect and the time it was recorded (the event's timestamp). The day defaults
to today, is never in the future and never before the step it follows; the
rules use it. This is how an insurer carries its open and closed claims over
from its previous system with their real dates."""

from datetime import date

from adjudication.domain.errors import Violations


def effective_on(
    given: date | None, today: date, follows: date | None, field: str, step: str
) -> date:
    """The day a step took effect: `given`, or today."""
    day = given or today
    problems = Violations()
    if day > today:
        problems.add(field, "is in the future")
    elif follows is not None and day < follows:
        problems.add(field, f"is before {step} ({follows})")
    problems.raise_if_any()
    return day
