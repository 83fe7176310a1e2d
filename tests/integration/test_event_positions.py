"""The positions of one aggregate's events in the log, by one query per store,
on a real SQLite file and a real PostgreSQL database: the same as scanning the
whole log."""

import json
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.persistence import Notification

from adjudication.adapters.event_positions import notifications_of, positions_of
from adjudication.claims.application import ClaimsApplication
from adjudication.claims.audit_log import AuditLog
from adjudication.domain.facts import Invoice
from tests.builders import Clock, Journeys


def whole_log(app: ClaimsApplication) -> list[Notification]:
    return list(app.recorder.select_notifications(1, 1_000_000))


def of(log: list[Notification], originator_id: UUID) -> list[Notification]:
    return [n for n in log if n.originator_id == originator_id]


def test_positions_of_claims_equal_a_scan_of_the_whole_log(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    journeys = Journeys(app, clock)
    first = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
    ).claim
    # Another claim in between, so the first claim's positions are not contiguous.
    second = journeys.report(insured, ["MEDICAL"], date(2024, 11, 20)).claim
    journeys.pay_in_full(first.id, date(2024, 11, 25))

    log = whole_log(app)
    for claim_id in (first.id, second.id):
        expected = of(log, claim_id)
        found = notifications_of(app.recorder, claim_id)
        assert found == expected
        assert positions_of(app.recorder, claim_id) == {
            n.originator_version: n.id for n in expected
        }
    positions = list(positions_of(app.recorder, first.id).items())
    assert [v for v, _ in positions] == [1, 2, 3, 4]
    assert [p for _, p in positions] == sorted(p for _, p in positions)
    assert positions[-1][1] - positions[0][1] > 3  # other events in between
    assert notifications_of(app.recorder, uuid4()) == []


def test_a_claims_history_decodes_into_plain_json(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    journeys = Journeys(app, clock)
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
    ).claim
    history = AuditLog(app).claim_history(claim.id)
    assert [e.name for e in history] == ["Reported", "DocumentsReceived", "Assessed"]
    assert history[0].event_type == "Claim.Reported"
    reported = json.loads(history[0].payload_json)
    assert reported["accident_id"] == str(claim.accident_id)
    assert reported["accident_date"] == "2024-11-03"
    assert "timestamp" not in reported and "originator_id" not in reported
    assessed = json.loads(history[2].payload_json)
    assert assessed["lines"][0]["amount_fen"] == 78000
    assert assessed["assessed_on"] == "2024-11-03"
    received = json.loads(history[1].payload_json)
    (invoices,) = [d for d in received["documents"] if d["kind"] == "MEDICAL_INVOICES"]
    assert invoices["invoices"][0]["number"] == "F-001"
    assert invoices["invoices"][0]["amount_fen"] == 128000
    assert invoices["appraisal"] is None
    assert history[0].recorded_at <= history[1].recorded_at <= history[2].recorded_at
