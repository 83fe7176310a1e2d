"""`adjudication serve | project | rebuild | roster | export | token | key |
demo | config | db init | verify | checkpoint | signing-key`."""

import argparse
import os
import sys
from collections.abc import Sequence

from adjudication.api.read_models import WAIT_CEILING_SECONDS
from adjudication.api.streams import (
    MAX_STREAMS,
    MAX_STREAMS_PER_PRINCIPAL,
    STALL_SECONDS,
)
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
from adjudication.cli.operator_errors import (
    Parser,
    address,
    check_store,
    log_format,
    log_level,
    reported,
)

# The commands that do not open the configured store (the demo opens one of
# its own).
STORELESS = frozenset({"config", "token", "key", "signing-key", "demo"})


def main(argv: Sequence[str] | None = None) -> int:
    env = os.environ.get
    parser = Parser(prog="adjudication")
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("serve", help="serve the gRPC API")
    server.add_argument(
        "--address",
        type=address,
        default=env("ADJUDICATION_ADDRESS", "127.0.0.1:50051"),
    )
    server.add_argument(
        "--schemes",
        default=env("ADJUDICATION_SCHEMES"),
        help="a folder of further scheme-year files (*.toml)",
    )
    server.add_argument(
        "--grace", type=float, default=10.0, help="seconds in-flight calls may take"
    )
    server.add_argument(
        "--drain-delay",
        type=float,
        default=0.0,
        help="seconds NOT_SERVING before refusing calls on SIGTERM",
    )
    server.add_argument("--max-workers", type=int, default=16)
    server.add_argument("--max-concurrent-rpcs", type=int, default=64)
    server.add_argument(
        "--max-streams",
        type=int,
        default=MAX_STREAMS,
        help="event streams open at once (fewer than --max-workers)",
    )
    server.add_argument(
        "--max-streams-per-client",
        type=int,
        default=MAX_STREAMS_PER_PRINCIPAL,
        help="event streams one principal may have open at once",
    )
    server.add_argument(
        "--stream-stall",
        type=float,
        default=STALL_SECONDS,
        help="seconds a stream's client may read nothing before it is cancelled",
    )
    server.add_argument(
        "--read-wait",
        type=float,
        default=WAIT_CEILING_SECONDS,
        help="the longest, in seconds, a read with min_position waits",
    )
    server.add_argument(
        "--log-level", type=log_level, default=env("ADJUDICATION_LOG_LEVEL", "INFO")
    )
    server.add_argument(
        "--log-format",
        type=log_format,
        default=env("ADJUDICATION_LOG_FORMAT", "json"),
        help="json (one object per line, the default) or console",
    )
    server.add_argument(
        "--credentials",
        default=env("ADJUDICATION_CREDENTIALS"),
        help="the credentials file (default: var/credentials.jsonl if it exists)",
    )
    server.add_argument("--tls-cert", default=env("ADJUDICATION_TLS_CERT"))
    server.add_argument("--tls-key", default=env("ADJUDICATION_TLS_KEY"))
    server.add_argument(
        "--client-ca",
        default=env("ADJUDICATION_CLIENT_CA"),
        help="require client certificates signed by this authority (PEM)",
    )
    server.add_argument(
        "--no-projections",
        action="store_true",
        help="read models are kept by `adjudication project` workers instead",
    )
    views = "read models (default: all)"
    worker = commands.add_parser("project", help="run projection workers")
    worker.add_argument("views", nargs="*", help=views)
    worker.add_argument(
        "--log-level", type=log_level, default=env("ADJUDICATION_LOG_LEVEL", "INFO")
    )
    worker.add_argument(
        "--log-format",
        type=log_format,
        default=env("ADJUDICATION_LOG_FORMAT", "json"),
        help="json (one object per line, the default) or console",
    )
    rebuilding = commands.add_parser("rebuild", help="rebuild read models from zero")
    rebuilding.add_argument("views", nargs="*", help=views)
    rebuilding.add_argument(
        "--over-broken-chain",
        action="store_true",
        help="rebuild although the log's digest chain is broken (replays the "
        "tampered log into the read models)",
    )
    roster.add_commands(commands)
    export.add_commands(commands)
    token.add_commands(commands)
    key.add_commands(commands)
    log_integrity.add_commands(commands)
    walk = commands.add_parser(
        "demo",
        help="walk worked examples through the gRPC API, in a scratch store",
    )
    walk.add_argument(
        "--store", metavar="DIR", help="an embedded store's folder to write into"
    )
    walk.add_argument("--yes", action="store_true", help="write into --store unasked")
    commands.add_parser("config", help="print the persistence settings in force")
    args = parser.parse_args(argv)
    return reported(args.command, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    if args.command not in STORELESS:
        check_store(os.environ)
    if args.command == "serve":
        return serve.serve(args)
    if args.command == "project":
        read_models.project(args)
    elif args.command == "rebuild":
        return read_models.rebuild(args)
    elif args.command == "demo":
        return demo.run(args.store, args.yes, sys.stdout)
    elif hasattr(args, "run"):
        return int(args.run(args))
    else:
        config.config()
    return 0
