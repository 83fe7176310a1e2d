"""An operator's mistake is one clear line on stderr naming the bad value, and
a non-zero exit, within 5 s: never a traceback, never a hang."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adjudication.adapters import keys
from tests.e2e.conftest import free_port
from tests.figures import measured
from tests.stores import PG

ADJUDICATION = [sys.executable, "-m", "adjudication.cli"]
POSTGRES = {
    "PERSISTENCE_MODULE": "eventsourcing.postgres",
    "POSTGRES_HOST": PG["host"],
    "POSTGRES_PORT": PG["port"],
    "POSTGRES_USER": PG["user"],
    "POSTGRES_PASSWORD": PG["password"],
}

# id: (arguments, settings, what the line must name)
CASES: dict[str, tuple[list[str], dict[str, str], str]] = {
    "missing database": (
        ["serve"],
        {**POSTGRES, "POSTGRES_DBNAME": "no_such_adjudication_db"},
        "no_such_adjudication_db",
    ),
    "no PostgreSQL on the port": (
        ["rebuild"],
        {**POSTGRES, "POSTGRES_DBNAME": "adjudication", "POSTGRES_PORT": "{port}"},
        "{port}",
    ),
    "address": (["serve", "--address", "nonsense"], {}, "nonsense"),
    "port": (["serve", "--address", "127.0.0.1:http"], {}, "127.0.0.1:http"),
    "log level": (["serve"], {"ADJUDICATION_LOG_LEVEL": "LOUD"}, "LOUD"),
    "log level of the workers": (["project", "--log-level", "LOUD"], {}, "LOUD"),
    "log format": (["serve"], {"ADJUDICATION_LOG_FORMAT": "xml"}, "xml"),
    "log format of the workers": (["project", "--log-format", "yaml"], {}, "yaml"),
    "persistence module": (
        ["config"],
        {"PERSISTENCE_MODULE": "eventsourcing.nosql"},
        "eventsourcing.nosql",
    ),
    "date": (["export", "payments", "--from", "2024-13-01"], {}, "2024-13-01"),
    "a workbook named .csv": (
        ["export", "payments", "--format", "xlsx", "--output", "x.csv"],
        {},
        "x.csv",
    ),
    "a file of no format": (["roster", "premium", "--output", "p.txt"], {}, "p.txt"),
    "scheme year": (
        ["export", "payments", "--scheme", "xiangning-2099"],
        {},
        "xiangning-2099",
    ),
    "scheme year of a roster": (
        ["roster", "premium", "--scheme", "xiangning-2099"],
        {},
        "xiangning-2099",
    ),
    "read model": (["rebuild", "nope"], {}, "nope"),
    "missing roster": (
        ["roster", "import", "missing.csv", "--township", "昌宁镇"],
        {},
        "missing.csv",
    ),
    "roster is a directory": (
        ["roster", "import", "folder", "--township", "昌宁镇"],
        {},
        "folder",
    ),
    "missing answers file": (
        ["roster", "confirm", "answers.xlsx", "--source", "公安局"],
        {},
        "answers.xlsx",
    ),
    "missing checkpoint": (
        ["verify", "--checkpoint", "kept.json"],
        {},
        "kept.json",
    ),
    "export into a missing folder": (
        ["export", "payments", "--output", "nowhere/payments.csv"],
        {},
        "nowhere/payments.csv",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_an_operator_error_is_one_line_and_a_non_zero_exit(
    case: str, tmp_path: Path
) -> None:
    arguments, settings, named = CASES[case]
    port = str(free_port())
    settings = {k: v.replace("{port}", port) for k, v in settings.items()}
    named = named.replace("{port}", port)
    (tmp_path / "folder").mkdir()
    env = {
        **os.environ,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "adjudication.sqlite3"),
        # keys given: no note on stderr of a key file made
        keys.CIPHER_KEY: keys.new_key(),
        keys.HMAC_KEY: keys.new_key(),
        **settings,
    }
    started = time.monotonic()
    done = subprocess.run(
        [*ADJUDICATION, *arguments],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=10,
    )
    seconds = time.monotonic() - started
    lines = done.stderr.splitlines()
    measured(f"{case}: exit {done.returncode} after {seconds:.1f} s: {done.stderr}")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    # A command that got as far as its store names it first, in a line of its
    # own: the error is the one line after it.
    if lines and lines[0].startswith("store: "):
        assert lines.pop(0) == f"store: sqlite {tmp_path / 'adjudication.sqlite3'} " + (
            f"(enrolment {tmp_path / 'adjudication.enrolment.sqlite3'})"
        )
    assert len(lines) == 1, done.stderr
    assert named in lines[0]
    assert seconds < 5


def test_demo_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`adjudication demo | head`: the reader gone, no BrokenPipeError."""
    env = {
        **os.environ,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "demo.sqlite3"),
        keys.CIPHER_KEY: keys.new_key(),
        keys.HMAC_KEY: keys.new_key(),
    }
    demo = subprocess.Popen(
        [*ADJUDICATION, "demo"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert demo.stdout is not None and demo.stderr is not None
    demo.stdout.close()
    errors = demo.stderr.read().decode()
    code = demo.wait(timeout=30)
    measured(f"demo into a closed pipe: exit {code}, stderr {errors!r}")
    # the demo opens no configured store (a scratch one), so no store line
    assert errors == ""
