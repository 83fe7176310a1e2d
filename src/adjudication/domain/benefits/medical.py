"""MEDICAL (意外医疗): eligible expenses within the window, after what other payers
reimbursed (补偿原则) and the deductible, up to the annual sum insured."""

from dataclasses import dataclass
from typing import Literal

from adjudication.domain.benefits.codes import Benefit
from adjudication.domain.benefits.lines import BenefitLine, Case, Usage, override_note
from adjudication.domain.benefits.registry import (
    BENEFITS,
    BenefitSpec,
    OverridableInput,
    RuleTable,
)
from adjudication.domain.calendar import add_days
from adjudication.domain.money import Fen, percent_of, yuan
from adjudication.domain.overrides import ELIGIBLE


@dataclass(frozen=True)
class MedicalRule:
    sum_insured_fen: Fen
    deductible_fen: Fen
    deductible_per: Literal["accident", "claim"]
    reimbursement_percent: int


def medical(case: Case, usage: Usage) -> BenefitLine:
    rule: MedicalRule = case.scheme.rule(Benefit.MEDICAL)
    window_end = add_days(case.accident_date, case.scheme.windows.accident_days)
    eligible = [
        i
        for i in case.facts.invoices
        if case.accident_date <= i.issued_on <= window_end
    ]
    notes = [
        f"invoice {i.number} of {i.issued_on} is outside "
        f"{case.accident_date}..{window_end}"
        for i in case.facts.invoices
        if i not in eligible
    ]
    expenses = sum(i.amount_fen for i in eligible)
    reimbursed = sum(i.reimbursed_fen for i in eligible)
    sums = yuan(expenses)
    if reimbursed:
        sums += f" − {yuan(reimbursed)} reimbursed"
    computed = net = expenses - reimbursed
    override = case.override_of(Benefit.MEDICAL, ELIGIBLE)
    if override is not None:
        net = override.value
        computed_sums = f"{sums} = {yuan(computed)}"
        sums = f"eligible {yuan(net)}, {override_note(override, computed_sums)}"
    if rule.deductible_per == "accident":
        deductible_left = rule.deductible_fen - usage.deductible_used(case.accident_id)
    else:
        deductible_left = rule.deductible_fen
    deductible = min(max(deductible_left, 0), net)
    due = percent_of(net - deductible, rule.reimbursement_percent)

    if deductible:
        sums += f" − {yuan(deductible)} deductible"
    elif deductible_left <= 0 and net:
        sums += " (deductible already applied to this accident)"
    if rule.reimbursement_percent != 100:
        sums = f"({sums}) × {rule.reimbursement_percent} %"
    explanation = f"{sums} = {yuan(due)}"

    left = rule.sum_insured_fen - usage.total_fen(Benefit.MEDICAL)
    amount = min(due, max(left, 0))
    reason = None
    if amount < due:
        explanation += (
            f"; limited to {yuan(amount)} left of the "
            f"{yuan(rule.sum_insured_fen)} annual limit"
        )
        reason = "ANNUAL_LIMIT_REACHED"
    if amount == 0 and reason is None:
        reason = "NO_ELIGIBLE_EXPENSES"
    if notes:
        explanation += "; " + "; ".join(notes)
    line = BenefitLine(
        benefit=Benefit.MEDICAL,
        amount_fen=amount,
        explanation=explanation,
        rule=case.rule(Benefit.MEDICAL),
        reason_code=reason,
        deductible_fen=deductible,
    )
    return line if override is None else line.overridden_by(override, computed)


def _rule(table: RuleTable) -> MedicalRule:
    return MedicalRule(
        sum_insured_fen=table.integer("sum_insured_fen"),
        deductible_fen=table.integer("deductible_fen"),
        deductible_per=table.choice("deductible_per", ("accident", "claim")),  # type: ignore[arg-type]
        reimbursement_percent=table.integer("reimbursement_percent", 1, 100),
    )


BENEFITS.register(
    BenefitSpec[MedicalRule](
        code=Benefit.MEDICAL,
        parse=_rule,
        calculate=medical,
        annual_limit_fen=lambda rule: rule.sum_insured_fen,
        order=30,
        paid_in_turn=50,
        # An officer judges what of the claim's invoices is eligible (an
        # invoice outside the window, a reimbursement misread), never more
        # than they show: a further invoice is a document of the claim.
        overridable=OverridableInput(
            ELIGIBLE,
            "eligible expenses in fen, at most the claim's invoices",
            0,
            lambda rule, facts: sum(i.amount_fen for i in facts.invoices),
        ),
    )
)
