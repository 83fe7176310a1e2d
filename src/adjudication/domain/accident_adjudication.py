"""An accident adjudicated as a whole (scheme-2024.md §6): what its claims are
owed does not depend on the order in which they came.

The accident's decided claims take their shares (the deductible, the ratio
reached, the annual limits) in the order of their first decision (I3), each
against the insured's other accidents and the claims of this accident decided
before it, and, against an annual limit, after what the others were paid and
not set off; DEATH is reduced by the DISABILITY and BURN owed on all of them,
decided before or after it (I1). Each claim keeps its officer's overrides until
they are replaced (I8).

Money paid is never taken back: what a claim was paid beyond what it is now
owed is set off against what the accident's other benefits are owed, or is to
recover (I2, `set_off`), and holds its limit meanwhile (I7).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adjudication.domain.assessment import apply_overrides, compute_lines
from adjudication.domain.benefits import Benefit, BenefitLine, Case
from adjudication.domain.claim import Claim
from adjudication.domain.coverage import Coverage
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.eligibility import Reason
from adjudication.domain.money import Fen
from adjudication.domain.overrides import AMOUNT, Override
from adjudication.domain.scheme_year import SchemeYear
from adjudication.domain.set_off import Position, Settlement, by_benefit, settle

Lines = tuple[BenefitLine, ...]
PerBenefit = Mapping[str, Fen]
# Enough for the floors (what was paid and not set off) to settle: each pass
# can only move money set off between benefits, and real accidents have a few.
_PASSES = 6


@dataclass(frozen=True)
class Decided:
    """A claim of the accident as the recomputation takes it: to compute with
    its overrides, or (`fixed`) as it stands."""

    claim: Claim
    lines: Lines  # as it stands (the ledger's)
    overrides: tuple[Override, ...] = ()
    fixed: bool = False
    asked: bool = False  # the overrides are the officer's now: refuse bad ones

    @property
    def settles(self) -> bool:
        """Whether its payments are set off with the others': it is decided
        (a reopened claim not decided again stands aside until it is)."""
        return self.asked or self.claim.assessment is not None


@dataclass(frozen=True)
class Adjudication:
    """What each claim of the accident is owed, and how what was paid on them
    stands against it."""

    owed: dict[UUID, Lines]
    settlements: dict[UUID, Settlement]


def kept_overrides(lines: Lines) -> tuple[Override, ...]:
    """The officer's overrides a claim's lines carry: an input with the value
    the officer set, else the amount (a negotiated one, or one overridden in an
    event recorded before inputs were)."""
    return tuple(
        Override(
            line.benefit,
            line.override_input or AMOUNT,
            line.amount_fen if line.overridden_input is None else line.overridden_input,
            line.override_reason_code,
            line.override_reason_text or "",
        )
        for line in lines
        if line.override_reason_code
    )


def adjudicate(
    accident_id: UUID,
    claims: Sequence[Decided],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
) -> Adjudication:
    """What each of the accident's claims (in the order of their first
    decision) is owed, and the set-offs and overpayments of what was paid.

    Against the annual limits a claim counts the larger of what it is owed and
    what was paid on it and not set off (I7); what is set off depends on what
    is owed, so both are computed again until they agree."""
    paid = {c.claim.id: c.claim.net_paid_by_benefit() for c in claims}
    floors: dict[UUID, PerBenefit] = dict(paid)
    for _ in range(_PASSES):
        owed = _twice(accident_id, claims, floors, coverage, scheme, standard)
        settlements = settle(
            [
                Position(c.claim.id, _by_benefit(owed[c.claim.id]), paid[c.claim.id])
                for c in claims
                if c.settles
            ]
        )
        settled: dict[UUID, PerBenefit] = dict(paid)
        for claim_id, settlement in settlements.items():
            given = settlement.given(claim_id)
            settled[claim_id] = {
                b: fen - given.get(b, 0) for b, fen in paid[claim_id].items()
            }
        if settled == floors:
            break
        floors = settled
    return Adjudication(owed, settlements)


def _by_benefit(lines: Lines) -> dict[str, Fen]:
    return by_benefit((line.benefit, line.amount_fen) for line in lines)


def _twice(
    accident_id: UUID,
    claims: Sequence[Decided],
    floors: Mapping[UUID, PerBenefit],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
) -> dict[UUID, Lines]:
    """In order, then again with what the later claims are owed of the
    benefits that reduce DEATH (they do not depend on DEATH)."""
    first = _in_order(accident_id, claims, floors, {}, coverage, scheme, standard)
    reducing = (
        scheme.rule(Benefit.DEATH).offset_by if scheme.offers(Benefit.DEATH) else ()
    )
    later: dict[UUID, tuple[tuple[str, Fen], ...]] = {}
    for i, decided in enumerate(claims):
        owed: dict[str, Fen] = {}
        for after in claims[i + 1 :]:
            for line in first[after.claim.id]:
                if line.benefit in reducing:
                    owed[line.benefit] = owed.get(line.benefit, 0) + line.amount_fen
        later[decided.claim.id] = tuple(owed.items())
    return _in_order(accident_id, claims, floors, later, coverage, scheme, standard)


def _in_order(
    accident_id: UUID,
    claims: Sequence[Decided],
    floors: Mapping[UUID, PerBenefit],
    later: dict[UUID, tuple[tuple[str, Fen], ...]],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
) -> dict[UUID, Lines]:
    """Each claim computed after those decided before it; against an annual
    limit it also finds taken what the later ones were paid and not set off."""
    usage = coverage.usage_without({c.claim.id for c in claims})
    owed: dict[UUID, Lines] = {}
    for i, decided in enumerate(claims):
        claim = decided.claim
        lines = decided.lines
        if not decided.fixed:
            seen = usage.copy()
            for after in claims[i + 1 :]:
                for benefit, fen in floors.get(after.claim.id, {}).items():
                    seen.hold(benefit, fen)
            case = Case(
                scheme,
                standard,
                accident_id,
                claim.accident_date,
                claim.facts,
                claim.reported_on,
                later.get(claim.id, ()),
                decided.overrides,
            )
            lines = compute_lines(case, claim.benefits, seen)
            overrides = decided.overrides
            if not decided.asked:  # kept ones apply while their line exists
                overrides = tuple(
                    o for o in overrides if any(x.benefit == o.benefit for x in lines)
                )
            lines = apply_overrides(case, lines, overrides, seen)
        for line in lines:
            usage.add(accident_id, line)
        mine_owed = _by_benefit(lines)
        for benefit, fen in floors.get(claim.id, {}).items():
            if fen > mine_owed.get(benefit, 0):
                usage.hold(benefit, fen - mine_owed.get(benefit, 0))
        owed[claim.id] = lines
    return owed


def claims_of_accident(
    claim: Claim,
    related: Sequence[Claim],
    coverage: Coverage,
    overrides: tuple[Override, ...] | None,
) -> list[Decided]:
    """The accident's claims the ledger holds, in the order of their first
    decision, with `claim` among them (last when it is decided for the first
    time) when it is being decided (`overrides`: the officer's now), else
    without it. A claim reopened and not decided again stands as it is."""
    by_id = {c.id: c for c in (*related, claim)}
    order = [
        claim_id
        for claim_id, (accident_id, _) in coverage.consumed.items()
        if accident_id == claim.accident_id and claim_id in by_id
    ]
    if overrides is None:
        order = [claim_id for claim_id in order if claim_id != claim.id]
    elif claim.id not in order:
        order.append(claim.id)
    decided = []
    for claim_id in order:
        lines = coverage.consumed[claim_id][1] if claim_id in coverage.consumed else ()
        if claim_id == claim.id and overrides is not None:
            decided.append(Decided(claim, lines, overrides, asked=True))
        else:
            other = by_id[claim_id]
            fixed = other.assessment is None
            decided.append(Decided(other, lines, kept_overrides(lines), fixed))
    return decided


def record(
    accident_id: UUID,
    decided: Sequence[Decided],
    adjudication: Adjudication,
    coverage: Coverage,
    scheme: SchemeYear,
    cause_id: UUID | None,
    day: date,
    request_id: str,
    actor: str,
) -> None:
    """The ledger as it now stands, and each change an event on its claim:
    what another claim is owed (the cause, being decided, records its own
    decision), then how each claim's payments stand (I2)."""
    owed, settlements = adjudication.owed, adjudication.settlements
    coverage.consume_together(
        {d.claim.id: (accident_id, owed[d.claim.id]) for d in decided if d.settles},
        {claim_id: s.to_recover for claim_id, s in settlements.items()},
        scheme,
    )
    for d in decided:
        claim = d.claim
        if (
            claim.id != cause_id
            and claim.assessment is not None
            and owed[claim.id] != claim.assessment.lines
        ):
            claim.related_claim_changed(
                owed[claim.id], day, cause_id, request_id, actor
            )
    for d in decided:
        settlement = settlements.get(d.claim.id)
        if settlement is not None and settlement != d.claim.settlement:
            d.claim.settle(settlement, day, cause_id, request_id, actor)


def readjudicate(
    cause: Claim,
    related: Sequence[Claim],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    day: date,
    request_id: str,
    actor: str,
) -> None:
    """`cause` leaves its accident (withdrawn, rejected): it gives back what it
    consumed, and the others are owed what they are owed without it (I4)."""
    coverage.release(cause.id)
    decided = claims_of_accident(cause, related, coverage, None)
    result = adjudicate(cause.accident_id, decided, coverage, scheme, standard)
    record(
        cause.accident_id,
        decided,
        result,
        coverage,
        scheme,
        cause.id,
        day,
        request_id,
        actor,
    )


def recompute_corrected(
    accident_id: UUID,
    claims: Sequence[Claim],
    uncovered: Mapping[UUID, tuple[Reason, ...]],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    day: date,
    request_id: str,
    actor: str,
) -> None:
    """After its accident was corrected (I10), what its decided claims are
    owed on the corrected facts. A decided claim the correction leaves
    uncovered (`uncovered`, with the reasons) stays decided, its lines at 0
    with the reasons: what was paid on it is set off or to recover (I2)."""
    by_id = {c.id: c for c in claims}
    decided = []
    for claim_id, (accident, lines) in coverage.consumed.items():
        claim = by_id.get(claim_id)
        if claim is None or accident != accident_id:
            continue
        reasons = uncovered.get(claim_id, ())
        if reasons and claim.assessment is not None:
            decided.append(Decided(claim, _not_covered(lines, reasons), fixed=True))
        else:
            fixed = claim.assessment is None
            decided.append(Decided(claim, lines, kept_overrides(lines), fixed))
    result = adjudicate(accident_id, decided, coverage, scheme, standard)
    record(accident_id, decided, result, coverage, scheme, None, day, request_id, actor)


def _not_covered(lines: Lines, reasons: tuple[Reason, ...]) -> Lines:
    """A decided claim's lines when its corrected accident is not covered."""
    why = "; ".join(r.text for r in reasons)
    return tuple(
        BenefitLine(
            line.benefit,
            0,
            f"nothing payable: {why}",
            line.rule,
            reasons[0].code,
        )
        for line in lines
    )
