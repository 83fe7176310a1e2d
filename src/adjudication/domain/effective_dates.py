"""Effective dates (scheme-2024.md §6, I14): each step has the day it took
effect and the time it was recorded (the event's timestamp). The day defaults
to today, is never in the future and never before the step it follows; the
rules use it. This is how an insurer carries its open and closed claims over
from its previous system with their real dates."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from adjudication.domain.errors import Violations


def effective_on(
    given: date | None, today: date, follows: date | None, field: str, step: str
) -> date:
    """The day a step took effect: `given`, or today."""
    day = given or today
    problems = Violations()
    check_effective_on(day, today, follows, field, f"{step} ({follows})", problems)
    problems.raise_if_any()
    return day


def check_effective_on(
    day: date,
    today: date,
    follows: date | None,
    field: str,
    step: str,
    problems: Violations,
    reason: str = "BEFORE_PREVIOUS_STEP",
) -> None:
    """Note it in `problems` when `day` is in the future, or before the day
    `follows` of the step it follows (`reason` says which)."""
    if day > today:
        problems.add(field, "is in the future", "DATE_IN_FUTURE")
    elif follows is not None and day < follows:
        problems.add(field, f"is before {step}", reason)


# Where a claim's events keep the day their step took effect (their timestamp
# is when it was recorded); a top-up granted takes its assessment's day.
EFFECTIVE_DATE_FIELDS = (
    ("reported_on",),
    ("received_on",),
    ("assessed_on",),
    ("rejected_on",),
    ("withdrawn_on",),
    ("reopened_on",),
    ("payment", "paid_on"),
    ("recovery", "recovered_on"),
)


def effective_date_of(attributes: Mapping[str, Any]) -> date | None:
    """The day an event's step took effect, from its stored attributes (dates
    as ISO strings); None for an event that is no step of its own."""
    for path in EFFECTIVE_DATE_FIELDS:
        value: Any = attributes
        for name in path:
            value = value.get(name) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value:
            return date.fromisoformat(value)
    return None


def recorded_late(recorded_on: date, effective: date, days: int) -> bool:
    """Whether a step was recorded more than `days` after it took effect."""
    return (recorded_on - effective).days > days
