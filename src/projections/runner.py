"""Running the read models on the configured store, in the server's process or
as separate workers (`adjudication project`): one worker follows the log into
all the process's views in one pass, each from where it stopped, and is
started again when it fails or a rebuild (`projections.rebuild`) swaps a
view's tables in under it.

The read models' names and views are in `projections.registry`; this module
names the entry points the CLI, the server and the tests use."""

import time
from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from eventsourcing.postgres import PostgresDatastore

from adjudication.logs import error_fields
from projections.batches import BatchingRunner, ViewsRunner, readers_of, views_of
from projections.log import ClaimsLog
from projections.rebuild import build, rebuild, rebuild_all, swap_in
from projections.registry import (
    VIEWS,
    open_read_models,
    open_view,
    projection_class,
    projection_env,
    view_class,
)
from projections.retired import drop_retired_views
from projections.views import ViewMoved

__all__ = [
    "VIEWS",
    "Runner",
    "Workers",
    "build",
    "open_read_models",
    "open_view",
    "rebuild",
    "rebuild_all",
    "start",
    "stop",
    "swap_in",
]

# A worker: the claims' log followed into one view, or into several at once.
Runner = BatchingRunner | ViewsRunner
READ_MODELS = "read models"

log = structlog.get_logger("projections")


def start(name: str, env: Mapping[str, str] | None = None) -> Runner:
    """A runner that follows the log into the view from where it stopped."""
    settings = projection_env(env)
    return BatchingRunner(
        application_class=ClaimsLog,
        projection_class=projection_class(name, settings, name),
        view_class=view_class(name, settings),
        env=settings,
    )


class Workers:
    """The projection worker of one process, following the log into its
    views in one pass (`ViewsRunner`). When it fails, or a rebuild swapped a
    view in under it, it is started again from each view's position, which
    the exactly-once tracking makes safe. When it keeps failing it waits
    longer each time, up to `MAX_RESTART_DELAY` seconds."""

    MAX_RESTART_DELAY = 30.0

    def __init__(
        self, names: Sequence[str], env: Mapping[str, str] | None = None
    ) -> None:
        self.env = env
        self.names = list(names)
        self.runner: ViewsRunner | None = None
        self._failures = 0
        self._restart_at = 0.0
        try:
            self.runner = self._start()
        except BaseException:
            self.stop()
            raise
        for dropped in drop_retired_views(
            projection_env(env), views_of(self.runner)[0]
        ):
            log.warning("retired_view_dropped", dropped=dropped)

    def _start(self) -> ViewsRunner:
        return ViewsRunner(self.names, projection_env(self.env)).__enter__()

    def check(self) -> list[tuple[str, str, BaseException | None]]:
        """Stop the worker if it failed or a view was rebuilt under it, and
        start it again when it is due. Returns (worker, why, error) for a
        worker stopped or failing to start."""
        happened = []
        if self.runner is not None:
            why, error = self._why_stop(self.runner)
            if not why:
                return []
            error = error or next(iter(stop([self.runner])), None)
            log.warning(
                "projection_restarting", view=READ_MODELS, why=why, **_exc(error)
            )
            self.runner = None
            happened.append((READ_MODELS, why, error))
            if error is not None:
                self._wait_after_failure()
        if time.monotonic() >= self._restart_at:
            try:
                self.runner = self._start()
            except Exception as error:
                log.warning("projection_cannot_start", view=READ_MODELS, **_exc(error))
                happened.append((READ_MODELS, "cannot start", error))
                self._wait_after_failure()
        return happened

    def _why_stop(self, runner: Runner) -> tuple[str, BaseException | None]:
        if runner.is_interrupted.is_set():
            try:
                runner.run_forever(timeout=0)  # re-raises the worker's error
            except ViewMoved:
                return "view rebuilt", None
            except Exception as error:
                return "failed", error
            return "stopped", None
        if runner.view.is_behind_its_worker(runner.app_name):
            return "view rebuilt", None
        return "", None

    def start_due_now(self) -> None:
        """The store is back: a worker it stopped starts again at the next
        check, not after the pauses its failures during the outage earned."""
        if self.runner is None:
            self._failures = 0
            self._restart_at = 0.0

    def _wait_after_failure(self) -> None:
        self._failures += 1
        delay = min(2.0 ** (self._failures - 1), self.MAX_RESTART_DELAY)
        self._restart_at = time.monotonic() + delay

    def stop(self) -> None:
        for error in stop([self.runner] if self.runner is not None else []):
            log.error("projection_stopped_with_an_error", **_exc(error))


def _exc(error: BaseException | None) -> dict[str, Any]:
    return error_fields(error) if error else {}


def stop(runners: Sequence[Runner]) -> list[BaseException]:
    """Stop workers without waiting on their stores: ask them all to stop,
    close their PostgreSQL datastores (the last of a shared pool's users closes
    the pool: a thread waiting for a connection then fails at once instead of
    after the pool's timeout, 2 s; a connection in use is closed when given
    back), then wait for their threads. Returns the workers' errors."""
    for runner in runners:
        runner.stop()
    for runner in runners:
        readers = readers_of(runner)
        for datastore in (
            getattr(runner.app.factory, "datastore", None),
            *(view.datastore for view in views_of(runner)),
            *(getattr(reader.factory, "datastore", None) for reader in readers),
        ):
            # SQLite connections are not waited for, and closing one that
            # another thread is using may crash the process.
            if isinstance(datastore, PostgresDatastore):
                datastore.close()
    errors: list[BaseException] = []
    for runner in runners:
        try:  # waits for its threads, closes its application
            runner.__exit__(None, None, None)
        except Exception as error:
            errors.append(error)
        for view in views_of(runner):
            view.datastore.close()
        for reader in readers_of(runner):
            reader.close()
    return errors
