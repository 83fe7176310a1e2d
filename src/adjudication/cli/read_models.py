"""`adjudication project | rebuild`: projection workers apart from the server,
and rebuilding read models from zero."""

import argparse
import signal
import threading

import structlog

from adjudication.api import logs


def project(args: argparse.Namespace) -> None:
    """Projection workers apart from the server, until SIGTERM or SIGINT."""
    from projections import runner as projections

    logs.configure(args.log_level)
    names = args.views or list(projections.VIEWS)
    workers = projections.Workers(names)
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
        workers.stop()


def rebuild(args: argparse.Namespace) -> None:
    from rich.progress import Progress, TaskID

    from projections import runner as projections

    for name in args.views or list(projections.VIEWS):
        with Progress() as progress:
            task = progress.add_task(f"rebuild {name}", total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=total)

            digest = projections.rebuild(name, progress=advance)
        print(f"{name}: rebuilt and swapped in, content hash {digest}")
