"""Three server processes on one PostgreSQL schema, as replicas: copies of one
request racing each other are done once and every copy hears the first
outcome; different requests racing for one thing are decided once; caps hold
however many assessments race."""

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import grpc
import pytest

from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import MEDICAL_DOCS, Client, common_documents, error_of, invoices
from tests.e2e.conftest import COVERED, RunningServer, days_ago
from tests.figures import measured
from tests.reliability.replicas import replicas
from tests.reliability.stored import topics_of

COPIES = 100


@pytest.fixture
def three(store_env: dict[str, str], tmp_path: Path) -> Iterator[list[RunningServer]]:
    # No read models: three servers' connections stay well within PostgreSQL's
    # 100, and the tests read the event store.
    with replicas(store_env, tmp_path, 3, read_models=False) as running:
        yield running


def race(
    servers: list[RunningServer], calls: int, call: Callable[[Client, int], Any]
) -> list[Any]:
    """`calls` calls at once, spread over the servers: each outcome, a
    response or the (code's name, reason) of an error."""
    clients = [Client(s) for s in servers]
    start = threading.Barrier(calls)
    outcomes: list[Any] = [None] * calls

    def one(n: int) -> None:
        start.wait()
        try:
            outcomes[n] = call(clients[n % len(clients)], n)
        except grpc.RpcError as e:
            code, reason, _ = error_of(e)
            outcomes[n] = (code.name, reason)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def documented_medical_claim(
    client: Client, person: str, amount: int, day: str
) -> pb.Claim:
    claim = client.report(person, [pb.BENEFIT_MEDICAL], day).claim
    reference = f"INV-{uuid4().hex[:8]}"
    client.documents(
        claim,
        [*common_documents(day), *MEDICAL_DOCS, invoices((reference, day, amount, 0))],
    )
    return claim


def assessed_medical_claim(client: Client, person: str, amount: int) -> pb.Claim:
    claim = documented_medical_claim(client, person, amount, days_ago(12))
    return client.assess(claim).claim


def claim_id(claim: pb.Claim) -> UUID:
    return UUID(claim.name.rpartition("/")[2])


def payment(claim: pb.Claim, request_id: str) -> pb.RecordPaymentRequest:
    return pb.RecordPaymentRequest(
        request_id=request_id,
        name=claim.name,
        amount_fen=claim.assessed_fen,
        reference=f"BANK-{request_id}",
    )


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
def test_copies_of_one_payment_racing_on_three_servers_pay_once_and_all_hear_ok(
    three: list[RunningServer], store_env: dict[str, str]
) -> None:
    claim = assessed_medical_claim(Client(three[0]), COVERED[0], 120_000)
    request = payment(claim, "pay-once")
    outcomes = race(three, COPIES, lambda c, n: c.call("RecordPayment", request))
    ok = [o for o in outcomes if isinstance(o, pb.RecordPaymentResponse)]
    errors = Counter(o for o in outcomes if isinstance(o, tuple))
    replayed = sum(o.replayed for o in ok)
    paid = topics_of(store_env, claim_id(claim))["PaymentRecorded"]
    measured(
        f"{COPIES} copies of one RecordPayment on 3 servers: {paid} payment event, "
        f"{len(ok)} OK, {replayed} replayed, errors {dict(errors)}"
    )
    assert paid == 1
    assert (len(ok), replayed) == (COPIES, COPIES - 1), errors
    assert {o.claim.version for o in ok} == {ok[0].claim.version}
    assert {o.position for o in ok} == {ok[0].position}


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
def test_different_payments_of_one_claim_racing_on_three_servers_pay_once(
    three: list[RunningServer], store_env: dict[str, str]
) -> None:
    claim = assessed_medical_claim(Client(three[0]), COVERED[1], 120_000)
    outcomes = race(
        three, COPIES, lambda c, n: c.call("RecordPayment", payment(claim, f"pay-{n}"))
    )
    ok = [o for o in outcomes if isinstance(o, pb.RecordPaymentResponse)]
    errors = Counter(o for o in outcomes if isinstance(o, tuple))
    paid = topics_of(store_env, claim_id(claim))["PaymentRecorded"]
    measured(
        f"{COPIES} different RecordPayment of one claim on 3 servers: {paid} "
        f"payment event, {len(ok)} OK, errors {dict(errors)}"
    )
    assert paid == 1 and len(ok) == 1 and not ok[0].replayed
    assert errors == {("FAILED_PRECONDITION", "ALREADY_PAID"): COPIES - 1}


MEDICAL_CAP = 500_000  # the 2024 scheme's medical sum insured, per insured and year
DEDUCTIBLE = 10_000  # per accident


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
def test_assessments_of_one_insured_racing_on_three_servers_keep_the_cap(
    three: list[RunningServer], store_env: dict[str, str]
) -> None:
    """20 accidents of one insured, 1,000 yuan of invoices each, assessed at
    once: together they would be owed 18,000 yuan of a 5,000 yuan cap."""
    client = Client(three[0])
    claims = [
        documented_medical_claim(client, COVERED[2], 100_000, days_ago(12 + n))
        for n in range(20)
    ]
    aborted = Counter[int]()

    def assess(c: Client, n: int) -> pb.AssessClaimResponse:
        request = pb.AssessClaimRequest(request_id=f"assess-{n}", name=claims[n].name)
        while True:  # a lost race is ABORTED: the client sends it again
            try:
                response: pb.AssessClaimResponse = c.call("AssessClaim", request)
                return response
            except grpc.RpcError as e:
                if e.code() != grpc.StatusCode.ABORTED:
                    raise
                aborted[n] += 1

    outcomes = race(three, len(claims), assess)
    ok = [o for o in outcomes if isinstance(o, pb.AssessClaimResponse)]
    assessed = [o.claim.assessed_fen for o in ok]
    measured(
        f"20 concurrent assessments of one insured on 3 servers: {len(ok)} OK, "
        f"{sum(aborted.values())} ABORTED and sent again, assessed "
        f"{sum(assessed)} fen of the {MEDICAL_CAP} fen cap "
        f"({sum(1 for a in assessed if a)} claims with something owed)"
    )
    assert len(ok) == len(claims), outcomes
    assert sum(assessed) == MEDICAL_CAP
    assert all(0 <= a <= 100_000 - DEDUCTIBLE for a in assessed)
    # what the log holds agrees with what the clients heard
    final = [client.call("GetClaim", pb.GetClaimRequest(name=c.name)) for c in claims]
    assert sum(f.claim.assessed_fen for f in final) == MEDICAL_CAP
