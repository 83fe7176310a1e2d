"""Client request ids: a repeated command returns its first outcome and writes
nothing. The receipt is an aggregate whose id derives from the request id, saved
in the same transaction as the command's events, so two racing copies of one
request cannot both be recorded."""

import hashlib
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import register_topic

RECEIPTS = uuid5(NAMESPACE_URL, "urn:adjudication:request")


def fingerprint(command: str, arguments: object) -> str:
    """A digest of what was asked, to tell a true repeat from a reused id."""
    return hashlib.sha256(f"{command}:{arguments!r}".encode()).hexdigest()


class CommandReceipt(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> UUID:
        return uuid5(RECEIPTS, request_id)

    @event("Recorded")
    def __init__(
        self,
        request_id: str,
        command: str,
        fingerprint: str,
        claim_id: UUID,
        claim_version: int,
    ) -> None:
        self.request_id = request_id
        self.command = command
        self.fingerprint = fingerprint
        self.claim_id = claim_id
        self.claim_version = claim_version


# Receipts recorded before the move to the service layer keep their topic.
register_topic("adjudication.idempotency:CommandReceipt", CommandReceipt)
