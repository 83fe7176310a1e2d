"""Property (scheme-2024.md §6): what an accident owes does not depend on the
order in which its claims are decided. Random claims of one fall (medical,
allowance, disability, burn, death; random facts) are reported and documented,
then assessed in two different orders, each on a fresh store: per benefit, the
accident's totals over its claims are the same, and no annual limit is
exceeded; a claim withdrawn afterwards leaves the accident owing what its
other claims alone would be owed (I4); and paying claims as they are decided,
reopening and reassessing paid ones on the way, changes nothing of what the
accident owes: money paid is set off, never paid twice, never over a limit
(I2, I7)."""

from datetime import date, timedelta
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import MAX_REOPENINGS
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RecordRecovery,
    ReopenClaim,
    ReportClaim,
    WithdrawClaim,
)
from adjudication.domain.facts import HospitalStay, Invoice
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import SCHEME_START, Clock, accident, documents_for, resident_id

FALL = date(2024, 12, 1)
INSURED = resident_id(21)
DECIDED = date(2025, 8, 1)
APPRAISALS = (("1.3-01",), ("2.1-06",), ("2.1-07",), ("1.1-01",), ("7.5-06",))
LIMITS = {
    "MEDICAL": 500000,
    "HOSPITAL_ALLOWANCE": 90000,
    "DISABILITY": 3000000,
    "BURN": 3000000,
    "DEATH": 3000000,
}

claim_st = st.fixed_dictionaries(
    {
        "benefits": st.lists(
            st.sampled_from(["MEDICAL", "HOSPITAL_ALLOWANCE", "DISABILITY", "BURN"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        "death": st.booleans(),
        "invoice": st.integers(1000, 400000),
        "stay": st.tuples(st.integers(0, 60), st.integers(1, 25)),
        "items": st.sampled_from(APPRAISALS),
        "burn": st.sampled_from(["2", "5", "8", "10", "20", "35"]),
    }
)


def reported(
    claims: list[dict[str, object]],
) -> tuple[ClaimsApplication, Clock, list[UUID]]:
    """A fresh store with the claims of one fall reported and documented."""
    roster = InMemoryRoster()
    roster.enrol(INSURED, SCHEME_START)
    clock = Clock(date(2025, 7, 1))
    app = ClaimsApplication(
        roster, clock=clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"}
    )
    accident_id = None
    ids = []
    for n, facts in enumerate(claims):
        benefits = list(facts["benefits"])  # type: ignore[call-overload]
        if facts["death"] and n == 0:  # one death certificate for the fall
            benefits.append("DEATH")
        claim = app.report_claim(
            ReportClaim(
                f"r-{n}",
                INSURED,
                "张建国",
                tuple(benefits),
                accident(FALL) if accident_id is None else None,
                accident_id,
            )
        ).claim
        accident_id = claim.accident_id
        after, days = facts["stay"]  # type: ignore[misc]
        docs = documents_for(
            benefits,
            FALL,
            invoices=(Invoice(f"F-{n}", FALL, facts["invoice"]),),  # type: ignore[arg-type]
            stays=(
                HospitalStay(
                    FALL + timedelta(days=after), FALL + timedelta(days=after + days)
                ),
            ),
            items=facts["items"],  # type: ignore[arg-type]
            burns=(("TRUNK_LIMBS", "III", facts["burn"]),),  # type: ignore[arg-type]
            died_on=FALL + timedelta(days=90),
        )
        app.record_documents(RecordDocuments(f"d-{n}", claim.id, docs))
        ids.append(claim.id)
    return app, clock, ids


def owed_by_benefit(app: ClaimsApplication, ids: list[UUID]) -> dict[str, int]:
    owed: dict[str, int] = {}
    for claim_id in ids:
        claim = app.get_claim(claim_id)
        for line in claim.assessment.lines if claim.assessment else ():
            owed[line.benefit] = owed.get(line.benefit, 0) + line.amount_fen
    return {benefit: fen for benefit, fen in owed.items() if fen}  # lines at 0 aside


def totals(
    claims: list[dict[str, object]], order: list[int], withdrawn: int | None = None
) -> dict[str, int]:
    """The accident's totals per benefit once every claim is decided in
    `order`, on a fresh store (and claim `withdrawn` then withdrawn)."""
    app, clock, ids = reported(claims)
    clock.set(DECIDED)
    for n in order:
        decided = app.assess_claim(AssessClaim(f"a-{n}", ids[n])).claim
        assert decided.assessment is not None, decided.rejection
    if withdrawn is not None:
        app.withdraw_claim(WithdrawClaim("w", ids[withdrawn], "申请人撤回"))
    owed = owed_by_benefit(app, ids)
    app.close()
    return owed


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(claims=st.lists(claim_st, min_size=2, max_size=3), data=st.data())
def test_an_accident_owes_the_same_whatever_the_order_its_claims_are_decided(
    claims: list[dict[str, object]], data: st.DataObject
) -> None:
    order = list(range(len(claims)))
    other = data.draw(st.permutations(order))
    first, second = totals(claims, order), totals(claims, list(other))
    assert first == second, (order, other)
    for benefit, limit in LIMITS.items():
        assert first.get(benefit, 0) <= limit, (benefit, first)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=st.lists(claim_st, min_size=2, max_size=3), data=st.data())
def test_a_withdrawn_claim_leaves_its_accident_owing_what_the_others_alone_are_owed(
    claims: list[dict[str, object]], data: st.DataObject
) -> None:
    order = list(data.draw(st.permutations(range(len(claims)))))
    gone = data.draw(st.integers(0, len(claims) - 1))
    rest = [c for n, c in enumerate(claims) if n != gone]
    if gone == 0:  # the death certificate went with it
        rest = [{**c, "death": False} for c in rest]
    assert totals(claims, order, withdrawn=gone) == totals(rest, list(range(len(rest))))


# A step of a claims office: decide the next claim, pay what claim n owes,
# reopen and decide it again (the last two once it is decided), or withdraw it
# (but the first, which carries the death certificate) while nothing is paid.
step_st = st.tuples(
    st.sampled_from(["assess", "pay", "reassess", "withdraw"]), st.integers(0, 2)
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    claims=st.lists(claim_st, min_size=2, max_size=3),
    steps=st.lists(step_st, max_size=10),
    data=st.data(),
)
def test_paying_reassessing_and_withdrawing_as_claims_are_decided_changes_nothing_owed(
    claims: list[dict[str, object]],
    steps: list[tuple[str, int]],
    data: st.DataObject,
) -> None:
    """Whatever happens on the way, the accident ends owing what its claims
    not withdrawn are owed decided in the same order without a payment, and
    is paid exactly that: nothing paid twice. (A claim withdrawn can make
    another, paid, claim owe less, e.g. by giving back the deductible it
    absorbed (I4): that overpayment is to recover (I7), and once recovered
    the accident has been paid what it owes.)"""
    app, clock, ids = reported(claims)
    order = list(data.draw(st.permutations(range(len(claims)))))
    clock.set(DECIDED)
    decided: list[int] = []
    withdrawn: set[int] = set()
    for n, (action, which) in enumerate(steps):
        pending = [c for c in order if c not in decided and c not in withdrawn]
        if action == "withdraw":
            claim_n = which % len(claims)
            claim = app.get_claim(ids[claim_n])
            if claim_n and claim_n not in withdrawn and not claim.paid_anything:
                app.withdraw_claim(WithdrawClaim(f"s-{n}", claim.id, "申请人撤回"))
                withdrawn.add(claim_n)
            continue
        live = [c for c in decided if c not in withdrawn]
        if action == "assess" or not live:
            if pending:
                app.assess_claim(AssessClaim(f"s-{n}", ids[pending[0]]))
                decided.append(pending[0])
            continue
        claim = app.get_claim(ids[live[which % len(live)]])
        if action == "pay" and claim.outstanding_fen:
            payment = RecordPayment(f"s-{n}", claim.id, claim.outstanding_fen, f"B{n}")
            app.record_payment(payment)
        elif action == "reassess" and len(claim.reopened) < MAX_REOPENINGS:
            app.reopen_claim(ReopenClaim(f"s-{n}", claim.id, "复核"))
            app.assess_claim(AssessClaim(f"s-{n}-again", claim.id))
        # paid beyond what is owed only by an overpayment to recover (I4, I7)
        now = [app.get_claim(i) for i in ids]
        paid_fen = sum(c.paid_fen - c.to_recover_fen for c in now)
        assert paid_fen <= sum(owed_by_benefit(app, ids).values())
    for claim_n in order:
        if claim_n not in decided and claim_n not in withdrawn:
            app.assess_claim(AssessClaim(f"rest-{claim_n}", ids[claim_n]))
    for claim_id in ids:
        claim = app.get_claim(claim_id)
        if claim.outstanding_fen:
            payment = RecordPayment(
                f"end-{claim_id}", claim_id, claim.outstanding_fen, f"E-{claim_id}"
            )
            app.record_payment(payment)
        if claim.to_recover_fen:
            recovery = RecordRecovery(
                f"back-{claim_id}", claim_id, claim.to_recover_fen, f"R-{claim_id}"
            )
            app.record_recovery(recovery)
    kept = [n for n in range(len(claims)) if n not in withdrawn]
    baseline = totals(
        [claims[n] for n in kept], [kept.index(n) for n in order if n in kept]
    )
    owed = owed_by_benefit(app, ids)
    final = [app.get_claim(i) for i in ids]
    assert owed == baseline
    assert sum(c.paid_fen - c.recovered_fen for c in final) == sum(owed.values())
    assert all(c.to_recover_fen == 0 and c.outstanding_fen == 0 for c in final)
    coverage = app.get_coverage("xiangning-2024", INSURED)
    assert coverage is not None
    usage = coverage.usage()
    for benefit, limit in LIMITS.items():
        assert usage.total_fen(benefit) <= limit, (benefit, usage)
    app.close()
