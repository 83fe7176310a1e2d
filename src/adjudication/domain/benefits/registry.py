"""The benefit registry: what the service must know of a benefit, one spec each.

A benefit's module registers its spec in `BENEFITS` when imported; the scheme
parser offers a year the registered benefits its file has a table for, and the
year carries their specs, so assessment and the annual limits ask the year, not
the registry. A parser given another registry (built-ins plus a test's benefit)
leaves `BENEFITS` alone.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from adjudication.domain.benefits.lines import BenefitLine, Case, Usage
from adjudication.domain.facts import ClaimFacts
from adjudication.domain.money import Fen

R = TypeVar("R")
LAST_TURN = 100  # a benefit's turn in a payment when it names none


class RuleTable(Protocol):
    """A benefit's table of the scheme file, `[benefits.<code>]`, as its parser
    reads it: an error names the dotted key, and a key nobody reads is refused."""

    def error(self, name: str, problem: str) -> Exception: ...

    def value(self, name: str) -> object: ...

    def names(self) -> tuple[str, ...]: ...

    def table(self, name: str) -> "RuleTable": ...

    def rows(self, name: str) -> tuple["RuleTable", ...]: ...

    def string(self, name: str) -> str: ...

    def integer(
        self, name: str, minimum: int = 0, maximum: int | None = None
    ) -> int: ...

    def choice(self, name: str, options: tuple[str, ...]) -> str: ...

    def benefits(self, name: str) -> tuple[str, ...]: ...

    def done(self) -> None: ...


@dataclass(frozen=True)
class OverridableInput(Generic[R]):
    """The input of a benefit's calculation an officer may override (I8): its
    name (one of `domain.overrides`), what it is, and the values it may take,
    from the year's rule and the claim's facts."""

    input: str
    what: str  # e.g. "the grade of the disability standard"
    minimum: int
    maximum: Callable[[R, ClaimFacts], int]


@dataclass(frozen=True)
class BenefitSpec(Generic[R]):
    code: str
    # The scheme year's rule for it, from its table in the scheme file.
    parse: Callable[[RuleTable], R]
    # Its line on a claim; None when the claim gets no line of it.
    calculate: Callable[[Case, Usage], BenefitLine | None]
    # Per insured and scheme year, from the year's rule.
    annual_limit_fen: Callable[[R], Fen]
    # Benefits are assessed in this order: a calculator sees the lines before it.
    order: int
    paid_once: bool = False  # per insured
    # Judged on every claim of that benefit, never claimed itself.
    granted_with: str | None = None
    # At most so many days in hospital per insured and scheme year.
    annual_limit_days: Callable[[R], int] | None = None
    # When the claimant knew of the insured event, from which the benefit's
    # claim prescribes (保险法 第二十六条), and what that event is: None for the
    # accident date (known at report); else the date the claim's documents
    # show (None while they do not yet show it).
    known_on: Callable[[Case], date | None] | None = None
    known_from: str = "the accident"
    # A payment pays a claim's lines in this order (section 2's table: DEATH,
    # DISABILITY, BURN, TOP_UP, MEDICAL, HOSPITAL_ALLOWANCE); a benefit that
    # names none is paid after those.
    paid_in_turn: int = LAST_TURN
    # What an officer may override of its calculation; None: only a negotiated
    # amount.
    overridable: OverridableInput[R] | None = None


@dataclass(frozen=True)
class OfferedBenefit(Generic[R]):
    """A benefit as one scheme year offers it: its spec and the year's rule."""

    spec: BenefitSpec[R]
    rule: R


class BenefitRegistry:
    """The benefits the service knows, by code, in the order of assessment."""

    def __init__(self, specs: Iterable[BenefitSpec[Any]] = ()) -> None:
        self._specs: dict[str, BenefitSpec[Any]] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: BenefitSpec[Any]) -> None:
        # Two specs of one code, or of one place in the order, would make the
        # outcome depend on which module was imported first.
        for known in self._specs.values():
            if spec.code == known.code or spec.order == known.order:
                raise ValueError(
                    f"benefit {spec.code} (order {spec.order}) clashes with "
                    f"{known.code} (order {known.order})"
                )
        self._specs[spec.code] = spec

    def __iter__(self) -> Iterator[BenefitSpec[Any]]:
        return iter(sorted(self._specs.values(), key=lambda spec: spec.order))

    def __contains__(self, code: object) -> bool:
        return code in self._specs

    def codes(self) -> tuple[str, ...]:
        return tuple(spec.code for spec in self)

    def paid_in_turn(self, code: str) -> int:
        """Where a payment pays the benefit among a claim's lines."""
        spec = self._specs.get(code)
        return spec.paid_in_turn if spec else LAST_TURN

    def claimable(self) -> tuple[str, ...]:
        """The benefits a claimant may ask for (not those granted with another)."""
        return tuple(spec.code for spec in self if spec.granted_with is None)


BENEFITS = BenefitRegistry()
