"""Enrolment's values as the contract shows them: roster submissions, their
rows' problems, the insured (masked by the access interceptor for a caller
who may not see personal data)."""

from adjudication.domain.enrolment import RosterSubmission, RowOutcome
from adjudication.v1 import enrollment_pb2 as pb
from projections.insured_index import InsuredEntry


def row_problem(outcome: RowOutcome) -> pb.RowProblem:
    return pb.RowProblem(
        row_number=outcome.row_number,
        reason_code=outcome.reason_code,
        detail=outcome.detail,
        resident_id_number=outcome.resident_id_number,
    )


def submission_message(submission: RosterSubmission) -> pb.RosterSubmission:
    return pb.RosterSubmission(
        scheme_id=submission.scheme_id,
        township=submission.township,
        file_name=submission.file_name,
        digest=submission.digest,
        rows=submission.rows,
        accepted=submission.accepted,
        unchanged=submission.unchanged,
        rejected=[row_problem(r) for r in submission.rejected],
        warnings=[row_problem(w) for w in submission.warnings],
        rejected_by_reason=submission.rejected_by_reason,
        warnings_by_code=submission.warnings_by_code,
    )


def insured_message(entry: InsuredEntry) -> pb.Insured:
    return pb.Insured(
        scheme_id=entry.scheme_id,
        resident_id_number=entry.resident_id_number,
        name=entry.name,
        township=entry.township,
        village=entry.village,
        registration=f"REGISTRATION_{entry.registration}",
        confirmation_date=entry.confirmed_on.isoformat() if entry.confirmed_on else "",
        cover_end_date=entry.covered_until.isoformat() if entry.covered_until else "",
        cover_end_reason=entry.cover_end_reason,
    )
