"""Prescription of each benefit line (保险法 第二十六条): a benefit's claim
prescribes `windows.prescription_years` after the claimant knew of its insured
event: the death for DEATH and TOP_UP, the latest appraisal for DISABILITY, the
accident for the others (each benefit's spec says which). A line reported after
that is 0 with reason TIME_BARRED, whatever the other lines of the claim."""

from typing import Any

from adjudication.domain.benefits import BenefitLine, BenefitSpec, Case
from adjudication.domain.eligibility import TIME_BARRED, prescribed_on


def time_barred(
    case: Case, spec: BenefitSpec[Any], line: BenefitLine
) -> BenefitLine | None:
    """The line's time-barred replacement, or None when it is in time (or the
    event it prescribes from is not known yet)."""
    known_on = spec.known_on(case) if spec.known_on else case.accident_date
    if known_on is None or case.reported_on is None:
        return None
    last_day = prescribed_on(known_on, case.scheme)
    if case.reported_on <= last_day:
        return None
    years = case.scheme.windows.prescription_years
    return BenefitLine(
        benefit=line.benefit,
        amount_fen=0,
        explanation=(
            f"time-barred: reported on {case.reported_on}, after the "
            f"{line.benefit} claim prescribed on {last_day} ({years} years after "
            f"{spec.known_from} on {known_on})"
        ),
        rule=line.rule,
        reason_code=TIME_BARRED,
    )
