"""`adjudication key create | rotate`: the keys personal data is kept under at
rest (see `adapters.keys`)."""

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from adjudication.adapters import keys
from adjudication.adapters.storage import is_sqlite, sqlite_files


def add_commands(commands: Any) -> None:
    key = commands.add_parser("key", help="keys of personal data at rest")
    actions = key.add_subparsers(dest="key_command", required=True)
    create = actions.add_parser("create", help="print a new key")
    create.add_argument(
        "--file",
        type=Path,
        help="write a new key file (a cipher key and an HMAC key, mode 0600) instead",
    )
    create.set_defaults(run=create_key)
    rotate = actions.add_parser(
        "rotate",
        help="a new current cipher key; the keys it replaces are still read",
    )
    rotate.add_argument(
        "--file",
        type=Path,
        help="the key file (default: ADJUDICATION_CIPHER_KEY_FILE, else the "
        "embedded store's); with keys in the environment, prints their new values",
    )
    rotate.set_defaults(run=rotate_key)


def create_key(args: argparse.Namespace) -> int:
    if args.file is None:
        print(keys.new_key())
        return 0
    try:
        keys.write_key_file(args.file, keys.Keys.new())
    except FileExistsError:
        print(f"{args.file} exists: rotate its key instead", file=sys.stderr)
        return 1
    print(f"wrote {args.file} (readable by its owner only)", file=sys.stderr)
    return 0


def rotate_key(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    path = args.file or _configured_file(env)
    if path is None:
        rotated = keys.resolve(env, None).rotated()
        # Every process must read with the new key before one writes with it.
        print(f"{keys.OLD_CIPHER_KEYS}={','.join(rotated.old_cipher_keys)}")
        print(f"{keys.CIPHER_KEY}={rotated.cipher_key}")
        return 0
    rotated = keys.read_key_file(path).rotated()
    keys.write_key_file(path, rotated, replace=True)
    print(
        f"{path}: a new current key; old keys still read: "
        f"{len(rotated.old_cipher_keys)}. Restart every process of the store.",
        file=sys.stderr,
    )
    return 0


def _configured_file(env: dict[str, str]) -> Path | None:
    if env.get(keys.CIPHER_KEY):
        return None
    if env.get(keys.KEY_FILE):
        return Path(env[keys.KEY_FILE])
    env.setdefault("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    if is_sqlite(env):
        return keys.default_key_file(sqlite_files(env)[0])
    return None
