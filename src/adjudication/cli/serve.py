"""`adjudication serve`: the gRPC API with its read models, until SIGTERM."""

import faulthandler
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adjudication import logs
from adjudication.auth.credentials import DEFAULT_FILE, Credentials, CredentialsError
from adjudication.claims.application import ClaimsApplication
from adjudication.cli.output import store_of
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.schemes import load_catalogue_with
from adjudication.settings import Settings

if TYPE_CHECKING:
    from adjudication.api.server import ServerSettings, Tls


class ServeRefused(Exception):
    """A setting the server cannot start with; said in one line, no trace."""


def credentials_of(settings: Settings) -> Credentials | None:
    """The file named (or var/credentials.jsonl, once a token was created
    there) and the lines of ADJUDICATION_CREDENTIALS_JSONL; None without any."""
    jsonl = settings.credentials_jsonl
    inline = jsonl.get_secret_value() if jsonl else ""
    path = settings.credentials
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


def tls_of(settings: Settings) -> "Tls | None":
    from adjudication.api.server import Tls

    cert, key, client_ca = settings.tls_cert, settings.tls_key, settings.client_ca
    if not (cert or key):
        if client_ca:
            raise ServeRefused("--client-ca needs --tls-cert and --tls-key")
        return None
    if not (cert and key):
        raise ServeRefused("give both --tls-cert and --tls-key")
    try:
        return Tls(
            cert.read_bytes(),
            key.read_bytes(),
            client_ca.read_bytes() if client_ca else None,
        )
    except OSError as e:
        raise ServeRefused(f"cannot read {e.filename}: {e.strerror}") from None


def server_settings_of(settings: Settings) -> "ServerSettings":
    """The server's settings; ValueError for those that do not go together
    (ServerSettings says which), ServeRefused for credentials or TLS files
    that cannot be read."""
    from adjudication.api.server import ServerSettings

    return ServerSettings(
        address=settings.address,
        credentials=credentials_of(settings),
        tls=tls_of(settings),
        max_workers=settings.max_workers,
        max_concurrent_rpcs=settings.max_concurrent_rpcs,
        grace_seconds=settings.grace,
        drain_delay_seconds=settings.drain_delay,
        max_call_seconds=settings.max_call_seconds,
        max_streams=settings.max_streams,
        max_streams_per_client=settings.max_streams_per_client,
        stream_stall_seconds=settings.stream_stall,
        read_wait_seconds=settings.read_wait,
        metrics_address=settings.metrics_address,
        health_address=settings.health_address,
    )


def serve(settings: Settings) -> int:
    from adjudication.api.server import (
        SHUTDOWN_OVERRUN_SECONDS,
        AddressUnavailable,
        ExposureRefused,
        Server,
        refuse_exposure,
    )

    logs.configure(settings.log_level, settings.log_format)
    try:
        server_settings = server_settings_of(settings)
        # Before the stores open: a refused exposure leaves nothing behind.
        refuse_exposure(server_settings)
    # ValueError: settings that do not go together (ServerSettings says which).
    except (ServeRefused, ExposureRefused, ValueError) as e:
        print(f"adjudication serve: {e}", file=sys.stderr)
        return 2
    # after the settings' refusals, which are the one line on stderr then
    print(f"store: {store_of(settings)}", file=sys.stderr)
    schemes = str(settings.schemes) if settings.schemes else None
    catalogue = load_catalogue_with(schemes)
    from projections import runner as projections
    from projections.notarising import Notarising

    enrolment = EnrolmentApplication(catalogue)
    app = ClaimsApplication(enrolment, catalogue=catalogue)
    # The read models present claims by the same scheme years.
    env = {"ADJUDICATION_SCHEMES": schemes} if schemes else {}
    views = projections.open_read_models(env)
    workers = (
        None
        if settings.no_projections
        else projections.Workers(list(projections.VIEWS), env)
    )
    notarising = Notarising(env)
    try:
        try:
            server = Server(app, enrolment, server_settings, views, workers)
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
