"""Disability grading by 《人身保险伤残评定标准》 (JR/T 0083-2013).

Each item of one accident is graded on its own; the most severe grade is the
result, and two or more items at that grade promote it by one, never past 1 (§3.4).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from adjudication.domain.errors import Violations


@dataclass(frozen=True)
class DisabilityItem:
    item_id: str
    clause: str
    grade: int
    description: str


@dataclass(frozen=True)
class Grading:
    grade: int
    items: tuple[DisabilityItem, ...]
    explanation: str


class DisabilityStandard:
    MOST_SEVERE = 1

    def __init__(self, items: Iterable[DisabilityItem]) -> None:
        self.items: dict[str, DisabilityItem] = {}
        for item in items:
            if item.item_id in self.items:
                raise ValueError(f"disability item {item.item_id} defined twice")
            if not 1 <= item.grade <= 10:
                raise ValueError(f"disability item {item.item_id}: grade {item.grade}")
            self.items[item.item_id] = item

    def check(self, item_ids: Iterable[str], field: str, problems: Violations) -> None:
        """Report unknown items and items listed twice, each by its position."""
        seen: set[str] = set()
        ids = list(item_ids)
        if not ids:
            problems.add(field, "an appraisal lists at least one item")
        for i, item_id in enumerate(ids):
            if item_id not in self.items:
                problems.add(f"{field}[{i}]", f"unknown disability item {item_id!r}")
            elif item_id in seen:
                problems.add(f"{field}[{i}]", f"item {item_id} listed twice")
            seen.add(item_id)

    def grade(self, item_ids: Iterable[str]) -> Grading:
        """The grade of an appraisal's items (already checked)."""
        items = tuple(self.items[i] for i in item_ids)
        worst = min(item.grade for item in items)
        at_worst = [item.item_id for item in items if item.grade == worst]
        if len(at_worst) >= 2 and worst > self.MOST_SEVERE:
            grade = worst - 1
            explanation = (
                f"{len(at_worst)} items at grade {worst} ({', '.join(at_worst)}) "
                f"promote to grade {grade}"
            )
        else:
            grade = worst
            explanation = f"most severe item {at_worst[0]} is grade {worst}"
            if len(at_worst) >= 2:
                explanation += " (already the most severe grade)"
        return Grading(grade, items, explanation)
