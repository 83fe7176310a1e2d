"""Every event class of the aggregates a projection follows is dispatched to a
handler of its own, one that writes or one that explicitly ignores it: a new
or renamed event class fails here instead of silently vanishing from a read
model (the default handler only tracks the position)."""

import inspect
from collections.abc import Callable
from functools import singledispatchmethod
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import resolve_topic

from adjudication.claims.audit_log import event_types
from adjudication.domain.accident import Accident, AccidentRegister
from adjudication.domain.claim import Claim
from adjudication.domain.coverage import Coverage
from adjudication.domain.enrolment import Insured
from adjudication.domain.invoices import InvoiceRegister
from projections.benefit_usage import BenefitUsage
from projections.claim_records import ClaimRecords
from projections.claim_summary import ClaimSummary
from projections.insured_index import InsuredIndex
from projections.payment_ledger import PaymentLedger

CLAIMS_LOG = (Claim, Accident, AccidentRegister, Coverage, InvoiceRegister)

# (projection, its dispatching method, the aggregates it follows)
FOLLOWED: list[tuple[type[Any], str, tuple[type[Aggregate], ...]]] = [
    (PaymentLedger, "process_event", (Claim,)),
    (ClaimSummary, "process_event", (Claim,)),
    (ClaimRecords, "process_event", (Claim,)),
    (BenefitUsage, "process_event", (Coverage,)),
    (InsuredIndex, "_apply", (Insured,)),
]


def event_classes(aggregates: tuple[type[Aggregate], ...]) -> list[type[Any]]:
    return [resolve_topic(topic) for topic in event_types(aggregates).values()]


def dispatch(projection: type[Any], method: str) -> Callable[[type[Any]], Any]:
    found = inspect.getattr_static(projection, method)
    assert isinstance(found, singledispatchmethod), f"{projection} does not dispatch"
    return found.dispatcher.dispatch  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("projection", "method", "aggregates"),
    FOLLOWED,
    ids=[p.__name__ for p, _, _ in FOLLOWED],
)
def test_every_event_of_the_followed_aggregates_has_a_handler(
    projection: type[Any], method: str, aggregates: tuple[type[Aggregate], ...]
) -> None:
    handler = dispatch(projection, method)
    default = handler(object)
    unhandled = [
        e.__qualname__ for e in event_classes(aggregates) if handler(e) is default
    ]
    assert unhandled == [], f"{projection.__name__} neither handles nor ignores"


@pytest.mark.parametrize(
    ("projection", "method", "aggregates"),
    [f for f in FOLLOWED if f[0] is not InsuredIndex],
    ids=[p.__name__ for p, _, _ in FOLLOWED if p is not InsuredIndex],
)
def test_the_other_events_of_the_claims_log_are_only_tracked(
    projection: type[Any], method: str, aggregates: tuple[type[Aggregate], ...]
) -> None:
    handler = dispatch(projection, method)
    others = tuple(a for a in CLAIMS_LOG if a not in aggregates)
    assert {handler(e) for e in event_classes(others)} == {handler(object)}


def test_every_aggregate_has_events_to_follow() -> None:
    for aggregate in (*CLAIMS_LOG, Insured):
        assert event_classes((aggregate,)), aggregate
