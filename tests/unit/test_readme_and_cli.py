"""The README's set-up commands are the ones CI and a newcomer run."""

import re
from pathlib import Path

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
