"""`adjudication config`: the persistence settings in force."""

import os

from adjudication.adapters.storage import DEFAULT_SQLITE_FILE
from adjudication.claims.application import ClaimsApplication

PERSISTENCE_KEYS = (
    "PERSISTENCE_MODULE",
    "SQLITE_DBNAME",
    "POSTGRES_DBNAME",
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_USER",
    "POSTGRES_SCHEMA",
)


def config() -> None:
    """The persistence settings in force (the defaults when none are set)."""
    env = {k: os.environ[k] for k in PERSISTENCE_KEYS if k in os.environ}
    env.setdefault("PERSISTENCE_MODULE", ClaimsApplication.env["PERSISTENCE_MODULE"])
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        env.setdefault("SQLITE_DBNAME", DEFAULT_SQLITE_FILE)
    for key, value in env.items():
        print(f"{key}={value}")
