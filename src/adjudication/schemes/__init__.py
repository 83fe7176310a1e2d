"""Scheme-year data files: one TOML file per year, validated at load.

An error names the file and the bad key, so whoever edits next year's file
learns exactly what to fix. The year offers the registered benefits its file
has a `[benefits.<code>]` table for; each benefit's spec reads its own table.
"""

import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from adjudication.domain.benefits import BENEFITS, BenefitRegistry, OfferedBenefit
from adjudication.domain.scheme_year import (
    Causes,
    DocumentChecklist,
    SchemeCatalogue,
    SchemeYear,
    StatutoryDays,
    Windows,
)


class SchemeFileError(ValueError):
    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.key = key


@dataclass(frozen=True)
class _File:
    """What every table of one file shares."""

    source: str
    known: Collection[str]  # the registered benefits
    offered: Collection[str]  # those with a table under [benefits]

    def missing_benefit(self, code: str, why: str) -> SchemeFileError:
        return SchemeFileError(self.source, f"benefits.{code}", f"missing, yet {why}")


class _Table:
    """A TOML table read with its dotted path, so every error names its key."""

    def __init__(self, file: _File, path: str, data: dict[str, Any]) -> None:
        self.file, self.path, self.data = file, path, data
        self._read: set[str] = set()

    def _key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, problem: str) -> SchemeFileError:
        return SchemeFileError(self.file.source, self._key(name), problem)

    def value(self, name: str) -> Any:
        self._read.add(name)
        if name not in self.data:
            raise self.error(name, "missing")
        return self.data[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self.data)

    def table(self, name: str) -> "_Table":
        value = self.value(name)
        if not isinstance(value, dict):
            raise self.error(name, "must be a table")
        return _Table(self.file, self._key(name), value)

    def rows(self, name: str) -> tuple["_Table", ...]:
        value = self.value(name)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(name, "must be a list of tables")
        key = self._key(name)
        return tuple(_Table(self.file, f"{key}[{i}]", v) for i, v in enumerate(value))

    def string(self, name: str) -> str:
        value = self.value(name)
        if not isinstance(value, str) or not value:
            raise self.error(name, "must be a non-empty string")
        return value

    def integer(self, name: str, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.value(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be an integer, not {value!r}")
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
            raise self.error(name, f"must be {bound}, not {value}")
        return value

    def day(self, name: str) -> date:
        value = self.value(name)
        if not isinstance(value, date):
            raise self.error(name, "must be a date (YYYY-MM-DD)")
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.string(name)
        if value not in options:
            raise self.error(name, f"must be one of {', '.join(options)}")
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.value(name)
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v for v in value
        ):
            raise self.error(name, "must be a list of non-empty strings")
        if len(set(value)) != len(value):
            raise self.error(name, "lists an entry twice")
        return tuple(value)

    def benefits(self, name: str) -> tuple[str, ...]:
        """Benefit codes, each registered and offered by this file."""
        codes = self.strings(name)
        for code in codes:
            if code not in self.file.known:
                raise self.error(name, f"unknown benefit {code!r}")
            if code not in self.file.offered:
                raise self.file.missing_benefit(code, f"{self._key(name)} names it")
        return codes

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


def parse_scheme(
    source: str, data: dict[str, Any], benefits: BenefitRegistry = BENEFITS
) -> SchemeYear:
    """The scheme year of a file's data; `benefits` are those it may offer."""
    raw = data.get("benefits")
    offered = [c for c in raw if c in benefits] if isinstance(raw, dict) else []
    root = _Table(_File(source, benefits.codes(), offered), "", data)
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
        backdated_report_days=w.integer("backdated_report_days", minimum=0),
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

    year_benefits = _benefits(root.table("benefits"), benefits)

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

    override_reasons = root.code_texts("override_reasons")
    appeals = root.table("appeals")
    set_aside_by = appeals.strings("set_aside_by")
    for code in set_aside_by:
        if code not in override_reasons:
            raise appeals.error("set_aside_by", f"{code!r} is not an override reason")
    appeals.done()
    overrides = root.table("overrides")
    negotiated_by = overrides.strings("negotiated_by")
    for code in negotiated_by:
        if code not in override_reasons:
            problem = f"{code!r} is not an override reason"
            raise overrides.error("negotiated_by", problem)
    overrides.done()

    year = SchemeYear(
        id=scheme_year_id,
        name=name,
        coverage_start=start,
        coverage_end=end,
        premium_fen=premium,
        windows=windows,
        statutory=statutory,
        benefits=year_benefits,
        causes=causes,
        documents=_documents(root.table("documents"), year_benefits),
        override_reasons=override_reasons,
        rejection_reasons=root.code_texts("rejection_reasons"),
        set_aside_by=set_aside_by,
        negotiated_by=negotiated_by,
    )
    root.done()
    return year


def _benefits(
    table: _Table, registry: BenefitRegistry
) -> dict[str, OfferedBenefit[Any]]:
    """The benefits a year offers, in the order of assessment, each with the
    rule its spec reads from its table."""
    offered: dict[str, OfferedBenefit[Any]] = {}
    for spec in registry:
        if spec.code in table.data:
            rule_table = table.table(spec.code)
            offered[spec.code] = OfferedBenefit(spec, spec.parse(rule_table))
            rule_table.done()
    for code in table.data:
        if code not in registry:
            raise table.error(code, "unknown benefit")
    for code, benefit in offered.items():
        granted_with = benefit.spec.granted_with
        if granted_with is not None and granted_with not in offered:
            raise table.file.missing_benefit(granted_with, f"{code} is granted with it")
    return offered


def _documents(
    d: _Table, benefits: dict[str, OfferedBenefit[Any]]
) -> DocumentChecklist:
    """The documents every claim needs and those of each benefit the year offers."""
    names = d.code_texts("names")
    common = d.strings("common")
    per = d.table("benefits")
    per_benefit: dict[str, tuple[str, ...]] = {}
    for code in per.data:
        if code not in d.file.known:
            raise per.error(code, "unknown benefit")
        if code not in benefits:
            raise d.file.missing_benefit(code, f"{per.path}.{code} names it")
        per_benefit[code] = per.strings(code)
    for code in benefits:
        if code not in per_benefit:
            raise per.error(code, "missing")
    for kind in common + tuple(k for ks in per_benefit.values() for k in ks):
        if kind not in names:
            raise d.error("names", f"has no name for document {kind!r}")
    per.done()
    d.done()
    return DocumentChecklist(common, per_benefit, names)


def load_scheme(path: Path, benefits: BenefitRegistry = BENEFITS) -> SchemeYear:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise SchemeFileError(str(path), "(file)", f"not valid TOML: {e}") from None
    return parse_scheme(str(path), data, benefits)


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
