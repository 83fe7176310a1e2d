"""The audit log on the in-memory store: positions by scanning the log, event
types, claims as of an instant, and the log in batches."""

import json
from datetime import date, timedelta
from uuid import uuid4

import pytest

from adjudication.adapters.event_positions import notifications_of, positions_of
from adjudication.claims.application import ClaimsApplication
from adjudication.claims.audit_log import AuditLog, event_types
from adjudication.domain.errors import NotFound
from adjudication.domain.facts import Invoice
from tests.builders import Clock, Journeys


def test_event_types_are_the_recorded_event_classes_by_aggregate_and_name() -> None:
    types = event_types()
    assert types["Claim.PaymentRecorded"] == (
        "adjudication.domain.claim:Claim.PaymentRecorded"
    )
    assert "Claim.Reported" in types and "Coverage.Opened" in types
    assert "Claim.Created" not in types and "Claim.Event" not in types


def test_history_positions_as_of_and_batches_on_the_in_memory_store(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    journeys = Journeys(app, clock)
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
    ).claim
    log = AuditLog(app)
    everything = log.read(0, 1000, log.end())
    mine = [e for e in everything if e.originator_id == claim.id]
    assert [e.position for e in mine] == list(
        positions_of(app.recorder, claim.id).values()
    )
    assert [n.id for n in notifications_of(app.recorder, claim.id)] == [
        e.position for e in mine
    ]
    history = log.claim_history(claim.id)
    assert history == mine
    assert json.loads(history[0].payload_json)["accident_id"] == str(claim.accident_id)

    assert log.claim_as_of(claim.id, history[1].recorded_at).version == 2
    with pytest.raises(NotFound):
        log.claim_as_of(claim.id, history[0].recorded_at - timedelta(microseconds=1))
    with pytest.raises(NotFound):
        log.claim_history(uuid4())
    with pytest.raises(NotFound):
        log.claim_history(claim.accident_id)

    first = log.read(0, 3, log.end())
    rest = log.read(first[-1].position, 1000, log.end())
    assert first + rest == everything
    topics = [event_types()["Claim.Assessed"]]
    assert [e.event_type for e in log.read(0, 10, log.end(), topics)] == [
        "Claim.Assessed"
    ]
