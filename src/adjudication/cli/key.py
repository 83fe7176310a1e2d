"""`adjudication key create | rotate`: the keys personal data is kept under at
rest (see `adapters.keys`)."""

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from adjudication.adapters import keys
from adjudication.adapters.storage import is_sqlite, sqlite_files


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.group("key")
    def key() -> None:
        """Keys of personal data at rest."""

    @key.command("create")
    @click.option(
        "--file",
        type=click.Path(path_type=Path),
        help="write a new key file (a cipher key and an HMAC key, mode 0600) "
        "instead of printing a key",
    )
    @click.pass_context
    def create(ctx: click.Context, file: Path | None) -> int:
        """Print a new key (or write a new key file)."""
        return run(ctx, {}, lambda _: create_key(file), store=False)

    @key.command("rotate")
    @click.option(
        "--file",
        type=click.Path(path_type=Path),
        help="the key file [default: ADJUDICATION_CIPHER_KEY_FILE, else the "
        "embedded store's]; with keys in the environment, prints their new values",
    )
    @click.pass_context
    def rotate(ctx: click.Context, file: Path | None) -> int:
        """A new current cipher key; the keys it replaces are still read."""
        return run(ctx, {}, lambda _: rotate_key(file), store=False)


def create_key(file: Path | None) -> int:
    if file is None:
        print(keys.new_key())
        return 0
    try:
        keys.write_key_file(file, keys.Keys.new())
    except FileExistsError:
        print(f"{file} exists: rotate its key instead", file=sys.stderr)
        return 1
    print(f"wrote {file} (readable by its owner only)", file=sys.stderr)
    return 0


def rotate_key(file: Path | None) -> int:
    env = dict(os.environ)
    path = file or _configured_file(env)
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
