"""Scheme-year data files: one TOML file per year, validated at load.

An error names the file and the bad key, so whoever edits next year's file
learns exactly what to fix.
"""

import tomllib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from adjudication.domain.scheme_year import (
    CLAIMABLE,
    AllowanceRule,
    Benefit,
    BurnRule,
    BurnThreshold,
    Causes,
    DeathRule,
    DisabilityRule,
    DocumentChecklist,
    MedicalRule,
    SchemeCatalogue,
    SchemeYear,
    StatutoryDays,
    TopUpRule,
    Windows,
)


class SchemeFileError(ValueError):
    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.key = key


class _Table:
    """A TOML table read with its dotted path, so every error names its key."""

    def __init__(self, source: str, path: str, data: dict[str, Any]) -> None:
        self.source, self.path, self.data = source, path, data
        self._read: set[str] = set()

    def _key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, problem: str) -> SchemeFileError:
        return SchemeFileError(self.source, self._key(name), problem)

    def _get(self, name: str) -> Any:
        self._read.add(name)
        if name not in self.data:
            raise self.error(name, "missing")
        return self.data[name]

    def table(self, name: str) -> "_Table":
        value = self._get(name)
        if not isinstance(value, dict):
            raise self.error(name, "must be a table")
        return _Table(self.source, self._key(name), value)

    def string(self, name: str) -> str:
        value = self._get(name)
        if not isinstance(value, str) or not value:
            raise self.error(name, "must be a non-empty string")
        return value

    def integer(self, name: str, minimum: int = 0, maximum: int | None = None) -> int:
        value = self._get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be an integer, not {value!r}")
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
            raise self.error(name, f"must be {bound}, not {value}")
        return value

    def day(self, name: str) -> date:
        value = self._get(name)
        if not isinstance(value, date):
            raise self.error(name, "must be a date (YYYY-MM-DD)")
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.string(name)
        if value not in options:
            raise self.error(name, f"must be one of {', '.join(options)}")
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        value = self._get(name)
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v for v in value
        ):
            raise self.error(name, "must be a list of non-empty strings")
        if len(set(value)) != len(value):
            raise self.error(name, "lists an entry twice")
        return tuple(value)

    def benefits(self, name: str) -> tuple[Benefit, ...]:
        codes = self.strings(name)
        for code in codes:
            if code not in Benefit.__members__:
                raise self.error(name, f"unknown benefit {code!r}")
        return tuple(Benefit(c) for c in codes)

    def code_texts(self, name: str) -> dict[str, str]:
        table = self.table(name)
        for code, text in table.data.items():
            if not isinstance(text, str) or not text:
                raise table.error(code, "must be a non-empty text")
            table._read.add(code)
        return dict(table.data)

    def done(self) -> None:
        """Reject keys nobody reads: a misspelt key must not be silently ignored."""
        for name in self.data:
            if name not in self._read:
                raise self.error(name, "unknown key")


def parse_scheme(source: str, data: dict[str, Any]) -> SchemeYear:
    root = _Table(source, "", data)
    scheme = root.table("scheme")
    scheme_year_id = scheme.string("id")
    name = scheme.string("name")
    start, end = scheme.day("coverage_start"), scheme.day("coverage_end")
    if end < start:
        raise scheme.error("coverage_end", "is before coverage_start")
    premium = scheme.integer("premium_fen", minimum=1)
    scheme.done()

    w = root.table("windows")
    windows = Windows(
        accident_days=w.integer("accident_days", minimum=1),
        top_up_months=w.integer("top_up_months", minimum=1),
        prescription_years=w.integer("prescription_years", minimum=1),
    )
    w.done()

    s = root.table("statutory")
    statutory = StatutoryDays(
        decision_days=s.integer("decision_days", minimum=1),
        payment_days=s.integer("payment_days", minimum=1),
        rejection_notice_days=s.integer("rejection_notice_days", minimum=1),
        advance_payment_days=s.integer("advance_payment_days", minimum=1),
    )
    s.done()

    benefits = root.table("benefits")
    b = benefits.table("DEATH")
    death = DeathRule(b.integer("sum_insured_fen"), b.benefits("offset_by"))
    b.done()

    b = benefits.table("DISABILITY")
    ratios = b._get("grade_ratios_percent")
    if (
        not isinstance(ratios, list)
        or len(ratios) != 10
        or not all(isinstance(r, int) and 0 < r <= 100 for r in ratios)
        or ratios != sorted(ratios, reverse=True)
    ):
        raise b.error(
            "grade_ratios_percent",
            "must list 10 percentages for grades 1..10, most severe first",
        )
    disability = DisabilityRule(b.integer("sum_insured_fen"), tuple(ratios))
    b.done()

    b = benefits.table("BURN")
    regions = b.table("regions")
    burn_regions: dict[str, tuple[BurnThreshold, ...]] = {}
    for region, rows in regions.data.items():
        regions._read.add(region)
        burn_regions[region] = _burn_thresholds(regions, region, rows)
    if not burn_regions:
        raise b.error("regions", "must name at least one body region")
    burn = BurnRule(b.integer("sum_insured_fen"), b.string("degree"), burn_regions)
    b.done()

    b = benefits.table("TOP_UP")
    top_up = TopUpRule(b.integer("sum_insured_fen"), b.benefits("qualifying"))
    b.done()

    b = benefits.table("MEDICAL")
    medical = MedicalRule(
        sum_insured_fen=b.integer("sum_insured_fen"),
        deductible_fen=b.integer("deductible_fen"),
        deductible_per=b.choice("deductible_per", ("accident", "claim")),  # type: ignore[arg-type]
        reimbursement_percent=b.integer("reimbursement_percent", 1, 100),
    )
    b.done()

    b = benefits.table("HOSPITAL_ALLOWANCE")
    allowance = AllowanceRule(b.integer("daily_fen"), b.integer("max_days", 1))
    b.done()
    for code in benefits.data:
        if code not in Benefit.__members__:
            raise benefits.error(code, "unknown benefit")

    c = root.table("causes")
    causes = Causes(
        accident=c.code_texts("accident"),
        not_accident=c.code_texts("not_accident"),
        excluded=c.code_texts("excluded"),
    )
    c.done()
    seen: set[str] = set()
    for group in ("accident", "not_accident", "excluded"):
        for code in getattr(causes, group):
            if code in seen:
                raise c.error(f"{group}.{code}", "listed in two cause groups")
            seen.add(code)

    d = root.table("documents")
    names = d.code_texts("names")
    common = d.strings("common")
    per = d.table("benefits")
    per_benefit: dict[Benefit, tuple[str, ...]] = {}
    for code in per.data:
        if code not in Benefit.__members__:
            raise per.error(code, "unknown benefit")
        per_benefit[Benefit(code)] = per.strings(code)
    for benefit in (*CLAIMABLE, Benefit.TOP_UP):
        if benefit not in per_benefit:
            raise per.error(benefit, "missing")
    for kind in common + tuple(k for ks in per_benefit.values() for k in ks):
        if kind not in names:
            raise d.error("names", f"has no name for document {kind!r}")
    per.done()
    d.done()

    year = SchemeYear(
        id=scheme_year_id,
        name=name,
        coverage_start=start,
        coverage_end=end,
        premium_fen=premium,
        windows=windows,
        statutory=statutory,
        death=death,
        disability=disability,
        burn=burn,
        top_up=top_up,
        medical=medical,
        allowance=allowance,
        causes=causes,
        documents=DocumentChecklist(common, per_benefit, names),
        override_reasons=root.code_texts("override_reasons"),
        rejection_reasons=root.code_texts("rejection_reasons"),
    )
    root.done()
    return year


def _burn_thresholds(
    regions: _Table, region: str, rows: Any
) -> tuple[BurnThreshold, ...]:
    if not isinstance(rows, list) or not rows:
        raise regions.error(region, "must be a list of thresholds")
    thresholds = []
    for i, row in enumerate(rows):
        t = _Table(regions.source, f"{regions.path}.{region}[{i}]", row)
        try:
            area = Decimal(t.string("min_area_percent"))
        except InvalidOperation:
            raise t.error("min_area_percent", "must be a decimal string") from None
        if not 0 < area <= 100:
            raise t.error("min_area_percent", "must be within (0, 100]")
        thresholds.append(BurnThreshold(area, t.integer("ratio_percent", 1, 100)))
        t.done()
    ordered = tuple(sorted(thresholds, key=lambda x: x.min_area_percent, reverse=True))
    return ordered


def load_scheme(path: Path) -> SchemeYear:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise SchemeFileError(str(path), "(file)", f"not valid TOML: {e}") from None
    return parse_scheme(str(path), data)


def bundled_scheme_files() -> list[Path]:
    folder = resources.files(__name__)
    return sorted(
        Path(str(f)) for f in folder.iterdir() if str(f.name).endswith(".toml")
    )


def load_catalogue(paths: Iterable[Path] | None = None) -> SchemeCatalogue:
    """The bundled scheme years, or those of the given files."""
    files = list(paths) if paths is not None else bundled_scheme_files()
    return SchemeCatalogue([load_scheme(p) for p in files])


def load_catalogue_with(folder: str | None) -> SchemeCatalogue:
    """The bundled scheme years and those of a folder of further files."""
    extra = sorted(Path(folder).glob("*.toml")) if folder else []
    return load_catalogue([*bundled_scheme_files(), *extra])
