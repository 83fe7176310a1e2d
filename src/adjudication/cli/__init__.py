"""`adjudication serve | project | rebuild | roster | export | token | key |
demo | config | db init | verify | checkpoint | signing-key`.

Exit codes: 0 done; 1 the command ran and refused something (rows of a file,
a broken chain, a store that does not answer); 2 what was given is wrong (a
usage error, a bad setting), and nothing was done."""

import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from adjudication.cli import (
    config,
    demo,
    export,
    key,
    log_integrity,
    read_models,
    roster,
    serve,
    token,
)
from adjudication.cli.operator_errors import check_store, reported
from adjudication.cli.options import settings_of, settings_options
from adjudication.cli.output import UNWRAPPED, is_terminal, store_of
from adjudication.settings import Settings
from projections.runner import VIEWS

SERVING = (
    "address",
    "schemes",
    "grace",
    "drain_delay",
    "max_workers",
    "max_concurrent_rpcs",
    "max_streams",
    "max_streams_per_client",
    "stream_stall",
    "read_wait",
    "max_call_seconds",
    "log_level",
    "log_format",
    "credentials",
    "tls_cert",
    "tls_key",
    "client_ca",
    "no_projections",
    "metrics_address",
    "health_address",
)
LOGGING = ("log_level", "log_format")
PROJECTING = (*LOGGING, "metrics_address", "health_address")


def run(
    ctx: click.Context,
    values: dict[str, Any],
    command: Callable[[Settings], int],
    *,
    store: bool = True,
) -> int:
    """The command's exit code, its errors in one line (`reported`): the
    settings checked first and, for a command that opens the store, the store
    too, and named on stderr."""
    name = ctx.command_path.split()[1]

    def checked() -> int:
        settings = settings_of(ctx, values)
        if store:
            check_store(settings)
            if name != "serve":  # it says so once its settings are accepted
                print(f"store: {store_of(settings)}", file=sys.stderr)
        return command(settings)

    return reported(name, checked)


class Formatter(click.HelpFormatter):
    """Off a terminal, each option and its help on one line, however long."""

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        unwrapped = self.width >= UNWRAPPED - 2
        super().write_dl(rows, UNWRAPPED if unwrapped else col_max, col_spacing)


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    """Commands listed in the order they were added, as the README has them;
    its commands and groups formatted alike."""

    context_class = Context
    command_class = Command
    group_class = type

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="adjudication", prog_name="adjudication")
def cli() -> None:
    """Claims adjudication for rural accident insurance schemes.

    Every option can also be set by the environment variable its help names;
    an option given beats its variable, which beats the default."""


@cli.command("serve")
@settings_options(*SERVING)
@click.pass_context
def serve_command(ctx: click.Context, /, **values: Any) -> int:
    """Serve the gRPC API (until SIGTERM or SIGINT)."""
    return run(ctx, values, serve.serve)


_VIEWS = click.Choice(list(VIEWS))


@cli.command("project")
@click.argument("views", nargs=-1, type=_VIEWS)
@settings_options(*PROJECTING)
@click.pass_context
def project_command(
    ctx: click.Context, /, views: tuple[str, ...], **values: Any
) -> int:
    """Run projection workers, apart from the server: VIEWS, by default all."""
    return run(ctx, values, lambda s: read_models.project(list(views), s))


@cli.command("rebuild")
@click.argument("views", nargs=-1, type=_VIEWS)
@click.option(
    "--over-broken-chain",
    is_flag=True,
    help="rebuild although the log's digest chain is broken (replays the "
    "tampered log into the read models)",
)
@click.pass_context
def rebuild_command(
    ctx: click.Context, views: tuple[str, ...], over_broken_chain: bool
) -> int:
    """Rebuild read models from zero: VIEWS, by default all."""
    return run(ctx, {}, lambda _: read_models.rebuild(list(views), over_broken_chain))


roster.add_commands(cli, run)
export.add_commands(cli, run)
token.add_commands(cli, run)
key.add_commands(cli, run)


@cli.command("demo")
@click.option(
    "--store",
    type=click.Path(),
    help="an embedded store's folder to write the demo into (asks first, or "
    "--yes) [default: a scratch store, removed at the end]",
)
@click.option("--yes", is_flag=True, help="write into --store without asking")
@click.pass_context
def demo_command(ctx: click.Context, store: str | None, yes: bool) -> int:
    """Walk worked examples of the 2024 scheme through the real server.

    It never touches the configured store: a scratch store of its own, or the
    folder --store names."""
    return run(ctx, {}, lambda _: demo.run(store, yes, sys.stdout), store=False)


config.add_commands(cli, run)
log_integrity.add_commands(cli, run)


def main(argv: Sequence[str] | None = None) -> int:
    """The exit code of the command line `argv` (by default the process's)."""
    # Help and tables fit a terminal; in a file or a pipe no line is wrapped.
    width = shutil.get_terminal_size().columns if is_terminal(sys.stdout) else UNWRAPPED
    try:
        code = cli.main(
            args=list(sys.argv[1:] if argv is None else argv),
            prog_name="adjudication",
            standalone_mode=False,
            terminal_width=width,
            max_content_width=width,
        )
    except click.exceptions.NoArgsIsHelpError as e:
        # a group without its command: its help, as a usage error
        print(e.ctx.get_help() if e.ctx else e.format_message(), file=sys.stderr)
        return 2
    except click.UsageError as e:
        path = e.ctx.command_path if e.ctx is not None else "adjudication"
        said = " ".join(line.strip() for line in e.format_message().splitlines())
        print(f"{path}: {said} (see --help)", file=sys.stderr)
        return 2
    except click.ClickException as e:
        print(f"adjudication: {e.format_message()}", file=sys.stderr)
        return e.exit_code
    except click.Abort:
        print("adjudication: aborted", file=sys.stderr)
        return 1
    return int(code or 0)
