"""Subscriptions of the read models to the claims' log: polling where the store
cannot push (the library's SQLite recorder), so projections run on the
embedded default too; LISTEN/NOTIFY with a safety pull on PostgreSQL."""

import threading
from collections import deque
from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder, Notification, Subscription
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresSubscription
from eventsourcing.sqlite import SQLiteApplicationRecorder

POLL_SECONDS = 0.2
NUDGE_SECONDS = 1.0
BATCH = 500


class PollingSubscription(Subscription[ApplicationRecorder]):
    def __init__(
        self,
        recorder: ApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._buffer: deque[Notification] = deque()
        self._wake = threading.Event()

    def stop(self) -> None:
        super().stop()
        self._wake.set()

    def __next__(self) -> Notification:
        while not self._buffer:
            if self._has_been_stopped:
                raise StopIteration
            self._buffer.extend(
                self._recorder.select_notifications(
                    start=(self._last_notification_id or 0) + 1,
                    limit=BATCH,
                    topics=self._topics,
                )
            )
            if not self._buffer:
                self._wake.wait(POLL_SECONDS)
        notification = self._buffer.popleft()
        self._last_notification_id = notification.id
        return notification


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, able to subscribe by polling."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)


class NudgedPostgresSubscription(PostgresSubscription):
    """The library's LISTEN/NOTIFY subscription, plus a pull every second: a
    notification sent while the subscription was starting to listen (between
    its first pull and its LISTEN) would otherwise be missed until the next
    event, however long that takes."""

    def __init__(
        self,
        recorder: PostgresApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._stopped = threading.Event()
        threading.Thread(target=self._nudge, daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        super().stop()

    def _nudge(self) -> None:
        while not self._stopped.wait(NUDGE_SECONDS):
            self._has_been_notified.set()


class NudgedPostgresApplicationRecorder(PostgresApplicationRecorder):
    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return NudgedPostgresSubscription(self, gt=gt, topics=topics)
