"""The layers' import rules, read from the source: the domain is pure, the read
models know nothing of the transport, and nothing below an entry point imports
it. Any import counts, also one inside a function."""

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src"
STDLIB = sys.stdlib_module_names

# package -> the top-level modules and packages it may import besides the
# standard library and itself
ALLOWED: dict[str, tuple[str, ...]] = {
    "adjudication.domain": ("eventsourcing.domain", "stdnum"),
    # principals, roles and credentials: no transport, no store
    "adjudication.auth": (),
    "adjudication.schemes": ("adjudication.domain",),
    "adjudication.standards": ("adjudication.domain",),
    "adjudication.adapters": (
        "adjudication.domain",
        "eventsourcing",
        "psycopg",
        "psycopg_pool",
        "openpyxl",
        "cryptography",
    ),
    "adjudication.service_layer": (
        "adjudication.domain",
        "adjudication.adapters",
        "eventsourcing",
    ),
    "projections": (
        "adjudication.domain",
        "adjudication.adapters",
        "adjudication.schemes",
        "adjudication.standards",
        # the service's log lines (a failure's fields), not the transport
        "adjudication.logs",
        "eventsourcing",
        "psycopg",
        "structlog",
    ),
}
# package -> what it must never import (it is above them, or beside them)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "adjudication.claims": ("adjudication.api", "adjudication.cli", "projections"),
    "adjudication.enrolment": ("adjudication.api", "adjudication.cli", "projections"),
    "adjudication.api": ("adjudication.cli",),
}


def modules_of(package: str) -> list[Path]:
    folder = SRC.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(package: str) -> list[str]:
    wrong = []
    for path in modules_of(package):
        for module in sorted(imports_of(path)):
            allowed = (package, *ALLOWED.get(package, ()))
            if package in ALLOWED and not (
                module.partition(".")[0] in STDLIB
                or any(within(module, a) for a in allowed)
            ):
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
            if any(within(module, f) for f in FORBIDDEN.get(package, ())):
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
    return wrong


@pytest.mark.parametrize("package", [*ALLOWED, *FORBIDDEN])
def test_each_layer_imports_only_what_is_below_it(package: str) -> None:
    assert modules_of(package), f"no modules in {package}"
    assert violations(package) == []


def test_the_rule_catches_a_read_model_importing_the_transport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "projections"
    fake.mkdir()
    (fake / "leaky.py").write_text(
        "def present():\n    from adjudication.api.mapping import ClaimPresenter\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert violations("projections") == [
        "projections/leaky.py imports adjudication.api.mapping"
    ]


def test_the_rule_catches_a_domain_importing_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "adjudication" / "domain"
    fake.mkdir(parents=True)
    (fake / "claim.py").write_text(
        "import psycopg\nfrom eventsourcing.persistence import Recorder\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert violations("adjudication.domain") == [
        "adjudication/domain/claim.py imports eventsourcing.persistence",
        "adjudication/domain/claim.py imports psycopg",
    ]
