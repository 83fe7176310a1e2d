"""`adjudication serve`: the gRPC API with its read models, until SIGTERM."""

import argparse
import faulthandler

from adjudication.api import logs
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.schemes import load_catalogue_with


def serve(args: argparse.Namespace) -> None:
    from adjudication.api.server import (
        SHUTDOWN_OVERRUN_SECONDS,
        Server,
        ServerSettings,
    )

    logs.configure(args.log_level)
    settings = ServerSettings(
        address=args.address,
        max_workers=args.max_workers,
        max_concurrent_rpcs=args.max_concurrent_rpcs,
        grace_seconds=args.grace,
        drain_delay_seconds=args.drain_delay,
    )
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
        Server(app, enrolment, settings, views, workers).serve_until_signalled()
    finally:
        notarising.stop()
    # What is left is the interpreter's exit: it too must not hang.
    faulthandler.dump_traceback_later(SHUTDOWN_OVERRUN_SECONDS, exit=True)
