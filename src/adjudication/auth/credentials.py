"""Credentials: bearer tokens, of which only a SHA-256 hash is kept, and
client-certificate subjects, each naming a principal and its role.

The credentials file has one JSON object a line:

    {"name": "officer-7", "role": "CLAIMS_OFFICER", "token_sha256": "9f86…"}
    {"name": "finance-gateway", "role": "FINANCE", "subject": "CN=finance-gateway"}

The same lines may come from the environment instead of a file. The file is
read again when it changes, so a token created while the server runs works at
once, and one deleted stops working at once.
"""

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from adjudication.auth.roles import Principal, Role

TOKEN_PREFIX = "adj_"
# Beside the embedded store; `serve` reads it when it exists.
DEFAULT_FILE = "var/credentials.jsonl"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


class CredentialsError(ValueError):
    """A credentials file or line that cannot be used; the server refuses to
    start rather than run with fewer credentials than the operator wrote."""


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a plain hash cannot be reversed by search.
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Credential:
    principal: Principal
    token_sha256: str = ""
    subject: str = ""


def parse(text: str, source: str) -> list[Credential]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            entry = json.loads(line)
            name, role = entry["name"], Role(entry["role"])
        except (ValueError, KeyError, TypeError) as e:
            raise CredentialsError(f"{where}: not a credential ({e})") from None
        token, subject = entry.get("token_sha256", ""), entry.get("subject", "")
        if bool(token) == bool(subject):
            raise CredentialsError(f"{where}: give token_sha256 or subject")
        try:
            principal = Principal(valid_name(name), frozenset({role}))
        except CredentialsError as e:
            raise CredentialsError(f"{where}: {e}") from None
        found.append(Credential(principal, token, subject))
    return found


def valid_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise CredentialsError(
            f"a principal's name is 1 to 64 letters, digits and ._@- : {name!r}"
        )
    return name


class Credentials:
    """The credentials in force: the file's (read again when it changes) and
    the environment's."""

    def __init__(self, path: Path | None = None, inline: str = "") -> None:
        self.path = path
        self._inline = parse(inline, "ADJUDICATION_CREDENTIALS_JSONL")
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._from_file: list[Credential] = []
        self._all()

    def _all(self) -> list[Credential]:
        if self.path is None:
            return self._inline
        with self._lock:
            stat = self.path.stat()
            if self._seen != (stat.st_mtime_ns, stat.st_size):
                text = self.path.read_text(encoding="utf-8")
                self._from_file = parse(text, str(self.path))
                self._seen = (stat.st_mtime_ns, stat.st_size)
            return [*self._from_file, *self._inline]

    def by_token(self, token: str) -> Principal | None:
        digest = token_hash(token)
        for credential in self._all():
            if credential.token_sha256 and hmac.compare_digest(
                credential.token_sha256, digest
            ):
                return credential.principal
        return None

    def by_subject(self, subject: str) -> Principal | None:
        for credential in self._all():
            if credential.subject and credential.subject == subject:
                return credential.principal
        return None


def create_token(path: Path, role: Role, name: str) -> str:
    """A new token for `name`, its hash added to the file (made readable by
    its owner only); the token itself is returned once and kept nowhere."""
    existing = (
        parse(path.read_text(encoding="utf-8"), str(path)) if path.exists() else []
    )
    if any(c.principal.name == valid_name(name) for c in existing):
        raise CredentialsError(f"{name!r} has a credential already")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    line = json.dumps(
        {"name": name, "role": str(role), "token_sha256": token_hash(token)}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        out.write(line + "\n")
    return token
