"""Signed checkpoints of the notary's chain: the head link at a position,
signed with the service's Ed25519 key, for auditors to keep outside the
database. Someone able to rewrite both the log and the notary's links can make
the chain agree with itself again; not with a checkpoint taken before.

A checkpoint is a JSON object:

    {"log": "Adjudication", "position": 1234, "digest": "<hex SHA-256>",
     "signed_at": "2026-12-01T14:30:00Z", "public_key": "<base64, 32 bytes>",
     "signature": "<base64 Ed25519 signature>"}

signed over the UTF-8 bytes of

    adjudication-checkpoint/v1\\n{log}\\n{position}\\n{digest}\\n{signed_at}\\n

The key is a PEM (PKCS#8) Ed25519 private key in the file named by
`ADJUDICATION_SIGNING_KEY_FILE`; `adjudication signing-key FILE` makes one.
Auditors check signatures with the public key they were given, not the one in
the checkpoint (which only says which key signed).
"""

import base64
import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from adjudication.adapters.notary import (
    CHECKPOINT_MISMATCH,
    Broken,
    Notary,
    Verification,
)

SIGNING_KEY_FILE = "ADJUDICATION_SIGNING_KEY_FILE"
VERSION = "adjudication-checkpoint/v1"


class InvalidCheckpoint(Exception):
    """A checkpoint that is malformed or whose signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    log: str
    position: int
    digest: str
    signed_at: str
    public_key: str = ""
    signature: str = ""

    def message(self) -> bytes:
        return (
            f"{VERSION}\n{self.log}\n{self.position}\n{self.digest}\n{self.signed_at}\n"
        ).encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Checkpoint":
        try:
            data = json.loads(text)
            checkpoint = cls(
                log=str(data["log"]),
                position=int(data["position"]),
                digest=str(data["digest"]),
                signed_at=str(data["signed_at"]),
                public_key=str(data.get("public_key", "")),
                signature=str(data.get("signature", "")),
            )
            bytes.fromhex(checkpoint.digest)
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidCheckpoint(f"not a checkpoint: {error}") from None
        return checkpoint

    def check_signature(self, key: Ed25519PublicKey) -> None:
        try:
            key.verify(base64.b64decode(self.signature), self.message())
        except (InvalidSignature, ValueError):
            raise InvalidCheckpoint(
                f"the checkpoint at position {self.position} is not signed by that key"
            ) from None


def sign(key: Ed25519PrivateKey, log: str, position: int, digest: bytes) -> Checkpoint:
    unsigned = Checkpoint(
        log=log,
        position=position,
        digest=digest.hex(),
        signed_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        public_key=public_key_text(key.public_key()),
    )
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return replace(unsigned, signature=signature)


def verify_against(notary: Notary, checkpoint: Checkpoint) -> Verification:
    """The chain verified, and its link at the checkpoint's position compared
    with the checkpoint's: the first position where either breaks."""
    verification = notary.verify(at=checkpoint.position)
    broken = verification.broken
    if broken is not None and broken.position <= checkpoint.position:
        return verification
    if verification.digest_at != bytes.fromhex(checkpoint.digest):
        found = verification.digest_at
        return replace(
            verification,
            broken=Broken(
                checkpoint.position,
                CHECKPOINT_MISMATCH,
                f"the chain's link at position {checkpoint.position} is "
                f"{found.hex() if found else 'missing'}, the checkpoint signed "
                f"at {checkpoint.signed_at} says {checkpoint.digest}: the log "
                "and its links were rewritten at or before that position",
            ),
        )
    return verification


def configured_key(env: dict[str, str] | None = None) -> Ed25519PrivateKey | None:
    """The service's signing key, if `ADJUDICATION_SIGNING_KEY_FILE` names one."""
    path = (env if env is not None else os.environ).get(SIGNING_KEY_FILE)
    return load_private_key(Path(path)) if path else None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidCheckpoint(f"{path} holds no Ed25519 private key")
    return key


def new_private_key(path: Path) -> Ed25519PrivateKey:
    """A new key in a file only its owner can read; never over an old one."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key as PEM or as the base64 of its 32 bytes."""
    try:
        if "BEGIN PUBLIC KEY" in text:
            key = serialization.load_pem_public_key(text.encode())
            if isinstance(key, Ed25519PublicKey):
                return key
            raise ValueError("not Ed25519")
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip()))
    except ValueError as error:
        raise InvalidCheckpoint(f"not an Ed25519 public key: {error}") from None
