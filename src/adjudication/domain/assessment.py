"""Assessment: every claimed benefit computed in turn, then an officer's overrides.

Disability and burn come before death, so the death offset sees them when one
claim asks for both; TOP_UP is judged on every DEATH claim.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from adjudication.domain.benefits import BenefitLine, Case, Usage
from adjudication.domain.benefits.allowance import hospital_allowance
from adjudication.domain.benefits.burn import burn
from adjudication.domain.benefits.death import death, top_up
from adjudication.domain.benefits.disability import disability
from adjudication.domain.benefits.medical import medical
from adjudication.domain.coverage import limit_breaches
from adjudication.domain.errors import Violations
from adjudication.domain.money import Fen, yuan
from adjudication.domain.scheme_year import Benefit

CALCULATORS: dict[Benefit, Callable[[Case, Usage], BenefitLine]] = {
    Benefit.DISABILITY: disability,
    Benefit.BURN: burn,
    Benefit.MEDICAL: medical,
    Benefit.HOSPITAL_ALLOWANCE: hospital_allowance,
    Benefit.DEATH: death,
}


@dataclass(frozen=True)
class Override:
    """An officer's amount for one benefit line, with the reason kept in the event."""

    benefit: str
    amount_fen: Fen
    reason_code: str
    reason_text: str


def compute_lines(
    case: Case, benefits: tuple[Benefit, ...], usage: Usage
) -> tuple[BenefitLine, ...]:
    """The automatic lines; `usage` is the insured's usage without this claim."""
    usage = usage.copy()
    lines = []
    for benefit, calculate in CALCULATORS.items():
        if benefit in benefits:
            line = calculate(case, usage)
            usage.add(case.accident_id, line)
            lines.append(line)
    if Benefit.DEATH in benefits:
        extra = top_up(case, usage)
        if extra is not None:
            lines.append(extra)
    return tuple(lines)


def apply_overrides(
    case: Case,
    lines: tuple[BenefitLine, ...],
    overrides: tuple[Override, ...],
    usage: Usage,
) -> tuple[BenefitLine, ...]:
    """Lines with the officer's amounts; an override needs a known reason code and
    a text, and may not break an annual limit."""
    problems = Violations()
    result = {line.benefit: line for line in lines}
    overridden: set[str] = set()
    for i, override in enumerate(overrides):
        f = f"overrides[{i}]"
        line = result.get(override.benefit)
        if line is None:
            problems.add(
                f"{f}.benefit", f"{override.benefit} is not a line of this claim"
            )
        elif override.benefit in overridden:
            problems.add(f"{f}.benefit", f"{override.benefit} is overridden twice")
        if override.amount_fen < 0:
            problems.add(f"{f}.amount_fen", "must not be negative")
        if override.reason_code not in case.scheme.override_reasons:
            codes = ", ".join(case.scheme.override_reasons)
            problems.add(f"{f}.reason_code", f"must be one of {codes}")
        if not override.reason_text.strip():
            problems.add(f"{f}.reason_text", "an override needs a reason text")
        if line is None or override.benefit in overridden:
            continue
        overridden.add(override.benefit)
        result[override.benefit] = replace(
            line,
            amount_fen=override.amount_fen,
            computed_fen=line.amount_fen,
            override_reason_code=override.reason_code,
            override_reason_text=override.reason_text,
            reason_code=line.reason_code if override.amount_fen == 0 else None,
            explanation=f"{line.explanation}; overridden to "
            f"{yuan(override.amount_fen)} ({override.reason_code}: "
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
