"""The application whose log projections follow: the claims' event store, read
only (it has the claims application's name, so the same tables)."""

from typing import Any, ClassVar

from adjudication.application import ClaimsApplication
from adjudication.storage import ServiceApplication


class ClaimsLog(ServiceApplication):
    name = ClaimsApplication.name


class ReadsTheLog:
    """For projections that summarise an aggregate as it stood after each of its
    events, read from the claims' event store (a rebuild then gives the same
    rows). The runner sets `log_env`."""

    log_env: ClassVar[dict[str, str]] = {}
    _log: ClaimsLog | None = None

    @property
    def log(self) -> ClaimsLog:
        if self._log is None:
            # The store's tables exist already; several workers creating them
            # at once would make PostgreSQL refuse ("tuple concurrently updated").
            self._log = ClaimsLog(env={**self.log_env, "CREATE_TABLE": "n"})
        return self._log

    def as_of(self, domain_event: Any) -> Any:
        return self.log.repository.get(
            domain_event.originator_id, version=domain_event.originator_version
        )
