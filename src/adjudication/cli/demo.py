"""`adjudication demo`: the 2024 scheme of Xiangning worked through the real
gRPC API, in a scratch store of its own unless `--store DIR` names an embedded
store's folder. A township's roster and the police's answers are enrolled,
then claims of every benefit, a decision at 0, a rejection of each kind and an
appeal are walked with the dates of the scheme year; a table of the decisions
and the audit trail of one claim are printed.

It never touches the configured store: the store settings of its environment
(PERSISTENCE_MODULE, SQLITE_*, POSTGRES_*, ADJUDICATION_*, ...) are set aside
while it runs and given back afterwards."""

import json
import os
import random
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import grpc
import structlog
from google.protobuf.timestamp_pb2 import Timestamp
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from stdnum.cn import ric

from adjudication import logs
from adjudication.adapters import keys
from adjudication.auth.credentials import Credentials, create_token
from adjudication.auth.roles import Role
from adjudication.domain import masking
from adjudication.domain.calendar import CST
from adjudication.domain.money import yuan
from adjudication.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    claims_pb2_grpc,
    enrollment_pb2_grpc,
)
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb

SCHEME_ID = "xiangning-2024"
TOWNSHIP = "管头镇"
VILLAGES = ("管头村", "坡底村", "郭家村", "阳川村")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许"
GIVEN_MEN = "建国军伟强磊勇刚杰涛斌明华平志峰海龙波辉成亮俊东文"
GIVEN_WOMEN = "秀英兰芳丽敏静娟霞艳玲红燕梅琴云莉婷雪慧娜桂凤珍花翠萍春"
# The embedded store's files in its folder, as `var/` holds them.
STORE_FILE = "adjudication.sqlite3"
# Settings that choose or open a store, or configure the server: none of the
# caller's may reach the demo's own process configuration.
STORE_SETTINGS = (
    "PERSISTENCE_MODULE",
    "SQLITE_",
    "POSTGRES_",
    "CIPHER_",
    "COMPRESSOR_",
    "CREATE_TABLE",
)
SETTING_PREFIXES = ("ADJUDICATION_", "ENROLMENT_")
# The demo's callers, as tokens of its own credentials file name them.
ACTORS = {
    Role.ENROLMENT_OFFICER: "guantou-township",
    Role.CLAIMS_OFFICER: "officer-wang",
    Role.SUPERVISOR: "supervisor-li",
    Role.AUDITOR: "auditor-zhao",
}


class DemoRefused(Exception):
    """What the demo cannot do, said in one line."""


class Person(NamedTuple):
    resident_id_number: str
    name: str
    village: str


def run(store: str | None, yes: bool, out: TextIO) -> int:
    """0 when the demo ran; 2 for a `--store` not confirmed without a
    terminal to ask on; 1 when it failed or was declined (one line on
    stderr)."""
    try:
        if store is not None:
            folder = Path(store).resolve()
            if not yes and not sys.stdin.isatty():
                print(
                    f"adjudication demo: --store {store} writes demo claims into "
                    "that store: give --yes as well",
                    file=sys.stderr,
                )
                return 2
            if not yes and not _ask(f"Write demo claims into {folder}? [y/N] "):
                print("adjudication demo: nothing written", file=sys.stderr)
                return 1
            _walk(folder, None, out)
        else:
            scratch = Path(tempfile.mkdtemp(prefix="adjudication-demo-"))
            try:
                print(f"scratch store: {scratch} (removed at the end)", file=out)
                _walk(scratch / "store", scratch, out)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI ends quietly
    except KeyboardInterrupt:
        print("adjudication demo: interrupted", file=sys.stderr)
        return 1
    except grpc.RpcError as e:
        details = e.details() if isinstance(e, grpc.Call) else str(e)
        print(
            f"adjudication demo: the server refused a step: {details}", file=sys.stderr
        )
        return 1
    except OSError as e:
        what = f"{e.filename}: {e.strerror}" if e.filename and e.strerror else e
        print(f"adjudication demo: {what}", file=sys.stderr)
        return 1
    except Exception as e:  # whatever failed, in one line
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print(f"adjudication demo: {first}", file=sys.stderr)
        return 1
    return 0


def _ask(question: str) -> bool:
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


@contextmanager
def _own_environment(folder: Path, key_file: Path | None) -> Iterator[None]:
    """The process's environment holds only the demo's store settings while
    the server runs (the library reads os.environ, also by prefixed names such
    as ADJUDICATION_PERSISTENCE_MODULE); the caller's come back afterwards."""
    saved = dict(os.environ)
    try:
        for name in list(os.environ):
            if name.startswith(SETTING_PREFIXES) or any(
                part in name for part in STORE_SETTINGS
            ):
                del os.environ[name]
        os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
        os.environ["SQLITE_DBNAME"] = str(folder / STORE_FILE)
        if key_file is not None:
            os.environ[keys.KEY_FILE] = str(key_file)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """The server's lines only for errors, on stderr: stdout is the table's.
    Loggers are not cached meanwhile, so the process's own configuration
    applies again afterwards."""
    saved = structlog.get_config()
    logs.configure("ERROR", "console")
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    try:
        yield
    finally:
        structlog.configure(**saved)


def _walk(folder: Path, scratch: Path | None, out: TextIO) -> None:
    """Start the server on `folder`'s embedded store, walk the claims, print
    (the server's modules imported here: the other commands need none).
    `scratch`: the demo's own folder (its key file and credentials), removed
    by the caller; with `--store` a temporary one holds the credentials."""
    from adjudication.api.server import Server, ServerSettings
    from adjudication.claims.application import ClaimsApplication
    from adjudication.enrolment.application import EnrolmentApplication
    from adjudication.schemes import load_catalogue
    from projections import runner as projections
    from projections.notarising import Notarising

    with ExitStack() as stack:
        stack.enter_context(_quiet_logs())
        private = scratch or Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(prefix="adjudication-demo-")
            )
        )
        key_file = None
        if scratch is not None:
            key_file = scratch / "keys.json"
            keys.write_key_file(key_file, keys.Keys.new())
        credentials = private / "credentials.jsonl"
        tokens = {
            role: create_token(credentials, role, n) for role, n in ACTORS.items()
        }
        stack.enter_context(_own_environment(folder, key_file))
        catalogue = load_catalogue()
        enrolment = EnrolmentApplication(catalogue)
        app = ClaimsApplication(enrolment, catalogue=catalogue)
        views = projections.open_read_models()
        workers = projections.Workers(list(projections.VIEWS))
        notarising = Notarising()
        stack.callback(notarising.stop)
        settings = ServerSettings(
            address="127.0.0.1:0", credentials=Credentials(credentials), grace_seconds=2
        )
        server = Server(app, enrolment, settings, views, workers)
        server.start()
        stack.callback(server.stop)
        print(
            f"store: {folder} (embedded SQLite); server: 127.0.0.1:{server.port}",
            file=out,
            flush=True,
        )
        channel = grpc.insecure_channel(f"127.0.0.1:{server.port}")
        stack.callback(channel.close)
        demo = _Demo(channel, tokens)
        enrolled = demo.enrol()
        cases = demo.walk(enrolled)
        trail = demo.history(cases[demo.appeal_index].claim)
        _print(out, enrolled, cases, demo.appeal_index + 1, trail)


@dataclass(frozen=True)
class Case:
    """A claim walked through, and what it shows."""

    title: str
    claim: pb.Claim


@dataclass(frozen=True)
class Enrolled:
    people: list[Person]  # the roster's, in its order
    outsider: Person  # on no roster
    accepted: int
    confirmed: int
    premium: epb.GetPremiumStatementResponse


def generate_people(count: int, rng: random.Random) -> list[Person]:
    """Residents of the township: made-up names, valid ID numbers (the region
    code in force in the birth year, 142631 before 2000, so no warnings)."""
    people: dict[str, Person] = {}
    while len(people) < count:
        born = date(1948, 1, 1) + (date(2004, 12, 31) - date(1948, 1, 1)) * rng.random()
        man = rng.random() < 0.5
        body = (
            f"{'141029' if born.year >= 2000 else '142631'}{born:%Y%m%d}"
            f"{rng.randrange(500) * 2 + int(man):03d}"  # odd for men
        )
        number = body + ric.calc_check_digit(body + "0")
        given = GIVEN_MEN if man else GIVEN_WOMEN
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(given) for _ in range(rng.choice((1, 2, 2)))
        )
        people.setdefault(number, Person(number, name, rng.choice(VILLAGES)))
    return list(people.values())


class _Demo:
    """The calls of the township, the police, the insurer's officers and the
    auditor, each with its own token."""

    def __init__(self, channel: grpc.Channel, tokens: dict[Role, str]) -> None:
        self.tokens = tokens
        self.rng = random.Random(secrets.randbits(64))
        # Request ids and invoice numbers of this run: runs on one store differ.
        self.run = secrets.token_hex(4)
        self.steps = 0
        self.claims = claims_pb2_grpc.ClaimsServiceStub(channel)  # type: ignore[no-untyped-call]
        self.enrolment = enrollment_pb2_grpc.EnrollmentServiceStub(channel)  # type: ignore[no-untyped-call]
        self.audit = audit_pb2_grpc.AuditServiceStub(channel)  # type: ignore[no-untyped-call]
        self.appeal_index = 0

    def _as(self, role: Role) -> tuple[tuple[str, str]]:
        return (("authorization", f"Bearer {self.tokens[role]}"),)

    def _id(self) -> str:
        self.steps += 1
        return f"demo-{self.run}-{self.steps:02d}"

    def enrol(self) -> Enrolled:
        *people, outsider = generate_people(13, self.rng)
        header = epb.RosterHeader(
            request_id=self._id(),
            scheme_id=SCHEME_ID,
            township=TOWNSHIP,
            file_name=f"{TOWNSHIP}2024年度参保花名册",
        )
        rows = [
            epb.RosterRow(
                resident_id_number=p.resident_id_number,
                name=p.name,
                township=TOWNSHIP,
                village=p.village,
                registration="农业户口",
                employer_sector="务农",
            )
            for p in people
        ]
        imported = self.enrolment.ImportRoster(
            iter(
                [
                    epb.ImportRosterRequest(header=header),
                    epb.ImportRosterRequest(rows=epb.RosterRows(rows=rows)),
                ]
            ),
            metadata=self._as(Role.ENROLMENT_OFFICER),
        )
        if imported.submission.accepted != len(people):
            reasons = dict(imported.submission.rejected_by_reason)
            raise DemoRefused(f"the roster's rows were refused: {reasons}")
        # The police's letter of 2024-10-28: every one confirmed but the ninth,
        # whose answer has not come; the tenth moved out on 2025-03-15.
        answers = [
            epb.RegistrationAnswer(
                resident_id_number=p.resident_id_number,
                result=epb.REGISTRATION_CHECK_CONFIRMED,
                event_date="2024-10-28",
            )
            for i, p in enumerate(people)
            if i not in (8, 9)
        ]
        answers.append(
            epb.RegistrationAnswer(
                resident_id_number=people[9].resident_id_number,
                result=epb.REGISTRATION_CHECK_MOVED_OUT,
                event_date="2025-03-15",
            )
        )
        checked = self.enrolment.ConfirmRegistrations(
            epb.ConfirmRegistrationsRequest(
                request_id=self._id(),
                scheme_id=SCHEME_ID,
                source="乡宁县公安局 乡公户〔2024〕12号",
                answers=answers,
            ),
            metadata=self._as(Role.ENROLMENT_OFFICER),
        )
        if checked.refused or checked.not_enrolled:
            raise DemoRefused(
                f"of the police's answers {len(checked.refused)} were refused and "
                f"{len(checked.not_enrolled)} were for persons not enrolled"
            )
        premium = self.enrolment.GetPremiumStatement(
            epb.GetPremiumStatementRequest(
                scheme_id=SCHEME_ID, as_of_date="2024-10-31"
            ),
            metadata=self._as(Role.ENROLMENT_OFFICER),
        )
        return Enrolled(
            people, outsider, imported.submission.accepted, checked.applied, premium
        )

    # The claims' steps, each with the day it took effect.

    def report(
        self,
        person: Person,
        benefits: Sequence["pb.Benefit"],
        reported: date,
        accident: pb.AccidentFacts | None = None,
        accident_id: str = "",
    ) -> pb.Claim:
        at = Timestamp()
        at.FromDatetime(datetime.combine(reported, time(9, 30), CST))
        request = pb.ReportClaimRequest(
            request_id=self._id(),
            insured_id_number=person.resident_id_number,
            insured_name=person.name,
            benefits=benefits,
            report_time=at,
        )
        if accident is not None:
            request.accident.CopyFrom(accident)
        else:
            request.accident_id = accident_id
        claim: pb.Claim = self.claims.ReportClaim(
            request, metadata=self._as(Role.CLAIMS_OFFICER)
        ).claim
        return claim

    def documents(
        self, claim: pb.Claim, received: date, payee: str, *extra: pb.Document
    ) -> pb.Claim:
        account = "622848" + "".join(str(self.rng.randrange(10)) for _ in range(13))
        common = [
            pb.Document(kind="CLAIM_FORM"),
            pb.Document(kind="ID_CARD"),
            pb.Document(kind="HOUSEHOLD_REGISTER"),
            pb.Document(
                kind="ACCIDENT_CERTIFICATE",
                accident_certificate=pb.AccidentCertificate(
                    issuer=f"{TOWNSHIP}村民委员会",
                    issue_date=claim.accident.accident_date,
                ),
            ),
            pb.Document(
                kind="BANK_ACCOUNT",
                bank_account=pb.BankAccount(
                    holder=payee, bank="中国农业银行乡宁县支行", account_number=account
                ),
            ),
        ]
        done: pb.Claim = self.claims.RecordDocuments(
            pb.RecordDocumentsRequest(
                request_id=self._id(),
                name=claim.name,
                documents=[*common, *extra],
                received_date=received.isoformat(),
            ),
            metadata=self._as(Role.CLAIMS_OFFICER),
        ).claim
        return done

    def assess(
        self,
        claim: pb.Claim,
        decided: date | None,
        *overrides: pb.Override,
    ) -> pb.Claim:
        """`decided`: None, today (a step of now, such as an appeal's)."""
        role = Role.SUPERVISOR if overrides else Role.CLAIMS_OFFICER
        assessed: pb.Claim = self.claims.AssessClaim(
            pb.AssessClaimRequest(
                request_id=self._id(),
                name=claim.name,
                overrides=overrides,
                decision_date=decided.isoformat() if decided else "",
            ),
            metadata=self._as(role),
        ).claim
        return assessed

    def pay(self, claim: pb.Claim, paid: date | None) -> pb.Claim:
        """The bank's transfer of what is outstanding, on `paid` (None: today)."""
        done: pb.Claim = self.claims.RecordPayment(
            pb.RecordPaymentRequest(
                request_id=self._id(),
                name=claim.name,
                amount_fen=claim.outstanding_fen,
                reference=f"ABC{self.run.upper()}{self.steps:04d}",
                payment_date=paid.isoformat() if paid else "",
            ),
            metadata=self._as(Role.CLAIMS_OFFICER),
        ).claim
        return done

    def reject(self, claim: pb.Claim, decided: date, code: str, why: str) -> pb.Claim:
        done: pb.Claim = self.claims.RejectClaim(
            pb.RejectClaimRequest(
                request_id=self._id(),
                name=claim.name,
                reasons=[pb.RejectionReason(code=code, text=why)],
                text=f"经审核，{why}，不予赔付。",
                decision_date=decided.isoformat(),
            ),
            metadata=self._as(Role.CLAIMS_OFFICER),
        ).claim
        return done

    def reopen(self, claim: pb.Claim, reason: str) -> pb.Claim:
        done: pb.Claim = self.claims.ReopenClaim(
            pb.ReopenClaimRequest(
                request_id=self._id(), name=claim.name, reason=reason
            ),
            metadata=self._as(Role.SUPERVISOR),
        ).claim
        return done

    def history(self, claim: pb.Claim) -> list[audit_pb2.ClaimEvent]:
        events = self.audit.GetClaimHistory(
            audit_pb2.GetClaimHistoryRequest(name=claim.name),
            metadata=self._as(Role.AUDITOR),
        ).events
        return list(events)

    def invoice(self, issued: str, amount_fen: int, reimbursed_fen: int) -> pb.Invoice:
        number = f"1410{self.rng.randrange(10**8):08d}"
        return pb.Invoice(
            number=number,
            issue_date=issued,
            amount_fen=amount_fen,
            reimbursed_fen=reimbursed_fen,
        )

    def relative(self, person: Person) -> str:
        """A family member (the payee of a death benefit): the same surname."""
        return person.name[0] + "".join(
            self.rng.choice(GIVEN_MEN + GIVEN_WOMEN) for _ in range(2)
        )

    def walk(self, enrolled: Enrolled) -> list[Case]:
        """The claims of the scheme's worked examples and more, on the roster's
        people (`enrolled.people[i]`), each with its real dates."""
        p = enrolled.people
        cases: list[Case] = []

        def case(title: str, claim: pb.Claim) -> pb.Claim:
            cases.append(Case(title, claim))
            return claim

        def accident(on: str, place: str, cause: str, what: str) -> pb.AccidentFacts:
            return pb.AccidentFacts(
                accident_date=on, place=place, cause=cause, description=what
            )

        medical_docs = [
            pb.Document(kind="DIAGNOSIS"),
            pb.Document(kind="MEDICAL_RECORDS"),
            pb.Document(kind="INSURANCE_SETTLEMENT"),
        ]

        def invoices(*items: pb.Invoice) -> pb.Document:
            return pb.Document(kind="MEDICAL_INVOICES", invoices=items)

        # 1. Worked example 1: 1,280 of invoices, 400 reimbursed: 780.
        cut = self.report(
            p[0],
            [pb.BENEFIT_MEDICAL],
            date(2024, 11, 4),
            accident("2024-11-03", "郭家村麦田", "CUT", "割麦时镰刀割伤左手"),
        )
        cut = self.documents(
            cut,
            date(2024, 11, 6),
            p[0].name,
            *medical_docs,
            invoices(self.invoice("2024-11-03", 128000, 40000)),
        )
        cut = self.assess(cut, date(2024, 11, 8))
        case("medical: a hand cut in the field", self.pay(cut, date(2024, 11, 12)))

        # 2. Medical and 12 days in hospital (worked example 3's stay).
        crash = self.report(
            p[1],
            [pb.BENEFIT_MEDICAL, pb.BENEFIT_HOSPITAL_ALLOWANCE],
            date(2025, 1, 18),
            accident(
                "2025-01-04",
                "乡宁至管头乡道",
                "TRAFFIC",
                "骑电动车与三轮车相撞，右腿骨折",
            ),
        )
        stay = pb.HospitalStay(
            admission_date="2025-01-05",
            discharge_date="2025-01-17",
            hospital="乡宁县人民医院",
        )
        crash = self.documents(
            crash,
            date(2025, 1, 22),
            p[1].name,
            *medical_docs,
            invoices(
                self.invoice("2025-01-05", 612000, 306000),
                self.invoice("2025-01-17", 248000, 124000),
            ),
            pb.Document(kind="DISCHARGE_SUMMARY", stays=[stay]),
        )
        crash = self.assess(crash, date(2025, 1, 27))
        case("medical and hospital allowance", self.pay(crash, date(2025, 2, 3)))

        # 3 and 4. Worked example 5: grade-1 disability paid 30,000 on
        # 2025-02-10, death of that fall on 2025-03-01: DEATH 0, TOP_UP 30,000.
        fall = self.report(
            p[2],
            [pb.BENEFIT_DISABILITY],
            date(2025, 1, 20),
            accident(
                "2024-12-01", "阳川村自家屋顶", "FALL", "修缮屋顶时坠落，颅脑损伤"
            ),
        )
        appraisal = pb.DisabilityAppraisal(
            item_ids=["1.3-01"],
            appraisal_date="2025-01-20",
            institution="临汾市人民医院",
        )
        fall = self.documents(
            fall,
            date(2025, 1, 25),
            self.relative(p[2]),
            pb.Document(kind="DISABILITY_APPRAISAL", appraisal=appraisal),
        )
        fall = self.assess(fall, date(2025, 2, 1))
        case("disability grade 1 (a fall)", self.pay(fall, date(2025, 2, 10)))
        death = self.report(
            p[2], [pb.BENEFIT_DEATH], date(2025, 3, 2), accident_id=fall.accident_id
        )
        death = self.documents(
            death,
            date(2025, 3, 4),
            self.relative(p[2]),
            *self._death_documents("2025-03-01", "颅脑损伤并发症"),
        )
        death = self.assess(death, date(2025, 3, 5))
        case("death of that fall, with the top-up", self.pay(death, date(2025, 3, 12)))

        # 5. Third-degree burns of 16 % of trunk and limbs: 75 %.
        burn = self.report(
            p[3],
            [pb.BENEFIT_BURN],
            date(2025, 2, 10),
            accident(
                "2025-02-08", "坡底村自家厨房", "BURN", "液化气罐起火，躯干及双上肢烧伤"
            ),
        )
        diagnosis = pb.BurnDiagnosis(
            areas=[pb.BurnArea(region="TRUNK_LIMBS", degree="III", area_percent="16")],
            diagnosis_date="2025-02-20",
        )
        burn = self.documents(
            burn,
            date(2025, 2, 24),
            p[3].name,
            pb.Document(kind="BURN_DIAGNOSIS", burn=diagnosis),
        )
        burn = self.assess(burn, date(2025, 2, 26))
        case("burns, third degree", self.pay(burn, date(2025, 3, 3)))

        # 6. Accidental death.
        flood = self.report(
            p[4],
            [pb.BENEFIT_DEATH],
            date(2025, 7, 25),
            accident("2025-07-21", "鄂河管头段", "DROWNING", "雨后过河时被洪水冲走"),
        )
        flood = self.documents(
            flood,
            date(2025, 8, 2),
            self.relative(p[4]),
            *self._death_documents("2025-07-21", "溺水"),
        )
        flood = self.assess(flood, date(2025, 8, 5))
        case("accidental death (drowning)", self.pay(flood, date(2025, 8, 11)))

        # 7. Worked example 4: two grade-7 items and one of grade 9 promote to
        # grade 6: 50 %.
        tiller = self.report(
            p[5],
            [pb.BENEFIT_DISABILITY],
            date(2025, 5, 14),
            accident(
                "2025-05-12",
                "管头村田间",
                "MACHINERY",
                "操作旋耕机时被卷入，左臂、右足及腰部受伤",
            ),
        )
        appraisal = pb.DisabilityAppraisal(
            item_ids=["7.3-07", "7.5-05", "7.7-03"],
            appraisal_date="2025-10-20",
            institution="临汾市人民医院司法鉴定所",
        )
        tiller = self.documents(
            tiller,
            date(2025, 10, 22),
            p[5].name,
            pb.Document(kind="DISABILITY_APPRAISAL", appraisal=appraisal),
        )
        tiller = self.assess(tiller, date(2025, 10, 28))
        case("disability, two grade-7 items", self.pay(tiller, date(2025, 11, 5)))

        # 8. An appeal: grade 8 paid, then reopened and reassessed at grade 7
        # on the county's review of the appraisal (today: the appeal is now).
        rock = self.report(
            p[6],
            [pb.BENEFIT_DISABILITY],
            date(2025, 3, 20),
            accident(
                "2025-03-18",
                "管头村后山",
                "STRUCK_BY_OBJECT",
                "上山砍柴时被滚石砸伤右臂",
            ),
        )
        appraisal = pb.DisabilityAppraisal(
            item_ids=["7.3-08"],
            appraisal_date="2025-08-30",
            institution="乡宁县人民医院",
        )
        rock = self.documents(
            rock,
            date(2025, 9, 2),
            p[6].name,
            pb.Document(kind="DISABILITY_APPRAISAL", appraisal=appraisal),
        )
        rock = self.pay(self.assess(rock, date(2025, 9, 5)), date(2025, 9, 10))
        rock = self.reopen(rock, "被保险人申诉：县伤残鉴定复核为右上肢两大关节功能丧失")
        grade_7 = pb.Override(
            benefit=pb.BENEFIT_DISABILITY,
            grade=7,
            reason_code="APPEAL_DECISION",
            reason_text="复核鉴定：一上肢三大关节中两个关节完全丧失功能（7.3-07），改评七级",
        )
        rock = self.assess(rock, None, grade_7)
        self.appeal_index = len(cases)
        case("appeal: grade 8 reassessed at 7", self.pay(rock, None))

        # 9. Nothing payable, a decision at 0: below the deductible.
        finger = self.report(
            p[7],
            [pb.BENEFIT_MEDICAL],
            date(2025, 6, 10),
            accident(
                "2025-06-09", "坡底村菜地", "CUT", "除草时镰刀划伤手指，村卫生室包扎"
            ),
        )
        finger = self.documents(
            finger,
            date(2025, 6, 12),
            p[7].name,
            *medical_docs,
            invoices(self.invoice("2025-06-09", 6000, 0)),
        )
        case("medical below the deductible", self.assess(finger, date(2025, 6, 13)))

        # 10 to 15: rejected when reported, with the rules' reasons.
        case(
            "not on any roster",
            self.report(
                enrolled.outsider,
                [pb.BENEFIT_MEDICAL],
                date(2025, 4, 3),
                accident("2025-04-02", "郭家村", "FALL", "下地途中摔伤"),
            ),
        )
        case(
            "the police have not answered",
            self.report(
                p[8],
                [pb.BENEFIT_MEDICAL],
                date(2025, 5, 7),
                accident("2025-05-06", "阳川村", "ANIMAL", "放羊时被狗咬伤小腿"),
            ),
        )
        case(
            "moved out of the county",
            self.report(
                p[9],
                [pb.BENEFIT_MEDICAL],
                date(2025, 6, 22),
                accident("2025-06-20", "太原市", "TRAFFIC", "务工途中交通事故"),
            ),
        )
        case(
            "the day after cover ended",
            self.report(
                p[7],
                [pb.BENEFIT_MEDICAL],
                date(2025, 10, 15),
                accident("2025-10-14", "坡底村", "FALL", "摘花椒时从梯子上摔下"),
            ),
        )
        case(
            "a heart attack (worked example 8)",
            self.report(
                p[10],
                [pb.BENEFIT_DEATH],
                date(2025, 6, 3),
                accident("2025-06-01", "管头村田间", "DISEASE", "耕作时心脏病发作"),
            ),
        )
        case(
            "drunk driving",
            self.report(
                p[11],
                [pb.BENEFIT_MEDICAL],
                date(2025, 2, 2),
                accident(
                    "2025-02-01", "管头镇街道", "DRUNK_DRIVING", "酒后驾驶摩托车摔伤"
                ),
            ),
        )

        # 16. Rejected by the officer: the invoices were forged.
        sprain = self.report(
            p[1],
            [pb.BENEFIT_MEDICAL],
            date(2025, 8, 20),
            accident("2025-08-15", "管头村", "FALL", "搬运玉米时扭伤腰部"),
        )
        sprain = self.documents(
            sprain,
            date(2025, 8, 25),
            p[1].name,
            *medical_docs,
            invoices(self.invoice("2025-08-16", 356000, 0)),
        )
        case(
            "rejected by the officer",
            self.reject(sprain, date(2025, 9, 1), "FRAUD", "经医院核实，发票系伪造"),
        )
        return cases

    @staticmethod
    def _death_documents(died: str, cause: str) -> list[pb.Document]:
        certificate = pb.DeathCertificate(
            death_date=died, cause=cause, caused_by_accident=True
        )
        return [
            pb.Document(kind="DEATH_CERTIFICATE", death=certificate),
            pb.Document(kind="HOUSEHOLD_DEREGISTRATION"),
            pb.Document(kind="BENEFICIARY_PROOF"),
        ]


# Printing: a table on a terminal (rich), aligned plain text otherwise.

BENEFITS = {
    pb.BENEFIT_DEATH: "DEATH 意外身故",
    pb.BENEFIT_DISABILITY: "DISABILITY 意外残疾",
    pb.BENEFIT_BURN: "BURN 意外烧伤",
    pb.BENEFIT_TOP_UP: "TOP_UP 追加身故",
    pb.BENEFIT_MEDICAL: "MEDICAL 意外医疗",
    pb.BENEFIT_HOSPITAL_ALLOWANCE: "HOSPITAL_ALLOWANCE 住院津贴",
}


def _status(claim: pb.Claim) -> str:
    return pb.ClaimStatus.Name(claim.status).removeprefix("CLAIM_STATUS_")


def claim_rows(cases: Sequence[Case]) -> list[list[str]]:
    """One row per benefit line (a rejected claim: per benefit asked for)."""
    rows = []
    for n, case in enumerate(cases, 1):
        claim = case.claim
        first = [
            str(n),
            masking.name(claim.insured_name),
            claim.accident.accident_date,
            case.title,
        ]
        if claim.HasField("assessment"):
            lines = [
                (
                    BENEFITS[line.benefit],
                    _status(claim),
                    yuan(line.amount_fen),
                    line.explanation,
                )
                for line in claim.assessment.lines
            ]
        else:
            why = ", ".join(r.code for r in claim.rejection.reasons)
            lines = [
                (BENEFITS[b], f"{_status(claim)} {why}", yuan(0), claim.rejection.text)
                for b in claim.benefits
            ]
        for i, (benefit, decision, amount, explanation) in enumerate(lines):
            paid = yuan(claim.paid_fen) if i == 0 else ""
            head = first if i == 0 else ["", "", "", ""]
            rows.append([*head, benefit, decision, amount, paid, explanation])
    return rows


CLAIM_COLUMNS = (
    "#",
    "insured",
    "accident",
    "case",
    "benefit",
    "decision",
    "yuan",
    "paid",
    "explanation",
)
RIGHT_ALIGNED = frozenset({"#", "yuan", "paid"})
WRAPPED = frozenset({"case", "benefit", "decision", "explanation"})
TRAIL_COLUMNS = ("event", "effective", "recorded (CST)", "actor", "yuan", "explanation")


def trail_rows(events: Sequence[audit_pb2.ClaimEvent]) -> list[list[str]]:
    rows = []
    for event in events:
        amount, explanation = _summary(json.loads(event.payload_json or "{}"))
        rows.append(
            [
                event.event_type,
                event.effective_date,
                _cst(event.record_time),
                event.actor,
                amount,
                explanation,
            ]
        )
    return rows


def _cst(stamp: Timestamp) -> str:
    return stamp.ToDatetime(tzinfo=CST).strftime("%Y-%m-%d %H:%M:%S")


def _summary(payload: dict[str, Any]) -> tuple[str, str]:
    """An event's amount in yuan (if it has one) and what it says, from its
    payload (the events' attributes, see audit.proto)."""
    payment = payload.get("payment")
    if isinstance(payment, dict):
        return yuan(
            int(payment["amount_fen"])
        ), f"bank reference {payment['reference']}"
    lines = payload.get("lines")
    if isinstance(lines, list) and lines:
        total = sum(int(line["amount_fen"]) for line in lines)
        return yuan(total), "; ".join(str(line["explanation"]) for line in lines)
    documents = payload.get("documents")
    if isinstance(documents, list):
        kinds = ", ".join(str(document["kind"]) for document in documents)
        return "", f"{len(documents)} documents: {kinds}"
    if isinstance(payload.get("benefits"), list) and payload.get("accident_date"):
        benefits = ", ".join(payload["benefits"])
        return "", f"{benefits} claimed; accident of {payload['accident_date']}"
    for key in ("explanation", "reason", "text"):
        if isinstance(payload.get(key), str) and payload[key]:
            return "", str(payload[key])
    return "", ""


def _print(
    out: TextIO,
    enrolled: Enrolled,
    cases: Sequence[Case],
    appeal_number: int,
    trail: Sequence[audit_pb2.ClaimEvent],
) -> None:
    premium = enrolled.premium
    print(
        f"\n{TOWNSHIP} roster: {enrolled.accepted} residents enrolled, "
        f"{enrolled.confirmed} police answers applied; premium statement as of "
        f"{premium.as_of_date}: {premium.total_insured} insured, "
        f"{yuan(premium.total_premium_fen)} yuan",
        file=out,
    )
    claims_title = f"Claims of the {SCHEME_ID} scheme year"
    trail_title = (
        f"Audit trail of claim {appeal_number} (AuditService.GetClaimHistory): "
        "effective, the day a step took effect; recorded, when it was recorded"
    )
    tables = [
        (claims_title, CLAIM_COLUMNS, claim_rows(cases)),
        (trail_title, TRAIL_COLUMNS, trail_rows(trail)),
    ]
    if out.isatty():
        console = Console(file=out)
        for title, columns, rows in tables:
            table = Table(title=title, title_justify="left")
            for column in columns:
                numeric = column in RIGHT_ALIGNED
                table.add_column(
                    column,
                    justify="right" if numeric else "left",
                    # the texts wrap, never a date, a name or an amount
                    no_wrap=column not in WRAPPED,
                )
            for row in rows:
                table.add_row(*row)
            console.print(table)
    else:
        for title, columns, rows in tables:
            print(f"\n{title}", file=out)
            _plain(out, columns, rows)


def _plain(out: TextIO, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns aligned by display width (a Chinese character takes two), the
    last one unpadded; never wrapped."""
    widths = [
        max(cell_len(row[i]) for row in [columns, *rows]) for i in range(len(columns))
    ]
    for row in [columns, *rows]:
        cells = []
        for i, (column, cell) in enumerate(zip(columns, row, strict=True)):
            pad = " " * (widths[i] - cell_len(cell))
            if i == len(columns) - 1:
                cells.append(cell)
            else:
                cells.append(pad + cell if column in RIGHT_ALIGNED else cell + pad)
        print("  ".join(cells).rstrip(), file=out)
