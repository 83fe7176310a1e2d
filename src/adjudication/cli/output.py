"""Output for a person at a terminal (rich tables, progress bars, its width)
and plain, unwrapped text for a pipe or a file; and the line naming the store
a command uses."""

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from adjudication.adapters.storage import sqlite_files
from adjudication.settings import Settings

# Wide enough that no line of a table or a message is ever wrapped in a file.
UNWRAPPED = 1_000_000


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def console(stderr: bool = False) -> Console:
    """A console on stdout (or stderr), its lines never wrapped off a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    if is_terminal(stream):
        return Console(file=stream)
    return Console(file=stream, width=UNWRAPPED, soft_wrap=True, no_color=True)


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A rich table at a terminal; elsewhere the title, then tab-separated
    lines (a header line first)."""
    if is_terminal(sys.stdout):
        shown = Table(title=title)
        for number, header in enumerate(headers):
            shown.add_column(header, justify="right" if number else "left")
        for row in rows:
            shown.add_row(*row)
        Console().print(shown)
        return
    print(title)
    for row in (headers, *rows):
        print("\t".join(row))


def store_of(settings: Settings) -> str:
    """`sqlite /abs/claims.sqlite3 (enrolment /abs/...)`, `postgres
    user@host:port/db schema S` or `memory`: the store a command uses."""
    module = settings.persistence_module
    if module == "eventsourcing.postgres":
        return (
            f"postgres {settings.postgres_user}@{settings.postgres_host}:"
            f"{settings.postgres_port}/{settings.postgres_dbname} schema "
            f"{settings.postgres_schema or 'public'}"
        )
    if module == "eventsourcing.popo":
        return "memory (nothing is kept after the command)"
    # the library's own variables, as the applications will read them
    claims, enrolment = sqlite_files(os.environ)
    if claims == ":memory:" or claims.startswith("file:"):
        return f"sqlite in memory {claims}"
    return f"sqlite {os.path.abspath(claims)} (enrolment {os.path.abspath(enrolment)})"
