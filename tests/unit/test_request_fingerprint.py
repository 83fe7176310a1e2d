"""A request id's fingerprint: a documented, stable encoding of the command's
fields, so a retry replays across upgrades and a reused id is told apart."""

import hashlib
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adjudication.domain.commands import Command, RecordDocuments, RecordPayment
from adjudication.domain.facts import Document, Invoice
from adjudication.service_layer.receipts import fingerprint

CLAIM = UUID(int=1)


def test_the_fingerprint_is_the_sha256_of_the_documented_json() -> None:
    command = RecordPayment(
        "pay-1", CLAIM, 78000, "ABC2024110800017", date(2024, 11, 8)
    )
    document = (
        '{"command":"RecordPayment","fields":{"amount_fen":78000,'
        '"claim_id":"00000000-0000-0000-0000-000000000001",'
        '"paid_on":"2024-11-08","reference":"ABC2024110800017"}}'
    )
    assert fingerprint(command) == hashlib.sha256(document.encode()).hexdigest()


def test_a_retry_after_an_upgrade_that_adds_an_optional_field_still_replays() -> None:
    @dataclass(frozen=True)
    class RecordPaymentNextYear(Command):
        claim_id: UUID
        amount_fen: int
        reference: str
        paid_on: date | None = None
        payee_note: str = ""  # the field the upgrade added

    RecordPaymentNextYear.__name__ = "RecordPayment"
    before = RecordPayment("pay-1", CLAIM, 78000, "BANK-1")
    after = RecordPaymentNextYear("pay-1", CLAIM, 78000, "BANK-1")
    assert fingerprint(after) == fingerprint(before)


def test_an_optional_field_added_to_a_document_keeps_the_fingerprint() -> None:
    invoice = Invoice("F-001", date(2024, 11, 3), 128000)
    plain = RecordDocuments("docs", CLAIM, (Document("MEDICAL_INVOICES"),))
    with_defaults = RecordDocuments(
        "docs", CLAIM, (Document("MEDICAL_INVOICES", invoices=()),)
    )
    assert fingerprint(plain) == fingerprint(with_defaults)
    with_invoice = RecordDocuments(
        "docs", CLAIM, (Document("MEDICAL_INVOICES", invoices=(invoice,)),)
    )
    assert fingerprint(with_invoice) != fingerprint(plain)


def test_the_request_id_is_the_key_not_part_of_the_fingerprint() -> None:
    assert fingerprint(RecordPayment("a", CLAIM, 100, "B")) == fingerprint(
        RecordPayment("b", CLAIM, 100, "B")
    )


def test_a_list_and_a_tuple_of_the_same_items_are_the_same_request() -> None:
    docs = [Document("CLAIM_FORM"), Document("ID_CARD")]
    listed = RecordDocuments("docs", CLAIM, docs)  # type: ignore[arg-type]
    assert listed.documents == tuple(docs)
    assert fingerprint(listed) == fingerprint(
        RecordDocuments("docs", CLAIM, tuple(docs))
    )


def test_a_different_amount_is_a_different_request() -> None:
    assert fingerprint(RecordPayment("p", CLAIM, 100, "B")) != fingerprint(
        RecordPayment("p", CLAIM, 101, "B")
    )
