"""Assessment: every benefit of the claim computed in the scheme year's order of
assessment (each benefit's spec places it: disability and burn before death, so
the death offset sees them), then an officer's overrides. A benefit granted with
another (TOP_UP with DEATH) is judged on every claim of that one.
"""

from dataclasses import dataclass, replace

from adjudication.domain.benefits import BenefitLine, Case, Usage
from adjudication.domain.coverage import limit_breaches
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.money import Fen, yuan
from adjudication.domain.prescription import time_barred


@dataclass(frozen=True)
class Override:
    """An officer's amount for one benefit line, with the reason kept in the event."""

    benefit: str
    amount_fen: Fen
    reason_code: str
    reason_text: str


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
        on_claim = (
            spec.code in benefits
            if spec.granted_with is None
            else spec.granted_with in benefits
        )
        line = spec.calculate(case, usage) if on_claim else None
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
