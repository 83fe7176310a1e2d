"""Domain values and claims' documents to proto messages, and the contract's
enums to domain values (requests are read by `request_reader`).

A claim reaches the contract one way: its document (`projections.
claim_document`, which the claim records read model stores too), mapped by
`claim_message`.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Protocol
from uuid import UUID

from google.protobuf.timestamp_pb2 import Timestamp

from adjudication.domain.accident import Accident
from adjudication.domain.claim import Claim, ClaimStatus
from adjudication.domain.scheme_year import SchemeCatalogue
from adjudication.v1 import claims_pb2 as pb
from projections.claim_document import ClaimDocument, ClaimDocuments, LineDoc
from projections.paperwork_document import PaperworkDoc

CLAIMS = "claims/"


def benefit_to_proto(benefit: str) -> str:
    """The enum value's name, which message constructors take."""
    return f"BENEFIT_{benefit}"


class ClaimSource(Protocol):
    """What presenting a claim needs: the claims application."""

    catalogue: SchemeCatalogue

    def get_accident(self, accident_id: UUID) -> Accident: ...


class ClaimPresenter:
    """Claims as the contract shows them: the claim's document (the same the
    claim records read model stores), as a message."""

    def __init__(self, app: ClaimSource) -> None:
        # Not cached: an accident may be corrected (by another replica, too).
        accident: Callable[[UUID], Accident] = app.get_accident
        self.documents = ClaimDocuments(app.catalogue, accident)

    def claim(self, claim: Claim) -> pb.Claim:
        return claim_message(self.documents.of(claim))


def claim_message(doc: ClaimDocument) -> pb.Claim:
    """The one mapping of a claim to its message."""
    accident = doc["accident"]
    message = pb.Claim(
        name=f"{CLAIMS}{doc['claim_id']}",
        claim_id=doc["claim_id"],
        scheme_id=doc["scheme_id"] or "",
        insured_id_number=doc["insured_id_number"],
        insured_name=doc["insured_name"],
        accident_id=doc["accident_id"],
        accident=pb.AccidentFacts(
            accident_date=accident["accident_date"],
            place=accident["place"],
            cause=accident["cause"],
            description=accident["description"],
        ),
        benefits=[benefit_to_proto(b) for b in doc["benefits"]],
        status=f"CLAIM_STATUS_{doc['status']}",
        report_time=timestamp(datetime.fromisoformat(doc["report_time"])),
        report_date=doc["report_date"],
        required_documents=doc["required_documents"],
        missing_documents=[
            pb.MissingDocument(kind=m["kind"], display_name=m["display_name"])
            for m in doc["missing_documents"]
        ],
        documents=[_document(d) for d in doc["documents"]],
        documents_complete_date=doc["documents_complete_date"] or "",
        payments=[
            pb.Payment(
                amount_fen=p["amount_fen"],
                payment_date=p["payment_date"],
                reference=p["reference"],
            )
            for p in doc["payments"]
        ],
        assessed_fen=doc["assessed_fen"],
        paid_fen=doc["paid_fen"],
        withdrawal_date=doc["withdrawal_date"] or "",
        version=doc["version"],
        update_time=timestamp(datetime.fromisoformat(doc["update_time"])),
        township=doc["township"],
        set_asides=[
            pb.SetAside(
                reason_code=a["reason_code"],
                override_reason_code=a["override_reason_code"],
                text=a["text"],
            )
            for a in doc.get("set_asides", [])
        ],
        outstanding_fen=doc.get(
            "outstanding_fen", doc["assessed_fen"] - doc["paid_fen"]
        ),
        to_recover_fen=doc.get("to_recover_fen", 0),
        recovered_fen=doc.get("recovered_fen", 0),
        set_offs=[
            pb.SetOff(
                from_claim=f"{CLAIMS}{s['from_claim_id']}",
                from_benefit=benefit_to_proto(s["from_benefit"]),
                to_claim=f"{CLAIMS}{s['to_claim_id']}",
                to_benefit=benefit_to_proto(s["to_benefit"]),
                amount_fen=s["amount_fen"],
                explanation=s["explanation"],
            )
            for s in doc.get("set_offs", [])
        ],
        recoveries=[
            pb.Recovery(
                amount_fen=r["amount_fen"],
                recovery_date=r["recovery_date"],
                reference=r["reference"],
            )
            for r in doc.get("recoveries", [])
        ],
    )
    assessment = doc["assessment"]
    if assessment is not None:
        message.assessment.CopyFrom(
            pb.Assessment(
                lines=[_line(line) for line in assessment["lines"]],
                assessment_date=assessment["assessment_date"],
                total_fen=assessment["total_fen"],
            )
        )
    rejection = doc["rejection"]
    if rejection is not None:
        message.rejection.CopyFrom(
            pb.Rejection(
                reasons=[
                    pb.RejectionReason(code=r["code"], text=r["text"])
                    for r in rejection["reasons"]
                ],
                text=rejection["text"],
                rejection_date=rejection["rejection_date"],
            )
        )
    due = doc["deadlines"]
    message.deadlines.CopyFrom(
        pb.StatutoryDeadlines(
            decision_due_date=due["decision_due_date"] or "",
            advance_payment_due_date=due["advance_payment_due_date"] or "",
            payment_due_date=due["payment_due_date"] or "",
            rejection_notice_due_date=due["rejection_notice_due_date"] or "",
        )
    )
    return message


def timestamp(instant: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(instant)
    return stamp


def _line(line: LineDoc) -> pb.BenefitLine:
    message = pb.BenefitLine(
        benefit=benefit_to_proto(line["benefit"]),
        amount_fen=line["amount_fen"],
        explanation=line["explanation"],
        rule=line["rule"],
        reason_code=line["reason_code"] or "",
        deductible_fen=line["deductible_fen"],
        days=line["days"],
        ratio_percent=line["ratio_percent"],
        override_reason_code=line["override_reason_code"] or "",
        override_reason_text=line["override_reason_text"] or "",
        override_input=line.get("override_input") or "",
    )
    computed = line["computed_fen"]
    if computed is not None:
        message.computed_fen = computed
    computed_input = line.get("computed_input")
    if computed_input is not None:
        message.computed_input = computed_input
    overridden_input = line.get("overridden_input")
    if overridden_input is not None:
        message.overridden_input = overridden_input
    return message


def _document(doc: PaperworkDoc) -> pb.Document:
    message = pb.Document(
        kind=doc["kind"],
        invoices=[
            pb.Invoice(
                number=i["number"],
                issue_date=i["issue_date"],
                amount_fen=i["amount_fen"],
                reimbursed_fen=i["reimbursed_fen"],
            )
            for i in doc["invoices"]
        ],
        stays=[
            pb.HospitalStay(
                admission_date=s["admission_date"],
                discharge_date=s["discharge_date"],
                hospital=s["hospital"],
            )
            for s in doc["stays"]
        ],
    )
    appraisal, burn, death = doc["appraisal"], doc["burn"], doc["death"]
    certificate, account = doc["accident_certificate"], doc["bank_account"]
    if appraisal is not None:
        message.appraisal.CopyFrom(
            pb.DisabilityAppraisal(
                item_ids=appraisal["item_ids"],
                appraisal_date=appraisal["appraisal_date"],
                institution=appraisal["institution"],
            )
        )
    if burn is not None:
        message.burn.CopyFrom(
            pb.BurnDiagnosis(
                areas=[
                    pb.BurnArea(
                        region=a["region"],
                        degree=a["degree"],
                        area_percent=a["area_percent"],
                    )
                    for a in burn["areas"]
                ],
                diagnosis_date=burn["diagnosis_date"],
            )
        )
    if death is not None:
        message.death.CopyFrom(
            pb.DeathCertificate(
                death_date=death["death_date"],
                cause=death["cause"],
                caused_by_accident=death["caused_by_accident"],
            )
        )
    if certificate is not None:
        message.accident_certificate.CopyFrom(
            pb.AccidentCertificate(
                issuer=certificate["issuer"], issue_date=certificate["issue_date"]
            )
        )
    if account is not None:
        message.bank_account.CopyFrom(
            pb.BankAccount(
                holder=account["holder"],
                bank=account["bank"],
                account_number=account["account_number"],
            )
        )
    return message


def benefit_of(value: int) -> str:
    return pb.Benefit.Name(value).removeprefix("BENEFIT_")


def status_of(value: int) -> ClaimStatus:
    return ClaimStatus(pb.ClaimStatus.Name(value).removeprefix("CLAIM_STATUS_"))
