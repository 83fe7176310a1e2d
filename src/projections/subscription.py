"""Subscriptions of the read models to the claims' log: polling where the store
cannot push (the library's SQLite recorder), so projections run on the
embedded default too; LISTEN/NOTIFY with a safety pull on PostgreSQL, one
LISTEN connection per process and channel for all its workers."""

import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, ClassVar

import psycopg
import structlog
from eventsourcing.persistence import (
    ApplicationRecorder,
    ListenNotifySubscription,
    Notification,
    Subscription,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from adjudication.adapters.storage import connection_key
from adjudication.logs import error_fields

log = structlog.get_logger("projections.subscription")

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

    def ready(self) -> bool:
        """Whether the next notification is at hand (for batches)."""
        return bool(self._buffer)

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


class Listener:
    """One LISTEN connection, outside the pools, waking every subscription of
    the process to a channel of one database when a NOTIFY comes; it ends with
    the last subscription. When its connection fails it connects again after
    `NUDGE_SECONDS`: meanwhile the subscriptions' pulls every second carry on
    (and fail, and so restart their workers, while the store is down)."""

    _all: ClassVar[dict[tuple[Any, ...], "Listener"]] = {}
    _lock = threading.Lock()

    def __init__(self, key: tuple[Any, ...], connect: dict[str, Any], channel: str):
        self._key = key
        self._connect = connect
        self._channel = channel
        self._woken: set[threading.Event] = set()
        self._thread = threading.Thread(target=self._listen, daemon=True)

    @classmethod
    def join(
        cls, recorder: PostgresApplicationRecorder, woken: threading.Event
    ) -> None:
        settings = connection_key(recorder.datastore.pool)
        channel = recorder.channel_name
        key = (settings, channel)
        with cls._lock:
            listener = cls._all.get(key)
            if listener is None:
                # as the pool connects (connect_timeout included)
                connect: dict[str, Any] = {
                    **recorder.datastore.pool.kwargs,  # type: ignore[dict-item]
                    "application_name": "adjudication listen",
                }
                connect.pop("row_factory", None)
                listener = cls._all[key] = Listener(key, connect, channel)
                listener._thread.start()
            listener._woken.add(woken)

    @classmethod
    def leave(cls, woken: threading.Event) -> None:
        with cls._lock:
            for key, listener in list(cls._all.items()):
                listener._woken.discard(woken)
                if not listener._woken:
                    del cls._all[key]

    def _listening(self) -> bool:
        with self._lock:
            return self._all.get(self._key) is self

    def _wake(self) -> None:
        with self._lock:
            for woken in self._woken:
                woken.set()

    def _listen(self) -> None:
        while self._listening():
            try:
                with psycopg.connect(**self._connect, autocommit=True) as conn:
                    conn.execute(SQL("LISTEN {0}").format(Identifier(self._channel)))
                    # what was appended while not listening
                    self._wake()
                    while self._listening():
                        for _ in conn.notifies(timeout=0.2, stop_after=1):
                            self._wake()
            except Exception as error:  # the store may be down: never die
                log.warning(
                    "listen_failed", channel=self._channel, **error_fields(error)
                )
                time.sleep(NUDGE_SECONDS)


class NudgedPostgresSubscription(ListenNotifySubscription[PostgresApplicationRecorder]):
    """The library's LISTEN/NOTIFY subscription, woken by the process's
    `Listener` instead of a connection of its own, plus a pull every second:
    a notification sent while the subscription was starting to listen
    (between its first pull and its LISTEN) would otherwise be missed until
    the next event, however long that takes."""

    def __init__(
        self,
        recorder: PostgresApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._stopped = threading.Event()
        Listener.join(recorder, self._has_been_notified)
        threading.Thread(target=self._nudge, daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        Listener.leave(self._has_been_notified)
        super().stop()

    def ready(self) -> bool:
        """Whether the next notification is at hand (for batches)."""
        return self._notifications_index < len(self._notifications) or (
            not self._notifications_queue.empty()
        )

    def _nudge(self) -> None:
        while not self._stopped.wait(NUDGE_SECONDS):
            self._has_been_notified.set()


class NudgedPostgresApplicationRecorder(PostgresApplicationRecorder):
    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return NudgedPostgresSubscription(self, gt=gt, topics=topics)
