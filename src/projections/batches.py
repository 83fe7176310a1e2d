"""Projection runners that apply the events they find waiting in batches: up
to `BATCH_EVENTS` events (`ADJUDICATION_PROJECTION_BATCH`), or what arrived
within `BATCH_SECONDS`, in one transaction of each view with one tracking
record (`ViewTables.batch`), so a view catching up, or rebuilt, commits once
per batch instead of once per event. They never wait for an event inside a
transaction: a batch ends when the subscription has nothing more at hand.

`BatchingRunner` follows the log into one view; `ViewsRunner` into several in
one pass, each event read and decoded once for all of them (the server's and
the workers' read models)."""

import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from traceback import format_exc
from typing import Any, cast
from warnings import warn

from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.projection import (
    ApplicationSubscription,
    BaseProjectionRunner,
    Projection,
    ProjectionRunner,
)
from eventsourcing.utils import get_topic

from projections.log import ClaimsLog, ReadsTheLog, reader_of
from projections.registry import projection_class, view_class
from projections.views import PostgresView, SQLiteView

BATCH_EVENTS = 500
BATCH_SETTING = "ADJUDICATION_PROJECTION_BATCH"
BATCH_SECONDS = 0.2

View = SQLiteView | PostgresView


def has_more(subscription: ApplicationSubscription[Any]) -> bool:
    """Whether the subscription's next event is at hand (no wait)."""
    ready = getattr(subscription.subscription, "ready", None)
    return bool(ready and ready())


def batch_events(env: Mapping[str, str]) -> int:
    return max(int(env.get(BATCH_SETTING) or BATCH_EVENTS), 1)


def _in_batches(
    subscription: ApplicationSubscription[Any],
    projection: Any,
    is_stopping: Any,
    runner: weakref.ReferenceType[Any],
) -> None:
    """The library's loop of a runner's thread, in batches."""
    try:
        running = runner()
        most = running.batch_events if running else BATCH_EVENTS
        del running  # the runner must not be kept alive by its thread
        for domain_event, tracking in subscription:  # waits for the first
            ends = time.monotonic() + BATCH_SECONDS
            with projection.view.batch():
                projection.process_event(domain_event, tracking)
                for _ in range(most - 1):
                    if not has_more(subscription) or time.monotonic() > ends:
                        break
                    following = next(subscription, None)
                    if following is None:  # stopped
                        break
                    projection.process_event(*following)
    except BaseException as error:
        # as the library's loop: the error is the runner's to re-raise
        running = runner()
        if running is not None:
            running._thread_error = error
        else:
            warn(
                f"{get_topic(type(projection))} failed after its runner was "
                f"deleted:\n{format_exc()}",
                RuntimeWarning,
                stacklevel=2,
            )
    finally:
        is_stopping.set()


class BatchingRunner(ProjectionRunner[ClaimsLog, View]):
    def __init__(self, *, env: Mapping[str, str], **kwargs: Any) -> None:
        self.batch_events = batch_events(env)
        super().__init__(env=env, **kwargs)

    _process_events_loop = staticmethod(_in_batches)


class Views:
    """Several views as one to their runner: the position all of them have,
    a batch in each (all undone when any fails: the runner then starts again
    from each view's own position), a wait for all."""

    def __init__(self, views: Mapping[str, View]) -> None:
        self.views = dict(views)

    def max_tracking_id(self, application_name: str) -> int | None:
        positions = [v.max_tracking_id(application_name) for v in self.views.values()]
        return None if None in positions else min(p or 0 for p in positions)

    @contextmanager
    def batch(self) -> Iterator[None]:
        with ExitStack() as batches:
            for view in self.views.values():
                batches.enter_context(view.batch(alone=False))
            yield

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: Any = None,
    ) -> None:
        deadline = time.monotonic() + timeout
        for view in self.views.values():
            view.wait(
                application_name,
                notification_id,
                max(deadline - time.monotonic(), 0.0),
                interrupt,
            )

    def is_behind_its_worker(self, application_name: str) -> bool:
        return any(
            v.is_behind_its_worker(application_name) for v in self.views.values()
        )


class AllViews:
    """The projections of several views as one: each event to each of them.
    Those that follow an aggregate share the aggregates they keep."""

    name = "read models"
    topics: Sequence[str] = ()

    def __init__(self, projections: Mapping[str, Projection[Any]]) -> None:
        self.projections = dict(projections)
        self.view = Views({n: p.view for n, p in self.projections.items()})
        followed: OrderedDict[Any, Aggregate] = OrderedDict()
        for projection in self.projections.values():
            if isinstance(projection, ReadsTheLog):
                projection.share_followed(followed)

    def process_event(
        self, domain_event: DomainEventProtocol[Any], tracking: Tracking
    ) -> None:
        for projection in self.projections.values():
            projection.process_event(domain_event, tracking)


class ViewsRunner(BaseProjectionRunner[ClaimsLog]):
    """The log followed into several views in one pass (`AllViews`)."""

    def __init__(
        self,
        names: Sequence[str],
        settings: Mapping[str, str],
        as_names: Mapping[str, str] | None = None,
    ) -> None:
        """`as_names`: the names of the tables the views are written to
        (a rebuild's), by view; else their own."""
        self.batch_events = batch_events(settings)
        projections: dict[str, Projection[Any]] = {}
        for name in names:
            as_name = (as_names or {}).get(name, name)
            factory = InfrastructureFactory[View].construct(
                env=self._construct_env(name=as_name, env=settings)
            )
            view = factory.tracking_recorder(view_class(name, settings))
            projection = projection_class(name, settings, as_name)
            projections[name] = projection(view=view)
        self.projection = AllViews(projections)
        self.view = self.projection.view
        super().__init__(
            projection=cast(Any, self.projection),
            application_class=ClaimsLog,
            tracking_recorder=cast(Any, self.view),
            topics=(),
            env=settings,
        )

    _process_events_loop = staticmethod(_in_batches)


def views_of(runner: BatchingRunner | ViewsRunner | None) -> list[View]:
    if runner is None:
        return []
    view = runner.view
    return list(view.views.values()) if isinstance(view, Views) else [view]


def readers_of(runner: BatchingRunner | ViewsRunner) -> list[ClaimsLog]:
    """The projections' own readers of the log."""
    projection = runner.projection
    each = (
        projection.projections.values()
        if isinstance(projection, AllViews)
        else [projection]
    )
    return [reader for p in each if (reader := reader_of(p)) is not None]
