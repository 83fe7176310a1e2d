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
    """Projection workers apart from the server, until SIGTERM or SIGINT."""
    from projections import runner as projections
    from projections.notarising import Notarising

    names = _views(views)
    logs.configure(settings.log_level, settings.log_format)
    workers = projections.Workers(names)
    notarising = Notarising()
    log = structlog.get_logger("adjudication.project")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    log.info("projecting", views=names)
    try:
        while not stop.wait(1.0):
            workers.check()
        log.info("stopping")
    finally:
        notarising.stop()
        workers.stop()
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
