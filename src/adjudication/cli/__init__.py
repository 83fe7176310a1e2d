"""`adjudication serve | project | rebuild | roster | export | key | demo |
config`."""

import argparse
import os
from collections.abc import Sequence

from adjudication.cli import config, demo, export, key, read_models, roster, serve


def main(argv: Sequence[str] | None = None) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="adjudication")
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("serve", help="serve the gRPC API")
    server.add_argument(
        "--address", default=env("ADJUDICATION_ADDRESS", "127.0.0.1:50051")
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
    server.add_argument("--log-level", default=env("ADJUDICATION_LOG_LEVEL", "INFO"))
    server.add_argument(
        "--no-projections",
        action="store_true",
        help="read models are kept by `adjudication project` workers instead",
    )
    views = "read models (default: all)"
    worker = commands.add_parser("project", help="run projection workers")
    worker.add_argument("views", nargs="*", help=views)
    worker.add_argument("--log-level", default=env("ADJUDICATION_LOG_LEVEL", "INFO"))
    rebuilding = commands.add_parser("rebuild", help="rebuild read models from zero")
    rebuilding.add_argument("views", nargs="*", help=views)
    roster.add_commands(commands)
    export.add_commands(commands)
    key.add_commands(commands)
    commands.add_parser("demo", help="run worked examples on the configured store")
    commands.add_parser("config", help="print the persistence settings in force")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve.serve(args)
    elif args.command == "project":
        read_models.project(args)
    elif args.command == "rebuild":
        read_models.rebuild(args)
    elif args.command in ("roster", "export", "key"):
        return int(args.run(args))
    else:
        {"demo": demo.demo, "config": config.config}[args.command]()
    return 0
