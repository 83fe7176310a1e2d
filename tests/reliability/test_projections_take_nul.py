"""A NUL the edge now refuses may still be in a log recorded before the input
limits: every read model follows such a log to its head on both stores
(PostgreSQL text cannot hold NUL; its views restarted forever on one)."""

from datetime import date

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import RecordPayment
from adjudication.domain.eligibility import Eligibility
from adjudication.domain.facts import Invoice
from projections import runner as projections
from projections.registry import VIEWS
from tests.builders import Clock, Journeys, resident_id
from tests.figures import measured

TOWNSHIP = "昌宁\x00镇"


class RosterOfOneTownship:
    def eligibility(self, resident_id_number: str, on: date) -> Eligibility:
        return Eligibility(True, township=TOWNSHIP)


def test_every_read_model_follows_a_log_with_nul_in_its_text(
    store_env: dict[str, str],
) -> None:
    clock = Clock()
    app = ClaimsApplication(RosterOfOneTownship(), clock=clock, env=store_env)  # type: ignore[arg-type]
    try:
        journeys = Journeys(app, clock)
        day = date(2024, 11, 4)
        claim = journeys.assessed(
            resident_id(1), ["MEDICAL"], day, invoices=(Invoice("F-1", day, 30000),)
        ).claim
        paid = app.get_claim(claim.id)
        app.record_payment(
            RecordPayment("pay-nul", claim.id, paid.outstanding_fen, "BANK\x00REF", day)
        )
        head = app.recorder.max_notification_id()
        assert head is not None
        for name in VIEWS:
            with projections.start(name, store_env) as worker:
                worker.wait(head, timeout=30)
            measured(f"{name}: at position {head} of a log with NUL in its text")
    finally:
        app.close()
