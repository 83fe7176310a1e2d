"""Statutory due dates of a claim (保险法 第二十三、二十四、二十五条)."""

from dataclasses import dataclass
from datetime import date

from adjudication.domain.calendar import add_days
from adjudication.domain.claim import OPEN, Claim, ClaimStatus
from adjudication.domain.scheme_year import SchemeCatalogue, StatutoryDays


@dataclass(frozen=True)
class DueDates:
    decision_due: date | None  # 30 days after complete documents (a reopened
    # claim: after the last document its reopening awaits, or the reopening)
    advance_payment_due: date | None  # 60 days after, if still not settled
    payment_due: date | None  # 10 days after the decision
    # 3 days after a rejection or a decision at 0: both are notified with
    # their reasons (第二十四条)
    rejection_notice_due: date | None


def due_dates(claim: Claim, days: StatutoryDays) -> DueDates:
    complete = claim.documents_complete_on
    undecided = complete is not None and claim.status in OPEN
    assessment = claim.assessment
    unpaid = assessment is not None and claim.paid_fen < assessment.total_fen
    refused_on = None
    if claim.status == ClaimStatus.REJECTED and claim.rejection is not None:
        refused_on = claim.rejection.rejected_on
    elif claim.status == ClaimStatus.DECIDED_AT_ZERO and assessment is not None:
        refused_on = assessment.assessed_on
    return DueDates(
        decision_due=add_days(complete, days.decision_days)
        if undecided and complete
        else None,
        advance_payment_due=add_days(complete, days.advance_payment_days)
        if undecided and complete
        else None,
        payment_due=add_days(assessment.assessed_on, days.payment_days)
        if unpaid and assessment
        else None,
        rejection_notice_due=add_days(refused_on, days.rejection_notice_days)
        if refused_on
        else None,
    )


def statutory_due_dates(catalogue: SchemeCatalogue, claim: Claim) -> DueDates:
    """A claim's due dates by its scheme year; a claim outside every scheme
    year takes the latest year's statutory days (they come from the law)."""
    if claim.scheme_id is not None:
        scheme = catalogue.get(claim.scheme_id)
    else:
        scheme = list(catalogue)[-1]
    return due_dates(claim, scheme.statutory)
