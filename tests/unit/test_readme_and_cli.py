"""The README's set-up commands are the ones CI and a newcomer run."""

import re
from pathlib import Path

import pytest

from adjudication.cli import main

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^    (python3 -m venv .*)$", text, flags=re.MULTILINE)


def test_readme_holds_exactly_two_set_up_commands() -> None:
    assert len(readme_commands()) == 2


def test_readme_run_command_starts_the_server() -> None:
    assert readme_commands()[0].endswith(".venv/bin/adjudication serve")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci


def test_demo_runs_the_worked_examples_on_a_fresh_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    monkeypatch.setenv("SQLITE_DBNAME", str(tmp_path / "var" / "demo.sqlite3"))
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00" in out
    assert "TOP_UP                  30,000.00" in out
    assert "rejected NOT_AN_ACCIDENT" in out
    assert (tmp_path / "var" / "demo.sqlite3").exists()
