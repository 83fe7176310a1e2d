"""A polling subscription for stores that cannot push new events (the library's
SQLite recorder), so projections run on the embedded default too."""

import threading
from collections import deque
from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder, Notification, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder

POLL_SECONDS = 0.2
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
