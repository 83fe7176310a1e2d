"""`adjudication serve | project | rebuild | roster | export | demo | config`."""

import argparse
import faulthandler
import os
import secrets
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

import structlog
from stdnum.cn import ric

from adjudication import export_cli, roster_cli
from adjudication.api import logs
from adjudication.application import ClaimsApplication
from adjudication.domain.calendar import CST
from adjudication.domain.claim import Claim
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
from adjudication.enrolment_application import EnrolmentApplication
from adjudication.roster import InMemoryRoster
from adjudication.schemes import load_catalogue_with
from adjudication.storage import DEFAULT_SQLITE_FILE

PERSISTENCE_KEYS = (
    "PERSISTENCE_MODULE",
    "SQLITE_DBNAME",
    "POSTGRES_DBNAME",
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_USER",
    "POSTGRES_SCHEMA",
)


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


def _documents(accident_on: date, *extra: Document) -> list[Document]:
    return [
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
    ]


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
        step(cut),
        farmer,
        "张建国",
        ["MEDICAL"],
        AccidentFacts(cut, "田间", "CUT", "割麦时割伤左手"),
    ).claim
    invoice = Invoice("14000024-00012345", cut, 128000, 40000)
    medical = [Document(k) for k in ("DIAGNOSIS", "MEDICAL_RECORDS")]
    medical += [
        Document("INSURANCE_SETTLEMENT"),
        Document("MEDICAL_INVOICES", invoices=(invoice,)),
    ]
    app.record_documents(step(date(2024, 11, 6)), claim.id, _documents(cut, *medical))
    assessed = app.assess_claim(step(date(2024, 11, 8)), claim.id).claim
    paid = app.record_payment(
        step(date(2024, 11, 12)), claim.id, assessed.assessed_fen, f"B{run}1"
    )
    _show("Example 1: a hand cut in the field", paid.claim)

    fall = date(2024, 12, 1)
    disability = app.report_claim(
        step(date(2025, 1, 20)),
        rider,
        "李秀英",
        ["DISABILITY"],
        AccidentFacts(fall, "乡道", "TRAFFIC", "骑三轮车翻车"),
    ).claim
    appraisal = DisabilityAppraisal(("1.3-01",), date(2025, 1, 20), "临汾市人民医院")
    app.record_documents(
        step(date(2025, 1, 25)),
        disability.id,
        _documents(fall, Document("DISABILITY_APPRAISAL", appraisal=appraisal)),
    )
    assessed = app.assess_claim(step(date(2025, 2, 1)), disability.id).claim
    paid = app.record_payment(
        step(date(2025, 2, 10)), disability.id, assessed.assessed_fen, f"B{run}2"
    )
    _show("Example 5: grade-1 disability paid on 2025-02-10", paid.claim)
    death = app.report_claim(
        step(date(2025, 3, 2)),
        rider,
        "李秀英",
        ["DEATH"],
        accident_id=disability.accident_id,
    ).claim
    certificate = DeathCertificate(date(2025, 3, 1), "颅脑损伤并发症", True)
    app.record_documents(
        step(date(2025, 3, 4)),
        death.id,
        _documents(
            fall,
            Document("DEATH_CERTIFICATE", death=certificate),
            Document("HOUSEHOLD_DEREGISTRATION"),
            Document("BENEFICIARY_PROOF"),
        ),
    )
    _show(
        "...and death of that fall on 2025-03-01",
        app.assess_claim(step(date(2025, 3, 5)), death.id).claim,
    )

    attack = date(2025, 6, 1)
    heart = app.report_claim(
        step(attack),
        farmer,
        "张建国",
        ["DEATH"],
        AccidentFacts(attack, "田间", "DISEASE", "耕作时心脏病发作"),
    ).claim
    _show("Example 8: a heart attack while farming", heart)
    app.close()


def config() -> None:
    """The persistence settings in force (the defaults when none are set)."""
    env = {k: os.environ[k] for k in PERSISTENCE_KEYS if k in os.environ}
    env.setdefault("PERSISTENCE_MODULE", ClaimsApplication.env["PERSISTENCE_MODULE"])
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        env.setdefault("SQLITE_DBNAME", DEFAULT_SQLITE_FILE)
    for key, value in env.items():
        print(f"{key}={value}")


def serve(args: argparse.Namespace) -> None:
    from adjudication.api.server import (
        SHUTDOWN_OVERRUN_SECONDS,
        Server,
        ServerSettings,
    )

    logs.configure(args.log_level)
    settings = ServerSettings(
        address=args.address,
        max_workers=args.max_workers,
        max_concurrent_rpcs=args.max_concurrent_rpcs,
        grace_seconds=args.grace,
        drain_delay_seconds=args.drain_delay,
    )
    catalogue = load_catalogue_with(args.schemes)
    from projections import runner as projections

    enrolment = EnrolmentApplication(catalogue)
    app = ClaimsApplication(enrolment, catalogue=catalogue)
    # The read models present claims by the same scheme years.
    env = {"ADJUDICATION_SCHEMES": args.schemes} if args.schemes else {}
    views = {name: projections.open_view(name, env) for name in projections.VIEWS}
    workers = None if args.no_projections else projections.Workers(list(views), env)
    Server(app, enrolment, settings, views, workers).serve_until_signalled()
    # What is left is the interpreter's exit: it too must not hang.
    faulthandler.dump_traceback_later(SHUTDOWN_OVERRUN_SECONDS, exit=True)


def project(args: argparse.Namespace) -> None:
    """Projection workers apart from the server, until SIGTERM or SIGINT."""
    from projections import runner as projections

    logs.configure(args.log_level)
    names = args.views or list(projections.VIEWS)
    workers = projections.Workers(names)
    log = structlog.get_logger("adjudication.project")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    log.info("projecting", views=names)
    try:
        while not stop.wait(1.0):
            workers.check()
        log.info("stopping")
    finally:
        workers.stop()


def rebuild(args: argparse.Namespace) -> None:
    from rich.progress import Progress, TaskID

    from projections import runner as projections

    for name in args.views or list(projections.VIEWS):
        with Progress() as progress:
            task = progress.add_task(f"rebuild {name}", total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=total)

            digest = projections.rebuild(name, progress=advance)
        print(f"{name}: rebuilt and swapped in, content hash {digest}")


def main(argv: Sequence[str] | None = None) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="adjudication")
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("serve", help="serve the gRPC API")
    server.add_argument(
        "--address", default=env("ADJUDICATION_ADDRESS", "127.0.0.1:50051")
    )
    server.add_argument(
        "--schemes",
        default=env("ADJUDICATION_SCHEMES"),
        help="a folder of further scheme-year files (*.toml)",
    )
    server.add_argument(
        "--grace", type=float, default=10.0, help="seconds in-flight calls may take"
    )
    server.add_argument(
        "--drain-delay",
        type=float,
        default=0.0,
        help="seconds NOT_SERVING before refusing calls on SIGTERM",
    )
    server.add_argument("--max-workers", type=int, default=16)
    server.add_argument("--max-concurrent-rpcs", type=int, default=64)
    server.add_argument("--log-level", default=env("ADJUDICATION_LOG_LEVEL", "INFO"))
    server.add_argument(
        "--no-projections",
        action="store_true",
        help="read models are kept by `adjudication project` workers instead",
    )
    views = "read models (default: all)"
    worker = commands.add_parser("project", help="run projection workers")
    worker.add_argument("views", nargs="*", help=views)
    worker.add_argument("--log-level", default=env("ADJUDICATION_LOG_LEVEL", "INFO"))
    rebuilding = commands.add_parser("rebuild", help="rebuild read models from zero")
    rebuilding.add_argument("views", nargs="*", help=views)
    roster_cli.add_commands(commands)
    export_cli.add_commands(commands)
    commands.add_parser("demo", help="run worked examples on the configured store")
    commands.add_parser("config", help="print the persistence settings in force")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args)
    elif args.command == "project":
        project(args)
    elif args.command == "rebuild":
        rebuild(args)
    elif args.command in ("roster", "export"):
        return int(args.run(args))
    else:
        {"demo": demo, "config": config}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
