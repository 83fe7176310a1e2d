"""Whether a claim can be paid at all: the person covered on the accident date,
the accident inside a scheme year's coverage, a real accident not excluded, and
reported before the claim prescribes (保险法 第二十六条).

A claim failing any of these is still recorded, then rejected with every reason
that applies: the insurer owes a reasoned rejection notice (保险法 第二十四条)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from adjudication.domain.calendar import add_years
from adjudication.domain.errors import Violations
from adjudication.domain.facts import AccidentFacts
from adjudication.domain.scheme_year import SchemeYear

# Reasons the rules themselves give; an officer may cite them too.
TIME_BARRED = "TIME_BARRED"
AUTOMATIC_REASONS = (
    "NOT_COVERED",
    "NOT_ENROLLED",
    "NOT_CONFIRMED",
    "COVERAGE_ENDED",
    "OUTSIDE_COVERAGE_PERIOD",
    "NOT_AN_ACCIDENT",
    "EXCLUDED_CAUSE",
    TIME_BARRED,
)


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Eligibility:
    """The roster's answer: covered, or a reason code such as NOT_ENROLLED,
    NOT_CONFIRMED or COVERAGE_ENDED with a text for the rejection notice."""

    covered: bool
    reason_code: str = ""
    reason_text: str = ""
    township: str = ""  # where the person is enrolled, when they are


class Roster(Protocol):
    """Answers "is this person covered on this date, and if not why"."""

    def eligibility(self, resident_id_number: str, on: date) -> Eligibility: ...


def reasons_to_reject(
    scheme: SchemeYear | None,
    accident: AccidentFacts,
    reported_on: date,
    eligibility: Eligibility | None,
    benefits: Iterable[str] | None = None,
) -> list[Reason]:
    """Every reason the claim cannot be paid, whatever its benefits; TIME_BARRED
    only when the prescription of every one of `benefits` (all, when not given)
    runs from the accident date. A benefit that prescribes from a later event
    (a death, an appraisal) is judged line by line at assessment, once the
    documents show that event (`domain.prescription`)."""
    if scheme is None:
        return [
            Reason(
                "OUTSIDE_COVERAGE_PERIOD",
                f"the accident of {accident.occurred_on} is outside the coverage "
                "period of every scheme year",
            )
        ]
    reasons = []
    if eligibility is not None and not eligibility.covered:
        reasons.append(
            Reason(
                eligibility.reason_code or "NOT_COVERED",
                eligibility.reason_text
                or f"the insured was not covered on {accident.occurred_on}",
            )
        )
    causes = scheme.causes
    if accident.cause in causes.not_accident:
        reasons.append(
            Reason(
                "NOT_AN_ACCIDENT",
                f"{causes.describe(accident.cause)} is not an accident (not an "
                "external, sudden, unintended, non-disease event)",
            )
        )
    if accident.cause in causes.excluded:
        reasons.append(
            Reason(
                "EXCLUDED_CAUSE",
                f"{causes.describe(accident.cause)} is excluded by the scheme",
            )
        )
    prescribed_after = prescribed_on(accident.occurred_on, scheme)
    if _runs_from_the_accident(scheme, benefits) and reported_on > prescribed_after:
        reasons.append(
            Reason(
                TIME_BARRED,
                f"reported on {reported_on}, after the claim prescribed on "
                f"{prescribed_after} ({scheme.windows.prescription_years} years "
                "after the accident)",
            )
        )
    return reasons


def prescribed_on(known_on: date, scheme: SchemeYear) -> date:
    """The last day a claim known of on `known_on` may be reported (保险法
    第二十六条): reported on the anniversary, it is in time."""
    return add_years(known_on, scheme.windows.prescription_years)


def _runs_from_the_accident(scheme: SchemeYear, benefits: Iterable[str] | None) -> bool:
    if benefits is None:
        return True
    offered = scheme.benefits
    return all(b not in offered or offered[b].spec.known_on is None for b in benefits)


def check_rejection(
    reasons: tuple[Reason, ...], text: str, scheme: SchemeYear | None
) -> None:
    """An officer's rejection gives known reasons, each with a text, and the
    notice's text (保险法 第二十四条)."""
    problems = Violations()
    known = set(AUTOMATIC_REASONS)
    if scheme is not None:
        known |= set(scheme.rejection_reasons)
    if not reasons:
        problems.add("reasons", "a rejection gives at least one reason")
    for i, reason in enumerate(reasons):
        if reason.code not in known:
            problems.add(
                f"reasons[{i}].code",
                f"unknown reason {reason.code!r}",
                "UNKNOWN_REJECTION_REASON",
            )
        if not reason.text.strip():
            problems.add(f"reasons[{i}].text", "required")
    if not text.strip():
        problems.add("text", "the rejection notice needs a text")
    problems.raise_if_any()


def rejection_text(reasons: Sequence[Reason]) -> str:
    """The notice of an automatic rejection: its reasons' texts."""
    return "; ".join(reason.text for reason in reasons)
