"""The command line as an operator meets it: `config check` (the settings in
force, secrets masked, the store named, a bad or missing value or a store that
does not answer in one line within 5 s), `--version`, `--help` naming every
option's variable and default, output to a pipe never wrapped, and the
README's configuration reference generated from the settings model."""

import os
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from adjudication.adapters import keys
from adjudication.cli import SERVING, main
from adjudication.cli.config import BEGIN, END, reference
from adjudication.settings import FIELDS, default_text, env_name, extra
from tests.e2e.conftest import free_port
from tests.figures import measured
from tests.roster_factory import write_csv
from tests.stores import PG

ROOT = Path(__file__).resolve().parents[2]
ADJUDICATION = [sys.executable, "-m", "adjudication.cli"]
POSTGRES = {
    "PERSISTENCE_MODULE": "eventsourcing.postgres",
    "POSTGRES_HOST": PG["host"],
    "POSTGRES_PORT": PG["port"],
    "POSTGRES_USER": PG["user"],
    "POSTGRES_PASSWORD": PG["password"] or "not-shown",
    "POSTGRES_DBNAME": "postgres",
}


def adjudication(
    *arguments: str, settings: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """The command run as an operator runs it, its output to pipes; none of
    this machine's settings but `settings`."""
    env = {
        k: v for k, v in os.environ.items() if k not in {env_name(f) for f in FIELDS}
    }
    return subprocess.run(
        [*ADJUDICATION, *arguments],
        env={**env, **settings},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_config_check_shows_the_settings_with_secrets_masked_and_the_sqlite_files(
    tmp_path: Path,
) -> None:
    cipher, hmac = keys.new_key(), keys.new_key()
    done = adjudication(
        "config",
        "check",
        settings={
            "SQLITE_DBNAME": "store/claims.sqlite3",
            keys.CIPHER_KEY: cipher,
            keys.HMAC_KEY: hmac,
            "POSTGRES_PASSWORD": "hunter2",
            "ADJUDICATION_GRACE": "30",
        },
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"{keys.CIPHER_KEY}=**********" in lines
    assert "POSTGRES_PASSWORD=**********" in lines
    assert "ADJUDICATION_GRACE=30.0" in lines
    assert cipher not in done.stdout and hmac not in done.stdout
    assert "hunter2" not in done.stdout + done.stderr
    assert (
        f"store: sqlite {tmp_path}/store/claims.sqlite3 "
        f"(enrolment {tmp_path}/store/claims.enrolment.sqlite3)"
    ) in lines
    assert f"keys: {keys.CIPHER_KEY} and {keys.HMAC_KEY}" in lines
    # a check makes nothing
    assert not (tmp_path / "store").exists()


def test_config_check_connects_to_postgresql_and_names_it(tmp_path: Path) -> None:
    done = adjudication(
        "config",
        "check",
        settings={
            **POSTGRES,
            "POSTGRES_SCHEMA": "public",
            keys.CIPHER_KEY: keys.new_key(),
            keys.HMAC_KEY: keys.new_key(),
        },
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"store: postgres {PG['user']}@{PG['host']}:{PG['port']}/postgres schema public"
    ) in done.stdout.splitlines()
    assert POSTGRES["POSTGRES_PASSWORD"] not in done.stdout


# id: (settings, exit code, what the one line names)
REFUSED = {
    "bad value": ({"ADJUDICATION_MAX_WORKERS": "lots"}, 2, "ADJUDICATION_MAX_WORKERS"),
    "bad store": ({"PERSISTENCE_MODULE": "mongodb"}, 2, "mongodb"),
    "missing value": (
        {**POSTGRES, "POSTGRES_HOST": ""},
        1,
        "POSTGRES_HOST not set",
    ),
    "no PostgreSQL on the port": ({**POSTGRES, "POSTGRES_PORT": "{port}"}, 1, "{port}"),
    "no keys for PostgreSQL": (POSTGRES, 1, "no keys for personal data"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_config_check_fails_in_one_line_within_5_seconds(
    case: str, tmp_path: Path
) -> None:
    settings, code, named = REFUSED[case]
    port = str(free_port())  # nothing listens there
    settings = {k: v.replace("{port}", port) for k, v in settings.items()}
    named = named.replace("{port}", port)
    started = time.monotonic()
    done = adjudication("config", "check", settings=settings, cwd=tmp_path)
    seconds = time.monotonic() - started
    measured(f"config check, {case}: exit {done.returncode} in {seconds:.1f} s")
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("adjudication config: ") and named in done.stderr
    assert "not-shown" not in done.stderr
    assert seconds < 5


def test_config_without_a_sub_command_prints_the_same_without_connecting(
    tmp_path: Path,
) -> None:
    port = str(free_port())
    done = adjudication(
        "config", settings={**POSTGRES, "POSTGRES_PORT": port}, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert f"POSTGRES_PORT={port}" in done.stdout.splitlines()
    assert "POSTGRES_PASSWORD=**********" in done.stdout.splitlines()


def test_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert (
        capsys.readouterr().out == f"adjudication, version {version('adjudication')}\n"
    )


def test_help_names_every_options_variable_and_default_on_its_line(
    tmp_path: Path,
) -> None:
    done = adjudication("serve", "--help", settings={}, cwd=tmp_path)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    for field in SERVING:
        option = extra(field, "option")
        line = next(x for x in lines if x.strip().startswith(f"{option} "))
        # one line each, however long: stdout is a pipe, nothing is wrapped
        assert f"env var: {env_name(field)}" in line, line
        assert str(FIELDS[field].description) in line
        if FIELDS[field].annotation is not bool:
            assert f"default: {default_text(field)}]" in line, line
    assert any(len(x) > 200 for x in lines)
    levels = next(x for x in lines if "--log-level" in x)
    assert "[debug|info|warning|error|critical]" in levels


def test_choices_are_listed_in_help(tmp_path: Path) -> None:
    for arguments, choices in (
        (["rebuild"], "[payment_ledger|claim_summary|"),
        (["export"], "{payments|totals|overdue}"),
        (["export"], "--format [csv|xlsx]"),
        (["export"], "--scheme ID"),
        (["export"], "one of xiangning-2024"),
        (["token", "create"], "[CLAIMS_OFFICER|SUPERVISOR|"),
        (["checkpoint"], "[claims|enrolment]"),
    ):
        done = adjudication(*arguments, "--help", settings={}, cwd=tmp_path)
        assert choices in done.stdout, (arguments, done.stdout)


def test_a_usage_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for arguments in (["nonsense"], ["export"], ["serve", "--grace"], ["rebuild", "x"]):
        done = adjudication(*arguments, settings={}, cwd=tmp_path)
        assert done.returncode == 2, arguments
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert done.stderr.startswith("adjudication") and "(see --help)" in done.stderr
    # a group without its command: its help, as a usage error
    done = adjudication("roster", settings={}, cwd=tmp_path)
    assert done.returncode == 2 and "import" in done.stderr and done.stdout == ""


def test_a_roster_into_a_pipe_is_plain_unwrapped_and_refused_rows_exit_1(
    tmp_path: Path,
) -> None:
    name = "昌宁镇花名册" + "-第二批补充登记名单" * 6 + ".csv"
    roster = write_csv(
        tmp_path / name,
        [("141029195001010000", "张建国", "昌宁镇", "城北村", "农业", "务农")],
    )
    done = adjudication(
        "roster",
        "import",
        str(roster),
        "--township",
        "昌宁镇",
        settings={
            "SQLITE_DBNAME": str(tmp_path / "adjudication.sqlite3"),
            keys.CIPHER_KEY: keys.new_key(),
            keys.HMAC_KEY: keys.new_key(),
        },
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == f"昌宁镇 · xiangning-2024 · {name}"
    assert out[1:3] == ["result\trows", "accepted\t0"]
    err = done.stderr.splitlines()
    assert err[0] == (
        f"store: sqlite {tmp_path}/adjudication.sqlite3 "
        f"(enrolment {tmp_path}/adjudication.enrolment.sqlite3)"
    )
    assert len(err) == 2 and err[1].startswith("row 2: INVALID_ID_NUMBER ")
    assert "\x1b[" not in done.stdout + done.stderr  # no colours into a file


def test_the_readme_holds_the_generated_configuration_reference() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    held = text.split(BEGIN + "\n", 1)[1].split(END, 1)[0]
    assert held == reference(), "run `adjudication config reference` into README.md"
