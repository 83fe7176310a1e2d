"""The log is append-only and tamper-evident (issue 10, item 6), on SQLite and
PostgreSQL set up by `adjudication db init`: the service cannot change or
delete an event; someone who can (a superuser, the file's owner) deleting a
payment, editing an amount or reordering two events is named by VerifyLog at
the position they touched, and the claim is not paid twice; the rebuild
refuses to write the tampered history into the read models; a checkpoint
kept outside the database catches a chain recomputed over the tampering."""

import socket
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import grpc
import psycopg
import pytest
from structlog.testing import capture_logs

from adjudication.adapters import checkpoints
from adjudication.adapters.notary import (
    CHECKPOINT_MISMATCH,
    EVENT_ALTERED,
    EVENT_MISSING,
    NOTARY,
    LogTampered,
    notary_file,
)
from adjudication.adapters.storage import CLAIMS_LOG, ENROLMENT_LOG, sqlite_files
from adjudication.api.server import Server, ServerSettings
from adjudication.claims.application import ClaimsApplication
from adjudication.cli import main
from adjudication.domain.claim import ClaimStatus
from adjudication.domain.facts import Invoice
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.v1 import audit_pb2, audit_pb2_grpc, claims_pb2, claims_pb2_grpc
from projections import runner as projections
from projections.rebuild import BrokenChain
from tests.builders import SCHEME_START, Clock, Journeys, resident_id
from tests.e2e.client import error_of
from tests.figures import measured
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

DETECTED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_detections() -> Iterator[None]:
    yield
    measured(
        "tampering cases detected: "
        + ", ".join(f"{case} {n}" for case, n in sorted(DETECTED.items()))
        + f" (total {sum(DETECTED.values())})"
    )


@dataclass
class Database:
    """The store as `adjudication db init` left it: the service's settings,
    and a way in for someone who can change it behind the service's back."""

    kind: str
    service_env: dict[str, str]
    admin_env: dict[str, str]
    owner: str = ""

    def tamper(self, sql: str, *params: Any, log: str = CLAIMS_LOG) -> None:
        """Run SQL on a log's events table (`{events}`) as someone who can: on
        SQLite whoever has the file (dropping the triggers first); on
        PostgreSQL a superuser switching the triggers off for the session."""
        if self.kind == "sqlite":
            claims, enrolment = sqlite_files(self.admin_env)
            with sqlite3.connect(claims if log == CLAIMS_LOG else enrolment) as db:
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                ).fetchall():
                    db.execute(f"DROP TRIGGER {name}")
                db.execute(sql.format(events="stored_events", position="rowid"), params)
            return
        schema = self.admin_env["POSTGRES_SCHEMA"]
        with postgres(self.admin_env) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute(
                sql.format(
                    events=f'"{schema}".{log.lower()}_events',
                    position="notification_id",
                ).replace("?", "%s"),
                params,
            )

    def as_service(self, sql: str) -> None:
        """Run SQL on the events (`{events}`) or the notary's links
        (`{links}`) as the service could."""
        if self.kind == "sqlite":
            events = self.service_env["SQLITE_DBNAME"]
            file = notary_file(events) if "{links}" in sql else events
            with sqlite3.connect(file) as db:
                db.execute(sql.format(events="stored_events", links="links"))
            return
        schema = self.service_env["POSTGRES_SCHEMA"]
        with postgres(self.service_env) as conn:
            conn.execute(
                sql.format(
                    events=f'"{schema}".adjudication_events',
                    links=f'"{schema}".{NOTARY}_links',
                )
            )


def postgres(env: dict[str, str]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        autocommit=True,
    )


@pytest.fixture
def database(
    store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        assert main(["db", "init"]) == 0
        yield Database("sqlite", dict(store_env), dict(store_env))
        return
    suffix = uuid.uuid4().hex[:8]
    owner, service = f"adj_owner_{suffix}", f"adj_service_{suffix}"
    assert main(["db", "init", "--owner-role", owner, "--service-role", service]) == 0
    service_env = {
        **store_env,
        "POSTGRES_USER": service,
        # The tables are the owner's: the service creates none of them.
        "ADJUDICATION_CREATE_TABLE": "n",
        "ENROLMENT_CREATE_TABLE": "n",
    }
    for key, value in service_env.items():
        monkeypatch.setenv(key, value)
    yield Database("postgres", service_env, dict(store_env), owner)
    with postgres(store_env) as conn:
        conn.execute(f"DROP OWNED BY {owner}, {service} CASCADE")
        conn.execute(f"DROP ROLE {owner}")
        conn.execute(f"DROP ROLE {service}")


@pytest.fixture
def app(database: Database, roster: InMemoryRoster, clock: Clock) -> Iterator[Any]:
    application = ClaimsApplication(roster, clock=clock, env=database.service_env)
    yield application
    application.close()


@dataclass
class Served:
    claims: Any
    audit: Any
    enrolment: EnrolmentApplication


@pytest.fixture
def served(app: ClaimsApplication, database: Database) -> Iterator[Served]:
    """The service over a real channel, in this process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    enrolment = EnrolmentApplication(env=database.service_env)
    server = Server(
        app, enrolment, ServerSettings(address=f"127.0.0.1:{port}", grace_seconds=1)
    )
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield Served(
        claims_pb2_grpc.ClaimsServiceStub(channel),  # type: ignore[no-untyped-call]
        audit_pb2_grpc.AuditServiceStub(channel),  # type: ignore[no-untyped-call]
        enrolment,
    )
    channel.close()
    server.stop()
    enrolment.close()


@dataclass(frozen=True)
class Paid:
    claim_id: uuid.UUID
    payment_position: int


@pytest.fixture
def paid(app: ClaimsApplication, roster: InMemoryRoster, clock: Clock) -> Paid:
    """The README's farmer: 1,280 yuan of invoices, 400 reimbursed, paid 780
    yuan; the notary has caught up with the log."""
    insured = resident_id(1)
    roster.enrol(insured, SCHEME_START)
    journeys = Journeys(app, clock)
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("14000024-00012345", date(2024, 11, 3), 128000, 40000),),
    ).claim
    paid = journeys.pay_in_full(claim.id, date(2024, 11, 8))
    assert paid.claim.status is ClaimStatus.PAID
    app.notary.notarise()
    # the payment's own event is the claim's last; its receipt follows it
    payment_position = paid.position - 1
    return Paid(claim.id, payment_position)


def pay(served: Served, claim_id: uuid.UUID, fen: int, request_id: str) -> Any:
    return served.claims.RecordPayment(
        claims_pb2.RecordPaymentRequest(
            request_id=request_id,
            name=f"claims/{claim_id}",
            amount_fen=fen,
            reference=f"ABC-{request_id}",
            payment_date="2024-11-20",
        ),
        metadata=[("x-actor", "officer-7")],
    )


def verify(served: Served, of_log: str = "", **checkpoint: Any) -> Any:
    request = audit_pb2.VerifyLogRequest(
        checkpoint=audit_pb2.LogCheckpoint(**checkpoint) if checkpoint else None,
        log=of_log,
    )
    return served.audit.VerifyLog(request)


def refused_as_tampered(served: Served, claim_id: uuid.UUID, fen: int) -> bool:
    with pytest.raises(grpc.RpcError) as caught:
        pay(served, claim_id, fen, f"again-{uuid.uuid4().hex[:8]}")
    code, reason = error_of(caught.value)[:2]
    return bool(code == grpc.StatusCode.DATA_LOSS and reason == "LOG_TAMPERED")


def test_an_untouched_log_verifies_and_pays(
    app: ClaimsApplication, paid: Paid, served: Served
) -> None:
    verified = verify(served)
    assert verified.intact
    assert verified.head_position == verified.end_position == paid.payment_position + 1
    assert verified.checked_events == paid.payment_position + 1


def test_a_deleted_payment_is_named_and_the_claim_is_not_paid_again(
    app: ClaimsApplication, paid: Paid, served: Served, database: Database
) -> None:
    database.tamper("DELETE FROM {events} WHERE {position} = ?", paid.payment_position)
    # the claim reads as merely assessed again, 780 yuan outstanding
    assert app.get_claim(paid.claim_id).status is ClaimStatus.ASSESSED

    verified = verify(served)
    assert not verified.intact
    assert verified.first_broken_position == paid.payment_position
    assert verified.broken_reason == EVENT_MISSING
    with capture_logs() as logged:
        assert refused_as_tampered(served, paid.claim_id, 78000)
    assert {
        "event": "log_tampered",
        "log_level": "error",
        "positions": (paid.payment_position,),
    }.items() <= next(e for e in logged if e["event"] == "log_tampered").items()
    DETECTED[f"deleted row ({database.kind})"] += 1


def test_an_edited_amount_is_named_and_the_difference_is_not_paid(
    app: ClaimsApplication, paid: Paid, served: Served, database: Database
) -> None:
    # 780 yuan paid becomes 78 yuan paid: 702 yuan would seem outstanding. The
    # payload is sealed with the log's key: this is an insider who has it too.
    (stored,) = app.recorder.select_notifications(paid.payment_position, 1)
    mapper = app.mapper
    assert mapper.cipher is not None and mapper.compressor is not None
    payload = mapper.compressor.decompress(mapper.cipher.decrypt(stored.state))
    assert b'"amount_fen":78000' in payload
    edited = payload.replace(b'"amount_fen":78000', b'"amount_fen":7800')
    sealed = mapper.cipher.encrypt(mapper.compressor.compress(edited))
    database.tamper(
        "UPDATE {events} SET state = ? WHERE {position} = ?",
        sealed,
        paid.payment_position,
    )
    assert app.get_claim(paid.claim_id).outstanding_fen == 70200

    verified = verify(served)
    assert verified.first_broken_position == paid.payment_position
    assert verified.broken_reason == EVENT_ALTERED
    assert refused_as_tampered(served, paid.claim_id, 70200)
    DETECTED[f"edited amount ({database.kind})"] += 1


def test_two_events_reordered_are_named_at_the_first(
    app: ClaimsApplication, paid: Paid, served: Served, database: Database
) -> None:
    first, second = paid.payment_position, paid.payment_position + 1
    for source, target in ((first, -1), (second, first), (-1, second)):
        database.tamper(
            "UPDATE {events} SET {position} = ? WHERE {position} = ?", target, source
        )

    verified = verify(served)
    assert verified.first_broken_position == first
    assert verified.broken_reason == EVENT_ALTERED
    assert refused_as_tampered(served, paid.claim_id, 78000)
    DETECTED[f"reordered events ({database.kind})"] += 1


def test_the_service_can_neither_change_nor_delete_an_event_or_a_link(
    app: ClaimsApplication, paid: Paid, database: Database
) -> None:
    statements = [
        "UPDATE {events} SET topic = topic",
        "DELETE FROM {events}",
        "UPDATE {links} SET digest = digest",
        "DELETE FROM {links}",
    ]
    if database.kind == "postgres":
        statements += ["TRUNCATE {events}", "TRUNCATE {links}"]
    for statement in statements:
        with pytest.raises((sqlite3.DatabaseError, psycopg.Error)) as caught:
            database.as_service(statement)
        assert "append-only" in str(caught.value) or "permission denied" in str(
            caught.value
        )
    assert app.notary.verify().intact


def test_on_postgresql_only_the_owner_may_change_events_and_not_unseen(
    app: ClaimsApplication, paid: Paid, database: Database
) -> None:
    if database.kind != "postgres":
        pytest.skip("roles are PostgreSQL's")
    schema = database.admin_env["POSTGRES_SCHEMA"]
    service = database.service_env["POSTGRES_USER"]
    with postgres(database.admin_env) as conn:
        # the service is neither the events' owner nor a superuser
        assert conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = %s", (service,)
        ).fetchall() == [(False,)]
        assert conn.execute(
            "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = %s "
            "AND tablename IN ('adjudication_events', 'enrolment_events', "
            "'notary_links', 'enrolment_notary_links') ORDER BY tablename",
            (schema,),
        ).fetchall() == [
            ("adjudication_events", database.owner),
            ("enrolment_events", database.owner),
            ("enrolment_notary_links", database.owner),
            ("notary_links", database.owner),
        ]
        # a superuser is refused too while the triggers are on
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'DELETE FROM "{schema}".adjudication_events')
        conn.execute(f"SET ROLE {database.owner}")
        conn.execute(
            f'DELETE FROM "{schema}".adjudication_events WHERE notification_id = %s',
            (paid.payment_position,),
        )
    assert app.notary.verify().broken is not None
    with pytest.raises(LogTampered):
        app.notary.check(paid.claim_id)
    DETECTED["deleted by the owner (postgres)"] += 1


def test_a_checkpoint_catches_the_log_and_its_links_rewritten_together(
    app: ClaimsApplication,
    paid: Paid,
    served: Served,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "signing.pem"
    assert main(["signing-key", str(key_file)]) == 0
    monkeypatch.setenv(checkpoints.SIGNING_KEY_FILE, str(key_file))
    capsys.readouterr()
    assert main(["checkpoint", "--output", str(tmp_path / "kept.json")]) == 0
    kept = checkpoints.Checkpoint.from_json((tmp_path / "kept.json").read_text())
    assert kept.position == paid.payment_position + 1
    assert main(["verify", "--checkpoint", str(tmp_path / "kept.json")]) == 0

    # delete the payment, and the links from it on, and let the notary chain
    # the rewritten log again: the chain agrees with itself
    database.tamper("DELETE FROM {events} WHERE {position} = ?", paid.payment_position)
    drop_links_from(database, paid.payment_position)
    app.notary.notarise()
    assert app.notary.verify().intact

    assert main(["verify", "--checkpoint", str(tmp_path / "kept.json")]) == 1
    assert f"BROKEN at position {kept.position}" in capsys.readouterr().out
    verified = verify(served, **vars(kept))
    assert verified.broken_reason == CHECKPOINT_MISMATCH
    assert verified.first_broken_position == kept.position
    DETECTED[f"log and links rewritten ({database.kind})"] += 1

    # a checkpoint signed with another key is refused
    other = tmp_path / "other.pem"
    checkpoints.new_private_key(other)
    monkeypatch.setenv(checkpoints.SIGNING_KEY_FILE, str(other))
    assert main(["verify", "--checkpoint", str(tmp_path / "kept.json")]) == 2


def drop_links_from(database: Database, position: int) -> None:
    if database.kind == "sqlite":
        with sqlite3.connect(notary_file(database.admin_env["SQLITE_DBNAME"])) as db:
            db.execute("DROP TRIGGER links_append_only_delete")
            db.execute("DELETE FROM links WHERE position >= ?", (position,))
            db.execute(
                "UPDATE tracking SET notification_id = ? WHERE application_name = ?",
                (position - 1, NOTARY),
            )
        return
    schema = database.admin_env["POSTGRES_SCHEMA"]
    with postgres(database.admin_env) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            f'DELETE FROM "{schema}".{NOTARY}_links WHERE position >= %s', (position,)
        )
        conn.execute(
            f'UPDATE "{schema}".{NOTARY}_tracking SET notification_id = %s '
            "WHERE application_name = %s",
            (position - 1, NOTARY),
        )


def test_the_rebuild_refuses_a_broken_chain_unless_told(
    app: ClaimsApplication,
    paid: Paid,
    database: Database,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with projections.start("payment_ledger", database.service_env) as worker:
        worker.wait(paid.payment_position + 1, timeout=30)
        before = worker.view.content_hash()
    database.tamper("DELETE FROM {events} WHERE {position} = ?", paid.payment_position)

    with pytest.raises(BrokenChain):
        projections.rebuild("payment_ledger", database.service_env)
    assert main(["rebuild", "payment_ledger"]) == 1
    assert "refusing to rebuild" in capsys.readouterr().err
    assert projections.open_view("payment_ledger").content_hash() == before
    DETECTED[f"rebuild refused ({database.kind})"] += 1

    assert main(["rebuild", "payment_ledger", "--over-broken-chain"]) == 0
    assert "WARNING" in capsys.readouterr().err
    assert projections.open_view("payment_ledger").lines() == []


def test_events_the_notary_has_not_reached_are_notarised_before_a_payment(
    app: ClaimsApplication, roster: InMemoryRoster, clock: Clock
) -> None:
    insured = resident_id(2)
    roster.enrol(insured, SCHEME_START)
    journeys = Journeys(app, clock)
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-lag", date(2024, 11, 3), 30000),),
    ).claim
    assert app.notary.store.head() is None  # nothing notarised yet
    paid = journeys.pay_in_full(claim.id, date(2024, 11, 8))
    head = app.notary.store.head()
    assert head is not None and head.position < paid.position
    assert app.notary.notarise() == paid.position
    assert app.notary.verify().intact


def test_db_init_again_keeps_the_log_and_its_protection(
    app: ClaimsApplication,
    paid: Paid,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in database.admin_env.items():
        monkeypatch.setenv(key, value)
    roles = []
    if database.kind == "postgres":
        service = database.service_env["POSTGRES_USER"]
        roles = ["--owner-role", database.owner, "--service-role", service]
    assert main(["db", "init", *roles]) == 0
    assert app.notary.verify().intact
    with pytest.raises((sqlite3.DatabaseError, psycopg.Error)):
        database.as_service("DELETE FROM {events}")


def test_the_enrolment_log_is_chained_and_a_deleted_enrolment_is_named(
    served: Served,
    database: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Enrolments decide who is covered and what the county pays: a person
    removed from the enrolment log behind the service's back is named there."""
    roster = tmp_path / "西交口乡.csv"
    people = [resident_id(n) for n in range(1, 4)]
    roster.write_text(
        "身份证号码,姓名,村,户籍类型,工作单位类型\n"
        + "".join(f"{p},村民{n},西坡村,农业,\n" for n, p in enumerate(people)),
        encoding="utf-8",
    )
    assert main(["roster", "import", str(roster), "--township", "西交口乡"]) == 0
    served.enrolment.notary.notarise()
    assert verify(served, of_log=ENROLMENT_LOG).intact
    assert main(["verify"]) == 0
    capsys.readouterr()

    enrolled = served.enrolment.recorder.select_notifications(1, 10)
    second = [n for n in enrolled if n.topic.endswith("Insured.Enrolled")][1]
    database.tamper(
        "DELETE FROM {events} WHERE {position} = ?", second.id, log=ENROLMENT_LOG
    )
    verified = verify(served, of_log=ENROLMENT_LOG)
    assert (verified.log, verified.intact) == (ENROLMENT_LOG, False)
    assert verified.first_broken_position == second.id
    assert verified.broken_reason == EVENT_MISSING
    assert verify(served).intact  # the claims log is another chain
    assert main(["verify"]) == 1
    printed = capsys.readouterr().out
    assert f"enrolment log: checked {second.id - 1} events" in printed
    assert f"BROKEN at position {second.id}: {EVENT_MISSING}" in printed
    DETECTED[f"deleted enrolment ({database.kind})"] += 1
