"""Claim documents: what each benefit needs, and whether what came in is usable.

The insurer must ask for every missing document at once (保险法 第二十二条), so
the missing list is always complete, never the first gap found.
"""

from collections.abc import Iterable
from datetime import date

from adjudication.domain.benefits import Benefit
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.errors import Violations
from adjudication.domain.facts import FACT_OF_KIND, Document
from adjudication.domain.scheme_year import SchemeYear

BURN_DEGREES = ("I", "II", "III")
_KIND_OF_FACT = {fact: kind for kind, fact in FACT_OF_KIND.items()}


def missing_documents(
    required: Iterable[str], received: Iterable[Document]
) -> tuple[str, ...]:
    have = {doc.kind for doc in received}
    return tuple(kind for kind in required if kind not in have)


def check_documents(
    documents: tuple[Document, ...],
    scheme: SchemeYear,
    standard: DisabilityStandard,
    accident_date: date,
    problems: Violations,
    field: str = "documents",
) -> None:
    """Report every malformed document and fact, each by its field path."""
    if not documents:
        problems.add(field, "at least one document")
    invoice_numbers: set[str] = set()
    for i, doc in enumerate(documents):
        f = f"{field}[{i}]"
        if doc.kind not in scheme.documents.names:
            problems.add(f"{f}.kind", f"unknown document kind {doc.kind!r}")
        expected = FACT_OF_KIND.get(doc.kind)
        for fact, kind in _KIND_OF_FACT.items():
            present = getattr(doc, fact) not in (None, ())
            if fact == expected and not present:
                problems.add(f"{f}.{fact}", f"a {doc.kind} document must carry it")
            elif fact != expected and present:
                problems.add(f"{f}.{fact}", f"belongs on a {kind} document")
        for j, invoice in enumerate(doc.invoices):
            g = f"{f}.invoices[{j}]"
            if not invoice.number.strip():
                problems.add(f"{g}.number", "required")
            elif invoice.number in invoice_numbers:
                problems.add(f"{g}.number", f"invoice {invoice.number} listed twice")
            invoice_numbers.add(invoice.number)
            if invoice.amount_fen <= 0:
                problems.add(f"{g}.amount_fen", "must be more than 0")
            if not 0 <= invoice.reimbursed_fen <= invoice.amount_fen:
                problems.add(f"{g}.reimbursed_fen", "must be within 0..amount_fen")
        for j, stay in enumerate(doc.stays):
            if stay.discharged_on < stay.admitted_on:
                problems.add(f"{f}.stays[{j}].discharged_on", "before admitted_on")
        if doc.appraisal is not None:
            standard.check(doc.appraisal.item_ids, f"{f}.appraisal.item_ids", problems)
            if doc.appraisal.appraised_on < accident_date:
                problems.add(f"{f}.appraisal.appraised_on", "before the accident")
        if doc.burn is not None:
            _check_burn(doc, scheme, f"{f}.burn", problems)
        if doc.death is not None:
            if doc.death.died_on < accident_date:
                problems.add(f"{f}.death.died_on", "before the accident")
            if not doc.death.cause.strip():
                problems.add(f"{f}.death.cause", "required")
        certificate = doc.accident_certificate
        if certificate is not None and not certificate.issuer.strip():
            problems.add(f"{f}.accident_certificate.issuer", "required")
        account = doc.bank_account
        if account is not None:
            if not account.holder.strip():
                problems.add(f"{f}.bank_account.holder", "required")
            if not account.bank.strip():
                problems.add(f"{f}.bank_account.bank", "required")
            if not (
                _ascii_digits(account.account_number)
                and 8 <= len(account.account_number) <= 30
            ):
                problems.add(f"{f}.bank_account.account_number", "8 to 30 digits")


def _ascii_digits(text: str) -> bool:
    """0-9 only: str.isdigit() also takes full-width and superscript digits."""
    return text.isascii() and text.isdigit()


def _check_burn(
    doc: Document, scheme: SchemeYear, f: str, problems: Violations
) -> None:
    assert doc.burn is not None
    if not doc.burn.areas:
        problems.add(f"{f}.areas", "at least one burned area")
    # A year without the burn benefit has no regions to check a diagnosis against.
    regions = scheme.rule(Benefit.BURN).regions if scheme.offers(Benefit.BURN) else {}
    for k, area in enumerate(doc.burn.areas):
        if regions and area.region not in regions:
            problems.add(
                f"{f}.areas[{k}].region", f"must be one of {', '.join(regions)}"
            )
        if area.degree not in BURN_DEGREES:
            problems.add(f"{f}.areas[{k}].degree", "must be I, II or III")
        if not 0 < area.area_percent <= 100:
            problems.add(f"{f}.areas[{k}].area_percent", "must be within (0, 100]")
    if sum(a.area_percent for a in doc.burn.areas) > 100:
        problems.add(f"{f}.areas", "burned areas add up to more than 100 %")
