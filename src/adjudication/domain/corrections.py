"""Correcting an accident (scheme-2024.md I10): an officer corrects its date,
place, cause or description with a reason; the facts are checked as for a
report, the accident records the facts before and after, the insured's accident
register follows its date, and every claim of the accident records the
correction and keeps its accident date (and the scheme year judging it) in
step, all in one transaction.

Eligibility is then decided again, claim by claim:
- a claim paid nothing that the corrected accident leaves uncovered (open, or
  decided and unpaid) is rejected with the eligibility reasons not set aside on
  appeal (I11), and gives back what it consumed;
- a paid claim it leaves uncovered stays decided, its lines at 0 with the
  reasons: what was paid on it is set off or to recover (I2, I7);
- a rejected or withdrawn claim stays closed, even if the correction removed the
  reasons it was rejected for: an officer reopens it, nothing reopens silently;
- the decided claims are recomputed on the corrected facts, as claims of one
  accident (`accident_adjudication`), each change an event; a correction that
  would move a decided claim to another scheme year (or out of every one) is
  refused."""

from collections.abc import Mapping, Sequence
from datetime import date

from adjudication.domain.accident import Accident, AccidentRegister
from adjudication.domain.accident_adjudication import recompute_corrected
from adjudication.domain.appeals import remaining
from adjudication.domain.claim import Claim, ClaimStatus
from adjudication.domain.coverage import Coverage
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.eligibility import Roster, reasons_to_reject, rejection_text
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.facts import AccidentFacts
from adjudication.domain.scheme_year import SchemeCatalogue

DECIDED = (
    ClaimStatus.ASSESSED,
    ClaimStatus.PARTIALLY_PAID,
    ClaimStatus.PAID,
    ClaimStatus.DECIDED_AT_ZERO,
)


def correct_accident(
    accident: Accident,
    claims: Sequence[Claim],
    register: AccidentRegister,
    coverages: Mapping[str, Coverage],
    facts: AccidentFacts,
    reason_code: str,
    reason_text: str,
    today: date,
    catalogue: SchemeCatalogue,
    roster: Roster,
    standard: DisabilityStandard,
    request_id: str,
    actor: str,
) -> None:
    """`claims`: every claim of the accident; `coverages`: the insured's benefit
    ledgers that exist, by scheme year."""
    scheme = catalogue.for_accident(facts.occurred_on)
    problems = Violations()
    check_facts(facts, today, catalogue, problems)
    reported = [c.reported_on for c in claims]
    if reported and facts.occurred_on <= today and facts.occurred_on > min(reported):
        problems.add(
            "accident.occurred_on",
            f"is after a claim of it was reported ({min(reported)})",
        )
    before = catalogue.for_accident(accident.occurred_on)
    years = [y for y in (scheme, before) if y is not None] or list(catalogue)
    if not any(reason_code in y.override_reasons for y in years):
        codes = sorted({c for y in years for c in y.override_reasons})
        problems.add("reason_code", "must be one of " + ", ".join(codes))
    if not reason_text.strip():
        problems.add("reason_text", "a correction needs a reason text")
    problems.raise_if_any()
    scheme_id = scheme.id if scheme else None
    for claim in claims:
        if claim.status in DECIDED and claim.scheme_id != scheme_id:
            raise StateForbids(
                f"claim {claim.id} is {claim.status} under {claim.scheme_id}; the "
                f"corrected date {facts.occurred_on} is judged by "
                f"{scheme_id or 'no scheme year'}: reopen the claim first",
                "DECIDED_CLAIM_CHANGES_SCHEME_YEAR",
            )
    correction = accident.correct(
        facts, reason_code, reason_text, today, request_id, actor
    )
    register.move(accident.id, facts.occurred_on)
    eligibility = (
        roster.eligibility(accident.insured_id_number, facts.occurred_on)
        if scheme
        else None
    )
    uncovered = {}
    for claim in claims:
        reasons = remaining(
            reasons_to_reject(scheme, facts, claim.reported_on, eligibility),
            claim.set_asides,
        )
        if reasons:
            uncovered[claim.id] = tuple(reasons)
        judged_by = claim.scheme_id
        claim.accident_corrected(
            correction.before,
            correction.after,
            scheme_id,
            tuple(reasons),
            request_id,
            actor,
        )
        # A paid claim stays decided, at 0 (recompute_corrected); one paid
        # nothing is not covered: rejected.
        if reasons and not claim.is_closed and not claim.paid_anything:
            claim.reject(
                tuple(reasons), rejection_text(reasons), today, request_id, actor
            )
            coverage = coverages.get(judged_by) if judged_by else None
            if coverage is not None:
                coverage.release(claim.id)
    coverage = coverages.get(scheme_id) if scheme_id else None
    if scheme is not None and coverage is not None:
        recompute_corrected(
            accident.id,
            claims,
            uncovered,
            coverage,
            scheme,
            standard,
            today,
            request_id,
            actor,
        )


def check_facts(
    facts: AccidentFacts,
    today: date,
    catalogue: SchemeCatalogue,
    problems: Violations,
    field: str = "accident",
) -> None:
    """As for a report: a date not after today, a place and a description, a
    cause code of the scheme year (of any year when the date is in none)."""
    if facts.occurred_on > today:
        problems.add(f"{field}.occurred_on", "is in the future")
    if not facts.place.strip():
        problems.add(f"{field}.place", "required")
    if not facts.description.strip():
        problems.add(f"{field}.description", "required")
    scheme = catalogue.for_accident(facts.occurred_on)
    years = [scheme] if scheme else list(catalogue)
    if not any(facts.cause in year.causes for year in years):
        problems.add(f"{field}.cause", f"unknown cause code {facts.cause!r}")
