"""Money paid is never taken back from one claim to give it to another; it is
set off (scheme-2024.md I2, I7).

When a recomputation leaves a benefit of a claim owed less than was paid on it
(net of what was recovered), the excess is set against what the accident's
other benefits are owed and not yet paid: on the same claim first, then on its
other claims in the order of their first decision, benefits in the order a
payment pays them. Only what nothing absorbs is an overpayment to recover; it
holds its annual limit until recovered.

The set-offs are derived whole from what is owed and paid, so they do not
depend on the order in which claims were decided or paid."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from adjudication.domain.benefits import BENEFITS
from adjudication.domain.money import Fen, yuan


@dataclass(frozen=True)
class BenefitAmount:
    benefit: str
    amount_fen: Fen


@dataclass(frozen=True)
class SetOff:
    """Part of a payment on one benefit of one claim that stands for what
    another benefit (of the same claim or another claim of the accident) is
    owed."""

    from_claim_id: UUID
    from_benefit: str
    to_claim_id: UUID
    to_benefit: str
    amount_fen: Fen

    def explanation(self, claim_id: UUID) -> str:
        if claim_id == self.to_claim_id:
            source = (
                "of this claim"
                if self.from_claim_id == claim_id
                else f"of claim {self.from_claim_id} of this accident"
            )
            return (
                f"{self.to_benefit}: {yuan(self.amount_fen)} set off from the "
                f"{self.from_benefit} payment {source}"
            )
        return (
            f"{self.from_benefit}: {yuan(self.amount_fen)} of its payment set off "
            f"against {self.to_benefit} of claim {self.to_claim_id}"
        )


@dataclass(frozen=True)
class Settlement:
    """How a claim's payments stand against what it is owed: the set-offs it
    gives or receives, and what is to recover, per benefit."""

    set_offs: tuple[SetOff, ...] = ()
    to_recover: tuple[BenefitAmount, ...] = ()

    @property
    def to_recover_fen(self) -> Fen:
        return sum(x.amount_fen for x in self.to_recover)

    def to_recover_by_benefit(self) -> dict[str, Fen]:
        return by_benefit((x.benefit, x.amount_fen) for x in self.to_recover)

    def received(self, claim_id: UUID) -> dict[str, Fen]:
        return by_benefit(
            (s.to_benefit, s.amount_fen)
            for s in self.set_offs
            if s.to_claim_id == claim_id
        )

    def given(self, claim_id: UUID) -> dict[str, Fen]:
        return by_benefit(
            (s.from_benefit, s.amount_fen)
            for s in self.set_offs
            if s.from_claim_id == claim_id
        )

    def explanation(self, claim_id: UUID) -> str:
        parts = [s.explanation(claim_id) for s in self.set_offs]
        parts += [
            f"{x.benefit}: {yuan(x.amount_fen)} paid is to recover"
            for x in self.to_recover
        ]
        return "; ".join(parts) or "nothing set off, nothing to recover"


@dataclass(frozen=True)
class Position:
    """One claim of the accident as the set-off sees it."""

    claim_id: UUID
    owed: Mapping[str, Fen]
    paid: Mapping[str, Fen]  # net of recoveries


def settle(claims: Sequence[Position]) -> dict[UUID, Settlement]:
    """The set-offs and overpayments of an accident's claims, in the order of
    their first decision."""
    short: dict[tuple[UUID, str], Fen] = {}
    excess: list[tuple[UUID, str, Fen]] = []
    for c in claims:
        for benefit in _in_turn({*c.owed, *c.paid}):
            owed, paid = c.owed.get(benefit, 0), c.paid.get(benefit, 0)
            if owed > paid:
                short[(c.claim_id, benefit)] = owed - paid
            elif paid > owed:
                excess.append((c.claim_id, benefit, paid - owed))
    set_offs: list[SetOff] = []
    to_recover: dict[UUID, list[BenefitAmount]] = {}
    for claim_id, benefit, fen in excess:
        absorbers = sorted(short, key=lambda k: k[0] != claim_id)  # stable
        for key in absorbers:
            if fen == 0:
                break
            take = min(fen, short[key])
            if take:
                set_offs.append(SetOff(claim_id, benefit, key[0], key[1], take))
                short[key] -= take
                fen -= take
        if fen:
            to_recover.setdefault(claim_id, []).append(BenefitAmount(benefit, fen))
    return {
        c.claim_id: Settlement(
            tuple(
                s for s in set_offs if c.claim_id in (s.from_claim_id, s.to_claim_id)
            ),
            tuple(to_recover.get(c.claim_id, ())),
        )
        for c in claims
    }


def _in_turn(benefits: set[str]) -> list[str]:
    return sorted(benefits, key=lambda b: (BENEFITS.paid_in_turn(b), b))


def by_benefit(parts: Iterable[tuple[str, Fen]]) -> dict[str, Fen]:
    """Amounts summed per benefit."""
    total: dict[str, Fen] = {}
    for benefit, fen in parts:
        total[benefit] = total.get(benefit, 0) + fen
    return total
