"""A scheme year: the numbers and switches one year's tender fixed, and the
benefits it offers, each with its rule (the rule's class lives in the benefit's
module). A year need not offer every benefit the service knows.

Values come from a data file per year (`adjudication/schemes/*.toml`); no rule
holds a number of its own.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from adjudication.domain.money import Fen

if TYPE_CHECKING:
    from adjudication.domain.benefits.registry import OfferedBenefit


@dataclass(frozen=True)
class Windows:
    accident_days: int
    top_up_months: int
    prescription_years: int
    # A step recorded more than this many days after it took effect is listed
    # for auditors (I14: claims carried over, or keyed in late).
    backdated_report_days: int


@dataclass(frozen=True)
class StatutoryDays:
    decision_days: int
    payment_days: int
    rejection_notice_days: int
    advance_payment_days: int


@dataclass(frozen=True)
class Causes:
    accident: dict[str, str]
    not_accident: dict[str, str]
    excluded: dict[str, str]

    def describe(self, code: str) -> str:
        return {**self.accident, **self.not_accident, **self.excluded}[code]

    def __contains__(self, code: object) -> bool:
        return (
            code in self.accident
            or code in self.not_accident
            or (code in self.excluded)
        )


@dataclass(frozen=True)
class DocumentChecklist:
    common: tuple[str, ...]
    per_benefit: dict[str, tuple[str, ...]]
    names: dict[str, str]

    def required(self, benefits: tuple[str, ...]) -> tuple[str, ...]:
        """Every document the benefits need, each once, in checklist order."""
        kinds = list(self.common)
        for benefit in benefits:
            kinds += [k for k in self.per_benefit.get(benefit, ()) if k not in kinds]
        return tuple(kinds)


@dataclass(frozen=True)
class SchemeYear:
    id: str
    name: str
    coverage_start: date
    coverage_end: date  # inclusive: cover runs to 24:00 CST of this date
    premium_fen: Fen
    windows: Windows
    statutory: StatutoryDays
    # What it offers, by code, in the order of assessment.
    benefits: dict[str, "OfferedBenefit[Any]"]
    causes: Causes
    documents: DocumentChecklist
    override_reasons: dict[str, str]
    rejection_reasons: dict[str, str]
    # The override reasons an automatic rejection reason may be set aside on.
    set_aside_by: tuple[str, ...] = ()
    # The override reasons on which an officer may set a line's amount, a
    # negotiated amount (协商赔付), rather than an input of its calculation (I8).
    negotiated_by: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        return self.coverage_start <= day <= self.coverage_end

    def offers(self, benefit: str) -> bool:
        """Whether the year has the benefit: a claim of one it lacks is refused."""
        return benefit in self.benefits

    def claimable(self) -> tuple[str, ...]:
        """What a claimant may ask for (not what is granted with another)."""
        return tuple(
            code
            for code, offered in self.benefits.items()
            if offered.spec.granted_with is None
        )

    def rule(self, benefit: str) -> Any:
        """This year's rule for a benefit it offers, an instance of the rule class
        of the benefit's module."""
        return self.benefits[benefit].rule


class SchemeCatalogue:
    """Every scheme year the service knows; a claim is judged by the year whose
    coverage contains its accident date."""

    def __init__(self, years: list[SchemeYear]) -> None:
        ordered = sorted(years, key=lambda y: y.coverage_start)
        for earlier, later in itertools.pairwise(ordered):
            if later.coverage_start <= earlier.coverage_end:
                raise ValueError(f"scheme years {earlier.id} and {later.id} overlap")
        if len({y.id for y in ordered}) != len(ordered):
            raise ValueError("two scheme years share an id")
        self._years = {y.id: y for y in ordered}

    def __iter__(self) -> Iterator[SchemeYear]:
        return iter(self._years.values())

    def get(self, scheme_id: str) -> SchemeYear:
        return self._years[scheme_id]

    def for_accident(self, day: date) -> SchemeYear | None:
        return next((y for y in self._years.values() if y.covers(day)), None)
