"""`adjudication token create --role ROLE --name NAME`: a bearer token for a
principal, printed once; only its hash is kept, in the credentials file."""

import argparse
import os
import sys
from pathlib import Path

from adjudication.auth.credentials import DEFAULT_FILE, CredentialsError, create_token
from adjudication.auth.roles import Role


def create(args: argparse.Namespace) -> int:
    path = Path(args.credentials)
    try:
        token = create_token(path, Role(args.role), args.name)
    except CredentialsError as e:
        print(f"adjudication token create: {e}", file=sys.stderr)
        return 2
    print(
        f"token of {args.name} ({args.role}), shown this once; its hash is in {path}:",
        file=sys.stderr,
    )
    print(token)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    token = commands.add_parser("token", help="bearer tokens of the gRPC API")
    actions = token.add_subparsers(dest="action", required=True)
    creating = actions.add_parser("create", help="create a token and print it once")
    creating.add_argument("--role", required=True, choices=[str(r) for r in Role])
    creating.add_argument("--name", required=True, help="the actor its calls record")
    creating.add_argument(
        "--credentials",
        default=os.environ.get("ADJUDICATION_CREDENTIALS", DEFAULT_FILE),
        help=f"the credentials file (default {DEFAULT_FILE})",
    )
    creating.set_defaults(run=create)
