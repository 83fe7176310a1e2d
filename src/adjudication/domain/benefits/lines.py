"""What the benefit calculators share: the claim they judge (`Case`), what the
insured already consumed (`Usage`) and the line they produce (`BenefitLine`)."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.facts import ClaimFacts
from adjudication.domain.money import Fen, percent_of, yuan
from adjudication.domain.overrides import Override
from adjudication.domain.scheme_year import SchemeYear


@dataclass(frozen=True)
class BenefitLine:
    benefit: str
    amount_fen: Fen
    explanation: str
    rule: str
    # Why nothing, or less than claimed, is payable: a stable code.
    reason_code: str | None = None
    # What the line consumes of the insured's benefits, for the ledger.
    deductible_fen: Fen = 0
    days: tuple[date, ...] = ()
    ratio_percent: int = 0
    # An officer's override keeps the reason, and beside what the officer set
    # what was computed: the input (`override_input`, e.g. "grade") with its
    # computed and overriding values, or of a negotiated amount the computed
    # amount. A line of an event recorded before inputs were overridden has
    # only `computed_fen`: its amount was overridden.
    computed_fen: Fen | None = None
    override_reason_code: str | None = None
    override_reason_text: str | None = None
    override_input: str | None = None
    computed_input: int | None = None
    overridden_input: int | None = None

    def overridden_by(self, override: Override, computed: int) -> "BenefitLine":
        """The line computed from the officer's input `override.value` in place
        of the computed input `computed`."""
        return replace(
            self,
            override_input=override.input,
            computed_input=computed,
            overridden_input=override.value,
            override_reason_code=override.reason_code,
            override_reason_text=override.reason_text,
        )


@dataclass(frozen=True)
class FullPayout:
    """A 100 % disability or burn benefit paid in full: it opens the top-up window."""

    accident_id: UUID
    benefit: str
    paid_on: date


@dataclass(frozen=True)
class Case:
    """What one claim brings to the calculators."""

    scheme: SchemeYear
    standard: DisabilityStandard
    accident_id: UUID
    accident_date: date
    facts: ClaimFacts
    # When the claim was reported, for the prescription of its lines; None
    # judges no prescription.
    reported_on: date | None = None
    # What the accident's claims decided after this one are owed, of the
    # benefits that reduce DEATH (I1: it sees them in whatever order they came).
    later_offsets: tuple[tuple[str, Fen], ...] = ()
    # The officer's overrides of the claim's lines (I8): a calculator reads
    # the one of its own input.
    overrides: tuple[Override, ...] = ()

    def rule(self, benefit: str) -> str:
        """The rule a line cites."""
        return f"{self.scheme.id} §2 {benefit}"

    def override_of(self, benefit: str, input: str) -> Override | None:
        """The officer's override of the benefit's `input`, if any."""
        return next(
            (o for o in self.overrides if o.benefit == benefit and o.input == input),
            None,
        )


@dataclass
class Usage:
    """What an insured has consumed of a scheme year's benefits, line by line."""

    fen: dict[tuple[UUID, str], Fen] = field(default_factory=dict)
    ratio: dict[tuple[UUID, str], int] = field(default_factory=dict)
    deductible: dict[UUID, Fen] = field(default_factory=dict)
    days: set[date] = field(default_factory=set)
    lines: dict[str, int] = field(default_factory=dict)
    paying_lines: dict[str, int] = field(default_factory=dict)
    full_payouts: list[FullPayout] = field(default_factory=list)
    # Paid beyond what is owed and not set off (I7): it holds the annual limit
    # until recovered.
    held: dict[str, Fen] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        lines: Iterable[tuple[UUID, BenefitLine]],
        full_payouts: Iterable[FullPayout] = (),
        held: Iterable[tuple[str, Fen]] = (),
    ) -> "Usage":
        usage = cls(full_payouts=list(full_payouts))
        for accident_id, line in lines:
            usage.add(accident_id, line)
        for benefit, fen in held:
            usage.hold(benefit, fen)
        return usage

    def copy(self) -> "Usage":
        return Usage(
            dict(self.fen),
            dict(self.ratio),
            dict(self.deductible),
            set(self.days),
            dict(self.lines),
            dict(self.paying_lines),
            list(self.full_payouts),
            dict(self.held),
        )

    def add(self, accident_id: UUID, line: BenefitLine) -> None:
        key = (accident_id, line.benefit)
        self.fen[key] = self.fen.get(key, 0) + line.amount_fen
        self.ratio[key] = max(self.ratio.get(key, 0), line.ratio_percent)
        self.deductible[accident_id] = (
            self.deductible.get(accident_id, 0) + line.deductible_fen
        )
        self.days.update(line.days)
        self.lines[line.benefit] = self.lines.get(line.benefit, 0) + 1
        if line.amount_fen > 0:
            paying = self.paying_lines.get(line.benefit, 0) + 1
            self.paying_lines[line.benefit] = paying

    def hold(self, benefit: str, fen: Fen) -> None:
        self.held[benefit] = self.held.get(benefit, 0) + fen

    def total_fen(self, benefit: str) -> Fen:
        """What counts against the benefit's annual limit: the larger of what
        is owed and what was paid and not set off (I7)."""
        owed = sum(fen for (_, b), fen in self.fen.items() if b == benefit)
        return owed + self.held.get(benefit, 0)

    def fen_for(self, accident_id: UUID, benefit: str) -> Fen:
        return self.fen.get((accident_id, benefit), 0)

    def ratio_for(self, accident_id: UUID, benefit: str) -> int:
        return self.ratio.get((accident_id, benefit), 0)

    def deductible_used(self, accident_id: UUID) -> Fen:
        return self.deductible.get(accident_id, 0)

    def has_paying_line(self, benefit: str) -> bool:
        """Whether some claim was assessed more than 0 of it: a line at 0 (a
        death outside the window, say) pays nothing, so it is no payment."""
        return self.paying_lines.get(benefit, 0) > 0


def override_note(override: Override, computed: str) -> str:
    """How a line explains an overridden input: what was computed, and why."""
    return (
        f"overridden from {computed} ({override.reason_code}: {override.reason_text})"
    )


def by_ratio(
    case: Case,
    usage: Usage,
    benefit: str,
    sum_insured: Fen,
    ratio: int,
    basis: str,
) -> BenefitLine:
    """A benefit of `ratio` % of the sum insured. A later judgement of the same
    accident pays only the ratio not yet paid for it; the benefits of one insured
    in the scheme year add up to at most the sum insured."""
    already = usage.ratio_for(case.accident_id, benefit)
    due_ratio = max(ratio - already, 0)
    due = percent_of(sum_insured, due_ratio)
    explanation = f"{basis} → {ratio} %"
    if already:
        explanation += f", less {already} % already assessed for this accident"
    explanation += f": {due_ratio} % × {yuan(sum_insured)} = {yuan(due)}"
    left = max(sum_insured - usage.total_fen(benefit), 0)
    amount = min(due, left)
    reason = None
    if amount < due:
        explanation += f"; limited to {yuan(amount)} left of {yuan(sum_insured)}"
        reason = "ANNUAL_LIMIT_REACHED"
    elif amount == 0:
        reason = "NOTHING_MORE_DUE" if ratio else "BELOW_THRESHOLD"
    return BenefitLine(
        benefit=benefit,
        amount_fen=amount,
        explanation=explanation,
        rule=case.rule(benefit),
        reason_code=reason,
        ratio_percent=max(ratio, already),
    )
