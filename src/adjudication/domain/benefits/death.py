"""DEATH (意外身故) and the death-after-disability TOP_UP (追加意外身故).

DEATH is paid once per insured, when death follows from the accident within the
window, reduced by the disability and burn benefits of the same accident, never
below 0. TOP_UP adds the full sum when a 100 % disability or burn benefit of the
accident was paid and death came within one calendar month after that payment
(the month runs to the same day of the next month, clamped, inclusive). TOP_UP
is judged on every DEATH claim; nobody claims it. Each is paid once per insured.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from adjudication.domain.benefits.codes import Benefit
from adjudication.domain.benefits.lines import BenefitLine, Case, FullPayout, Usage
from adjudication.domain.benefits.registry import BENEFITS, BenefitSpec
from adjudication.domain.calendar import add_days, add_months
from adjudication.domain.facts import DeathCertificate
from adjudication.domain.money import Fen, yuan

if TYPE_CHECKING:
    from adjudication.domain.scheme_year import SchemeYear


@dataclass(frozen=True)
class DeathRule:
    sum_insured_fen: Fen
    offset_by: tuple[str, ...]  # benefits of the same accident that reduce it


@dataclass(frozen=True)
class TopUpRule:
    sum_insured_fen: Fen
    qualifying: tuple[str, ...]  # a 100 % payout of one of these opens the top-up


def _why_death_does_not_qualify(case: Case) -> tuple[str, str] | None:
    death = case.facts.death
    assert death is not None, "documents are complete before assessment"
    if not death.caused_by_accident:
        return "NOT_AN_ACCIDENT", f"death certificate gives cause {death.cause!r}"
    window_end = add_days(case.accident_date, case.scheme.windows.accident_days)
    if death.died_on > window_end:
        return (
            "DEATH_AFTER_WINDOW",
            f"death on {death.died_on} is more than "
            f"{case.scheme.windows.accident_days} days after the accident "
            f"({window_end})",
        )
    return None


def _certificate(case: Case) -> DeathCertificate:
    assert case.facts.death is not None
    return case.facts.death


def _died_on(case: Case) -> date | None:
    """The death and its top-up prescribe from the date of death."""
    return case.facts.death.died_on if case.facts.death else None


def death(case: Case, usage: Usage) -> BenefitLine:
    rule: DeathRule = case.scheme.rule(Benefit.DEATH)
    refusal = _why_death_does_not_qualify(case)
    if refusal is None and usage.has_paying_line(Benefit.DEATH):
        refusal = ("DEATH_ALREADY_ASSESSED", "the death benefit was already assessed")
    if refusal is not None:
        code, text = refusal
        return BenefitLine(
            Benefit.DEATH, 0, f"nothing payable: {text}", case.rule(Benefit.DEATH), code
        )
    later = dict(case.later_offsets)
    offset = sum(
        usage.fen_for(case.accident_id, b) + later.get(b, 0) for b in rule.offset_by
    )
    amount = max(rule.sum_insured_fen - offset, 0)
    explanation = f"{yuan(rule.sum_insured_fen)}"
    if offset:
        offsets = " and ".join(b.lower() for b in rule.offset_by)
        explanation += f" − {yuan(offset)} {offsets} benefits of this accident"
    explanation += f" = {yuan(amount)}"
    return BenefitLine(
        benefit=Benefit.DEATH,
        amount_fen=amount,
        explanation=explanation,
        rule=case.rule(Benefit.DEATH),
        reason_code=None if amount else "OFFSET_BY_EARLIER_BENEFITS",
    )


def top_up(case: Case, usage: Usage) -> BenefitLine | None:
    """A TOP_UP line when a 100 % payout of this accident exists, else None."""
    rule: TopUpRule = case.scheme.rule(Benefit.TOP_UP)
    payouts = [
        p
        for p in usage.full_payouts
        if p.accident_id == case.accident_id and p.benefit in rule.qualifying
    ]
    if not payouts:
        return None
    died_on = _certificate(case).died_on
    months = case.scheme.windows.top_up_months
    refusal = _why_death_does_not_qualify(case)
    if refusal is None and usage.has_paying_line(Benefit.TOP_UP):
        refusal = ("TOP_UP_ALREADY_ASSESSED", "the top-up was already assessed")
    if refusal is None:
        for payout in payouts:
            window_end = add_months(payout.paid_on, months)
            if payout.paid_on <= died_on <= window_end:
                return BenefitLine(
                    benefit=Benefit.TOP_UP,
                    amount_fen=rule.sum_insured_fen,
                    explanation=(
                        f"100 % {payout.benefit.lower()} benefit paid on "
                        f"{payout.paid_on}; death on {died_on} within {months} "
                        f"month(s) (to {window_end}): {yuan(rule.sum_insured_fen)}"
                    ),
                    rule=case.rule(Benefit.TOP_UP),
                )
        last = max(payouts, key=lambda p: p.paid_on)
        refusal = (
            "TOP_UP_WINDOW_PASSED",
            f"death on {died_on} is not within {months} month(s) after the 100 % "
            f"{last.benefit.lower()} payout of {last.paid_on} "
            f"(to {add_months(last.paid_on, months)})",
        )
    code, text = refusal
    return BenefitLine(
        Benefit.TOP_UP, 0, f"no top-up: {text}", case.rule(Benefit.TOP_UP), code
    )


def qualifying_payouts(
    accident_id: UUID,
    lines: Iterable[BenefitLine],
    paid: Mapping[str, Fen],
    paid_now: Collection[str],
    scheme: "SchemeYear",
    paid_on: date,
) -> tuple[FullPayout, ...]:
    """The "highest benefit (100 %)" payouts (I5) of a payment of `paid_on`
    that paid something of each of `paid_now`: a qualifying line (disability,
    burn) at 100 % of which everything owed is now paid (`paid`, by benefit,
    this payment included) opens the top-up window from that day, in a year
    with a top-up. The amount may be below the sum insured when an annual
    limit left less; a line with nothing to pay makes no payout."""
    if not scheme.offers(Benefit.TOP_UP):
        return ()
    rule: TopUpRule = scheme.rule(Benefit.TOP_UP)
    return tuple(
        FullPayout(accident_id, line.benefit, paid_on)
        for line in lines
        if line.benefit in rule.qualifying
        and line.ratio_percent == 100
        and line.amount_fen > 0
        and line.benefit in paid_now
        and paid.get(line.benefit, 0) >= line.amount_fen
    )


BENEFITS.register(
    BenefitSpec[DeathRule](
        code=Benefit.DEATH,
        parse=lambda t: DeathRule(
            t.integer("sum_insured_fen"), t.benefits("offset_by")
        ),
        calculate=death,
        annual_limit_fen=lambda rule: rule.sum_insured_fen,
        order=50,  # after DISABILITY and BURN: the offset sees them on one claim
        paid_in_turn=10,
        paid_once=True,
        known_on=_died_on,
        known_from="the death",
    )
)
BENEFITS.register(
    BenefitSpec[TopUpRule](
        code=Benefit.TOP_UP,
        parse=lambda t: TopUpRule(
            t.integer("sum_insured_fen"), t.benefits("qualifying")
        ),
        calculate=top_up,
        annual_limit_fen=lambda rule: rule.sum_insured_fen,
        order=60,  # after DEATH, on the claim that carries it
        paid_in_turn=40,
        paid_once=True,
        granted_with=Benefit.DEATH,
        known_on=_died_on,
        known_from="the death",
    )
)
