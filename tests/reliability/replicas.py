"""Several server processes on one store, as replicas behind a load balancer,
as the README arranges them: the first keeps the read models (or none does),
the others serve with `--no-projections`; the first start enrols the e2e test
persons. Each process has smaller PostgreSQL pools than by default: three of
them under load would otherwise be able to take more than PostgreSQL's default
100 connections, which the test runs share (see the README's formula). They share the
scheme folder and the credentials; each has a spool folder of its own (a
starting server clears its spool of what a killed one left)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.conftest import RunningServer, start_server, wait_until_serving

# One connection kept per shared pool, up to eight under load.
SMALL_POOLS = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "7"}


def start_replica(
    env: dict[str, str],
    folder: Path,
    n: int,
    wait: bool = True,
    read_models: bool = True,
) -> RunningServer:
    """The `n`th replica (from 0); `wait`: until it is serving; `read_models`:
    the first keeps them (else none does: GetClaim reads the event store)."""
    spool = {"ADJUDICATION_SPOOL_DIR": str(folder / f"spool-{n}")}
    args = () if n == 0 and read_models else ("--no-projections",)
    env = {**env, **SMALL_POOLS, **spool}
    first = n == 0 and not (folder / "credentials.jsonl").exists()
    if not first:
        # The first start made the logs' tables; the others start as the
        # README's service does, without creating them (which, at once on
        # one PostgreSQL, fails one of them: "tuple concurrently updated").
        env.update(ADJUDICATION_CREATE_TABLE="n", ENROLMENT_CREATE_TABLE="n")
    running = start_server(env, folder, *args, wait=first)
    if wait and not first:
        try:
            wait_until_serving(running)
        except BaseException:
            running.process.kill()
            raise
    return running


@contextmanager
def replicas(
    env: dict[str, str], folder: Path, count: int, read_models: bool = True
) -> Iterator[list[RunningServer]]:
    running: list[RunningServer] = []
    try:
        for n in range(count):
            running.append(start_replica(env, folder, n, read_models=read_models))
            running[n].tokens = running[0].tokens  # one credentials file
        yield running
    finally:
        for server in running:
            if server.process.poll() is None:
                server.terminate()
