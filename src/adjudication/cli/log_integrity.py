"""`adjudication db init | verify | checkpoint | signing-key`: the database's
append-only set-up, and the auditors' checks of the claims and enrolment logs
against the notary's chains and their signed checkpoints."""

import sys
from collections.abc import Callable
from pathlib import Path

import click
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
from adjudication.cli.operator_errors import EXISTING_FILE
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.settings import Settings
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


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.group("db")
    def database() -> None:
        """Set up the database."""

    @database.command("init")
    @click.option("--owner-role", default=OWNER, show_default=True)
    @click.option("--service-role", default=SERVICE, show_default=True)
    @click.pass_context
    def init(ctx: click.Context, owner_role: str, service_role: str) -> int:
        """Create the tables, append-only, and the roles (PostgreSQL); run as
        the database's administrator."""
        return run(ctx, {}, lambda s: init_database(owner_role, service_role, s))

    @cli.command("verify")
    @click.option("--checkpoint", type=EXISTING_FILE, help="a signed checkpoint file")
    @click.option(
        "--public-key",
        type=EXISTING_FILE,
        help="the service's public key (PEM or base64) [default: that of "
        f"{checkpoints.SIGNING_KEY_FILE}]",
    )
    @click.pass_context
    def verify(
        ctx: click.Context, checkpoint: Path | None, public_key: Path | None
    ) -> int:
        """Recompute the digest chains of the claims and enrolment logs (a
        checkpoint's log only, with --checkpoint): exit 0 intact, 1 broken, 2
        a checkpoint the service did not sign."""
        return run(ctx, {}, lambda _: verify_log(checkpoint, public_key))

    @cli.command("checkpoint")
    @click.option(
        "--log", type=click.Choice(sorted(LOGS)), default="claims", show_default=True
    )
    @click.option(
        "--output", type=click.Path(path_type=Path), help="also write it here"
    )
    @click.pass_context
    def checkpoint(ctx: click.Context, log: str, output: Path | None) -> int:
        """Print a signed checkpoint of the chain's head."""
        return run(ctx, {}, lambda _: make_checkpoint(log, output))

    @cli.command("signing-key")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.pass_context
    def signing_key(ctx: click.Context, file: Path) -> int:
        """Make a new checkpoint signing key FILE; prints its public key."""
        return run(ctx, {}, lambda _: make_signing_key(file), store=False)


def init_database(owner: str, service: str, settings: Settings) -> int:
    """Run as the database's administrator (a PostgreSQL superuser)."""
    claims = ClaimsLog(CREATING)
    enrolment = EnrolmentApplication(env=CREATING)
    notary = notary_of(claims)
    try:
        password = settings.service_password
        roles = Roles(owner, service, password.get_secret_value() if password else None)
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


def verify_log(checkpoint_file: Path | None, public_key: Path | None) -> int:
    """0: the chains are intact (and agree with the checkpoint); 1: one is
    broken; 2: the checkpoint is not one the service signed."""
    if checkpoint_file is None:
        intact = True
        for name, each in LOGS.items():
            verification = _verified(each, None)
            print(f"{name} log: " + describe(verification).replace("\n", "\n  "))
            intact = intact and verification.intact
        return 0 if intact else 1
    checkpoint = checkpoints.Checkpoint.from_json(
        checkpoint_file.read_text(encoding="utf-8")
    )
    try:
        checkpoint.check_signature(_public_key(public_key))
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


def make_checkpoint(log_name: str, output: Path | None) -> int:
    """Notarise up to the end of the log, verify, and sign the head; never a
    broken chain."""
    key = checkpoints.configured_key()
    if key is None:
        print(f"set {checkpoints.SIGNING_KEY_FILE}", file=sys.stderr)
        return 2
    log = LOGS[log_name]()
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
    if output is not None:
        output.write_text(checkpoint.to_json(), encoding="utf-8")
    print(checkpoint.to_json(), end="")
    return 0


def make_signing_key(file: Path) -> int:
    key = checkpoints.new_private_key(file)
    print(f"public key: {checkpoints.public_key_text(key.public_key())}")
    return 0
