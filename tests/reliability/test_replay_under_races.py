"""A command that loses to its own earlier copy (the same request id, sent
again by a client that timed out, on another replica) answers with the first
outcome, `replayed`, never with the refusal the rules give the repeat: the
receipt is read again after any refusal or lost race. Forced interleavings on
real SQLite and PostgreSQL stores, for each command a repeat of which the
rules refuse."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from adjudication.claims.application import ClaimsApplication, CommandResult
from adjudication.domain.commands import (
    AssessClaim,
    Command,
    RecordDocuments,
    RecordPayment,
    RejectClaim,
    ReopenClaim,
    ReportClaim,
    WithdrawClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import ConcurrencyConflict
from adjudication.domain.facts import Invoice
from tests.builders import (
    Clock,
    Journeys,
    accident,
    documents_for,
    medical_documents,
)
from tests.figures import measured
from tests.integration.conftest import AppFactory

FALL = date(2024, 12, 1)
INVOICE = Invoice("INV-1", FALL, 50_000, 0)


def report(journeys: Journeys, insured: str) -> CommandResult:
    return journeys.report(insured, ["MEDICAL"], FALL)


def documented(journeys: Journeys, insured: str) -> Any:
    claim = report(journeys, insured).claim
    return RecordDocuments("docs", claim.id, medical_documents(INVOICE))


def assessed(journeys: Journeys, insured: str) -> Any:
    claim = report(journeys, insured).claim
    journeys.app.record_documents(
        RecordDocuments(
            "docs", claim.id, documents_for(["MEDICAL"], FALL, invoices=(INVOICE,))
        )
    )
    return AssessClaim("assess", claim.id)


def paid(journeys: Journeys, insured: str) -> Any:
    claim = journeys.assessed(insured, ["MEDICAL"], FALL, invoices=(INVOICE,)).claim
    return RecordPayment("pay", claim.id, claim.outstanding_fen, "BANK-1", FALL)


def rejected(journeys: Journeys, insured: str) -> Any:
    claim = report(journeys, insured).claim
    return RejectClaim("reject", claim.id, (Reason("FRAUD", "伪造"),), "拒赔通知")


def withdrawn(journeys: Journeys, insured: str) -> Any:
    return WithdrawClaim("withdraw", report(journeys, insured).claim.id, "撤回")


def reopened(journeys: Journeys, insured: str) -> Any:
    claim_id = report(journeys, insured).claim.id
    journeys.app.reject_claim(
        RejectClaim("first", claim_id, (Reason("FRAUD", "伪造"),), "拒赔通知")
    )
    return ReopenClaim("reopen", claim_id, "申诉")


def reported(journeys: Journeys, insured: str) -> Any:
    return ReportClaim("report", insured, "张建国", ("MEDICAL",), accident(FALL))


# Each command, made ready on its claim; the repeat is refused by the rules
# (ALREADY_PAID, CLAIM_CLOSED, DUPLICATE_INVOICE, ACCIDENT_ALREADY_RECORDED, ...)
# or, for AssessClaim, decided again.
COMMANDS: dict[str, Callable[[Journeys, str], Command]] = {
    "ReportClaim": reported,
    "RecordDocuments": documented,
    "AssessClaim": assessed,
    "RejectClaim": rejected,
    "RecordPayment": paid,
    "WithdrawClaim": withdrawn,
    "ReopenClaim": reopened,
}
RUN = {
    "ReportClaim": ClaimsApplication.report_claim,
    "RecordDocuments": ClaimsApplication.record_documents,
    "AssessClaim": ClaimsApplication.assess_claim,
    "RejectClaim": ClaimsApplication.reject_claim,
    "RecordPayment": ClaimsApplication.record_payment,
    "WithdrawClaim": ClaimsApplication.withdraw_claim,
    "ReopenClaim": ClaimsApplication.reopen_claim,
}


def run(app: ClaimsApplication, command: Command) -> CommandResult:
    result: CommandResult = RUN[type(command).__name__](app, command)
    return result


def ready(make_app: AppFactory, clock: Clock, insured: str, name: str) -> Command:
    command = COMMANDS[name](Journeys(make_app(), clock), insured)
    clock.set(FALL)
    return command


def assert_replays_the_original(copy: CommandResult, original: CommandResult) -> None:
    assert copy.replayed and not original.replayed
    assert copy.claim.id == original.claim.id
    assert copy.claim.version == original.claim.version
    assert copy.position == original.position


@pytest.mark.parametrize("name", COMMANDS)
def test_a_copy_that_finds_its_original_done_after_checking_the_receipt_replays(
    make_app: AppFactory, clock: Clock, insured: str, name: str
) -> None:
    """The copy checks the receipt (none yet), its original commits, the
    copy decides on the new state and the rules refuse it."""
    command = ready(make_app, clock, insured, name)
    original, copy = make_app(), make_app()
    done: list[CommandResult] = []
    replay = copy._replay

    def original_commits_in_between(*args: Any) -> Any:
        found = replay(*args)
        if not done:
            done.append(run(original, command))
        return found

    copy._replay = original_commits_in_between  # type: ignore[method-assign]
    outcome = run(copy, command)
    measured(f"{name}: the copy that lost to its original replayed={outcome.replayed}")
    assert_replays_the_original(outcome, done[0])


@pytest.mark.parametrize("name", COMMANDS)
def test_a_copy_that_loses_its_last_attempt_to_its_original_replays(
    make_app: AppFactory, clock: Clock, insured: str, name: str
) -> None:
    """The original commits just before the copy's last save, which fails."""
    command = ready(make_app, clock, insured, name)
    original, copy = make_app(), make_app()
    copy.max_attempts = 1
    done: list[CommandResult] = []
    save = copy.save

    def original_commits_first(*aggregates: Any, **kwargs: Any) -> Any:
        done.append(run(original, command))
        return save(*aggregates, **kwargs)

    copy.save = original_commits_first  # type: ignore[method-assign]
    outcome = run(copy, command)
    measured(f"{name}: the copy that lost its last race replayed={outcome.replayed}")
    assert_replays_the_original(outcome, done[0])


def test_a_lost_race_without_a_receipt_is_still_a_conflict(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """Only the command's own earlier copy turns a lost race into a replay."""
    command = ready(make_app, clock, insured, "WithdrawClaim")
    app = make_app()
    app.max_attempts = 2

    def always_lose(*aggregates: Any, **kwargs: Any) -> Any:
        raise IntegrityError("another writer won")

    app.save = always_lose  # type: ignore[method-assign]
    with pytest.raises(ConcurrencyConflict):
        run(app, command)
