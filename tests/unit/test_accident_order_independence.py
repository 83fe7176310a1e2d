"""Property (scheme-2024.md §6): what an accident owes does not depend on the
order in which its claims are decided. Random claims of one fall (medical,
allowance, disability, burn, death; random facts) are reported and documented,
then assessed in two different orders, each on a fresh store: per benefit, the
accident's totals over its claims are the same, and no annual limit is
exceeded; and a claim withdrawn afterwards leaves the accident owing what its
other claims alone would be owed (I4). (Claims decided before any payment:
setting off money already paid, I2, is not implemented yet.)"""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
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


def totals(
    claims: list[dict[str, object]], order: list[int], withdrawn: int | None = None
) -> dict[str, int]:
    """The accident's totals per benefit once every claim is decided in
    `order`, on a fresh store (and claim `withdrawn` then withdrawn)."""
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
    clock.set(DECIDED)
    for n in order:
        decided = app.assess_claim(AssessClaim(f"a-{n}", ids[n])).claim
        assert decided.assessment is not None, decided.rejection
    if withdrawn is not None:
        app.withdraw_claim(WithdrawClaim("w", ids[withdrawn], "申请人撤回"))
    owed: dict[str, int] = {}
    for claim_id in ids:
        claim = app.get_claim(claim_id)
        for line in claim.assessment.lines if claim.assessment else ():
            owed[line.benefit] = owed.get(line.benefit, 0) + line.amount_fen
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
