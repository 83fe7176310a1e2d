"""HOSPITAL_ALLOWANCE (意外住院津贴): a daily amount per day in hospital, up to a
number of days per insured and scheme year. A stay's days are discharge date −
admission date; overlapping stays count once; a stay must begin in the window."""

from dataclasses import dataclass
from datetime import date

from adjudication.domain.benefits.codes import Benefit
from adjudication.domain.benefits.lines import BenefitLine, Case, Usage, override_note
from adjudication.domain.benefits.registry import (
    BENEFITS,
    BenefitSpec,
    OverridableInput,
)
from adjudication.domain.calendar import add_days
from adjudication.domain.money import Fen, yuan
from adjudication.domain.overrides import DAYS

# An officer's days of one stay, or of overlapping ones, fit in a year.
YEAR_DAYS = 366


@dataclass(frozen=True)
class AllowanceRule:
    daily_fen: Fen
    max_days: int


def hospital_allowance(case: Case, usage: Usage) -> BenefitLine:
    rule: AllowanceRule = case.scheme.rule(Benefit.HOSPITAL_ALLOWANCE)
    window_end = add_days(case.accident_date, case.scheme.windows.accident_days)
    notes = []
    nights: set[date] = set()
    for stay in case.facts.stays:
        if not case.accident_date <= stay.admitted_on <= window_end:
            notes.append(
                f"stay from {stay.admitted_on} began outside "
                f"{case.accident_date}..{window_end}"
            )
        elif stay.days < 1:
            notes.append(f"stay of {stay.admitted_on} lasted under one day")
        else:
            nights.update(add_days(stay.admitted_on, n) for n in range(stay.days))
    new = sorted(nights - usage.days)
    if len(new) < len(nights):
        notes.append(f"{len(nights) - len(new)} days already counted")
    computed = len(new)
    override = case.override_of(Benefit.HOSPITAL_ALLOWANCE, DAYS)
    if override is not None:
        note = override_note(override, f"{computed} days")
        notes.insert(0, f"{override.value} days, {note}")
        first = min(
            (stay.admitted_on for stay in case.facts.stays),
            default=case.accident_date,
        )
        new = _overridden_days(new, override.value, usage.days, first)
    left = max(rule.max_days - len(usage.days), 0)
    counted = tuple(new[:left])
    amount = len(counted) * rule.daily_fen
    explanation = f"{len(counted)} days × {yuan(rule.daily_fen)} = {yuan(amount)}"
    reason = None
    if len(counted) < len(new):
        explanation = (
            f"{len(new)} days, {left} left of the {rule.max_days}-day limit: "
            + explanation
        )
        reason = "ANNUAL_LIMIT_REACHED"
    elif not counted:
        reason = "NO_ELIGIBLE_STAY"
    if notes:
        explanation += "; " + "; ".join(notes)
    line = BenefitLine(
        benefit=Benefit.HOSPITAL_ALLOWANCE,
        amount_fen=amount,
        explanation=explanation,
        rule=case.rule(Benefit.HOSPITAL_ALLOWANCE),
        reason_code=reason,
        days=counted,
    )
    return line if override is None else line.overridden_by(override, computed)


def _overridden_days(
    counted: list[date], days: int, taken: set[date], first: date
) -> list[date]:
    """The officer's number of days as the dates the ledger counts (so that
    stays of other claims overlap them once): the stays' own days first, then
    the days after them that no other claim counts."""
    chosen = counted[:days]
    day = add_days(counted[-1], 1) if counted else first
    while len(chosen) < days:
        if day not in taken:
            chosen.append(day)
        day = add_days(day, 1)
    return chosen


BENEFITS.register(
    BenefitSpec[AllowanceRule](
        code=Benefit.HOSPITAL_ALLOWANCE,
        parse=lambda t: AllowanceRule(t.integer("daily_fen"), t.integer("max_days", 1)),
        calculate=hospital_allowance,
        annual_limit_fen=lambda rule: rule.max_days * rule.daily_fen,
        order=40,
        paid_in_turn=60,
        annual_limit_days=lambda rule: rule.max_days,
        overridable=OverridableInput(
            DAYS, "days in hospital", 0, lambda rule, _: YEAR_DAYS
        ),
    )
)
