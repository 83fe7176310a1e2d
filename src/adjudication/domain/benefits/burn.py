"""BURN (意外烧伤): by the share of body surface area burned to the scheme's degree,
per body region; when several regions are burned the highest ratio applies. At
most the sum insured per insured and scheme year."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
from adjudication.domain.overrides import RATIO


@dataclass(frozen=True)
class BurnThreshold:
    min_area_percent: Decimal
    ratio_percent: int


@dataclass(frozen=True)
class BurnRule:
    sum_insured_fen: Fen
    degree: str
    regions: dict[str, tuple[BurnThreshold, ...]]  # thresholds, highest first


def burn(case: Case, usage: Usage) -> BenefitLine:
    diagnosis = case.facts.burn
    assert diagnosis is not None, "documents are complete before assessment"
    rule: BurnRule = case.scheme.rule(Benefit.BURN)
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
    override = case.override_of(Benefit.BURN, RATIO)
    if override is None:
        return by_ratio(case, usage, Benefit.BURN, rule.sum_insured_fen, ratio, basis)
    basis = f"burn ratio {override_note(override, f'{basis} → {ratio} %')}"
    line = by_ratio(
        case, usage, Benefit.BURN, rule.sum_insured_fen, override.value, basis
    )
    return line.overridden_by(override, ratio)


def _rule(table: RuleTable) -> BurnRule:
    regions = table.table("regions")
    thresholds = {region: _thresholds(regions, region) for region in regions.names()}
    if not thresholds:
        raise table.error("regions", "must name at least one body region")
    return BurnRule(
        table.integer("sum_insured_fen"), table.string("degree"), thresholds
    )


def _thresholds(regions: RuleTable, region: str) -> tuple[BurnThreshold, ...]:
    rows = regions.rows(region)
    if not rows:
        raise regions.error(region, "must be a list of thresholds")
    thresholds = []
    for row in rows:
        try:
            area = Decimal(row.string("min_area_percent"))
        except InvalidOperation:
            raise row.error("min_area_percent", "must be a decimal string") from None
        if not 0 < area <= 100:
            raise row.error("min_area_percent", "must be within (0, 100]")
        thresholds.append(BurnThreshold(area, row.integer("ratio_percent", 1, 100)))
        row.done()
    return tuple(sorted(thresholds, key=lambda t: t.min_area_percent, reverse=True))


BENEFITS.register(
    BenefitSpec[BurnRule](
        code=Benefit.BURN,
        parse=_rule,
        calculate=burn,
        annual_limit_fen=lambda rule: rule.sum_insured_fen,
        order=20,
        paid_in_turn=30,
        overridable=OverridableInput(
            RATIO, "a ratio in percent", 0, lambda rule, _: 100
        ),
    )
)
