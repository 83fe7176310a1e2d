"""`python -m bench`: the service's figures beside this machine's floor, each
pair measured in the same run with interleaved phases (floor, project, floor,
project), the better of each two reported. See the README's "Benchmark".
"""

import argparse
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.e2e's server and tests.roster_factory

import grpc  # noqa: E402
import psycopg  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from eventsourcing.persistence import Notification  # noqa: E402
from psycopg.conninfo import make_conninfo  # noqa: E402
from tests.stores import PG, postgres_env  # noqa: E402

from adjudication.adapters import keys  # noqa: E402
from adjudication.adapters.notary import GENESIS, chain  # noqa: E402
from adjudication.v1 import audit_pb2 as apb  # noqa: E402
from adjudication.v1 import claims_pb2 as pb  # noqa: E402
from bench import floors, service  # noqa: E402
from bench.report import RESULTS, Row, format_table, load, machine, write_section  # noqa: E402
from projections.registry import VIEWS  # noqa: E402

CLIENTS = 8
# The size of a RecordDocumentsRequest, the largest of the four commands.
COMMAND_BYTES = 700


@dataclass
class Sizes:
    write_seconds: float
    read_seconds: float
    roster_persons: int
    pool: int
    rebuild_events: int
    growth_small: int
    growth_big: int  # 0: skipped
    latency_lifecycles: int


FULL = Sizes(10, 3, 10_000, 12_000, 500, 1_000, 1_000_000, 25)
QUICK = Sizes(2, 1, 1_000, 1_500, 100, 1_000, 0, 8)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def dsn(database: str, schema: str = "public") -> str:
    return make_conninfo(
        dbname=database,
        application_name="bench",
        options=f"-csearch_path={schema}",
        **PG,
    )


def pg_env(database: str, schema: str, cipher: str, hmac: str) -> dict[str, str]:
    """A schema's settings with the run's keys (its phases share the store)."""
    return {
        **postgres_env(database, schema),
        keys.CIPHER_KEY: cipher,
        keys.HMAC_KEY: hmac,
    }


class Floor:
    """A floor server subprocess and a channel to it."""

    def __init__(self, kind: str, *target: str) -> None:
        port = service.free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.floors", kind, str(port), *target],
            stdout=subprocess.PIPE,
            cwd=REPO,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != b"ready":
            raise RuntimeError(f"floor {kind} did not start")
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.call = self.channel.unary_unary(floors.METHOD)

    def stop(self) -> None:
        self.channel.close()
        self.process.terminate()
        self.process.wait(10)


def threads(
    clients: int, seconds: float, once: Callable[[], None]
) -> tuple[float, list[float]]:
    """`clients` threads calling `once` for `seconds`: (calls per second,
    the seconds of each call)."""
    deadline = time.monotonic() + seconds
    timings: list[float] = []

    def run() -> None:
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            once()
            mine.append(time.perf_counter() - started)
        timings.extend(mine)

    started = time.perf_counter()
    workers = [threading.Thread(target=run) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(timings) / (time.perf_counter() - started), timings


def events_in(conn: psycopg.Connection, schema: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {schema}.adjudication_events").fetchone()
    return int(row[0]) if row else 0


def write_rows(
    label: str,
    floor_label: str,
    calls: service.Calls,
    pool: service.Pool,
    floor: Floor,
    seconds: float,
    names: list[str],
    notes: list[str],
    also_settle: int | None = None,
) -> list[Row]:
    """`also_settle`: another process the phases wait to be idle (a worker)."""
    server_pid = calls.server.process.pid
    payload = os.urandom(COMMAND_BYTES)
    project: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    busy = []
    for _ in range(2):
        rate, timings = threads(CLIENTS, seconds, lambda: floor.call(payload))
        bare.append((rate, pct(timings, 0.99)))
        elapsed, timings, written, errors = service.writer_threads(
            calls, pool, CLIENTS, seconds
        )
        if errors:
            log(f"{label}: {len(errors)} errors, the first: {errors[0]}")
        names.extend(written)
        waited = service.settle(server_pid)
        if also_settle is not None:
            waited += service.settle(also_settle)
        busy.append(f"{waited:.1f}")
        project.append((len(timings) / (elapsed / 1e9), pct(timings, 0.99)))
        log(
            f"{label}: floor {bare[-1][0]:.0f}/s p99 {bare[-1][1]:.1f} ms, project"
            f" {project[-1][0]:.0f}/s p99 {project[-1][1]:.1f} ms,"
            f" idle after {waited:.1f} s"
        )
    notes.append(
        f"Writes on {label}: the server stayed busy for {' and '.join(busy)} s"
        f" after the {seconds:.0f} s write phases (its read models catching up);"
        " the floor phases began after that."
    )
    return [
        Row(
            f"write ({label}): claim-lifecycle commands/s, {CLIENTS} clients",
            max(r for r, _ in project),
            max(r for r, _ in bare),
            "/s",
            floor_label=floor_label,
            goal="≥ 0.5",
        ),
        Row(
            f"write p99 ({label})",
            min(p for _, p in project),
            min(p for _, p in bare),
            "ms",
            higher_is_better=False,
        ),
    ]


def split_write_rows(
    env: dict[str, str],
    folder: Path,
    stopped: service.RunningServer,
    pool: service.Pool,
    sizes: Sizes,
    notes: list[str],
) -> list[Row]:
    """The writes again with the read models in an `adjudication project`
    process beside a `serve --no-projections` (as PostgreSQL deployments run
    them): the server's interpreter then only serves calls. Same floor."""
    server = service.start_server(env, folder, "--no-projections", wait=False)
    server.tokens = stopped.tokens  # the folder's credentials are the first's
    service.wait_until_serving(server)
    worker_env = {**os.environ, **env, "ADJUDICATION_SCHEMES": str(server.schemes)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "adjudication.cli", "project"],
        env=worker_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    floors.prepare_postgres(dsn(env["POSTGRES_DBNAME"]))
    floor = Floor("postgres", dsn(env["POSTGRES_DBNAME"]))
    try:
        time.sleep(2)  # the worker catches up with what the first server wrote
        service.settle(worker.pid)
        rows = write_rows(
            "PostgreSQL, read models in their own process",
            "bare grpcio, one psycopg INSERT+COMMIT per call",
            service.Calls(server),
            pool,
            floor,
            sizes.write_seconds,
            [],
            notes,
            also_settle=worker.pid,
        )
    finally:
        floor.stop()
        worker.terminate()
        worker.wait(30)
        server.terminate()
    return [replace(rows[0], goal=""), rows[1]]


def read_rows(
    calls: service.Calls, echo: Floor, names: list[str], big: str, seconds: float
) -> list[Row]:
    claims, audit = calls.claims, calls.audit
    sample = pb.GetClaimRequest(name=names[0])
    size = calls.claims.GetClaim(sample, metadata=calls.officer).ByteSize()

    def get() -> None:
        request = pb.GetClaimRequest(name=random.choice(names))
        claims.GetClaim(request, metadata=calls.officer, timeout=30)

    as_of = apb.GetClaimAsOfRequest(name=big, version=50)
    history = apb.GetClaimHistoryRequest(name=big)

    def get_as_of() -> None:
        audit.GetClaimAsOf(as_of, metadata=calls.auditor, timeout=30)

    def get_history() -> None:
        audit.GetClaimHistory(history, metadata=calls.auditor, timeout=30)

    as_of_size = audit.GetClaimAsOf(as_of, metadata=calls.auditor).ByteSize()
    history_size = audit.GetClaimHistory(history, metadata=calls.auditor).ByteSize()
    # (row, clients, response bytes, call, {quantile: goal})
    cases: list[tuple[str, int, int, Callable[[], None], dict[str, str]]] = [
        ("GetClaim", 1, size, get, {"p50": "", "p99": "≤ 1.5 ×"}),
        ("GetClaim", CLIENTS, size, get, {"p50": "", "p99": "≤ 1.5 ×"}),
        ("GetClaimAsOf, 50-event claim,", 1, as_of_size, get_as_of, {"p99": "≤ 3 ×"}),
        ("GetClaimHistory, 50-event claim,", 1, history_size, get_history, {"p99": ""}),
    ]
    rows = []
    for name, clients, reply, once, goals in cases:
        ask = str(reply).encode()

        def bare_call(ask: bytes = ask) -> None:
            echo.call(ask)

        project, bare = [], []
        for _ in range(2):
            bare.append(threads(clients, seconds, bare_call)[1])
            project.append(threads(clients, seconds, once)[1])
        for label, goal in goals.items():
            q = 0.5 if label == "p50" else 0.99
            rows.append(
                Row(
                    f"{name} {label}, {clients} client{'s' if clients > 1 else ''}",
                    min(pct(t, q) for t in project),
                    min(pct(t, q) for t in bare),
                    "ms",
                    higher_is_better=False,
                    floor_label=f"bare echo of {reply} bytes",
                    goal=goal,
                )
            )
        log(f"{name} {clients} clients: done")
    return rows


def fifty_event_claim(calls: service.Calls, person: service.Person) -> str:
    """A claim of 50 events: reported, documents, assessed, 47 payments."""
    timings: list[float] = []
    name = calls.lifecycle(person, timings, pay_fen=1)
    history = calls.audit.GetClaimHistory(
        apb.GetClaimHistoryRequest(name=name), metadata=calls.auditor
    )
    for _ in range(50 - len(history.events)):
        calls.pay(name, 1, timings)
    history = calls.audit.GetClaimHistory(
        apb.GetClaimHistoryRequest(name=name), metadata=calls.auditor
    )
    if len(history.events) != 50:
        log(f"the long claim has {len(history.events)} events, not 50")
    return name


def rebuild_seconds(env: dict[str, str], folder: Path) -> float:
    """`adjudication rebuild` (every view) in a subprocess, timed from after
    its imports."""
    script = (
        "import sys, time\n"
        "import projections.rebuild, rich.progress\n"
        "from adjudication.cli import main\n"
        "t = time.perf_counter(); code = main(['rebuild'])\n"
        "print('BENCH', time.perf_counter() - t, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **env, "ADJUDICATION_SCHEMES": str(folder / "schemes")},
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH")]
    if not lines or not lines[-1].endswith(" 0"):
        raise RuntimeError(f"rebuild failed:\n{done.stdout}\n{done.stderr}")
    return float(lines[-1].split()[1])


def select_and_decode(conn: psycopg.Connection, schema: str, cipher_key: str) -> float:
    """The floor of a rebuild: every event's state read in order, decrypted,
    decompressed and JSON-decoded (what the store holds); seconds. The
    cipher made once (AESGCM of the `cryptography` package, the fastest here:
    the "Before" run's floor used the library's pycryptodome cipher, made per
    event, about 65 µs against 1 µs)."""
    key = base64.b64decode(cipher_key)
    cipher = AESGCM(key)
    started = time.perf_counter()
    with conn.cursor(name=f"scan_{uuid.uuid4().hex[:6]}") as cursor:
        cursor.itersize = 5000
        cursor.execute(
            f"SELECT state FROM {schema}.adjudication_events ORDER BY notification_id"
        )
        for (state,) in cursor:
            sealed = state[28:] + state[12:28]  # nonce, tag, ciphertext
            json.loads(zlib.decompress(cipher.decrypt(state[:12], sealed, None)))
    conn.rollback()
    return time.perf_counter() - started


def command_latency(
    calls: service.Calls, pool: service.Pool, lifecycles: int
) -> tuple[float, float]:
    timings: list[float] = []
    for _ in range(lifecycles):
        person = pool.take()
        assert person is not None, "the pool of enrolled persons ran out"
        calls.lifecycle(person, timings)
    return pct(timings, 0.5), pct(timings, 0.99)


def server_connections(conn: psycopg.Connection, database: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        " AND application_name NOT LIKE 'bench%%'",
        (database,),
    ).fetchone()
    return int(row[0]) if row else 0


def grow(conn: psycopg.Connection, schema: str, target: int) -> None:
    """Copies of the log's real (encrypted) events, each copy of an aggregate
    under a fresh id and at fresh positions, with the notary's links chained
    over them as the notary would (`notary.chain`), both loaded with COPY
    until the log holds `target` events; the read models' positions are then
    moved to the new head, as if they had processed the copies. The server
    is stopped meanwhile."""
    events = f"{schema}.adjudication_events"
    base = conn.execute(
        "SELECT notification_id, originator_id, originator_version, topic, state"
        f" FROM {events} ORDER BY notification_id"
    ).fetchall()
    head = conn.execute(
        f"SELECT position, digest FROM {schema}.notary_links"
        " ORDER BY position DESC LIMIT 1"
    ).fetchone()
    head_position, previous = (
        (int(head[0]), bytes.fromhex(head[1])) if head else (0, GENESIS)
    )
    # Events the notary had not chained yet are chained first, in place.
    pending = [(e[0], e[1], e[2], e[3], e[4]) for e in base if e[0] > head_position]
    position = int(base[-1][0])
    missing = target - len(base)
    copy = 0
    while missing > 0 or pending:
        rows: list[tuple[int, uuid.UUID, int, str, bytes]] = list(pending)
        pending = []
        while missing > 0 and len(rows) < 200_000:
            copy += 1
            fresh: dict[uuid.UUID, uuid.UUID] = {}
            for _, originator, version, topic, state in base[:missing]:
                new = fresh.setdefault(originator, uuid.uuid4())
                position += 1
                rows.append((position, new, version, topic, state))
            missing -= min(len(base), missing)
        links = []
        for at, originator, version, topic, state in rows:
            digest = chain(
                previous,
                Notification(
                    id=at,
                    originator_id=originator,
                    originator_version=version,
                    topic=topic,
                    state=state,
                ),
            )
            links.append((at, str(originator), version, previous.hex(), digest.hex()))
            previous = digest
        copies = [r for r in rows if r[0] > int(base[-1][0])]
        with conn.cursor() as cursor:
            with cursor.copy(
                f"COPY {events} (notification_id, originator_id,"
                " originator_version, topic, state) FROM STDIN"
            ) as out:
                for row in copies:
                    out.write_row(row)
            with cursor.copy(f"COPY {schema}.notary_links FROM STDIN") as out:
                for link in links:
                    out.write_row(link)
        conn.commit()
    conn.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
        (events, position),
    )
    tracking = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
        " AND table_name LIKE '%%tracking'",
        (schema,),
    ).fetchall()
    for (name,) in tracking:
        conn.execute(
            f"UPDATE {schema}.{name} SET notification_id = %s"
            " WHERE application_name <> '__migration__'",
            (position,),
        )
    conn.commit()
    conn.execute(f"ANALYZE {events}")
    conn.commit()


def roster_rows(
    calls: service.Calls, conn: psycopg.Connection, sizes: Sizes, seed: int
) -> tuple[list[Row], list[service.Person]]:
    """ImportRoster over gRPC against COPY of the same rows into a plain
    table; the persons it enrolled (confirmed) are the writers' pool."""
    conn.execute(
        "CREATE TABLE public.roster_copy (resident_id_number text, name text,"
        " township text, village text, registration text, employer_sector text)"
    )
    conn.commit()
    project, bare, enrolled = [], [], []
    for round_ in range(2):
        persons = service.people(sizes.roster_persons, seed + round_)
        started = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy("COPY public.roster_copy FROM STDIN") as copy,
        ):
            for person in persons:
                copy.write_row(person)
        conn.commit()
        bare.append(len(persons) / (time.perf_counter() - started))
        started = time.perf_counter()
        accepted = calls.import_roster(persons)
        project.append(accepted / (time.perf_counter() - started))
        calls.confirm(persons)
        enrolled.extend(persons)
        service.settle(calls.server.process.pid)
        log(f"roster: COPY {bare[-1]:.0f}/s, ImportRoster {project[-1]:.0f}/s")
    return [
        Row(
            "roster import (ImportRoster over gRPC), persons/s,"
            f" {sizes.roster_persons:,} persons",
            max(project),
            max(bare),
            "/s",
            floor_label="PostgreSQL COPY of the same rows",
            goal="≥ 0.3",
        )
    ], enrolled


def run(sizes: Sizes) -> tuple[list[Row], list[str]]:
    notes: list[str] = []
    database = f"adjudication_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        dbname="postgres", autocommit=True, application_name="bench", **PG
    )  # type: ignore[arg-type]
    admin.execute(f'CREATE DATABASE "{database}"')
    servers: list[service.RunningServer] = []
    floors_up: list[Floor] = []
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    rows: list[Row] = []
    try:
        conn = psycopg.connect(dsn(database), application_name="bench")
        for schema in ("main", "growth"):
            conn.execute(f"CREATE SCHEMA {schema}")
        conn.commit()
        cipher, hmac = keys.new_key(), keys.new_key()
        env = pg_env(database, "main", cipher, hmac)
        log(f"database {database}; starting the server on PostgreSQL")
        server = service.start_server(env, root / "pg")
        servers.append(server)
        calls = service.Calls(server)
        time.sleep(3)  # the read models settle after the start
        idle_connections = server_connections(conn, database)
        idle_rss = service.rss_kb(server.process.pid)["VmRSS"]

        roster, enrolled = roster_rows(calls, conn, sizes, 2025)
        pool = service.Pool(enrolled)
        floors.prepare_postgres(dsn(database))
        pg_floor = Floor("postgres", dsn(database))
        floors_up.append(pg_floor)
        names: list[str] = []
        rows += write_rows(
            "PostgreSQL",
            "bare grpcio, one psycopg INSERT+COMMIT per call",
            calls,
            pool,
            pg_floor,
            sizes.write_seconds,
            names,
            notes,
        )
        pg_floor.stop()
        rss = service.rss_kb(server.process.pid)

        echo = Floor("echo")
        floors_up.append(echo)
        big = fifty_event_claim(calls, pool.take())  # type: ignore[arg-type]
        service.settle(server.process.pid)
        rows += read_rows(calls, echo, names, big, sizes.read_seconds)
        rows += roster
        server.terminate()
        rows += split_write_rows(env, root / "pg", server, pool, sizes, notes)
        events = events_in(conn, "main")

        # rebuild: the writes' log, every view
        rebuild, floor_seconds = [], []
        for _ in range(2):
            floor_seconds.append(select_and_decode(conn, "main", cipher))
            rebuild.append(rebuild_seconds(env, root / "pg"))
            log(
                f"rebuild of {events} events: floor {floor_seconds[-1]:.2f} s,"
                f" project {rebuild[-1]:.2f} s"
            )
        views = len(VIEWS)
        rows.append(
            Row(
                f"rebuild, events/s per view ({events:,} events, all {views} views)",
                events * views / min(rebuild),
                events / min(floor_seconds),
                "/s",
                floor_label="raw SELECT + decrypt + zlib + json decode",
                goal="≥ 0.3",
            )
        )

        # SQLite: its own server and floor
        log("starting the server on SQLite")
        lite_env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(root / "lite" / "adjudication.sqlite3"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
        lite = service.start_server(lite_env, root / "lite")
        servers.append(lite)
        lite_calls = service.Calls(lite)
        lite_people = service.people(sizes.pool, 7)
        service.enrol(lite_calls, lite_people)
        service.settle(lite.process.pid)
        floors.prepare_sqlite(str(root / "floor.sqlite3"))
        lite_floor = Floor("sqlite", str(root / "floor.sqlite3"))
        floors_up.append(lite_floor)
        rows += write_rows(
            "SQLite",
            "bare grpcio, one sqlite3 INSERT+COMMIT per call",
            lite_calls,
            service.Pool(lite_people),
            lite_floor,
            sizes.write_seconds,
            [],
            notes,
        )
        lite_floor.stop()
        lite.terminate()

        rows += growth(sizes, database, conn, root, notes, echo)
        echo.stop()

        rows.append(
            Row(
                "PostgreSQL connections held by an idle server",
                idle_connections,
                None,
                "",
                goal="≤ 8",
                note="in pg_stat_activity, 3 s after SERVING",
            )
        )
        rows.append(
            Row(
                "server RSS after the PostgreSQL writes",
                rss["VmRSS"] / 1024,
                None,
                "MB",
                note=f"{idle_rss / 1024:.0f} MB idle after the start,"
                f" peak {rss['VmHWM'] / 1024:.0f} MB",
            )
        )
        conn.close()
        return rows, notes
    finally:
        for floor in floors_up:
            if floor.process.poll() is None:
                floor.process.kill()
        for running in servers:
            if running.process.poll() is None:
                running.process.kill()
                running.process.wait()
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(root, ignore_errors=True)
        log(f"dropped {database}")


def growth(
    sizes: Sizes,
    database: str,
    conn: psycopg.Connection,
    root: Path,
    notes: list[str],
    echo: Floor,
) -> list[Row]:
    """Command latency at ~1,000 events and at `growth_big`; rebuild time of
    10× the events ÷ 1×, on a schema of its own."""
    cipher, hmac = keys.new_key(), keys.new_key()
    env = pg_env(database, "growth", cipher, hmac)
    log("growth: starting a server on its own schema")
    server = service.start_server(env, root / "growth")
    calls = service.Calls(server)
    persons = service.people(sizes.pool, 99)
    service.enrol(calls, persons)
    pool = service.Pool(persons)
    rows = []
    try:

        def fill(target: int) -> None:
            while events_in(conn, "growth") < target:
                service.writer_threads(calls, pool, CLIENTS, 0.3)
            conn.rollback()

        fill(sizes.rebuild_events)
        small = events_in(conn, "growth")
        conn.rollback()
        server.terminate()
        one = rebuild_seconds(env, root / "growth")
        server = restart(server, env, root / "growth")
        calls = service.Calls(server)
        fill(sizes.growth_small)
        at_small = events_in(conn, "growth")
        conn.rollback()
        service.settle(server.process.pid)
        p50_small, p99_small = command_latency(calls, pool, sizes.latency_lifecycles)
        fill(small * 10)
        large = events_in(conn, "growth")
        conn.rollback()
        server.terminate()
        ten = rebuild_seconds(env, root / "growth")
        log(f"growth: rebuild {small} events {one:.2f} s, {large} events {ten:.2f} s")
        rows.append(
            Row(
                f"growth: rebuild time of {large:,} ÷ {small:,} events",
                None,
                None,
                "",
                ratio_only=ten / one,
                note=f"{ten:.1f} s ÷ {one:.1f} s",
                goal="≤ 11",
            )
        )
        if not sizes.growth_big:
            notes.append(
                "--quick: the growth of command latency to 1,000,000 events is skipped."
            )
            return rows
        started = time.perf_counter()
        grow(conn, "growth", sizes.growth_big)
        at_big = events_in(conn, "growth")
        conn.rollback()
        log(f"growth: {at_big:,} events in {time.perf_counter() - started:.0f} s")
        notes.append(
            f"Growth: the log grew to {at_big:,} events (copies and their"
            f" notary links by COPY) in {time.perf_counter() - started:.0f} s."
        )
        started = time.perf_counter()
        server = restart(server, env, root / "growth", within=300)
        notes.append(
            "Growth: the server became SERVING"
            f" {time.perf_counter() - started:.1f} s after its start on"
            f" {at_big:,} events."
        )
        calls = service.Calls(server)
        service.settle(server.process.pid)
        p50_big, p99_big = command_latency(calls, pool, sizes.latency_lifecycles)
        server.terminate()
        log(
            f"growth: p50 {p50_small:.1f} ms at {at_small},"
            f" {p50_big:.1f} ms at {at_big}"
        )
        rows.append(
            Row(
                f"growth: command p50 at {at_big:,} ÷ at {at_small:,} events",
                None,
                None,
                "",
                ratio_only=p50_big / p50_small,
                note=f"{p50_big:.1f} ms ÷ {p50_small:.1f} ms"
                f" (p99 {p99_big:.1f} ÷ {p99_small:.1f} ms)",
                goal="≤ 1.1",
            )
        )
        return rows
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def restart(
    old: service.RunningServer, env: dict[str, str], folder: Path, within: float = 15
) -> service.RunningServer:
    """A new server on the store and folder of `old` (stopped), with its
    tokens."""
    server = service.start_server(env, folder, wait=False)
    server.tokens = old.tokens
    service.wait_until_serving(server, within)
    return server


def pg_settings(conn: psycopg.Connection) -> dict[str, str]:
    version = conn.execute("SELECT version()").fetchone()
    settings = {"PostgreSQL": str(version[0]).split(" on ")[0] if version else "?"}
    for name in ("synchronous_commit", "shared_buffers", "fsync", "max_connections"):
        row = conn.execute(f"SHOW {name}").fetchone()
        settings[name] = str(row[0]) if row else "?"
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller counts, no 1,000,000-event growth (under 2 minutes)",
    )
    parser.add_argument(
        "--section",
        default="Before",
        help="the section of bench/RESULTS.md this run replaces (default: Before)",
    )
    parser.add_argument(
        "--growth-events",
        type=int,
        help="the size of the big log of the growth row (default: 1,000,000;"
        " none with --quick)",
    )
    parser.add_argument(
        "--note",
        action="append",
        default=[],
        help="a line for RESULTS.md (what else ran on the machine, say)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_at_start = load()
    with psycopg.connect(dbname="postgres", application_name="bench", **PG) as conn:  # type: ignore[arg-type]
        settings = pg_settings(conn)
    sizes = QUICK if args.quick else FULL
    if args.growth_events is not None:
        sizes = replace(sizes, growth_big=args.growth_events)
    rows, notes = run(sizes)
    table = format_table(rows)
    minutes = (time.perf_counter() - started) / 60
    body = "\n\n".join(
        [
            table,
            f"`python -m bench{' --quick' if args.quick else ''}`,"
            f" {minutes:.1f} minutes. Machine:\n\n{machine(settings, load_at_start)}",
            *args.note,
            *notes,
        ]
    )
    print(table)
    if not args.no_write:
        write_section(args.section, body)
        (RESULTS.parent / f"results-{args.section.lower()}.json").write_text(
            json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        log(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
