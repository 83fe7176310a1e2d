"""The keys personal data is kept under at rest: the AES key of the event
payloads (the library's cipher, after its zlib compressor) and of the read
models' sealed columns, the keys it replaced, which are still read, and the
HMAC key read models look insured persons up by.

From the environment (`ADJUDICATION_CIPHER_KEY`, `ADJUDICATION_CIPHER_OLD_KEYS`,
`ADJUDICATION_HMAC_KEY`), or a key file (`ADJUDICATION_CIPHER_KEY_FILE`); on
the embedded SQLite default, a key file beside the database, created on the
first start. A store in memory keeps nothing at rest: a key of the process."""

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment, get_topic

CIPHER_KEY = "ADJUDICATION_CIPHER_KEY"
OLD_CIPHER_KEYS = "ADJUDICATION_CIPHER_OLD_KEYS"
KEY_FILE = "ADJUDICATION_CIPHER_KEY_FILE"
HMAC_KEY = "ADJUDICATION_HMAC_KEY"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12
TAG_BYTES = 16

# Standard logging: with no handler configured, its warnings reach stderr.
log = logging.getLogger(__name__)


class KeyRingCipher(AESCipher):
    """AES-GCM as the library's ciphers write it (nonce, tag, ciphertext)
    that writes with the current key (`CIPHER_KEY`) and reads with it or any
    key it replaced (`CIPHER_OLD_KEYS`, comma separated): a rotated key never
    rewrites the append-only log. One AESGCM per key, made once (it keeps no
    state between calls, so the mapper's threads share it): making one per
    payload, as the library does, cost more than the decryption."""

    CIPHER_OLD_KEYS = "CIPHER_OLD_KEYS"

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        old = environment.get(self.CIPHER_OLD_KEYS) or ""
        self._current = AESGCM(self.key)
        self._replaced = [
            AESGCM(base64.b64decode(key.strip()))
            for key in old.split(",")
            if key.strip()
        ]

    def encrypt(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._current.encrypt(nonce, plaintext, None)
        return nonce + sealed[-TAG_BYTES:] + sealed[:-TAG_BYTES]

    def decrypt(self, ciphertext: bytes) -> bytes:
        nonce = ciphertext[:NONCE_BYTES]
        tag = ciphertext[NONCE_BYTES : NONCE_BYTES + TAG_BYTES]
        if len(tag) != TAG_BYTES:
            raise ValueError("Damaged cipher text: too short")
        sealed = ciphertext[NONCE_BYTES + TAG_BYTES :] + tag
        for key in (self._current, *self._replaced):
            with contextlib.suppress(InvalidTag):
                return key.decrypt(nonce, sealed, None)
        raise ValueError("Cipher text is damaged or under a key not configured")


def new_key() -> str:
    return AESCipher.create_key(KEY_BYTES)


@dataclass(frozen=True)
class Keys:
    cipher_key: str
    hmac_key: str
    old_cipher_keys: tuple[str, ...] = field(default=())

    @classmethod
    def new(cls) -> "Keys":
        return cls(new_key(), new_key())

    def rotated(self) -> "Keys":
        """A new current key; the current one is kept to read what it wrote."""
        return Keys(new_key(), self.hmac_key, (self.cipher_key, *self.old_cipher_keys))

    def library_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for these keys."""
        return {
            "CIPHER_TOPIC": get_topic(KeyRingCipher),
            "CIPHER_KEY": self.cipher_key,
            KeyRingCipher.CIPHER_OLD_KEYS: ",".join(self.old_cipher_keys),
            "COMPRESSOR_TOPIC": get_topic(ZlibCompressor),
            HMAC_KEY: self.hmac_key,
        }


def write_key_file(path: Path, keys: Keys, replace: bool = False) -> None:
    """Only its owner may read it (0600), from its first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {
            "cipher_key": keys.cipher_key,
            "old_cipher_keys": list(keys.old_cipher_keys),
            "hmac_key": keys.hmac_key,
        },
        indent=2,
    )
    # Written whole under another name, then given its own at once: a process
    # starting beside this one never reads half a file.
    written = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    if replace:
        os.replace(written, path)
        return
    try:
        os.link(written, path)  # FileExistsError when another was first
    finally:
        written.unlink()


def read_key_file(path: Path) -> Keys:
    if path.stat().st_mode & 0o077:
        raise OSError(f"key file {path} may be read by others: chmod 600 it")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Keys(
        data["cipher_key"], data["hmac_key"], tuple(data.get("old_cipher_keys", ()))
    )


def default_key_file(sqlite_file: str) -> Path:
    """`var/adjudication.key` beside `var/adjudication.sqlite3`."""
    return Path(sqlite_file).with_suffix(".key")


def resolve(env: Mapping[str, str], sqlite_file: str | None) -> Keys:
    """The configured keys. `sqlite_file`: the embedded store's file, if the
    store is one (None for PostgreSQL, ':memory:' for a store in memory)."""
    if env.get(CIPHER_KEY):
        if not env.get(HMAC_KEY):
            raise OSError(f"{CIPHER_KEY} is set without {HMAC_KEY}")
        old = tuple(k for k in env.get(OLD_CIPHER_KEYS, "").split(",") if k.strip())
        return Keys(env[CIPHER_KEY], env[HMAC_KEY], old)
    if env.get(KEY_FILE):
        return read_key_file(Path(env[KEY_FILE]))
    if sqlite_file is None:
        raise OSError(
            f"no keys for personal data: set {KEY_FILE}, or {CIPHER_KEY} and "
            f"{HMAC_KEY} (`adjudication key create` prints a new key)"
        )
    if sqlite_file == ":memory:" or sqlite_file.startswith("file:"):
        return _keys_of_this_process()
    path = default_key_file(sqlite_file)
    if not path.exists():
        try:
            write_key_file(path, Keys.new())
        except FileExistsError:
            pass  # another process of the same store wrote it first
        else:
            log.warning(
                "created the key file %s of the embedded store's personal data "
                "(readable by its owner only): back it up, the store cannot be "
                "read without it",
                path,
            )
    return read_key_file(path)


@cache
def _keys_of_this_process() -> Keys:
    return Keys.new()


def configure(environment: MutableMapping[str, str], sqlite_file: str | None) -> None:
    """Add the library's cipher and compressor settings, unless given."""
    if "CIPHER_KEY" not in environment:
        environment.update(resolve(environment, sqlite_file).library_env())


class Sealer:
    """Personal data a read model keeps: sealed (compressed, then encrypted
    with the event payloads' cipher) or looked up by a keyed HMAC, never a bare
    hash (an ID number has too few possible values to stay hidden behind one)."""

    def __init__(self, settings: Mapping[str, str]) -> None:
        env = Environment(env=settings)
        self.cipher = KeyRingCipher(env)
        self.compressor = ZlibCompressor()
        self._hmac_key = base64.b64decode(settings[HMAC_KEY])

    def lookup_key(self, value: str) -> str:
        return hmac.new(self._hmac_key, value.encode(), hashlib.sha256).hexdigest()

    def seal(self, text: str) -> str:
        sealed = self.cipher.encrypt(self.compressor.compress(text.encode()))
        return base64.b64encode(sealed).decode()

    def unseal(self, text: str) -> str:
        opened = self.cipher.decrypt(base64.b64decode(text))
        return self.compressor.decompress(opened).decode()


def is_plain(state: bytes, cipher: KeyRingCipher) -> bool:
    """Whether a stored payload was written before encryption: JSON that
    none of the keys opens."""
    try:
        cipher.decrypt(state)
    except ValueError:
        try:
            json.loads(state)
        except ValueError:
            return False
        return True
    return False
