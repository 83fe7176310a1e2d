"""Benchmark: importing one township's roster, as `adjudication roster import`
does, against loading the same CSV rows into a plain table with COPY.

Not a test: it asserts nothing about time. It generates a roster of N persons
(tests/roster_factory.py), creates a fresh PostgreSQL database, imports the file
through EnrolmentApplication, loads the same file with psycopg's COPY, prints
the figures side by side and drops the database. See bench/README.md.

    .venv/bin/python bench/roster_import.py [--persons N] [--sqlite]
"""

import _thread
import argparse
import csv
import os
import platform
import resource
import sys
import tempfile
import textwrap
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.roster_factory

from tests.roster_factory import HEADER_EN, generate_people, write_csv  # noqa: E402

from adjudication.adapters import keys  # noqa: E402
from adjudication.domain.calendar import scheme_date  # noqa: E402
from adjudication.domain.enrolment import RosterSubmission  # noqa: E402
from adjudication.domain.roster_rows import RowValidator  # noqa: E402
from adjudication.enrolment.application import EnrolmentApplication  # noqa: E402
from adjudication.enrolment.roster_file import file_digest, read_rows  # noqa: E402

PG: dict[str, str] = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": os.environ.get("PGPORT", "5432"),
    "user": os.environ.get("PGUSER", "postgres"),
    "password": os.environ.get("PGPASSWORD", ""),
}
COPY_TABLE = "roster_copy"
MB = 1024 * 1024


# -- memory ----------------------------------------------------------------------


def rss_bytes() -> int:
    """The process's resident set size now (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class RssSampler:
    """The highest VmRSS seen by a thread sampling every `interval` seconds,
    and by mark() (which the import's progress callback calls at chosen rows)."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.start = rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def mark(self) -> int:
        """The RSS now (and counted towards the peak)."""
        now = rss_bytes()
        self.peak = max(self.peak, now)
        return now

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


# -- the runs ----------------------------------------------------------------------


@dataclass
class Result:
    label: str
    rows: int
    seconds: float
    rss_start: int = 0
    rss_peak: int = 0
    # after the first batch past 10 % and 50 % of the rows, after the last batch
    # (before the submission's completion is saved), and after the import
    rss_marks: dict[str, int] = field(default_factory=dict)
    last_batch: float | None = None  # seconds until the last batch was saved
    finished: bool = True  # False: the watchdog stopped it
    notes: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds


class Watchdog:
    """Interrupts the main thread after `seconds`, keeping where it was: a run
    that hangs ends with a report instead of never."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self.where = ""
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        try:
            frame = sys._current_frames().get(threading.main_thread().ident or 0)
            if frame is not None:
                stack = traceback.extract_stack(frame)
                ours = [i for i, f in enumerate(stack) if f.name == "service_import"]
                # from the import's call on: the service, the library, the driver
                self.where = "".join(traceback.format_list(stack[ours[-1] + 1 :]))
        finally:
            _thread.interrupt_main()

    def __enter__(self) -> "Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def service_import(
    label: str,
    env: Mapping[str, str],
    path: Path,
    township: str,
    persons: int,
    timeout: float,
) -> Result:
    """Exactly what adjudication.cli.roster.import_roster does, with RSS marks
    instead of the progress bar (and without its line count for the bar)."""
    app = EnrolmentApplication(env=dict(env))
    submission: RosterSubmission | None = None
    new = False
    try:
        scheme_id = list(app.catalogue)[-1].id  # the CLI's default: the latest
        validator = RowValidator(township, scheme_date(app.clock()))
        marks = {"10%": persons / 10, "50%": persons / 2, "100%": persons}
        rss: dict[str, int] = {}
        done = [0, 0.0]  # rows, seconds at the latest batch
        with RssSampler() as memory, Watchdog(timeout) as watchdog:
            started = time.perf_counter()

            def progress(rows: int) -> None:
                done[:] = [rows, time.perf_counter() - started]
                for mark, at in marks.items():
                    if mark not in rss and rows >= at:
                        rss[mark] = memory.mark()

            try:
                submission, new = app.import_roster(
                    scheme_id,
                    township,
                    path.name,
                    file_digest(path),
                    (validator.check(raw) for raw in read_rows(path)),
                    progress=progress,
                )
            except KeyboardInterrupt:
                if not watchdog.fired:
                    raise
            seconds = time.perf_counter() - started
            rss["done"] = memory.mark()
    finally:
        app.close()
    rows, last_batch = int(done[0]), done[1]
    result = Result(
        label,
        submission.rows if submission else rows,
        seconds,
        memory.start,
        memory.peak,
        rss,
        last_batch if rows else None,
        finished=submission is not None,
    )
    if submission is None:
        result.notes.append(
            f"{label}: DID NOT FINISH within {timeout:,.0f} s: {rows:,} rows read "
            f"and saved after {last_batch:,.1f} s "
            f"({rows / last_batch if rows else 0:,.0f} persons/s), then stopped in:\n"
            + textwrap.indent(watchdog.where.rstrip(), "    ")
        )
        return result
    if not new:
        raise RuntimeError(f"{label}: the database was not fresh")
    result.notes.append(
        f"{label}: scheme {scheme_id}, {submission.rows:,} rows read, "
        f"{submission.accepted:,} accepted, {submission.unchanged:,} unchanged, "
        f"{sum(submission.rejected_by_reason.values()):,} rejected, "
        + (
            ", ".join(
                f"{n:,} warnings {code}"
                for code, n in sorted(submission.warnings_by_code.items())
            )
            or "no warnings"
        )
    )
    return result


def copy_load(database: str, path: Path) -> Result:
    """The baseline: the same CSV rows into a plain table with COPY FROM STDIN."""
    columns = ", ".join(HEADER_EN)
    with psycopg.connect(dbname=database, **PG) as conn:  # type: ignore[arg-type]
        conn.execute(
            f"CREATE TABLE {COPY_TABLE} ("
            + ", ".join(f"{c} text" for c in HEADER_EN)
            + ")"
        )
        conn.commit()
        rows = 0
        with RssSampler() as memory:
            started = time.perf_counter()
            with (
                path.open(encoding="utf-8-sig", newline="") as f,
                conn.cursor() as cursor,
                cursor.copy(f"COPY {COPY_TABLE} ({columns}) FROM STDIN") as copy,
            ):
                reader = csv.reader(f)
                next(reader)  # the header
                for record in reader:
                    copy.write_row(record)
                    rows += 1
            conn.commit()
            seconds = time.perf_counter() - started
        stored = conn.execute(f"SELECT count(*) FROM {COPY_TABLE}").fetchone()
    result = Result("PostgreSQL COPY", rows, seconds, memory.start, memory.peak)
    result.notes.append(
        f"PostgreSQL COPY: {stored[0] if stored else 0:,} rows in {COPY_TABLE}"
    )
    return result


# -- the stores ----------------------------------------------------------------------


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(dbname="postgres", autocommit=True, **PG)  # type: ignore[arg-type]


@contextmanager
def fresh_database() -> Iterator[str]:
    name = f"adjudication_bench_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        print(f"dropped database {name}", flush=True)


def postgres_env(database: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": database,
        "POSTGRES_HOST": PG["host"],
        "POSTGRES_PORT": PG["port"],
        "POSTGRES_USER": PG["user"],
        "POSTGRES_PASSWORD": PG["password"],
        "POSTGRES_SCHEMA": "public",
        # the run's own keys: its database is dropped at the end
        keys.CIPHER_KEY: keys.new_key(),
        keys.HMAC_KEY: keys.new_key(),
    }


def sqlite_env(path: Path) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(path),
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def events_stored(database: str) -> str:
    """How many events the import stored, and the largest one."""
    with psycopg.connect(dbname=database, **PG) as conn:  # type: ignore[arg-type]
        count = conn.execute("SELECT count(*) FROM enrolment_events").fetchone()
        largest = conn.execute(
            "SELECT topic, length(state) FROM enrolment_events"
            " ORDER BY length(state) DESC LIMIT 1"
        ).fetchone()
    stored = f"{count[0] if count else 0:,} events in enrolment_events"
    if largest:
        topic, size = largest
        stored += f", the largest {topic.rsplit('.', 1)[-1]} of {size / MB:,.1f} MB"
    return stored


# -- the report ----------------------------------------------------------------------


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / MB:,.0f}"


def table(results: list[Result], baseline: Result) -> str:
    header = (
        "run",
        "rows",
        "seconds",
        "last batch s",
        "persons/s",
        "x COPY",
        "RSS MB: before",
        "@10%",
        "@50%",
        "@100%",
        "done",
        "peak",
    )
    lines = [
        (
            r.label,
            f"{r.rows:,}",
            f"{r.seconds:,.1f}" if r.finished else f"{r.seconds:,.0f} DNF",
            "-" if r.last_batch is None else f"{r.last_batch:,.1f}",
            f"{r.per_second:,.0f}" if r.finished else "-",
            f"{r.seconds / baseline.seconds:,.1f}" if r.finished else "-",
            _mb(r.rss_start),
            *(_mb(r.rss_marks.get(m)) for m in ("10%", "50%", "100%", "done")),
            _mb(r.rss_peak),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(row) for row in lines)])


def report(results: list[Result], baseline: Result, version: str) -> None:
    print(
        f"Python {platform.python_version()}, PostgreSQL {version}, "
        f"{os.cpu_count()} CPUs"
    )
    for result in results:
        for note in result.notes:
            print(note)
    print()
    print(table(results, baseline))
    print()
    print(
        "process peak RSS (ru_maxrss, includes generating the roster): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--township", default="昌宁镇")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--sqlite", action="store_true", help="also import into a fresh SQLite file"
    )
    parser.add_argument(
        "--no-anachronisms",
        action="store_true",
        help="only region codes in force in the birth year: no warnings",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="seconds after which an import is stopped and reported as hung",
    )
    args = parser.parse_args(argv)
    if args.persons < 1:
        parser.error("--persons must be at least 1")

    with tempfile.TemporaryDirectory(prefix="roster_bench_") as tmp:
        started = time.perf_counter()
        path = write_csv(
            Path(tmp) / f"roster-{args.persons}.csv",
            generate_people(
                args.persons,
                args.seed,
                args.township,
                anachronisms=not args.no_anachronisms,
            ),
        )
        generated = time.perf_counter() - started
        print(
            f"roster: {args.persons:,} persons of {args.township}, "
            f"{path.stat().st_size / MB:,.1f} MB CSV, generated in {generated:,.1f} s",
            flush=True,
        )
        results: list[Result] = []
        with fresh_database() as database:
            with _admin() as conn:
                found = conn.execute("SHOW server_version").fetchone()
            version = str(found[0]) if found else "?"
            results.append(
                service_import(
                    "service import (PostgreSQL)",
                    postgres_env(database),
                    path,
                    args.township,
                    args.persons,
                    args.timeout,
                )
            )
            results[-1].notes.append(
                f"service import (PostgreSQL): {events_stored(database)}"
            )
            baseline = copy_load(database, path)
            results.append(baseline)
            if args.sqlite:
                results.append(
                    service_import(
                        "service import (SQLite)",
                        sqlite_env(Path(tmp) / "bench.sqlite3"),
                        path,
                        args.township,
                        args.persons,
                        args.timeout,
                    )
                )
            report(results, baseline, version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
