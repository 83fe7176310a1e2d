"""What an operator gets wrong, said in one line on stderr with a non-zero exit,
never a traceback or a hang: arguments checked as they are parsed (dates,
addresses, files, log levels), the store checked before a command uses it (a
PostgreSQL that does not answer within seconds, a database that does not
exist, an unknown persistence module), and the errors of the environment
(files, the store) a command meets on its way."""

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import NoReturn

import psycopg
from eventsourcing.persistence import PersistenceError

from adjudication import logs
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.schemes import SchemeFileError

PERSISTENCE_MODULES = (
    "eventsourcing.sqlite",
    "eventsourcing.postgres",
    # the library's in memory store: nothing is kept after the command
    "eventsourcing.popo",
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = logs.LOG_FORMATS
# Seconds to wait for PostgreSQL to accept a connection before saying so.
CONNECT_TIMEOUT_SECONDS = 3


class OperatorError(Exception):
    """A setting, an argument or the environment a command cannot go on with;
    its message says what is wrong and what is expected."""


class Parser(argparse.ArgumentParser):
    """Says a bad argument in one line (what argparse says, without its usage
    block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; give YYYY-MM-DD"
        ) from None


def address(text: str) -> str:
    """HOST:PORT, the host an IPv6 address in brackets if it is one."""
    host, colon, port = text.rpartition(":")
    if not colon or not host.strip("[]") or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an address; give HOST:PORT, e.g. 127.0.0.1:50051"
        )
    return text


def log_level(text: str) -> str:
    if text.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a log level; give one of {', '.join(LOG_LEVELS)}"
        )
    return text.upper()


def log_format(text: str) -> str:
    if text.lower() not in LOG_FORMATS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a log format; give one of {', '.join(LOG_FORMATS)}"
        )
    return text.lower()


FILE_FORMATS = ("csv", "xlsx")


def output_file(output: str | None, file_format: str | None, default: str) -> Path:
    """The file to write: `output` in `file_format`, which its extension gives
    when no format is; `default` (a name without its extension) in
    `file_format` or XLSX when no output is. A file whose extension is not
    its format is an error (an XLSX named .csv would open as garbage)."""
    if output is None:
        return Path(f"{default}.{file_format or 'xlsx'}")
    path = Path(output)
    extension = path.suffix.lower().removeprefix(".")
    if file_format is None and extension not in FILE_FORMATS:
        raise OperatorError(
            f"--output {output}: give a file ending .csv or .xlsx, or --format"
        )
    if file_format is not None and extension != file_format:
        raise OperatorError(
            f"--output {output} is not a .{file_format} file; name it "
            f"{path.with_suffix('.' + file_format).name} or give --format {extension}"
        )
    return path


def existing_file(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a directory, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no file {text}")
    return path


def scheme_of(catalogue: SchemeCatalogue, given: str | None) -> SchemeYear:
    """The scheme year named (by default the latest)."""
    years = list(catalogue)
    if not given:
        return years[-1]
    try:
        return catalogue.get(given)
    except KeyError:
        known = ", ".join(y.id for y in years)
        raise OperatorError(f"unknown scheme year {given!r}; known: {known}") from None


def persistence_module(env: Mapping[str, str]) -> str:
    module = env.get("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    if module not in PERSISTENCE_MODULES:
        raise OperatorError(
            f"PERSISTENCE_MODULE={module!r} is not a store; give one of "
            + ", ".join(PERSISTENCE_MODULES)
        )
    return module


def check_store(env: Mapping[str, str]) -> None:
    """The configured store can be used: a known persistence module and, for
    PostgreSQL, a database that answers within CONNECT_TIMEOUT_SECONDS."""
    if persistence_module(env) != "eventsourcing.postgres":
        return
    dbname = env.get("POSTGRES_DBNAME", "")
    host = env.get("POSTGRES_HOST", "")
    port = env.get("POSTGRES_PORT", "5432")
    user = env.get("POSTGRES_USER", "")
    try:
        psycopg.connect(
            dbname=dbname,
            host=host,
            port=port,
            user=user,
            password=env.get("POSTGRES_PASSWORD", ""),
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        ).close()
    except psycopg.Error as e:
        reason = " ".join(line.strip() for line in str(e).splitlines())
        raise OperatorError(
            f"cannot connect to the PostgreSQL database {dbname!r} at "
            f"{host}:{port} as {user!r}: {reason}"
        ) from None


def reported(command: str, run: Callable[[], int]) -> int:
    """The command's exit code; an operator's error in one line on stderr
    (code 2), and output to a reader that went away (`| head`) ended quietly."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OperatorError as e:
        return _say(command, str(e))
    except (SchemeFileError, PersistenceError) as e:
        return _say(command, str(e).strip().splitlines()[0])
    except OSError as e:
        if e.filename is not None:
            return _say(command, f"{e.filename}: {e.strerror}")
        return _say(command, str(e))


def _say(command: str, message: str) -> int:
    print(f"adjudication {command}: {message}", file=sys.stderr)
    return 2
