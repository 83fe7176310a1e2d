"""Every medical invoice number an insured has presented, and the claim it
belongs to: the same invoice is never paid on two claims."""

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from adjudication.domain.errors import Violations
from adjudication.domain.facts import Document


class InvoiceRegister(Aggregate):
    @event("Opened")
    def __init__(self, id: UUID, insured_id_number: str) -> None:
        self.insured_id_number = insured_id_number
        self.claim_of: dict[str, UUID] = {}

    def present(self, claim_id: UUID, documents: tuple[Document, ...]) -> None:
        """Register the documents' invoices to the claim; refuse any that another
        claim of this insured already presented (its claim is reopened instead)."""
        problems = Violations()
        numbers = []
        for i, doc in enumerate(documents):
            for j, invoice in enumerate(doc.invoices):
                owner = self.claim_of.get(invoice.number)
                if owner is not None and owner != claim_id:
                    problems.add(
                        f"documents[{i}].invoices[{j}].number",
                        f"invoice {invoice.number} was already claimed on claim "
                        f"{owner}",
                        "DUPLICATE_INVOICE",
                        claim_id=str(owner),
                    )
                numbers.append(invoice.number)
        problems.raise_if_any()
        if numbers:
            self._presented(claim_id, tuple(numbers))

    @event("InvoicesPresented")
    def _presented(self, claim_id: UUID, numbers: tuple[str, ...]) -> None:
        for number in numbers:
            self.claim_of[number] = claim_id
