"""BURN (意外烧伤): by the share of body surface area burned to the scheme's degree,
per body region; when several regions are burned the highest ratio applies."""

from decimal import Decimal

from adjudication.domain.benefits import BenefitLine, Case, Usage, by_ratio
from adjudication.domain.scheme_year import Benefit


def burn(case: Case, usage: Usage) -> BenefitLine:
    diagnosis = case.facts.burn
    assert diagnosis is not None, "documents are complete before assessment"
    rule = case.scheme.burn
    areas: dict[str, Decimal] = {}
    for area in diagnosis.areas:
        if area.degree == rule.degree:
            areas[area.region] = areas.get(area.region, Decimal(0)) + area.area_percent
    ratios = {
        region: next(
            (
                t.ratio_percent
                for t in rule.regions[region]
                if area >= t.min_area_percent
            ),
            0,
        )
        for region, area in areas.items()
    }
    if ratios:
        region = max(ratios, key=lambda r: ratios[r])
        basis = ", ".join(f"{r} {areas[r]} % → {ratios[r]} %" for r in sorted(areas))
        basis = f"degree {rule.degree} burns: {basis}; highest region {region}"
        ratio = ratios[region]
    else:
        basis, ratio = f"no degree {rule.degree} burns", 0
    return by_ratio(case, usage, Benefit.BURN, rule.sum_insured_fen, ratio, basis)
