"""The unit of work of both command sides, claims and enrolment.

`attempt` lets the domain decide on fresh state and saves every aggregate it
changed in one transaction; when another writer won the optimistic-concurrency
race it decides again, on fresh state (a failed save has already taken the
losing aggregates' pending events: they are never saved again).

`execute` does the same for a command with a client request id: a receipt is
saved last in the same transaction, and the same request again returns the
first outcome (the subject as it left it, and the position the first wrote:
the receipt's) and writes nothing, also when it raced its original and the
original won. Then the rules refuse the repeat (e.g. "already paid"), or its
last save lost: after any refusal or lost race the receipt is read again, and
when it is there it answers instead.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Recording

from adjudication.adapters import call_deadline
from adjudication.adapters.event_positions import positions_of
from adjudication.adapters.storage import ServiceApplication
from adjudication.domain.commands import Command
from adjudication.domain.errors import (
    ConcurrencyConflict,
    DomainError,
    RequestIdReused,
    Violations,
)
from adjudication.service_layer.receipts import CommandReceipt, fingerprint

MAX_REQUEST_ID = 128
T = TypeVar("T")
# What a decision returns: its outcome, and the aggregates it changed (None for
# one it had no need of).
Decision = tuple[T, Sequence[Aggregate | None]]


@dataclass(frozen=True)
class Executed:
    subject: Aggregate  # the aggregate the command is about, as it left it
    replayed: bool  # True when the request id was seen before: nothing written
    # The last log position the command wrote (its receipt's, replayed too),
    # for reading one's own write from the read models.
    position: int


def require_request_id(command: Command) -> None:
    if not command.request_id.strip() or len(command.request_id) > MAX_REQUEST_ID:
        problems = Violations()
        problems.add("request_id", f"1 to {MAX_REQUEST_ID} characters")
        problems.raise_if_any()


class UnitOfWork(ServiceApplication):
    # Each lost race means another writer committed: with n writers on one
    # aggregate a command loses at most n - 1 times in a row.
    max_attempts = 10

    def attempt(
        self, decide: Callable[[int], Decision[T]], what: str = "the command"
    ) -> tuple[T, list[Recording[UUID]]]:
        """Decide (given the attempt's number, from 0) and save, until a save
        wins; the outcome and what was recorded."""
        for attempt in range(self.max_attempts):
            call_deadline.check()
            outcome, changed = decide(attempt)
            call_deadline.check()
            try:
                recordings = self.save(*(a for a in changed if a is not None))
            except IntegrityError:
                # Another writer won: after a short random pause, so that
                # racing retries spread out.
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                continue
            return outcome, recordings
        raise ConcurrencyConflict(
            f"{what} lost {self.max_attempts} concurrency races in a row; retry"
        )

    def execute(
        self, command: Command, decide: Callable[[], Decision[Aggregate]]
    ) -> Executed:
        """Run a client's command once, however often it is sent."""
        require_request_id(command)
        name = type(command).__name__
        digest = fingerprint(command)
        receipt_id = CommandReceipt.create_id(command.request_id)

        # The earlier outcome when there is one, else the subject as decided.
        def decide_once(attempt: int) -> Decision[Executed | Aggregate]:
            previous = self._replay(receipt_id, name, digest)
            if previous is not None:
                return previous, ()
            subject, changed = decide()
            receipt = CommandReceipt(
                request_id=command.request_id,
                command=name,
                fingerprint=digest,
                claim_id=subject.id,
                claim_version=subject.version,
            )
            return subject, (subject, *changed, receipt)

        try:
            outcome, recordings = self.attempt(decide_once, name)
        except DomainError:
            # Refused, or every race lost: perhaps to this request's own copy.
            previous = self._replay(receipt_id, name, digest)
            if previous is None:
                raise
            return previous
        if isinstance(outcome, Executed):
            return outcome
        position = max(r.notification.id for r in recordings)
        return Executed(outcome, replayed=False, position=position)

    def _replay(self, receipt_id: UUID, command: str, digest: str) -> Executed | None:
        try:
            receipt: CommandReceipt = self.repository.get(receipt_id)
        except AggregateNotFoundError:
            return None
        if receipt.command != command or receipt.fingerprint != digest:
            raise RequestIdReused(
                f"request id {receipt.request_id} was used for another "
                f"{receipt.command} request"
            )
        subject: Aggregate = self.repository.get(
            receipt.claim_id, version=receipt.claim_version
        )
        position = positions_of(self.recorder, receipt.id).get(receipt.version, 0)
        return Executed(subject, replayed=True, position=position)
