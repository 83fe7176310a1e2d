"""Property: whatever sequence of commands officers and clients send, the money
and the annual limits stay right.

A hypothesis state machine reports claims of two persons for up to three
accidents each, records documents with random facts, assesses with and without
overrides, pays random amounts (over-payments and reused bank references
included), rejects, withdraws, reopens, advances the clock and repeats or reuses
request ids. A DomainError is a legitimate refusal, and a refusal writes nothing.
After every step:

- no claim is paid more than its assessment; no bank reference twice on a claim;
- per person and scheme year, over the assessments of live claims (neither
  rejected nor withdrawn): MEDICAL ≤ 5,000; allowance ≤ 30 days (each day once)
  and ≤ 900; DISABILITY, BURN and TOP_UP ≤ 30,000; a DEATH line above 0 on at
  most one claim;
- the Coverage ledger holds exactly what the live claims' assessments consume,
  nothing twice. A claim reopened on appeal keeps its last assessment in the
  ledger until it is reassessed (money may already be paid on it), so the
  model tracks that reservation: set by an assessment, dropped by a rejection
  or withdrawal, untouched by a reopening.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from adjudication.claims.application import ClaimsApplication, CommandResult
from adjudication.domain.benefits import BenefitLine, Usage
from adjudication.domain.calendar import scheme_date
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RejectClaim,
    ReopenClaim,
    ReportClaim,
    WithdrawClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import DomainError, RequestIdReused
from adjudication.domain.facts import HospitalStay, Invoice
from adjudication.domain.overrides import (
    AMOUNT,
    DAYS,
    ELIGIBLE,
    GRADE,
    RATIO,
    Override,
)
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import SCHEME_START, Clock, accident, documents_for, resident_id

SCHEME = "xiangning-2024"
SCHEME_END = date(2025, 10, 13)
PERSONS = (resident_id(11), resident_id(12))
BENEFITS = ("MEDICAL", "HOSPITAL_ALLOWANCE", "DISABILITY", "BURN", "DEATH")
CAUSES = ("FALL", "TRAFFIC", "BURN", "DRUNK_DRIVING", "MACHINERY", "CUT", "FALL")
# grade 1 (100 %), grade 5, grade 7, grade 10, and two grade 7 + a grade 9
APPRAISALS = (
    ("1.3-01",),
    ("2.1-06",),
    ("2.1-07",),
    ("1.1-01",),
    ("2.1-07", "2.2-10", "2.2-14"),
)
BURN_PERCENTS = ("1", "2", "5", "8", "10", "15", "20", "35")
AMOUNTS = st.one_of(
    st.sampled_from([0, 1, 10000, 78000, 90000, 500000, 1500000, 3000000]),
    st.integers(0, 3_100_000),
)
# An override sets its benefit's own input (I8), mostly, else a negotiated
# amount or an input of another benefit (refused).
OWN_INPUT = {"DISABILITY": GRADE, "BURN": RATIO, "MEDICAL": ELIGIBLE}
OWN_INPUT["HOSPITAL_ALLOWANCE"] = DAYS
OVERRIDE_INPUTS = ("own", "own", AMOUNT, GRADE, DAYS)

MEDICAL_LIMIT = 500000
ALLOWANCE_DAYS = 30
ALLOWANCE_LIMIT = 90000
SUM_INSURED = 3000000
LIVE = ("AWAITING_DOCUMENTS", "READY_FOR_ASSESSMENT", "ASSESSED")
LIVE += ("PARTIALLY_PAID", "PAID", "DECIDED_AT_ZERO")  # a decision at 0 is live


# which of the claim's benefits (9: TOP_UP), its input, a small and a big value
Asked = tuple[int, str, int, int]


@dataclass
class ClaimRef:
    id: UUID
    person: str
    accident_on: date
    benefits: tuple[str, ...]


invoices_st = st.lists(
    st.tuples(
        st.integers(0, 7),  # invoice number from a small pool: duplicates happen
        st.integers(-5, 200),  # days after the accident
        st.one_of(st.integers(1, 400000), st.sampled_from([300000, 600000])),
        st.integers(0, 100),  # % reimbursed
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda t: t[0],
)
stays_st = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)), min_size=1, max_size=2
)
burns_st = st.lists(
    st.tuples(
        st.sampled_from(["HEAD_NECK", "TRUNK_LIMBS"]),
        st.sampled_from(["II", "III", "III"]),
        st.sampled_from(BURN_PERCENTS),
    ),
    min_size=1,
    max_size=2,
    unique_by=lambda t: t[0],
)


# invoices, stays, appraisal items, burned areas, death day, a document left out
Facts = tuple[
    list[tuple[int, int, int, int]],
    list[tuple[int, int]],
    tuple[str, ...],
    list[tuple[str, str, str]],
    int,
    int,
]
facts_st = st.tuples(
    invoices_st,
    stays_st,
    st.sampled_from(APPRAISALS),
    burns_st,
    st.integers(0, 250),  # death, days after the accident
    st.integers(0, 60),  # from 45: one document left out
)
benefits_st = st.lists(st.sampled_from(BENEFITS), min_size=1, max_size=3, unique=True)


class Adjudication(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock(date(2025, 6, 1))
        roster = InMemoryRoster()
        for person in PERSONS:
            roster.enrol(person, SCHEME_START)
        self.app = ClaimsApplication(
            roster,
            clock=self.clock,
            env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
        )
        self.serial = 0
        self.claims: list[ClaimRef] = []
        self.accidents: dict[str, list[tuple[UUID, date]]] = {p: [] for p in PERSONS}
        # What the ledger should hold: claim id → (accident id, lines).
        self.reserved: dict[UUID, tuple[UUID, tuple[BenefitLine, ...]]] = {}
        # Every call made, to repeat it, and the first outcome of each request id.
        self.calls: list[tuple[str, str, Callable[[], CommandResult]]] = []
        self.firsts: dict[str, CommandResult] = {}

    def teardown(self) -> None:
        self.app.close()

    # -- helpers -----------------------------------------------------------------

    @property
    def today(self) -> date:
        return scheme_date(self.clock())

    def notifications(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def request_id(self) -> str:
        self.serial += 1
        return f"req-{self.serial}"

    def claim(self, index: int, *statuses: str) -> ClaimRef:
        """Mostly a claim in one of `statuses`, so that commands get somewhere;
        sometimes any claim, so that they are refused too."""
        fitting = [
            ref for ref in self.claims if self.app.get_claim(ref.id).status in statuses
        ]
        if fitting and index % 5 != 4:
            return fitting[index % len(fitting)]
        return self.claims[index % len(self.claims)]

    def send(
        self, kind: str, request_id: str, call: Callable[[], CommandResult]
    ) -> CommandResult | None:
        self.calls.append((kind, request_id, call))
        return self.execute(kind, request_id, call)

    def execute(
        self, kind: str, request_id: str, call: Callable[[], CommandResult]
    ) -> CommandResult | None:
        before = self.notifications()
        try:
            result = call()
        except DomainError as error:
            event(f"{kind} refused {error.code}")
            assert self.notifications() == before, "a refusal wrote events"
            return None
        event(f"{kind} {'replayed' if result.replayed else result.claim.status}")
        if result.replayed:
            assert self.notifications() == before, "a replay wrote events"
            first = self.firsts[request_id]
            assert result.claim.id == first.claim.id
            assert result.claim.version == first.claim.version
            assert result.claim == first.claim
            return result
        assert request_id not in self.firsts, "a seen request id ran again"
        self.firsts[request_id] = result
        self.learn(kind, result)
        return result

    def learn(self, kind: str, result: CommandResult) -> None:
        """The model's ledger after a command that ran."""
        claim = result.claim
        if kind == "report":
            ref = ClaimRef(
                claim.id,
                claim.insured_id_number,
                claim.accident_date,
                tuple(claim.benefits),
            )
            self.claims.append(ref)
            known = self.accidents[ref.person]
            if claim.accident_id not in {a for a, _ in known}:
                known.append((claim.accident_id, claim.accident_date))
        elif kind == "assess":
            if claim.assessment is not None:
                self.reserved[claim.id] = (claim.accident_id, claim.assessment.lines)
            else:
                self.reserved.pop(claim.id, None)
        elif kind in ("reject", "withdraw"):
            self.reserved.pop(claim.id, None)
        if kind in ("assess", "reject", "withdraw"):
            # The other decided claims of its accident are recomputed with it
            # (§6): the model takes what they are owed now.
            for ref in self.claims:
                other = self.app.get_claim(ref.id)
                if (
                    other.id != claim.id
                    and other.accident_id == claim.accident_id
                    and other.id in self.reserved
                    and other.assessment is not None
                ):
                    self.reserved[other.id] = (
                        other.accident_id,
                        other.assessment.lines,
                    )

    # -- commands ----------------------------------------------------------------

    @rule(
        person=st.sampled_from(PERSONS),
        which=st.integers(0, 3),
        offset=st.integers(0, 400),
        cause=st.sampled_from(CAUSES),
        benefits=benefits_st,
    )
    def report(
        self, person: str, which: int, offset: int, cause: str, benefits: list[str]
    ) -> None:
        self.report_claim(person, which, offset, cause, benefits)

    @precondition(lambda self: self.claims)
    @rule(index=st.integers(0, 100), facts=facts_st)
    def record_documents(self, index: int, facts: Facts) -> None:
        ref = self.claim(index, "AWAITING_DOCUMENTS", "READY_FOR_ASSESSMENT")
        self.document(ref, facts)

    @precondition(lambda self: self.claims)
    @rule(
        index=st.integers(0, 100),
        overriding=st.booleans(),
        overrides=st.lists(
            st.tuples(
                st.integers(0, 9),
                st.sampled_from(OVERRIDE_INPUTS),
                st.integers(0, 40),
                AMOUNTS,
            ),
            max_size=2,
        ),
    )
    def assess(self, index: int, overriding: bool, overrides: list[Asked]) -> None:
        """With or without overrides; an override is mostly of one of the
        claim's benefits, sometimes of TOP_UP."""
        ref = self.claim(index, "READY_FOR_ASSESSMENT")
        self.assess_claim(ref, overrides if overriding else [])

    @rule(
        person=st.sampled_from(PERSONS),
        which=st.integers(0, 3),
        offset=st.integers(0, 400),
        cause=st.sampled_from(CAUSES),
        benefits=benefits_st,
        facts=facts_st,
    )
    def documented_claim(
        self,
        person: str,
        which: int,
        offset: int,
        cause: str,
        benefits: list[str],
        facts: Facts,
    ) -> None:
        """Report, document and assess in one step, so that later steps find
        assessed claims to pay, reject, withdraw and reopen."""
        result = self.report_claim(person, which, offset, cause, benefits)
        if result is None or result.replayed:
            return
        ref = next(ref for ref in self.claims if ref.id == result.claim.id)
        self.document(ref, facts)
        self.assess_claim(ref, [])

    def report_claim(
        self, person: str, which: int, offset: int, cause: str, benefits: list[str]
    ) -> CommandResult | None:
        if len(self.claims) >= 8:
            return None
        known = self.accidents[person]
        request_id = self.request_id()
        if which < len(known):
            accident_id, _ = known[which]
            facts = None
        else:
            if len(known) >= 3:
                return None
            last = min(self.today, SCHEME_END)
            span = (last - SCHEME_START).days
            accident_on = SCHEME_START + timedelta(days=min(offset, span))
            accident_id = None
            facts = accident(accident_on, cause)

        def call() -> CommandResult:
            return self.app.report_claim(
                ReportClaim(
                    request_id,
                    person,
                    "张建国",
                    benefits,
                    accident=facts,
                    accident_id=accident_id,
                ),
            )

        return self.send("report", request_id, call)

    def document(self, ref: ClaimRef, facts: Facts) -> None:
        invoices, stays, appraisal, burns, died_after, drop = facts
        on = ref.accident_on
        docs = documents_for(
            list(ref.benefits),
            on,
            invoices=tuple(
                Invoice(
                    f"INV-{number}",
                    on + timedelta(days=after),
                    amount,
                    amount * percent // 100,
                )
                for number, after, amount, percent in invoices
            ),
            stays=tuple(
                HospitalStay(on + timedelta(days=a), on + timedelta(days=a + length))
                for a, length in stays
            ),
            items=appraisal,
            burns=tuple(burns),
            died_on=on + timedelta(days=died_after),
        )
        if drop >= 45:
            del docs[drop % len(docs)]
        request_id = self.request_id()
        self.send(
            "documents",
            request_id,
            lambda: self.app.record_documents(
                RecordDocuments(request_id, ref.id, docs)
            ),
        )

    def assess_claim(self, ref: ClaimRef, overrides: list[Asked]) -> None:
        asked = []
        for which, kind, small, amount in overrides:
            benefit = (
                "TOP_UP" if which == 9 else ref.benefits[which % len(ref.benefits)]
            )
            input = OWN_INPUT.get(benefit, AMOUNT) if kind == "own" else kind
            asked.append(
                Override(
                    benefit,
                    input,
                    amount if input in (AMOUNT, ELIGIBLE) else small,
                    "SUPERVISOR_APPROVAL" if input == AMOUNT else "APPEAL_DECISION",
                    "复核更正",
                )
            )
        request_id = self.request_id()
        self.send(
            "assess",
            request_id,
            lambda: self.app.assess_claim(
                AssessClaim(request_id, ref.id, tuple(asked))
            ),
        )

    @precondition(lambda self: self.claims)
    @rule(
        index=st.integers(0, 100),
        how=st.sampled_from(["rest", "part", "over", "any"]),
        amount=st.integers(1, 3_100_000),
        reference=st.integers(0, 3),
    )
    def pay(self, index: int, how: str, amount: int, reference: int) -> None:
        ref = self.claim(index, "ASSESSED", "PARTIALLY_PAID")
        claim = self.app.get_claim(ref.id)
        owed = claim.assessed_fen - claim.paid_fen
        if how == "rest":
            amount = owed
        elif how == "part":
            amount = max(owed // 2, 1)
        elif how == "over":
            amount = max(owed, 0) + 1 + amount % 1000
        if amount <= 0:
            amount = 1
        request_id = self.request_id()
        self.send(
            "pay",
            request_id,
            lambda: self.app.record_payment(
                RecordPayment(request_id, ref.id, amount, f"BANK-{reference}")
            ),
        )

    @precondition(lambda self: self.claims)
    @rule(index=st.integers(0, 100), chance=st.integers(0, 2))
    def reject(self, index: int, chance: int) -> None:
        if chance != 2:  # a third as often as the other commands
            return
        ref = self.claim(index, "ASSESSED", "PARTIALLY_PAID")
        request_id = self.request_id()
        reasons = [Reason("OTHER", "经调查不符合条件")]
        self.send(
            "reject",
            request_id,
            lambda: self.app.reject_claim(
                RejectClaim(request_id, ref.id, reasons, "拒赔通知")
            ),
        )

    @precondition(lambda self: self.claims)
    @rule(index=st.integers(0, 100), chance=st.integers(0, 2))
    def withdraw(self, index: int, chance: int) -> None:
        if chance != 2:  # a third as often as the other commands
            return
        ref = self.claim(index, "ASSESSED", "AWAITING_DOCUMENTS", "DECIDED_AT_ZERO")
        request_id = self.request_id()
        self.send(
            "withdraw",
            request_id,
            lambda: self.app.withdraw_claim(
                WithdrawClaim(request_id, ref.id, "申请人撤回")
            ),
        )

    @precondition(lambda self: self.claims)
    @rule(index=st.integers(0, 100), chance=st.integers(0, 2))
    def reopen(self, index: int, chance: int) -> None:
        if chance != 2:  # a third as often as the other commands
            return
        ref = self.claim(
            index, "PAID", "PARTIALLY_PAID", "ASSESSED", "REJECTED", "DECIDED_AT_ZERO"
        )
        request_id = self.request_id()
        self.send(
            "reopen",
            request_id,
            lambda: self.app.reopen_claim(ReopenClaim(request_id, ref.id, "申诉")),
        )

    @rule(days=st.integers(1, 40))
    def advance_clock(self, days: int) -> None:
        self.clock.set(self.today + timedelta(days=days))

    @precondition(lambda self: self.calls)
    @rule(index=st.integers(0, 1000))
    def repeat(self, index: int) -> None:
        """The same request again: its first outcome, or (if it was refused) a
        fresh attempt on today's state."""
        kind, request_id, call = self.calls[index % len(self.calls)]
        result = self.execute(kind, request_id, call)
        if request_id in self.firsts and result is not None:
            assert result.replayed or result is self.firsts[request_id]

    @precondition(lambda self: self.firsts)
    @rule(index=st.integers(0, 1000))
    def reuse_request_id(self, index: int) -> None:
        """A request id that was recorded, sent with another command."""
        request_ids = sorted(self.firsts)
        request_id = request_ids[index % len(request_ids)]
        claim_id = self.firsts[request_id].claim.id
        before = self.notifications()
        try:
            self.app.withdraw_claim(
                WithdrawClaim(request_id, claim_id, f"另一个请求 {index}")
            )
        except RequestIdReused:
            pass
        else:
            raise AssertionError(f"request id {request_id} was accepted twice")
        assert self.notifications() == before

    # -- invariants --------------------------------------------------------------

    @invariant()
    def payments_within_assessments(self) -> None:
        for ref in self.claims:
            claim = self.app.get_claim(ref.id)
            references = [p.reference for p in claim.payments]
            assert len(references) == len(set(references)), references
            for payment in claim.payments:
                # every fen of a payment is allocated to an assessed benefit
                parts = [x.amount_fen for x in payment.benefits]
                assert sum(parts) == payment.amount_fen, payment
                assert all(fen > 0 for fen in parts), payment
            if claim.assessment is not None:
                # Paid and not recovered, less what was set off elsewhere, plus
                # what was set off here: never more than owed, but for what is
                # to recover (I2, I7).
                settled = sum(claim.settled_by_benefit().values())
                assert settled - claim.to_recover_fen <= claim.assessed_fen, claim
            elif claim.paid_fen:
                # Reopened on appeal after a payment: still open, still reserved;
                # what stands paid here (a payment set off against a claim of
                # the same accident stands there, I2) within what it reserves.
                assert claim.status in ("AWAITING_DOCUMENTS", "READY_FOR_ASSESSMENT")
                _, lines = self.reserved[claim.id]
                settled = sum(claim.settled_by_benefit().values())
                reserved = sum(line.amount_fen for line in lines)
                assert settled - claim.to_recover_fen <= reserved, claim

    @invariant()
    def annual_limits_hold(self) -> None:
        for person in PERSONS:
            lines = [
                (claim.id, line)
                for claim in self.live_claims(person)
                if claim.assessment is not None
                for line in claim.assessment.lines
            ]
            check_limits(lines)
            reserved = [
                (claim_id, line)
                for claim_id, (_, claim_lines) in self.reserved_of(person).items()
                for line in claim_lines
            ]
            check_limits(reserved)

    @invariant()
    def ledger_is_the_live_assessments(self) -> None:
        for person in PERSONS:
            live = {c.id: c for c in self.live_claims(person)}
            reserved = self.reserved_of(person)
            for claim_id in reserved:
                assert claim_id in live, "a closed claim still consumes benefits"
            for claim in live.values():
                if claim.assessment is not None:
                    assert reserved[claim.id] == (
                        claim.accident_id,
                        claim.assessment.lines,
                    )
            coverage = self.app.get_coverage(SCHEME, person)
            if coverage is None:
                assert not reserved
                continue
            assert coverage.consumed == reserved
            assert coverage.usage() == Usage.of(
                (
                    (accident_id, line)
                    for accident_id, lines in reserved.values()
                    for line in lines
                ),
                coverage.full_payouts,
                (
                    (x.benefit, x.amount_fen)
                    for held in coverage.held.values()
                    for x in held
                ),
            )

    def live_claims(self, person: str) -> list[Any]:
        claims = (self.app.get_claim(ref.id) for ref in self.claims)
        return [
            c
            for c in claims
            if c.insured_id_number == person
            and c.scheme_id == SCHEME
            and c.status in LIVE
        ]

    def reserved_of(
        self, person: str
    ) -> dict[UUID, tuple[UUID, tuple[BenefitLine, ...]]]:
        mine = {ref.id for ref in self.claims if ref.person == person}
        return {k: v for k, v in self.reserved.items() if k in mine}


def check_limits(lines: list[tuple[UUID, BenefitLine]]) -> None:
    def total(benefit: str) -> int:
        return sum(line.amount_fen for _, line in lines if line.benefit == benefit)

    assert total("MEDICAL") <= MEDICAL_LIMIT
    assert total("HOSPITAL_ALLOWANCE") <= ALLOWANCE_LIMIT
    days = [
        day
        for _, line in lines
        if line.benefit == "HOSPITAL_ALLOWANCE"
        for day in line.days
    ]
    assert len(days) <= ALLOWANCE_DAYS
    assert len(days) == len(set(days)), "a hospital day counted twice"
    for benefit in ("DISABILITY", "BURN", "TOP_UP"):
        assert total(benefit) <= SUM_INSURED, benefit
    deaths = {
        claim_id
        for claim_id, line in lines
        if line.benefit == "DEATH" and line.amount_fen > 0
    }
    assert len(deaths) <= 1, "the death benefit on two claims"
    assert total("DEATH") <= SUM_INSURED


Adjudication.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestAdjudication = Adjudication.TestCase
