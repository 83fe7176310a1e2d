"""Assessment: every benefit of the claim computed in the scheme year's order of
assessment (each benefit's spec places it: disability and burn before death, so
the death offset sees them), with an officer's overrides (I8). An override of
an input (the grade, the burn ratio, the eligible expenses, the days) is in the
`Case`, where its benefit's calculator reads it, so what follows from the input
follows the officer's; a negotiated amount replaces the computed amount after.
A benefit granted with another (TOP_UP with DEATH) is judged on every claim of
that one.
"""

from dataclasses import replace
from typing import Any

from adjudication.domain.benefits import BenefitLine, BenefitSpec, Case, Usage
from adjudication.domain.coverage import limit_breaches
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.facts import ClaimFacts
from adjudication.domain.money import yuan
from adjudication.domain.overrides import AMOUNT, Override
from adjudication.domain.prescription import time_barred
from adjudication.domain.scheme_year import SchemeYear

AMOUNT_OVERRIDE_NOT_NEGOTIATED = "AMOUNT_OVERRIDE_NOT_NEGOTIATED"
OVERRIDE_NOT_FOR_BENEFIT = "OVERRIDE_NOT_FOR_BENEFIT"
OVERRIDE_OUT_OF_RANGE = "OVERRIDE_OUT_OF_RANGE"


def _on_claim(spec: BenefitSpec[Any], benefits: tuple[str, ...]) -> bool:
    """Whether a claim of `benefits` has a line of the benefit to judge."""
    if spec.granted_with is None:
        return spec.code in benefits
    return spec.granted_with in benefits


def check_overrides(
    overrides: tuple[Override, ...],
    benefits: tuple[str, ...],
    facts: ClaimFacts,
    scheme: SchemeYear,
) -> None:
    """The officer's overrides of a claim of `benefits`: each of a benefit of
    the claim, once, with a reason code of the scheme year and a text; each of
    the input its benefit's calculator takes, within its range, or a negotiated
    amount on a reason the year lists for it. Every bad field is refused at
    once, named as the field of the contract."""
    problems = Violations()
    seen: set[str] = set()
    for i, override in enumerate(overrides):
        f = f"overrides[{i}]"
        offered = scheme.benefits.get(override.benefit)
        if offered is None or not _on_claim(offered.spec, benefits):
            problems.add(
                f"{f}.benefit", f"{override.benefit} is not a benefit of this claim"
            )
        elif override.benefit in seen:
            problems.add(f"{f}.benefit", f"{override.benefit} is overridden twice")
        seen.add(override.benefit)
        value = f"{f}.{override.input}"
        if override.input == AMOUNT:
            if override.value < 0:
                problems.add(value, "must not be negative", OVERRIDE_OUT_OF_RANGE)
            if (
                override.reason_code in scheme.override_reasons
                and override.reason_code not in scheme.negotiated_by
            ):
                negotiated = ", ".join(scheme.negotiated_by) or "no reason this year"
                problems.add(
                    value,
                    "an amount is overridden only as a negotiated amount, on "
                    f"{negotiated}; override the input of the calculation instead",
                    AMOUNT_OVERRIDE_NOT_NEGOTIATED,
                )
        elif offered is not None:
            takes = offered.spec.overridable
            if takes is None or takes.input != override.input:
                what = (
                    f"only a negotiated amount ({AMOUNT})"
                    if takes is None
                    else f"{takes.what} ({takes.input}) or a negotiated amount"
                )
                problems.add(
                    value,
                    f"{override.benefit} takes {what}",
                    OVERRIDE_NOT_FOR_BENEFIT,
                )
            else:
                top = takes.maximum(offered.rule, facts)
                if not takes.minimum <= override.value <= top:
                    problems.add(
                        value,
                        f"must be {takes.what}, {takes.minimum}..{top}",
                        OVERRIDE_OUT_OF_RANGE,
                    )
        if override.reason_code not in scheme.override_reasons:
            codes = ", ".join(scheme.override_reasons)
            problems.add(f"{f}.reason_code", f"must be one of {codes}")
        if not override.reason_text.strip():
            problems.add(f"{f}.reason_text", "an override needs a reason text")
    problems.raise_if_any()


def compute_lines(
    case: Case, benefits: tuple[str, ...], usage: Usage
) -> tuple[BenefitLine, ...]:
    """The automatic lines; `usage` is the insured's usage without this claim.
    A benefit the claim's scheme year does not offer is refused. A time-barred
    line is 0 (TIME_BARRED) before the lines after it see it."""
    scheme = case.scheme
    for benefit in benefits:
        if not scheme.offers(benefit):
            raise StateForbids(
                f"{scheme.id} does not offer {benefit}", "BENEFIT_NOT_OFFERED"
            )
    usage = usage.copy()
    lines = []
    for offered in scheme.benefits.values():
        spec = offered.spec
        line = spec.calculate(case, usage) if _on_claim(spec, benefits) else None
        if line is not None:
            line = time_barred(case, spec, line) or line
            usage.add(case.accident_id, line)
            lines.append(line)
    return tuple(lines)


def apply_overrides(
    case: Case,
    lines: tuple[BenefitLine, ...],
    overrides: tuple[Override, ...],
    usage: Usage,
) -> tuple[BenefitLine, ...]:
    """Lines with the officer's negotiated amounts (the overridden inputs are
    in them already); a negotiated amount needs the line, and no override may
    break an annual limit."""
    problems = Violations()
    result = {line.benefit: line for line in lines}
    for i, override in enumerate(overrides):
        if override.input != AMOUNT:
            continue
        line = result.get(override.benefit)
        if line is None:
            problems.add(
                f"overrides[{i}].benefit",
                f"{override.benefit} is not a line of this claim",
            )
            continue
        result[override.benefit] = replace(
            line,
            amount_fen=override.value,
            computed_fen=line.amount_fen,
            override_input=AMOUNT,
            override_reason_code=override.reason_code,
            override_reason_text=override.reason_text,
            reason_code=line.reason_code if override.value == 0 else None,
            explanation=f"{line.explanation}; negotiated amount "
            f"{yuan(override.value)} ({override.reason_code}: "
            f"{override.reason_text})",
        )
    if not problems:
        total = usage.copy()
        for line in result.values():
            total.add(case.accident_id, line)
        for breach in limit_breaches(total, case.scheme):
            problems.add("overrides", breach)
    problems.raise_if_any()
    return tuple(result.values())
