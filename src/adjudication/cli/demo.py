"""`adjudication demo`: worked examples 1, 5 and 8 of the 2024 scheme, on the
configured store."""

import secrets
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

from stdnum.cn import ric

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.calendar import CST
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    ReportClaim,
)
from adjudication.domain.facts import (
    AccidentCertificate,
    AccidentFacts,
    BankAccount,
    DeathCertificate,
    DisabilityAppraisal,
    Document,
    Invoice,
)
from adjudication.domain.money import yuan
from adjudication.enrolment.in_memory_roster import InMemoryRoster


class _DemoClock:
    def __init__(self) -> None:
        self.day = date(2024, 10, 14)

    def __call__(self) -> datetime:
        return datetime.combine(self.day, time(10), CST).astimezone(UTC)


def _person() -> str:
    """A fresh resident each run, so runs on one store do not share benefits."""
    born = date(1950, 1, 1) + timedelta(days=secrets.randbelow(18000))
    body = f"141029{born:%Y%m%d}{secrets.randbelow(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _documents(accident_on: date, *extra: Document) -> tuple[Document, ...]:
    return (
        Document("CLAIM_FORM"),
        Document("ID_CARD"),
        Document("HOUSEHOLD_REGISTER"),
        Document(
            "ACCIDENT_CERTIFICATE",
            accident_certificate=AccidentCertificate("村民委员会", accident_on),
        ),
        Document(
            "BANK_ACCOUNT",
            bank_account=BankAccount("张建国", "中国农业银行", "6228480012345678"),
        ),
        *extra,
    )


def _show(title: str, claim: Claim) -> None:
    print(f"\n{title}\n  claim {claim.id}: {claim.status}")
    for line in claim.assessment.lines if claim.assessment else ():
        print(f"  {line.benefit:<20} {yuan(line.amount_fen):>12}  {line.explanation}")
    for reason in claim.rejection.reasons if claim.rejection else ():
        print(f"  rejected {reason.code}: {reason.text}")


def demo() -> None:
    """Worked examples 1, 5 and 8 of the 2024 scheme, on the configured store."""
    clock = _DemoClock()
    roster = InMemoryRoster()
    app = ClaimsApplication(roster, clock=clock)
    run = uuid4().hex[:8]
    farmer, rider = _person(), _person()
    for person in (farmer, rider):
        roster.enrol(person, date(2024, 10, 14))

    def step(day: date) -> str:
        clock.day = day
        return f"demo-{run}-{uuid4().hex[:8]}"

    cut = date(2024, 11, 3)
    claim = app.report_claim(
        ReportClaim(
            step(cut),
            farmer,
            "张建国",
            ("MEDICAL",),
            AccidentFacts(cut, "田间", "CUT", "割麦时割伤左手"),
        ),
    ).claim
    invoice = Invoice("14000024-00012345", cut, 128000, 40000)
    medical = [Document(k) for k in ("DIAGNOSIS", "MEDICAL_RECORDS")]
    medical += [
        Document("INSURANCE_SETTLEMENT"),
        Document("MEDICAL_INVOICES", invoices=(invoice,)),
    ]
    app.record_documents(
        RecordDocuments(step(date(2024, 11, 6)), claim.id, _documents(cut, *medical))
    )
    assessed = app.assess_claim(AssessClaim(step(date(2024, 11, 8)), claim.id)).claim
    paid = app.record_payment(
        RecordPayment(
            step(date(2024, 11, 12)), claim.id, assessed.assessed_fen, f"B{run}1"
        )
    )
    _show("Example 1: a hand cut in the field", paid.claim)

    fall = date(2024, 12, 1)
    disability = app.report_claim(
        ReportClaim(
            step(date(2025, 1, 20)),
            rider,
            "李秀英",
            ("DISABILITY",),
            AccidentFacts(fall, "乡道", "TRAFFIC", "骑三轮车翻车"),
        ),
    ).claim
    appraisal = DisabilityAppraisal(("1.3-01",), date(2025, 1, 20), "临汾市人民医院")
    app.record_documents(
        RecordDocuments(
            step(date(2025, 1, 25)),
            disability.id,
            _documents(fall, Document("DISABILITY_APPRAISAL", appraisal=appraisal)),
        ),
    )
    assessed = app.assess_claim(
        AssessClaim(step(date(2025, 2, 1)), disability.id)
    ).claim
    paid = app.record_payment(
        RecordPayment(
            step(date(2025, 2, 10)), disability.id, assessed.assessed_fen, f"B{run}2"
        )
    )
    _show("Example 5: grade-1 disability paid on 2025-02-10", paid.claim)
    death = app.report_claim(
        ReportClaim(
            step(date(2025, 3, 2)),
            rider,
            "李秀英",
            ("DEATH",),
            accident_id=disability.accident_id,
        ),
    ).claim
    certificate = DeathCertificate(date(2025, 3, 1), "颅脑损伤并发症", True)
    app.record_documents(
        RecordDocuments(
            step(date(2025, 3, 4)),
            death.id,
            _documents(
                fall,
                Document("DEATH_CERTIFICATE", death=certificate),
                Document("HOUSEHOLD_DEREGISTRATION"),
                Document("BENEFICIARY_PROOF"),
            ),
        ),
    )
    _show(
        "...and death of that fall on 2025-03-01",
        app.assess_claim(AssessClaim(step(date(2025, 3, 5)), death.id)).claim,
    )

    attack = date(2025, 6, 1)
    heart = app.report_claim(
        ReportClaim(
            step(attack),
            farmer,
            "张建国",
            ("DEATH",),
            AccidentFacts(attack, "田间", "DISEASE", "耕作时心脏病发作"),
        ),
    ).claim
    _show("Example 8: a heart attack while farming", heart)
    app.close()
