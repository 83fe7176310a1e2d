"""FUNERAL (丧葬费), a made-up benefit that exists only in the tests: a fixed sum,
once per insured, when the claim's death certificate shows accidental death
within the accident window. It needs no new fact (the death certificate), so it
is this one module and its table in a scheme file: nothing under src/.

It is registered in `REGISTRY`, a copy of the service's registry that the tests
hand to the scheme parser; `BENEFITS` itself never learns of it."""

from dataclasses import dataclass

from adjudication.domain.benefits import (
    BENEFITS,
    BenefitLine,
    BenefitRegistry,
    BenefitSpec,
    Case,
    Usage,
)
from adjudication.domain.calendar import add_days
from adjudication.domain.money import Fen, yuan

FUNERAL = "FUNERAL"


@dataclass(frozen=True)
class FuneralRule:
    sum_insured_fen: Fen


def funeral(case: Case, usage: Usage) -> BenefitLine:
    rule: FuneralRule = case.scheme.rule(FUNERAL)
    death = case.facts.death
    assert death is not None, "documents are complete before assessment"
    window_end = add_days(case.accident_date, case.scheme.windows.accident_days)
    refusal = None
    if not death.caused_by_accident:
        refusal = "NOT_AN_ACCIDENT", f"death certificate gives cause {death.cause!r}"
    elif death.died_on > window_end:
        refusal = "DEATH_AFTER_WINDOW", f"death on {death.died_on} after {window_end}"
    elif usage.has_paying_line(FUNERAL):
        refusal = "FUNERAL_ALREADY_ASSESSED", "the funeral allowance was assessed"
    if refusal is not None:
        code, text = refusal
        return BenefitLine(
            FUNERAL, 0, f"nothing payable: {text}", case.rule(FUNERAL), code
        )
    return BenefitLine(
        benefit=FUNERAL,
        amount_fen=rule.sum_insured_fen,
        explanation=f"accidental death: {yuan(rule.sum_insured_fen)}",
        rule=case.rule(FUNERAL),
    )


SPEC = BenefitSpec[FuneralRule](
    code=FUNERAL,
    parse=lambda t: FuneralRule(t.integer("sum_insured_fen", minimum=1)),
    calculate=funeral,
    annual_limit_fen=lambda rule: rule.sum_insured_fen,
    order=70,  # after DEATH and TOP_UP
    paid_once=True,
)

REGISTRY = BenefitRegistry([*BENEFITS, SPEC])
