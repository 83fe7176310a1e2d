"""`adjudication db init | verify | checkpoint | signing-key`: the database's
append-only set-up, and the auditors' checks of the claims and enrolment logs
against the notary's chains and their signed checkpoints."""

import argparse
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adjudication.adapters import checkpoints
from adjudication.adapters.append_only import OWNER, SERVICE, Roles, make_append_only
from adjudication.adapters.notary import (
    Verification,
    notarised_and_verified,
    notary_of,
)
from adjudication.adapters.storage import (
    CLAIMS_LOG,
    ENROLMENT_LOG,
    ServiceApplication,
)
from adjudication.cli.operator_errors import existing_file
from adjudication.enrolment.application import EnrolmentApplication
from projections.log import ClaimsLog, EnrolmentLog

# The logs the notary chains, by the names the command line gives them.
LOGS: dict[str, type[ServiceApplication]] = {
    "claims": ClaimsLog,
    "enrolment": EnrolmentLog,
}
# The settings that let `db init` create the tables a service role may not.
CREATING = {
    "CREATE_TABLE": "y",
    f"{CLAIMS_LOG.upper()}_CREATE_TABLE": "y",
    f"{ENROLMENT_LOG.upper()}_CREATE_TABLE": "y",
}


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    database = commands.add_parser("db", help="set up the database")
    actions = database.add_subparsers(dest="db_command", required=True)
    init = actions.add_parser(
        "init", help="create the tables, append-only, and the roles (PostgreSQL)"
    )
    init.add_argument("--owner-role", default=OWNER)
    init.add_argument("--service-role", default=SERVICE)
    init.set_defaults(run=init_database)

    verify = commands.add_parser(
        "verify",
        help="recompute the digest chains of the claims and enrolment logs (a "
        "checkpoint's log only, with --checkpoint)",
    )
    verify.add_argument(
        "--checkpoint", type=existing_file, help="a signed checkpoint file"
    )
    verify.add_argument(
        "--public-key",
        type=existing_file,
        help="the service's public key (PEM or base64); default: that of "
        f"{checkpoints.SIGNING_KEY_FILE}",
    )
    verify.set_defaults(run=verify_log)

    checkpoint = commands.add_parser(
        "checkpoint", help="print a signed checkpoint of the chain's head"
    )
    checkpoint.add_argument("--log", choices=sorted(LOGS), default="claims")
    checkpoint.add_argument("--output", type=Path)
    checkpoint.set_defaults(run=make_checkpoint)

    key = commands.add_parser("signing-key", help="make a new checkpoint signing key")
    key.add_argument("file", type=Path)
    key.set_defaults(run=make_signing_key)


def init_database(args: argparse.Namespace) -> int:
    """Run as the database's administrator (a PostgreSQL superuser)."""
    claims = ClaimsLog(CREATING)
    enrolment = EnrolmentApplication(env=CREATING)
    notary = notary_of(claims)
    try:
        roles = Roles(
            args.owner_role,
            args.service_role,
            os.environ.get("ADJUDICATION_SERVICE_PASSWORD"),
        )
        for table in make_append_only([claims, enrolment], roles):
            print(f"append-only: {table}")
        if not claims.env.get("PERSISTENCE_MODULE", "").endswith("sqlite"):
            # The tables are the owner's: a service creating them would fail.
            print(
                f"run the service as POSTGRES_USER={roles.service} with "
                f"{CLAIMS_LOG.upper()}_CREATE_TABLE=n "
                f"{ENROLMENT_LOG.upper()}_CREATE_TABLE=n"
            )
    finally:
        notary.store.close()
        claims.close()
        enrolment.close()
    return 0


def verify_log(args: argparse.Namespace) -> int:
    """0: the chains are intact (and agree with the checkpoint); 1: one is
    broken; 2: the checkpoint is not one the service signed."""
    if args.checkpoint is None:
        intact = True
        for name, each in LOGS.items():
            verification = _verified(each, None)
            print(f"{name} log: " + describe(verification).replace("\n", "\n  "))
            intact = intact and verification.intact
        return 0 if intact else 1
    checkpoint = checkpoints.Checkpoint.from_json(
        args.checkpoint.read_text(encoding="utf-8")
    )
    try:
        checkpoint.check_signature(_public_key(args.public_key))
    except checkpoints.InvalidCheckpoint as error:
        print(f"checkpoint refused: {error}", file=sys.stderr)
        return 2
    named = [c for c in LOGS.values() if c.name == checkpoint.log]
    if not named:
        print(f"checkpoint refused: no log {checkpoint.log!r}", file=sys.stderr)
        return 2
    verification = _verified(named[0], checkpoint)
    print(describe(verification))
    return 0 if verification.intact else 1


def _verified(
    log_class: type[ServiceApplication],
    checkpoint: checkpoints.Checkpoint | None,
) -> Verification:
    log = log_class()
    notary = notary_of(log)
    try:
        if checkpoint is None:
            return notary.verify()
        return checkpoints.verify_against(notary, checkpoint)
    finally:
        notary.store.close()
        log.close()


def _public_key(path: Path | None) -> Ed25519PublicKey:
    if path is not None:
        return checkpoints.load_public_key(path.read_text(encoding="utf-8"))
    key = checkpoints.configured_key()
    if key is None:
        raise SystemExit(
            f"give --public-key, or set {checkpoints.SIGNING_KEY_FILE} to the "
            "service's key"
        )
    return key.public_key()


def describe(verification: Verification) -> str:
    lines = [
        f"checked {verification.checked} events up to position "
        f"{verification.head}; head digest {verification.head_digest.hex()}",
        f"log ends at position {verification.end}"
        + (
            " (later events are not notarised yet)"
            if verification.end > verification.head
            else ""
        ),
    ]
    broken = verification.broken
    if broken is None:
        lines.append("intact")
    else:
        lines.append(
            f"BROKEN at position {broken.position}: {broken.reason}: "
            f"{broken.description}"
        )
    return "\n".join(lines)


def make_checkpoint(args: argparse.Namespace) -> int:
    """Notarise up to the end of the log, verify, and sign the head; never a
    broken chain."""
    key = checkpoints.configured_key()
    if key is None:
        print(f"set {checkpoints.SIGNING_KEY_FILE}", file=sys.stderr)
        return 2
    log = LOGS[args.log]()
    try:
        verification = notarised_and_verified(log)
    finally:
        log.close()
    if not verification.intact:
        print(describe(verification), file=sys.stderr)
        return 1
    checkpoint = checkpoints.sign(
        key, log.name, verification.head, verification.head_digest
    )
    if args.output is not None:
        args.output.write_text(checkpoint.to_json(), encoding="utf-8")
    print(checkpoint.to_json(), end="")
    return 0


def make_signing_key(args: argparse.Namespace) -> int:
    key = checkpoints.new_private_key(args.file)
    print(f"public key: {checkpoints.public_key_text(key.public_key())}")
    return 0
