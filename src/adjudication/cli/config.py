"""`adjudication config [check | reference]`: the settings in force (secrets
masked) and the store they name; `check` also connects to the store;
`reference` prints the README's configuration reference from the model."""

import os
from collections.abc import Callable

import click
from pydantic import SecretStr

from adjudication.adapters import keys
from adjudication.adapters.storage import sqlite_files
from adjudication.cli.operator_errors import StoreUnusable, check_store
from adjudication.cli.output import store_of
from adjudication.settings import (
    FIELDS,
    Settings,
    choices,
    default_text,
    env_name,
    extra,
)

BEGIN = (
    "<!-- BEGIN configuration reference (generated: adjudication config reference) -->"
)
END = "<!-- END configuration reference -->"
MASK = "**********"


def lines(settings: Settings) -> list[str]:
    """`NAME=value` of every setting (a secret's value masked, an unset one
    empty), then the store and where the keys come from."""
    shown = []
    for field in FIELDS:
        value = getattr(settings, field)
        if isinstance(value, SecretStr):
            text = MASK
        elif isinstance(value, bool):
            text = "y" if value else "n"
        else:
            text = "" if value is None else str(value)
        shown.append(f"{env_name(field)}={text}")
    shown.append(f"store: {store_of(settings)}")
    shown.append(f"keys: {_keys_of(settings)}")
    return shown


def _keys_of(settings: Settings) -> str:
    if settings.cipher_key is not None:
        return f"{keys.CIPHER_KEY} and {keys.HMAC_KEY}"
    if settings.cipher_key_file is not None:
        return f"the key file {os.path.abspath(settings.cipher_key_file)}"
    if settings.persistence_module == "eventsourcing.popo":
        return "a key of the process (nothing is kept)"
    if settings.persistence_module == "eventsourcing.sqlite":
        claims = sqlite_files(os.environ)[0]
        if claims == ":memory:" or claims.startswith("file:"):
            return "a key of the process (nothing is kept)"
        path = os.path.abspath(keys.default_key_file(claims))
        return f"the key file {path} (made on first use)"
    return f"none: set {keys.KEY_FILE}, or {keys.CIPHER_KEY} and {keys.HMAC_KEY}"


def reference() -> str:
    """The configuration reference, a markdown table, from the model."""
    rows = [
        "| variable | option | default | meaning |",
        "|---|---|---|---|",
    ]
    for field, info in FIELDS.items():
        option = extra(field, "option")
        default = default_text(field)
        description = str(info.description)
        values = choices(field)
        if values:
            description += "; one of " + ", ".join(f"`{c}`" for c in values)
        cells = (
            f"`{env_name(field)}`",
            f"`{option}`" if option else "",
            _default_cell(field, default),
            description.replace("|", "\\|"),
        )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def _default_cell(field: str, default: str) -> str:
    if not default:
        return ""
    # a value in backticks; what a default means, as words
    return default if extra(field, "shown") else f"`{default}`"


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.group("config", invoke_without_command=True)
    @click.pass_context
    def config(ctx: click.Context) -> int:
        """Print the settings in force (secrets masked) and the store they
        name; `config check` connects to the store too."""
        if ctx.invoked_subcommand is not None:
            return 0
        return run(ctx, {}, _print, store=False)

    @config.command("check")
    @click.pass_context
    def check(ctx: click.Context) -> int:
        """The same, after checking the store answers: exit 1 on a missing
        setting or a store that does not answer, 2 on a bad value, in under 5 s."""

        def checked(settings: Settings) -> int:
            check_store(settings)
            _check_keys(settings)
            return _print(settings)

        return run(ctx, {}, checked, store=False)

    @config.command("reference")
    def reference_command() -> int:
        """Print the configuration reference (markdown) the README holds."""
        click.echo(reference(), nl=False)
        return 0


def _check_keys(settings: Settings) -> None:
    """The keys given can be read, and PostgreSQL has some (an embedded store
    makes its key file on first use, never in a check)."""
    given = settings.cipher_key is not None or settings.cipher_key_file is not None
    if not given and settings.persistence_module != "eventsourcing.postgres":
        return
    try:
        keys.resolve(os.environ, None)
    except (OSError, ValueError, KeyError) as e:
        raise StoreUnusable(str(e)) from None


def _print(settings: Settings) -> int:
    for line in lines(settings):
        click.echo(line)
    return 0
