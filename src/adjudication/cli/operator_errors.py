"""What an operator gets wrong, said in one line on stderr with a non-zero exit,
never a traceback or a hang: arguments checked as they are parsed (dates,
files; the settings by `adjudication.settings`), the store checked before a
command uses it (a PostgreSQL that does not answer within seconds, a database
that does not exist, settings it needs missing), and the errors of the environment
(files, the store) a command meets on its way."""

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.schemes import SchemeFileError
from adjudication.settings import SettingError, Settings, missing

# Seconds to wait for PostgreSQL to accept a connection before saying so.
CONNECT_TIMEOUT_SECONDS = 3


class OperatorError(Exception):
    """A setting, an argument or the environment a command cannot go on with;
    its message says what is wrong and what is expected. Exit code 2."""

    code = 2


class StoreUnusable(OperatorError):
    """The store's settings are missing, or it does not answer: nothing the
    command line got wrong, so exit code 1."""

    code = 1


class IsoDay(click.ParamType[date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; give YYYY-MM-DD", param, ctx)


class ExistingFile(click.ParamType[Path]):
    name = "FILE"

    def convert(self, value: Any, param: Any, ctx: Any) -> Path:
        path = Path(value)
        if path.is_dir():
            self.fail(f"{value} is a directory, not a file", param, ctx)
        if not path.is_file():
            self.fail(f"no file {value}", param, ctx)
        return path


ISO_DAY = IsoDay()
EXISTING_FILE = ExistingFile()


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


def check_store(settings: Settings) -> None:
    """The configured store can be used: for PostgreSQL, the settings it needs
    are given and the database answers within CONNECT_TIMEOUT_SECONDS."""
    if settings.persistence_module != "eventsourcing.postgres":
        return
    absent = missing(settings)
    if absent:
        raise StoreUnusable(
            f"{', '.join(absent)} not set: eventsourcing.postgres needs "
            "POSTGRES_DBNAME, POSTGRES_HOST and POSTGRES_USER"
        )
    dbname = settings.postgres_dbname
    host = settings.postgres_host
    port = settings.postgres_port
    user = settings.postgres_user
    password = settings.postgres_password
    try:
        psycopg.connect(
            dbname=dbname,
            host=host,
            port=port,
            user=user,
            password=password.get_secret_value() if password else "",
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        ).close()
    except psycopg.Error as e:
        reason = " ".join(line.strip() for line in str(e).splitlines())
        raise StoreUnusable(
            f"cannot connect to the PostgreSQL database {dbname!r} at "
            f"{host}:{port} as {user!r}: {reason}"
        ) from None


def reported(command: str, run: Callable[[], int]) -> int:
    """The command's exit code; an operator's error in one line on stderr
    (code 2, or 1 for a store that cannot be used), and output to a reader
    that went away (`| head`) ended quietly."""
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
        return _say(command, str(e), e.code)
    except SettingError as e:
        return _say(command, str(e))
    except (SchemeFileError, PersistenceError) as e:
        return _say(command, str(e).strip().splitlines()[0])
    except OSError as e:
        if e.filename is not None:
            return _say(command, f"{e.filename}: {e.strerror}")
        return _say(command, str(e))


def _say(command: str, message: str, code: int = 2) -> int:
    print(f"adjudication {command}: {message}", file=sys.stderr)
    return code
