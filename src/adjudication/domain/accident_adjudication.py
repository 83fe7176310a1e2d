"""An accident adjudicated as a whole (scheme-2024.md §6): what its claims are
owed does not depend on the order in which they came.

The accident's decided claims take their shares (the deductible, the ratio
reached, the annual limits) in the order of their first decision (I3), each
against the insured's other accidents and the claims of this accident decided
before it; DEATH is reduced by the DISABILITY and BURN owed on all of them,
decided before or after it (I1). Each claim keeps its officer's overrides until
they are replaced (I8).

Money paid is never taken back: a claim that a recomputation would leave owed
less than was paid on it keeps what it was owed, and the others are computed
around it (setting off the excess, I2, is not done yet).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adjudication.domain.assessment import apply_overrides, compute_lines
from adjudication.domain.benefits import Benefit, BenefitLine, Case, Usage
from adjudication.domain.claim import Claim
from adjudication.domain.coverage import Coverage
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.money import Fen
from adjudication.domain.overrides import AMOUNT, Override
from adjudication.domain.scheme_year import SchemeYear

Lines = tuple[BenefitLine, ...]


@dataclass(frozen=True)
class Decided:
    """A claim of the accident as the recomputation takes it: to compute with
    its overrides, or (`fixed`) as it stands."""

    claim: Claim
    lines: Lines  # as it stands (the ledger's)
    overrides: tuple[Override, ...] = ()
    fixed: bool = False
    asked: bool = False  # the overrides are the officer's now: refuse bad ones


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
) -> dict[UUID, Lines]:
    """What each of the accident's claims (in the order of their first
    decision) is owed; a claim that would be owed less than was paid on it is
    fixed at what it stands at."""
    fixed = {c.claim.id for c in claims if c.fixed}
    while True:
        owed = _twice(accident_id, claims, fixed, coverage, scheme, standard)
        short = {
            c.claim.id
            for c in claims
            if c.claim.id not in fixed
            and not c.asked
            and sum(line.amount_fen for line in owed[c.claim.id]) < c.claim.paid_fen
        }
        if not short:
            return owed
        fixed |= short


def _twice(
    accident_id: UUID,
    claims: Sequence[Decided],
    fixed: set[UUID],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
) -> dict[UUID, Lines]:
    """In order, then again with what the later claims are owed of the
    benefits that reduce DEATH (they do not depend on DEATH)."""
    first = _in_order(accident_id, claims, fixed, {}, coverage, scheme, standard)
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
    return _in_order(accident_id, claims, fixed, later, coverage, scheme, standard)


def _in_order(
    accident_id: UUID,
    claims: Sequence[Decided],
    fixed: set[UUID],
    later: dict[UUID, tuple[tuple[str, Fen], ...]],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
) -> dict[UUID, Lines]:
    mine = {c.claim.id for c in claims}
    usage = Usage.of(
        (
            (accident, line)
            for claim_id, (accident, lines) in coverage.consumed.items()
            if claim_id not in mine
            for line in lines
        ),
        coverage.full_payouts,
    )
    owed: dict[UUID, Lines] = {}
    for decided in claims:
        claim = decided.claim
        lines = decided.lines
        if claim.id not in fixed:
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
            lines = compute_lines(case, claim.benefits, usage)
            overrides = decided.overrides
            if not decided.asked:  # kept ones apply while their line exists
                overrides = tuple(
                    o for o in overrides if any(x.benefit == o.benefit for x in lines)
                )
            lines = apply_overrides(case, lines, overrides, usage)
        for line in lines:
            usage.add(accident_id, line)
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


def changes(
    decided: Sequence[Decided], owed: dict[UUID, Lines], cause_id: UUID | None
) -> dict[UUID, tuple[UUID, Lines]]:
    """The other decided claims whose lines the recomputation changed."""
    return {
        d.claim.id: (d.claim.accident_id, owed[d.claim.id])
        for d in decided
        if d.claim.id != cause_id
        and d.claim.assessment is not None
        and owed[d.claim.id] != d.claim.assessment.lines
    }


def record_changes(
    decided: Sequence[Decided],
    changed: dict[UUID, tuple[UUID, Lines]],
    coverage: Coverage,
    scheme: SchemeYear,
    cause_id: UUID | None,
    day: date,
    request_id: str,
    actor: str,
) -> None:
    """Each change an event on its claim, the ledger as it now stands."""
    coverage.consume_together(changed, scheme)
    for d in decided:
        if d.claim.id in changed:
            lines = changed[d.claim.id][1]
            d.claim.related_claim_changed(lines, day, cause_id, request_id, actor)


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
    owed = adjudicate(cause.accident_id, decided, coverage, scheme, standard)
    changed = changes(decided, owed, cause.id)
    record_changes(decided, changed, coverage, scheme, cause.id, day, request_id, actor)


def recompute_corrected(
    accident_id: UUID,
    claims: Sequence[Claim],
    uncovered: set[UUID],
    coverage: Coverage,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    day: date,
    request_id: str,
    actor: str,
) -> None:
    """After its accident was corrected (I10), what its decided claims are
    owed on the corrected facts. A decided claim the correction leaves
    uncovered (`uncovered`) stands as it is for now (lines at 0 with an
    overpayment to recover is I2 and I7)."""
    by_id = {c.id: c for c in claims}
    decided = [
        Decided(
            by_id[claim_id],
            lines,
            kept_overrides(lines),
            by_id[claim_id].assessment is None or claim_id in uncovered,
        )
        for claim_id, (accident, lines) in coverage.consumed.items()
        if claim_id in by_id and accident == accident_id
    ]
    owed = adjudicate(accident_id, decided, coverage, scheme, standard)
    changed = changes(decided, owed, None)
    record_changes(decided, changed, coverage, scheme, None, day, request_id, actor)
