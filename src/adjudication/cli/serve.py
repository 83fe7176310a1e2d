"""`adjudication serve`: the gRPC API with its read models, until SIGTERM."""

import argparse
import faulthandler
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adjudication import logs
from adjudication.auth.credentials import DEFAULT_FILE, Credentials, CredentialsError
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.schemes import load_catalogue_with

if TYPE_CHECKING:
    from adjudication.api.server import Tls


class ServeRefused(Exception):
    """A setting the server cannot start with; said in one line, no trace."""


def credentials_of(args: argparse.Namespace) -> Credentials | None:
    """The file named (or var/credentials.jsonl, once a token was created
    there) and the lines of ADJUDICATION_CREDENTIALS_JSONL; None without any."""
    inline = os.environ.get("ADJUDICATION_CREDENTIALS_JSONL", "")
    path = Path(args.credentials) if args.credentials else None
    if path is None and Path(DEFAULT_FILE).exists():
        path = Path(DEFAULT_FILE)
    if path is not None and not path.is_file():
        raise ServeRefused(f"no credentials file {path}")
    if path is None and not inline.strip():
        return None
    try:
        return Credentials(path, inline)
    except CredentialsError as e:
        raise ServeRefused(str(e)) from None


def tls_of(args: argparse.Namespace) -> "Tls | None":
    from adjudication.api.server import Tls

    if not (args.tls_cert or args.tls_key):
        if args.client_ca:
            raise ServeRefused("--client-ca needs --tls-cert and --tls-key")
        return None
    if not (args.tls_cert and args.tls_key):
        raise ServeRefused("give both --tls-cert and --tls-key")
    try:
        return Tls(
            Path(args.tls_cert).read_bytes(),
            Path(args.tls_key).read_bytes(),
            Path(args.client_ca).read_bytes() if args.client_ca else None,
        )
    except OSError as e:
        raise ServeRefused(f"cannot read {e.filename}: {e.strerror}") from None


def max_call_seconds() -> float:
    """ADJUDICATION_MAX_CALL_SECONDS, if set: the server's ceiling on calls."""
    from adjudication.adapters.call_deadline import DEFAULT_CEILING_SECONDS

    text = os.environ.get("ADJUDICATION_MAX_CALL_SECONDS", "")
    try:
        seconds = float(text) if text else DEFAULT_CEILING_SECONDS
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ServeRefused(
            f"ADJUDICATION_MAX_CALL_SECONDS={text!r}: expected a number of "
            "seconds above 0"
        )
    return seconds


def serve(args: argparse.Namespace) -> int:
    from adjudication.api.server import (
        SHUTDOWN_OVERRUN_SECONDS,
        AddressUnavailable,
        ExposureRefused,
        Server,
        ServerSettings,
        refuse_exposure,
    )

    logs.configure(args.log_level, args.log_format)
    try:
        settings = ServerSettings(
            address=args.address,
            credentials=credentials_of(args),
            tls=tls_of(args),
            max_workers=args.max_workers,
            max_concurrent_rpcs=args.max_concurrent_rpcs,
            grace_seconds=args.grace,
            drain_delay_seconds=args.drain_delay,
            max_call_seconds=max_call_seconds(),
            max_streams=args.max_streams,
            max_streams_per_client=args.max_streams_per_client,
            stream_stall_seconds=args.stream_stall,
            read_wait_seconds=args.read_wait,
        )
        # Before the stores open: a refused exposure leaves nothing behind.
        refuse_exposure(settings)
    # ValueError: settings that do not go together (ServerSettings says which).
    except (ServeRefused, ExposureRefused, ValueError) as e:
        print(f"adjudication serve: {e}", file=sys.stderr)
        return 2
    catalogue = load_catalogue_with(args.schemes)
    from projections import runner as projections
    from projections.notarising import Notarising

    enrolment = EnrolmentApplication(catalogue)
    app = ClaimsApplication(enrolment, catalogue=catalogue)
    # The read models present claims by the same scheme years.
    env = {"ADJUDICATION_SCHEMES": args.schemes} if args.schemes else {}
    views = projections.open_read_models(env)
    workers = (
        None
        if args.no_projections
        else projections.Workers(list(projections.VIEWS), env)
    )
    notarising = Notarising(env)
    try:
        try:
            server = Server(app, enrolment, settings, views, workers)
        except AddressUnavailable as e:
            if workers is not None:
                workers.stop()
            print(f"adjudication serve: {e}", file=sys.stderr)
            return 1
        server.serve_until_signalled()
    finally:
        notarising.stop()
    # What is left is the interpreter's exit: it too must not hang.
    faulthandler.dump_traceback_later(SHUTDOWN_OVERRUN_SECONDS, exit=True)
    return 0
