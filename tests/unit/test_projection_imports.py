"""The read models depend only on the domain (and its data loaders), the
library and the storage adapters: never on the API, the contract's generated
code, the applications or the CLI."""

import ast
import sys
from pathlib import Path

import projections

ALLOWED = (
    "eventsourcing",
    "psycopg",
    "structlog",
    "projections",
    "adjudication.domain",
    "adjudication.adapters",
    "adjudication.schemes",
    "adjudication.standards",
)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def allowed(module: str) -> bool:
    top = module.partition(".")[0]
    return top in sys.stdlib_module_names or any(
        module == a or module.startswith(a + ".") for a in ALLOWED
    )


def test_projections_import_only_the_domain_the_library_and_the_adapters() -> None:
    package = Path(projections.__file__).parent
    wrong = {
        f"{path.name}: {module}"
        for path in sorted(package.glob("*.py"))
        for module in imported(path)
        if not allowed(module)
    }
    assert wrong == set()
