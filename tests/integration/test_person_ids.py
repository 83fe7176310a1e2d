"""A person's aggregates (benefit ledger, accident and invoice registers, the
insured of a scheme year) are named by a keyed HMAC of the ID number; a store
written before that keeps its people under the unkeyed ids of then, and the
service still finds and adds to them there (an append-only log cannot rename
an aggregate), on SQLite and PostgreSQL."""

from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import AggregateNotFoundError

from adjudication.domain.errors import StateForbids
from adjudication.domain.facts import Invoice
from tests.builders import Clock, Journeys, UnkeyedIds
from tests.integration.conftest import AppFactory

FALL, CUT = date(2024, 11, 3), date(2024, 12, 9)
F1, F2 = Invoice("F-1", FALL, 128000, 40000), Invoice("F-2", CUT, 56000)


def test_a_ledger_an_older_store_keeps_under_its_unkeyed_id_is_found_and_added_to(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    older = make_app()
    older.person_ids = UnkeyedIds(older.person_ids)  # type: ignore[assignment]
    first = Journeys(older, clock).assessed(insured, ["MEDICAL"], FALL, invoices=(F1,))
    first = first.claim
    assert first.scheme_id is not None

    app = make_app()
    journeys = Journeys(app, clock)
    with pytest.raises(StateForbids) as caught:  # the accident register is found
        journeys.report(insured, ["MEDICAL"], FALL)
    assert caught.value.code == "ACCIDENT_ALREADY_RECORDED"
    second = journeys.assessed(insured, ["MEDICAL"], CUT, invoices=(F2,)).claim

    coverage = app.get_coverage(first.scheme_id, insured)
    assert coverage is not None
    keyed, unkeyed = app.person_ids.coverage(first.scheme_id, insured)
    assert coverage.id == unkeyed
    assert set(coverage.consumed) == {first.id, second.id}
    assert not _stored(app, keyed)


def test_a_new_persons_aggregates_are_under_keyed_ids_only(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    app = make_app()
    claim = Journeys(app, clock).assessed(insured, ["MEDICAL"], FALL, invoices=(F1,))
    claim = claim.claim
    assert claim.scheme_id is not None
    for keyed, unkeyed in (
        app.person_ids.coverage(claim.scheme_id, insured),
        app.person_ids.accident_register(insured),
        app.person_ids.invoice_register(insured),
    ):
        assert _stored(app, keyed) and not _stored(app, unkeyed)


def _stored(app: Any, aggregate_id: UUID) -> bool:
    try:
        app.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return False
    return True
