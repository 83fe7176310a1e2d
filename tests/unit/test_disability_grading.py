"""Disability grading by 《人身保险伤残评定标准》 JR/T 0083-2013 (scheme-2024.md §2,
"Disability grading (standard §3.4)"): each item is graded on its own; different
grades → the most severe; two or more items at the most severe grade → promoted by
one grade, never beyond grade 1. Items combined below are of different body parts,
as the standard never grades one body part and nature of injury twice."""

from collections import Counter

import pytest

from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.errors import FieldViolation, InvalidCommand, Violations
from adjudication.standards import load_disability_standard

STANDARD = load_disability_standard()


def grade(*item_ids: str) -> int:
    return STANDARD.grade(item_ids).grade


def check(item_ids: list[str], field: str = "appraisal.item_ids") -> list[str]:
    """The field paths check() reports for an appraisal's items."""
    problems = Violations()
    STANDARD.check(item_ids, field, problems)
    try:
        problems.raise_if_any()
    except InvalidCommand as e:
        return [v.field for v in e.violations]
    return []


# --- the table ---------------------------------------------------------------------


def test_the_standard_has_281_items() -> None:
    assert len(STANDARD.items) == 281


def test_items_per_grade_are_those_of_the_readme() -> None:
    per_grade = Counter(item.grade for item in STANDARD.items.values())
    assert dict(sorted(per_grade.items())) == {
        1: 18,
        2: 19,
        3: 26,
        4: 26,
        5: 32,
        6: 25,
        7: 30,
        8: 39,
        9: 34,
        10: 32,
    }


def test_items_per_category_are_those_of_the_readme() -> None:
    per_category = Counter(
        item.clause.split(".")[0] for item in STANDARD.items.values()
    )
    assert per_category == {
        "1": 6,
        "2": 57,
        "3": 11,
        "4": 15,
        "5": 22,
        "6": 40,
        "7": 98,
        "8": 32,
    }


def test_the_two_items_added_from_the_cross_check_copy_are_grade_10() -> None:
    assert STANDARD.items["1.1-01"].grade == 10
    assert STANDARD.items["4.4-05"].grade == 10


def test_an_item_defined_twice_is_refused() -> None:
    item = STANDARD.items["1.1-01"]
    with pytest.raises(ValueError, match=r"1\.1-01 defined twice"):
        DisabilityStandard([item, item])


# --- one item ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "expected"),
    [
        ("1.3-01", 1),  # 颅脑损伤导致植物状态
        ("2.1-06", 5),  # 一侧眼球缺失，且另一侧眼低视力1级
        ("2.1-07", 7),  # 一侧眼球缺失
        ("7.6-14", 9),  # 四肢长骨一骺板以上粉碎性骨折
        ("1.1-01", 10),  # 外伤性脑脊液鼻漏或耳漏
    ],
)
def test_a_single_item_gives_its_own_grade(item_id: str, expected: int) -> None:
    assert grade(item_id) == expected


# --- several items -----------------------------------------------------------------


def test_items_of_different_grades_give_the_most_severe_grade() -> None:
    # 7.6-11 一肢缺失 (5), 2.2-14 一眼盲目 (9), 4.4-04 肋骨骨折 (10)
    grading = STANDARD.grade(["4.4-04", "7.6-11", "2.2-14"])
    assert grading.grade == 5
    assert grading.explanation == "most severe item 7.6-11 is grade 5"


def test_two_items_at_the_most_severe_grade_promote_one_grade() -> None:
    # 2.2-10 一眼盲目5级 (7), 7.5-05 一足跗跖关节以上缺失 (7)
    grading = STANDARD.grade(["2.2-10", "7.5-05"])
    assert grading.grade == 6
    assert "promote to grade 6" in grading.explanation


def test_three_items_at_the_most_severe_grade_still_promote_only_one_grade() -> None:
    # + 5.2-07 小肠切除大于等于50% (7)
    assert grade("2.2-10", "7.5-05", "5.2-07") == 6


def test_two_grade_1_items_stay_grade_1_never_past_1() -> None:
    # 1.3-01 植物状态 (1), 5.4-01 胰完全切除 (1)
    grading = STANDARD.grade(["1.3-01", "5.4-01"])
    assert grading.grade == 1
    assert "already the most severe grade" in grading.explanation


def test_two_grade_2_items_promote_to_grade_1() -> None:
    # 5.5-01 肝切除大于等于75% (2), 2.5-01 双耳听力损失且双侧耳廓缺失 (2)
    assert grade("5.5-01", "2.5-01") == 1


def test_promotion_counts_only_items_at_the_most_severe_grade() -> None:
    # one grade-5 item (7.6-11) and two grade-7 items (2.2-10, 7.5-05): grade 5,
    # the two grade-7 items do not promote anything
    assert grade("2.2-10", "7.6-11", "7.5-05") == 5


def test_worked_example_4_two_grade_7_and_one_grade_9_promote_to_grade_6() -> None:
    assert grade("2.1-07", "2.2-10", "2.2-14") == 6


def test_the_order_of_the_items_does_not_matter() -> None:
    assert grade("2.2-14", "2.2-10", "2.1-07") == grade("2.1-07", "2.2-10", "2.2-14")


# --- checking an appraisal's items -------------------------------------------------


def test_known_distinct_items_pass_the_check() -> None:
    assert check(["2.1-07", "7.5-05"]) == []


def test_an_unknown_item_is_reported_at_its_position() -> None:
    problems = Violations()
    STANDARD.check(["2.1-07", "9.9-01"], "documents[3].appraisal.item_ids", problems)
    with pytest.raises(InvalidCommand) as raised:
        problems.raise_if_any()
    assert raised.value.violations == (
        FieldViolation(
            "documents[3].appraisal.item_ids[1]", "unknown disability item '9.9-01'"
        ),
    )


def test_the_same_item_twice_is_reported_at_its_second_position() -> None:
    problems = Violations()
    STANDARD.check(["2.1-07", "7.5-05", "2.1-07"], "appraisal.item_ids", problems)
    with pytest.raises(InvalidCommand) as raised:
        problems.raise_if_any()
    assert raised.value.violations == (
        FieldViolation("appraisal.item_ids[2]", "item 2.1-07 listed twice"),
    )


def test_every_bad_item_is_reported_at_once() -> None:
    assert check(["X", "2.1-07", "2.1-07", "7.6"]) == [
        "appraisal.item_ids[0]",
        "appraisal.item_ids[2]",
        "appraisal.item_ids[3]",
    ]


def test_an_appraisal_without_items_is_reported() -> None:
    assert check([]) == ["appraisal.item_ids"]
