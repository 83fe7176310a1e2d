"""`adjudication project | rebuild`: projection workers apart from the server,
and rebuilding read models from zero."""

import signal
import sys
import threading

import structlog

from adjudication import logs
from adjudication.cli.output import console
from adjudication.settings import Settings


def _views(given: list[str]) -> list[str]:
    """The read models named (by default all of them)."""
    from projections import runner as projections

    return given or list(projections.VIEWS)


def project(views: list[str], settings: Settings) -> int:
    """Projection workers apart from the server, until SIGTERM or SIGINT;
    with their metrics endpoint and health listener if given addresses (1,
    starting nothing, when one cannot be listened on)."""
    from grpc_health.v1 import health, health_pb2

    from adjudication import metrics
    from adjudication.api.server import AddressUnavailable, health_listener
    from projections import runner as projections
    from projections.notarising import Notarising

    names = _views(views)
    logs.configure(settings.log_level, settings.log_format)
    log = structlog.get_logger("adjudication.project")
    status = health.HealthServicer()
    status.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    endpoint, listener = None, None
    try:
        if settings.metrics_address is not None:
            endpoint = metrics.serve_metrics(settings.metrics_address)
        if settings.health_address is not None:
            listener, _ = health_listener(settings.health_address, status)
    except (AddressUnavailable, metrics.EndpointUnavailable) as e:
        if endpoint is not None:
            endpoint.stop()
        print(f"adjudication project: {e}", file=sys.stderr)
        return 1
    if listener is not None:
        listener.start()
    workers = projections.Workers(names)
    notarising = Notarising()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    status.set("", health_pb2.HealthCheckResponse.SERVING)
    log.info(
        "projecting", views=names, metrics_port=endpoint.port if endpoint else None
    )
    try:
        while not stop.wait(1.0):
            workers.check()
        log.info("stopping")
    finally:
        # probes see NOT_SERVING while the workers finish their batches
        status.enter_graceful_shutdown()
        notarising.stop()
        workers.stop()
        if listener is not None:
            listener.stop(None)
        if endpoint is not None:
            endpoint.stop()
    return 0


def rebuild(views: list[str], over_broken_chain: bool) -> int:
    """1, rebuilding nothing more, when the log's digest chain is broken
    (unless `--over-broken-chain`)."""
    from rich.progress import Progress

    from projections import runner as projections
    from projections.rebuild import BrokenChain

    names = _views(views)
    if over_broken_chain:
        print(
            "WARNING: rebuilding over the log as it is now, whatever its digest "
            "chain says: the read models will show any tampered history",
            file=sys.stderr,
        )
    # every view in one pass over the log
    shown = console(stderr=True)
    with Progress(console=shown, disable=not shown.is_terminal) as progress:
        task = progress.add_task(f"rebuild {', '.join(names)}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            digests = projections.rebuild_all(
                names, progress=advance, over_broken_chain=over_broken_chain
            )
        except BrokenChain as error:
            print(f"refusing to rebuild: {error}", file=sys.stderr)
            print(
                "the read models would show the tampered history; see "
                "`adjudication verify`, or rebuild anyway with "
                "--over-broken-chain",
                file=sys.stderr,
            )
            return 1
    for name, digest in digests.items():
        print(f"{name}: rebuilt and swapped in, content hash {digest}")
    return 0
