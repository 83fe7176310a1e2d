"""DISABILITY (意外残疾): the sum insured × the ratio of the grade of the claim's
appraisals (every appraisal document of one claim is graded together, as one
set of items), a later claim of the same accident paying only the ratio not yet
reached by its live claims; at most the sum insured per insured and scheme
year."""

from dataclasses import dataclass

from adjudication.domain.benefits.codes import Benefit
from adjudication.domain.benefits.lines import (
    BenefitLine,
    Case,
    Usage,
    by_ratio,
    override_note,
)
from adjudication.domain.benefits.registry import (
    BENEFITS,
    BenefitSpec,
    OverridableInput,
    RuleTable,
)
from adjudication.domain.money import Fen
from adjudication.domain.overrides import GRADE


@dataclass(frozen=True)
class DisabilityRule:
    sum_insured_fen: Fen
    grade_ratios_percent: tuple[int, ...]

    def ratio_percent(self, grade: int) -> int:
        return self.grade_ratios_percent[grade - 1]


def disability(case: Case, usage: Usage) -> BenefitLine:
    """The grade of the appraisals, or the officer's grade (I8): the ratio the
    line records for the accident is that of the grade it pays."""
    items = case.facts.appraised_items()
    assert items, "documents are complete before assessment"
    grading = case.standard.grade(items)
    rule: DisabilityRule = case.scheme.rule(Benefit.DISABILITY)
    basis = f"grade {grading.grade} ({grading.explanation})"
    if len(case.facts.appraisals) > 1:
        basis += f", the items of {len(case.facts.appraisals)} appraisals as one set"
    override = case.override_of(Benefit.DISABILITY, GRADE)
    grade = grading.grade if override is None else override.value
    if override is not None:
        basis = f"grade {grade}, {override_note(override, basis)}"
    line = by_ratio(
        case,
        usage,
        Benefit.DISABILITY,
        rule.sum_insured_fen,
        rule.ratio_percent(grade),
        basis,
    )
    return line if override is None else line.overridden_by(override, grading.grade)


def _rule(table: RuleTable) -> DisabilityRule:
    ratios = table.value("grade_ratios_percent")
    if (
        not isinstance(ratios, list)
        or len(ratios) != 10
        or not all(isinstance(r, int) and 0 < r <= 100 for r in ratios)
        or ratios != sorted(ratios, reverse=True)
    ):
        raise table.error(
            "grade_ratios_percent",
            "must list 10 percentages for grades 1..10, most severe first",
        )
    return DisabilityRule(table.integer("sum_insured_fen"), tuple(ratios))


BENEFITS.register(
    BenefitSpec[DisabilityRule](
        code=Benefit.DISABILITY,
        parse=_rule,
        calculate=disability,
        annual_limit_fen=lambda rule: rule.sum_insured_fen,
        order=10,
        paid_in_turn=20,
        # Prescribes from the latest appraisal (the claimant knows the grade).
        known_on=lambda case: case.facts.appraised_on(),
        known_from="the appraisal",
        overridable=OverridableInput(
            GRADE,
            "a grade of the disability standard",
            1,
            lambda rule, _: len(rule.grade_ratios_percent),
        ),
    )
)
