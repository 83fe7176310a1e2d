"""DISABILITY (意外残疾): the sum insured × the ratio of the appraisal's grade."""

from adjudication.domain.benefits import BenefitLine, Case, Usage, by_ratio
from adjudication.domain.scheme_year import Benefit


def disability(case: Case, usage: Usage) -> BenefitLine:
    appraisal = case.facts.appraisal
    assert appraisal is not None, "documents are complete before assessment"
    grading = case.standard.grade(appraisal.item_ids)
    rule = case.scheme.disability
    return by_ratio(
        case,
        usage,
        Benefit.DISABILITY,
        rule.sum_insured_fen,
        rule.ratio_percent(grading.grade),
        f"grade {grading.grade} ({grading.explanation})",
    )
