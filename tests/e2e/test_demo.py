"""`adjudication demo`: the real server in a scratch store of its own (or an
embedded store's folder, confirmed), the worked examples of the 2024 scheme
walked through the gRPC API, printed; the configured store never touched."""

import io
import os
import pty
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from adjudication.cli import demo
from tests.stores import PG, postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

DEMO = [sys.executable, "-m", "adjudication.cli", "demo"]
CASES = (
    "medical: a hand cut in the field",
    "medical and hospital allowance",
    "disability grade 1 (a fall)",
    "death of that fall, with the top-up",
    "burns, third degree",
    "accidental death (drowning)",
    "disability, two grade-7 items",
    "appeal: grade 8 reassessed at 7",
    "medical below the deductible",
    "not on any roster",
    "the police have not answered",
    "moved out of the county",
    "the day after cover ended",
    "a heart attack (worked example 8)",
    "drunk driving",
    "rejected by the officer",
)


@dataclass
class Ran:
    code: int
    out: str
    err: str
    tmp: Path  # the demo's TMPDIR: its scratch folder is made there

    def row(self, case: str) -> list[str]:
        """The cells of the case's first line (columns split on 2+ spaces)."""
        line = next(line for line in self.out.splitlines() if f"  {case}  " in line)
        return re.split(r"\s{2,}", line.strip())


def run_demo(
    tmp_path: Path, env: dict[str, str], *args: str, stdin: int | None = None
) -> Ran:
    """The demo as the CLI runs it, in a folder of its own (a store under
    `./var/` would show), its temporary files under `tmp_path / "tmp"`."""
    (tmp_path / "cwd").mkdir(exist_ok=True)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    done = subprocess.run(
        [*DEMO, *args],
        env={**os.environ, **env, "TMPDIR": str(tmp_path / "tmp")},
        cwd=tmp_path / "cwd",
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr, tmp_path / "tmp")


def configured_sqlite(tmp_path: Path) -> dict[str, str]:
    """A configured store, every way the library could be pointed at it."""
    store = tmp_path / "configured" / "adjudication.sqlite3"
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(store),
        "ADJUDICATION_SQLITE_DBNAME": str(store),
        "ENROLMENT_SQLITE_DBNAME": str(store.with_suffix(".enrolment.sqlite3")),
        "ADJUDICATION_CIPHER_KEY_FILE": str(tmp_path / "configured" / "keys.json"),
    }


@pytest.fixture(scope="module")
def scratch_run(tmp_path_factory: pytest.TempPathFactory) -> Ran:
    return run_demo(
        tmp_path_factory.mktemp("demo"),
        configured_sqlite(tmp_path_factory.getbasetemp() / "scratch-run"),
    )


def test_the_demo_runs_in_a_scratch_store_and_removes_it(scratch_run: Ran) -> None:
    assert scratch_run.code == 0, scratch_run.err
    first = scratch_run.out.splitlines()[0]
    scratch = re.fullmatch(r"scratch store: (\S+) \(removed at the end\)", first)
    assert scratch, first
    assert Path(scratch[1]).parent == scratch_run.tmp
    assert not Path(scratch[1]).exists()
    assert list(scratch_run.tmp.iterdir()) == []
    assert list((scratch_run.tmp.parent / "cwd").iterdir()) == []


def test_the_configured_store_is_never_touched(
    scratch_run: Ran, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert scratch_run.code == 0, scratch_run.err
    assert not (tmp_path_factory.getbasetemp() / "scratch-run").exists()


def test_every_claim_and_the_audit_trail_are_printed(scratch_run: Ran) -> None:
    assert scratch_run.code == 0, scratch_run.err
    out = scratch_run.out
    for case in CASES:
        assert f"  {case}  " in out, case
    assert "管头镇 roster: 12 residents enrolled, 11 police answers applied" in out
    trail = out[out.index("Audit trail of claim 8") :].splitlines()
    assert [re.split(r"\s{2,}", line)[0] for line in trail[2:]] == [
        "Reported",
        "DocumentsReceived",
        "Assessed",
        "PaymentRecorded",
        "Reopened",
        "Assessed",
        "PaymentRecorded",
    ]
    assessed_again = re.split(r"\s{2,}", trail[7])
    assert assessed_again[3] == "supervisor-li"
    assert assessed_again[4] == "12,000.00"
    assert "APPEAL_DECISION" in assessed_again[5]
    first_payment = re.split(r"\s{2,}", trail[5])
    assert first_payment[1:2] + first_payment[3:5] == [
        "2025-09-10",
        "officer-wang",
        "9,000.00",
    ]
    # names masked, never a whole ID number
    assert not re.search(r"\d{17}[\dX]", out)


def test_the_decisions_and_amounts_are_the_schemes(scratch_run: Ran) -> None:
    """Worked examples 1, 3, 4, 5 and 8 of scheme-2024.md, and the rules'
    rejections. Cells: #, insured, accident, case, benefit, decision, yuan,
    paid, explanation."""
    assert scratch_run.code == 0, scratch_run.err
    row = scratch_run.row
    assert row(CASES[0])[5:8] == ["PAID", "780.00", "780.00"]
    assert row(CASES[1])[5:8] == ["PAID", "4,200.00", "4,560.00"]
    assert "12 days × 30.00 = 360.00" in scratch_run.out
    assert row(CASES[2])[5:8] == ["PAID", "30,000.00", "30,000.00"]
    death = row(CASES[3])
    assert death[4:8] == ["DEATH 意外身故", "PAID", "0.00", "30,000.00"]
    top_up = next(
        line for line in scratch_run.out.splitlines() if "TOP_UP 追加身故" in line
    )
    assert re.split(r"\s{2,}", top_up.strip())[:3] == [
        "TOP_UP 追加身故",
        "PAID",
        "30,000.00",
    ]
    assert row(CASES[4])[6] == "22,500.00"
    assert row(CASES[5])[6] == "30,000.00"
    assert row(CASES[6])[6] == "15,000.00"
    assert row(CASES[7])[6:8] == ["12,000.00", "12,000.00"]
    assert row(CASES[8])[5:8] == ["DECIDED_AT_ZERO", "0.00", "0.00"]
    rejections = {case: row(case)[5] for case in CASES[9:]}
    assert rejections == {
        "not on any roster": "REJECTED NOT_ENROLLED",
        "the police have not answered": "REJECTED NOT_CONFIRMED",
        "moved out of the county": "REJECTED COVERAGE_ENDED",
        "the day after cover ended": "REJECTED OUTSIDE_COVERAGE_PERIOD",
        "a heart attack (worked example 8)": "REJECTED NOT_AN_ACCIDENT",
        "drunk driving": "REJECTED EXCLUDED_CAUSE",
        "rejected by the officer": "REJECTED FRAUD",
    }


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
def test_a_configured_postgresql_store_gets_no_table(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    """The issue's case: demo claims in PostgreSQL showed in `export totals`."""
    ran = run_demo(tmp_path, store_env)
    assert ran.code == 0, ran.err
    with psycopg.connect(dbname=store_env["POSTGRES_DBNAME"], **PG) as conn:  # type: ignore[arg-type]
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (store_env["POSTGRES_SCHEMA"],),
        ).fetchall()
    assert tables == []


def test_a_store_without_yes_and_without_a_terminal_is_refused(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kept"
    ran = run_demo(tmp_path, {}, "--store", str(folder))
    assert ran.code == 2
    assert len(ran.err.splitlines()) == 1, ran.err
    assert "--yes" in ran.err
    assert ran.out == ""
    assert not folder.exists()


def test_a_store_declined_on_the_terminal_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    terminal, tty = pty.openpty()
    os.write(terminal, b"n\n")
    try:
        ran = run_demo(tmp_path, {}, "--store", str(folder), stdin=tty)
    finally:
        os.close(tty)
        os.close(terminal)
    assert ran.code == 1
    assert f"Write demo claims into {folder}? [y/N]" in ran.err
    assert not folder.exists()


def test_with_yes_it_writes_into_the_store_run_after_run(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    for _ in range(2):
        ran = run_demo(tmp_path, configured_sqlite(tmp_path), "--store", str(folder))
        assert ran.code == 2
        ran = run_demo(
            tmp_path, configured_sqlite(tmp_path), "--store", str(folder), "--yes"
        )
        assert ran.code == 0, ran.err
        assert ran.row(CASES[0])[6] == "780.00"
    files = {p.name for p in folder.iterdir()}
    assert {"adjudication.sqlite3", "adjudication.enrolment.sqlite3"} <= files
    assert "adjudication.key" in files  # the store's own, made on the first run
    with sqlite3.connect(folder / "adjudication.sqlite3") as db:
        claims = db.execute(
            "SELECT count(*) FROM stored_events WHERE topic LIKE '%Claim.Reported'"
        ).fetchone()
    assert claims == (2 * len(CASES),)
    assert not (tmp_path / "configured").exists()


def test_a_failure_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a-file").touch()
    ran = run_demo(tmp_path, {}, "--store", str(tmp_path / "a-file"), "--yes")
    assert ran.code == 1
    assert ran.err.splitlines() == [
        f"adjudication demo: {tmp_path / 'a-file'}: File exists"
    ]


@pytest.fixture
def saved_environment() -> Iterator[dict[str, str]]:
    saved = dict(os.environ)
    yield saved
    os.environ.clear()
    os.environ.update(saved)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_run_gives_the_process_its_environment_back_and_draws_tables(
    tmp_path: Path, saved_environment: dict[str, str]
) -> None:
    """In the caller's process, its store settings (also by the prefixed names
    the library reads first) set aside and given back; on a terminal, rich."""
    os.environ.update(configured_sqlite(tmp_path))
    os.environ["ADJUDICATION_PERSISTENCE_MODULE"] = "eventsourcing.postgres"
    os.environ["COLUMNS"] = "240"
    before = dict(os.environ)
    out = Terminal()
    assert demo.run(None, False, out) == 0
    assert dict(os.environ) == before
    assert not (tmp_path / "configured").exists()
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "┏━" in text
    for case in CASES:
        assert f"│ {case} " in text, case
    assert "Audit trail of claim 8" in text


def test_amounts_are_yuan_from_fen_exactly() -> None:
    assert demo.yuan(0) == "0.00"
    assert demo.yuan(5) == "0.05"
    assert demo.yuan(78000) == "780.00"
    assert demo.yuan(123456789012) == "1,234,567,890.12"
