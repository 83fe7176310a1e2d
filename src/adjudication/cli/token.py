"""`adjudication token create --role ROLE --name NAME`: a bearer token for a
principal, printed once; only its hash is kept, in the credentials file."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from adjudication.auth.credentials import DEFAULT_FILE, CredentialsError, create_token
from adjudication.auth.roles import Role
from adjudication.cli.options import setting_option
from adjudication.settings import Settings


def create(role: str, name: str, settings: Settings) -> int:
    path = settings.credentials or Path(DEFAULT_FILE)
    try:
        token = create_token(path, Role(role), name)
    except CredentialsError as e:
        print(f"adjudication token create: {e}", file=sys.stderr)
        return 2
    print(
        f"token of {name} ({role}), shown this once; its hash is in {path}:",
        file=sys.stderr,
    )
    print(token)
    return 0


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.group("token")
    def token() -> None:
        """Bearer tokens of the gRPC API."""

    @token.command("create")
    @click.option("--role", required=True, type=click.Choice([str(r) for r in Role]))
    @click.option("--name", required=True, help="the actor its calls record")
    @setting_option("credentials")
    @click.pass_context
    def creating(ctx: click.Context, /, role: str, name: str, **values: Any) -> int:
        """Create a token and print it once; its hash goes into the credentials
        file (var/credentials.jsonl unless --credentials names another)."""
        return run(ctx, values, lambda s: create(role, name, s), store=False)
