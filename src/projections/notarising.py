"""The notaries following the claims and enrolment logs in the background
(`adjudication serve` and `adjudication project`), so that events are chained
moments after they are appended: an event changed before it is chained cannot
be caught. Payments do not wait for it: their check notarises up to the end of
the log first.

Several followers (replicas, workers) may run at once: each batch of links is
written once (see `adjudication.adapters.notary`)."""

import threading
from collections.abc import Mapping

import structlog

from adjudication.adapters.notary import notary_of
from adjudication.logs import error_fields
from projections.log import ClaimsLog, EnrolmentLog
from projections.registry import projection_env

log = structlog.get_logger("projections.notary")

POLL_SECONDS = 0.2
MAX_DELAY = 30.0


class Notarising:
    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        settings = {**projection_env(env), "CREATE_TABLE": "n"}
        self.logs = (ClaimsLog(env=settings), EnrolmentLog(env=settings))
        self.notaries = tuple(notary_of(log) for log in self.logs)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, daemon=True)
        self._thread.start()

    def _follow(self) -> None:
        delay = POLL_SECONDS
        while not self._stop.wait(delay):
            try:
                for notary in self.notaries:
                    notary.notarise()
                delay = POLL_SECONDS
            except Exception as error:
                # The store may be down: try again, waiting longer each time.
                log.warning("notary_failed", **error_fields(error))
                delay = min(delay * 2, MAX_DELAY)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for notary, log in zip(self.notaries, self.logs, strict=True):
            notary.store.close()
            log.close()
