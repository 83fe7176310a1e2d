"""Appeals can overturn automatic reasons (scheme-2024.md I11): on a reopened
claim an officer sets aside an automatic rejection reason (NOT_AN_ACCIDENT,
EXCLUDED_CAUSE, TIME_BARRED, ...) citing an override reason the scheme year
allows for it (its `[appeals] set_aside_by`: APPEAL_DECISION, COURT_RULING)
with a text. The assessment then ignores that reason; the claim keeps the
set-aside, per reason, until another set-aside of the same reason replaces it."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from adjudication.domain.eligibility import AUTOMATIC_REASONS, Reason
from adjudication.domain.errors import Violations
from adjudication.domain.scheme_year import SchemeYear


@dataclass(frozen=True)
class SetAside:
    """An automatic reason an officer set aside, and on what authority."""

    reason_code: str  # the automatic rejection reason set aside
    override_reason_code: str  # e.g. APPEAL_DECISION, COURT_RULING
    text: str


def check_set_asides(
    set_asides: Sequence[SetAside],
    reasons_now: Sequence[Reason],
    scheme: SchemeYear,
    field: str = "set_asides",
) -> None:
    """Each entry sets aside an automatic reason the rules give the claim now,
    once, citing an override reason the scheme year allows, with a text."""
    problems = Violations()
    has = {r.code for r in reasons_now}
    seen: set[str] = set()
    for i, entry in enumerate(set_asides):
        f = f"{field}[{i}]"
        code = entry.reason_code
        if code not in AUTOMATIC_REASONS:
            problems.add(
                f"{f}.reason_code",
                f"{code!r} is not an automatic reason; one of "
                + ", ".join(AUTOMATIC_REASONS),
            )
        elif code not in has:
            given = ", ".join(sorted(has)) or "none"
            problems.add(
                f"{f}.reason_code",
                f"the claim does not have the reason {code} (it has: {given})",
            )
        elif code in seen:
            problems.add(f"{f}.reason_code", f"{code} is set aside twice")
        seen.add(code)
        if entry.override_reason_code not in scheme.set_aside_by:
            problems.add(
                f"{f}.override_reason_code",
                "must be one of " + ", ".join(scheme.set_aside_by),
            )
        if not entry.text.strip():
            problems.add(f"{f}.text", "a set-aside needs a text")
    problems.raise_if_any()


def merged(kept: Iterable[SetAside], new: Iterable[SetAside]) -> tuple[SetAside, ...]:
    """The set-asides in force: the kept ones, each replaced by a new one of the
    same reason, then the new ones of other reasons."""
    by_reason = {s.reason_code: s for s in kept}
    for entry in new:
        by_reason[entry.reason_code] = entry
    return tuple(by_reason.values())


def remaining(
    reasons: Iterable[Reason], set_asides: Iterable[SetAside]
) -> list[Reason]:
    """The reasons that still stand."""
    aside = {s.reason_code for s in set_asides}
    return [r for r in reasons if r.code not in aside]
