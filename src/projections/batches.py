"""A projection runner that applies the events it finds waiting in batches:
up to `BATCH_EVENTS` events (`ADJUDICATION_PROJECTION_BATCH`), or what arrived
within `BATCH_SECONDS`, in one
transaction of the view with one tracking record (`ViewTables.batch`), so a
view catching up, or rebuilt, commits once per batch instead of once per
event. It never waits for an event inside a transaction: a batch ends when
the subscription has nothing more at hand."""

import time
import weakref
from collections.abc import Mapping
from traceback import format_exc
from typing import Any
from warnings import warn

from eventsourcing.projection import (
    ApplicationSubscription,
    Projection,
    ProjectionRunner,
)
from eventsourcing.utils import get_topic

from projections.log import ClaimsLog
from projections.views import PostgresView, SQLiteView

BATCH_EVENTS = 500
BATCH_SETTING = "ADJUDICATION_PROJECTION_BATCH"
BATCH_SECONDS = 0.2


def has_more(subscription: ApplicationSubscription[Any]) -> bool:
    """Whether the subscription's next event is at hand (no wait)."""
    ready = getattr(subscription.subscription, "ready", None)
    return bool(ready and ready())


class BatchingRunner(ProjectionRunner[ClaimsLog, SQLiteView | PostgresView]):
    def __init__(self, *, env: Mapping[str, str], **kwargs: Any) -> None:
        self.batch_events = max(int(env.get(BATCH_SETTING) or BATCH_EVENTS), 1)
        super().__init__(env=env, **kwargs)

    @staticmethod
    def _process_events_loop(  # type: ignore[override]
        subscription: ApplicationSubscription[Any],
        projection: Projection[SQLiteView | PostgresView],
        is_stopping: Any,
        runner: weakref.ReferenceType[Any],
    ) -> None:
        """The library's loop, in batches."""
        try:
            running = runner()
            batch_events = running.batch_events if running else BATCH_EVENTS
            del running  # the runner must not be kept alive by its thread
            for domain_event, tracking in subscription:  # waits for the first
                ends = time.monotonic() + BATCH_SECONDS
                with projection.view.batch():
                    projection.process_event(domain_event, tracking)
                    for _ in range(batch_events - 1):
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
