"""A claim's paperwork (理赔材料: invoices, stays, appraisal, burn diagnosis,
death and accident certificates, bank account) as plain JSON values, for the
claim's document."""

from typing import TypedDict

from adjudication.domain.facts import Document


class InvoiceDoc(TypedDict):
    number: str
    issue_date: str
    amount_fen: int
    reimbursed_fen: int


class StayDoc(TypedDict):
    admission_date: str
    discharge_date: str
    hospital: str


class AppraisalDoc(TypedDict):
    item_ids: list[str]
    appraisal_date: str
    institution: str


class BurnAreaDoc(TypedDict):
    region: str
    degree: str
    area_percent: str  # a decimal number


class BurnDoc(TypedDict):
    areas: list[BurnAreaDoc]
    diagnosis_date: str


class DeathDoc(TypedDict):
    death_date: str
    cause: str
    caused_by_accident: bool


class AccidentCertificateDoc(TypedDict):
    issuer: str
    issue_date: str


class BankAccountDoc(TypedDict):
    holder: str
    bank: str
    account_number: str


class PaperworkDoc(TypedDict):
    """One document the claim received."""

    kind: str
    invoices: list[InvoiceDoc]
    stays: list[StayDoc]
    appraisal: AppraisalDoc | None
    burn: BurnDoc | None
    death: DeathDoc | None
    accident_certificate: AccidentCertificateDoc | None
    bank_account: BankAccountDoc | None


def paperwork(doc: Document) -> PaperworkDoc:
    appraisal, burn, death = doc.appraisal, doc.burn, doc.death
    certificate, account = doc.accident_certificate, doc.bank_account
    return PaperworkDoc(
        kind=doc.kind,
        invoices=[
            InvoiceDoc(
                number=i.number,
                issue_date=i.issued_on.isoformat(),
                amount_fen=i.amount_fen,
                reimbursed_fen=i.reimbursed_fen,
            )
            for i in doc.invoices
        ],
        stays=[
            StayDoc(
                admission_date=s.admitted_on.isoformat(),
                discharge_date=s.discharged_on.isoformat(),
                hospital=s.hospital,
            )
            for s in doc.stays
        ],
        appraisal=AppraisalDoc(
            item_ids=list(appraisal.item_ids),
            appraisal_date=appraisal.appraised_on.isoformat(),
            institution=appraisal.institution,
        )
        if appraisal
        else None,
        burn=BurnDoc(
            areas=[
                BurnAreaDoc(
                    region=a.region, degree=a.degree, area_percent=str(a.area_percent)
                )
                for a in burn.areas
            ],
            diagnosis_date=burn.diagnosed_on.isoformat(),
        )
        if burn
        else None,
        death=DeathDoc(
            death_date=death.died_on.isoformat(),
            cause=death.cause,
            caused_by_accident=death.caused_by_accident,
        )
        if death
        else None,
        accident_certificate=AccidentCertificateDoc(
            issuer=certificate.issuer, issue_date=certificate.issued_on.isoformat()
        )
        if certificate
        else None,
        bank_account=BankAccountDoc(
            holder=account.holder,
            bank=account.bank,
            account_number=account.account_number,
        )
        if account
        else None,
    )
