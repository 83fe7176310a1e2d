"""The benefit registry: every built-in benefit registers itself when
`adjudication.domain.benefits` is imported, whichever module is imported first,
and the registry orders the assessment (disability and burn before death, so the
death offset sees them; TOP_UP after DEATH, granted with it, never claimed)."""

import subprocess
import sys
from dataclasses import replace

import pytest

from adjudication.domain.benefits import BENEFITS, Benefit, BenefitRegistry
from tests.unit.funeral import SPEC as FUNERAL

ORDER_OF_ASSESSMENT = (
    Benefit.DISABILITY,
    Benefit.BURN,
    Benefit.MEDICAL,
    Benefit.HOSPITAL_ALLOWANCE,
    Benefit.DEATH,
    Benefit.TOP_UP,
)


def test_the_built_in_benefits_in_their_order_of_assessment() -> None:
    assert BENEFITS.codes() == ORDER_OF_ASSESSMENT
    assert set(BENEFITS.codes()) == set(Benefit)


def test_top_up_is_granted_with_death_and_never_claimed() -> None:
    assert Benefit.TOP_UP not in BENEFITS.claimable()
    assert BENEFITS.claimable() == tuple(
        b for b in ORDER_OF_ASSESSMENT if b != Benefit.TOP_UP
    )


def test_death_and_top_up_are_paid_once_per_insured_the_others_not() -> None:
    assert {s.code for s in BENEFITS if s.paid_once} == {
        Benefit.DEATH,
        Benefit.TOP_UP,
    }


@pytest.mark.parametrize(
    "first",
    [
        "adjudication.domain.benefits.death",
        "adjudication.domain.benefits.lines",
        "adjudication.domain.scheme_year",
        "adjudication.domain.assessment",
        "adjudication.schemes",
    ],
)
def test_whichever_module_is_imported_first_every_benefit_is_registered(
    first: str,
) -> None:
    script = (
        f"import {first}\n"
        "from adjudication.domain.benefits import BENEFITS\n"
        "print(','.join(BENEFITS.codes()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ",".join(ORDER_OF_ASSESSMENT)


def test_a_registry_refuses_a_second_benefit_of_one_code_or_one_place() -> None:
    registry = BenefitRegistry(BENEFITS)
    top_up = next(s for s in BENEFITS if s.code == Benefit.TOP_UP)
    with pytest.raises(ValueError, match="TOP_UP"):
        registry.register(top_up)
    with pytest.raises(ValueError, match="clashes with TOP_UP"):
        registry.register(replace(FUNERAL, order=top_up.order))


def test_a_registry_built_from_the_service_one_leaves_it_alone() -> None:
    extended = BenefitRegistry([*BENEFITS, FUNERAL])
    assert extended.codes() == (*ORDER_OF_ASSESSMENT, "FUNERAL")
    assert "FUNERAL" not in BENEFITS
