"""MEDICAL (意外医疗): eligible expenses within the window, after what other payers
reimbursed (补偿原则) and the deductible, up to the annual sum insured."""

from adjudication.domain.benefits import BenefitLine, Case, Usage
from adjudication.domain.calendar import add_days
from adjudication.domain.money import percent_of, yuan
from adjudication.domain.scheme_year import Benefit


def medical(case: Case, usage: Usage) -> BenefitLine:
    rule = case.scheme.medical
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
    net = expenses - reimbursed
    if rule.deductible_per == "accident":
        deductible_left = rule.deductible_fen - usage.deductible_used(case.accident_id)
    else:
        deductible_left = rule.deductible_fen
    deductible = min(max(deductible_left, 0), net)
    due = percent_of(net - deductible, rule.reimbursement_percent)

    sums = yuan(expenses)
    if reimbursed:
        sums += f" − {yuan(reimbursed)} reimbursed"
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
    return BenefitLine(
        benefit=Benefit.MEDICAL,
        amount_fen=amount,
        explanation=explanation,
        rule=case.rule(Benefit.MEDICAL),
        reason_code=reason,
        deductible_fen=deductible,
    )
