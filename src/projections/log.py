"""The application whose log projections follow: the claims' event store, read
only (it has the claims application's name, so the same tables)."""

from adjudication.application import ClaimsApplication
from adjudication.storage import ServiceApplication


class ClaimsLog(ServiceApplication):
    name = ClaimsApplication.name
