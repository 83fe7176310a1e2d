"""The benefit ledger of one insured person in one scheme year.

It records what each claim's assessment consumes (medical fen, allowance days,
disability and burn ratios per accident, death), what was paid beyond what is
owed and holds its limit until recovered (I7), and the 100 % payouts that open
the top-up window. It is saved in the same transaction as the claim event that
consumes it, so two officers assessing two claims of one person at once cannot
both spend the same annual limit: the loser of the race retries on fresh state.
"""

from collections.abc import Collection
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from adjudication.domain.benefits import BenefitLine, FullPayout, Usage
from adjudication.domain.errors import StateForbids
from adjudication.domain.money import yuan
from adjudication.domain.scheme_year import SchemeYear
from adjudication.domain.set_off import BenefitAmount

Consumed = dict[UUID, tuple[UUID, tuple[BenefitLine, ...]]]
Held = dict[UUID, tuple[BenefitAmount, ...]]


def limit_breaches(usage: Usage, scheme: SchemeYear) -> list[str]:
    """The annual limits a usage would break; the one place limits are enforced.
    Each benefit the year offers gives its own limits, from the year's rule."""
    offered = scheme.benefits.values()
    breaches = []
    for benefit in offered:
        code, limit = benefit.spec.code, benefit.spec.annual_limit_fen(benefit.rule)
        if usage.total_fen(code) > limit:
            breaches.append(
                f"{code} {yuan(usage.total_fen(code))} exceeds {yuan(limit)}"
            )
    for benefit in offered:
        code = benefit.spec.code
        if benefit.spec.paid_once and usage.paying_lines.get(code, 0) > 1:
            breaches.append(f"{code} is paid once per insured")
    for benefit in offered:
        days = benefit.spec.annual_limit_days
        if days is not None and len(usage.days) > days(benefit.rule):
            breaches.append(
                f"{len(usage.days)} hospital days exceed {days(benefit.rule)}"
            )
    return breaches


class Coverage(Aggregate):
    @event("Opened")
    def __init__(self, id: UUID, scheme_id: str, insured_id_number: str) -> None:
        self.scheme_id = scheme_id
        self.insured_id_number = insured_id_number
        self.consumed: dict[UUID, tuple[UUID, tuple[BenefitLine, ...]]] = {}
        self.full_payouts: tuple[FullPayout, ...] = ()
        self.held: Held = {}

    def usage(self, excluding_claim: UUID | None = None) -> Usage:
        """What the insured consumed and holds, but for `excluding_claim`."""
        return self.usage_without({excluding_claim} if excluding_claim else set())

    def usage_without(self, claim_ids: Collection[UUID]) -> Usage:
        """What the insured consumed and holds, but for the claims `claim_ids`."""
        return _usage(
            {k: v for k, v in self.consumed.items() if k not in claim_ids},
            {k: v for k, v in self.held.items() if k not in claim_ids},
            self.full_payouts,
        )

    def consume(
        self,
        claim_id: UUID,
        accident_id: UUID,
        lines: tuple[BenefitLine, ...],
        scheme: SchemeYear,
    ) -> None:
        """Record what a claim's (re)assessment consumes, replacing its earlier one."""
        self._require_within_limits({claim_id: (accident_id, lines)}, scheme)
        self._consumed(claim_id, accident_id, lines)

    def consume_together(
        self, claims: Consumed, held: Held, scheme: SchemeYear
    ) -> None:
        """Record what several claims of one accident consume, recomputed
        together, and what they hold beyond it (`held`: each claim's
        overpayment, none when absent): the limits hold for all of them at
        once, not one by one."""
        self._require_within_limits(claims, scheme, held)
        for claim_id, (accident_id, lines) in claims.items():
            if self.consumed.get(claim_id) != (accident_id, lines):
                self._consumed(claim_id, accident_id, lines)
            self.hold(claim_id, held.get(claim_id, ()))

    def hold(self, claim_id: UUID, amounts: tuple[BenefitAmount, ...]) -> None:
        """What the claim paid beyond what it is owed, not set off, holds its
        limits until recovered (I7)."""
        if self.held.get(claim_id, ()) != amounts:
            self._held(claim_id, amounts)

    @event("OverpaymentHeld")
    def _held(self, claim_id: UUID, amounts: tuple[BenefitAmount, ...]) -> None:
        if amounts:
            self.held[claim_id] = tuple(amounts)
        else:
            self.held.pop(claim_id, None)

    def _require_within_limits(
        self, claims: Consumed, scheme: SchemeYear, held: Held | None = None
    ) -> None:
        """The annual limits hold with `claims` consuming these lines instead
        (and, given `held`, holding these overpayments instead)."""
        holds = dict(self.held)
        if held is not None:
            for claim_id in claims:
                holds.pop(claim_id, None)
            holds.update(held)
        usage = _usage({**self.consumed, **claims}, holds, self.full_payouts)
        breaches = limit_breaches(usage, scheme)
        if breaches:
            raise StateForbids("; ".join(breaches), "BENEFIT_LIMIT_EXCEEDED")

    @event("BenefitsConsumed")
    def _consumed(
        self, claim_id: UUID, accident_id: UUID, lines: tuple[BenefitLine, ...]
    ) -> None:
        self.consumed[claim_id] = (accident_id, tuple(lines))

    def release(self, claim_id: UUID) -> None:
        """A rejected or withdrawn claim gives back what it consumed (it was
        paid nothing, so it holds nothing)."""
        if claim_id in self.consumed:
            self._released(claim_id)

    @event("BenefitsReleased")
    def _released(self, claim_id: UUID) -> None:
        del self.consumed[claim_id]

    def record_full_payout(self, claim_id: UUID, payout: FullPayout) -> None:
        """The first 100 % payout of a benefit of an accident, once (I5): a
        later payment, on a reopened claim say, never moves its day."""
        if not any(
            (p.accident_id, p.benefit) == (payout.accident_id, payout.benefit)
            for p in self.full_payouts
        ):
            self._full_payout_recorded(claim_id, payout)

    @event("FullPayoutRecorded")
    def _full_payout_recorded(self, claim_id: UUID, payout: FullPayout) -> None:
        self.full_payouts += (payout,)


def _usage(consumed: Consumed, held: Held, payouts: tuple[FullPayout, ...]) -> Usage:
    return Usage.of(
        (
            (accident_id, line)
            for accident_id, lines in consumed.values()
            for line in lines
        ),
        payouts,
        ((x.benefit, x.amount_fen) for amounts in held.values() for x in amounts),
    )
