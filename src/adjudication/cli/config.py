"""`adjudication config`: the persistence settings in force (never a key)."""

import os

from adjudication.adapters import keys
from adjudication.adapters.storage import is_sqlite, sqlite_files
from adjudication.claims.application import ClaimsApplication
from adjudication.cli.operator_errors import persistence_module

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
    persistence_module(env)
    if is_sqlite(env):
        claims, enrolment = sqlite_files(os.environ)
        env["SQLITE_DBNAME"] = claims
        env["ENROLMENT_SQLITE_DBNAME"] = enrolment
    if os.environ.get(keys.CIPHER_KEY):
        env[keys.CIPHER_KEY] = "(set)"
    elif os.environ.get(keys.KEY_FILE):
        env[keys.KEY_FILE] = os.environ[keys.KEY_FILE]
    elif is_sqlite(env):
        env[keys.KEY_FILE] = str(keys.default_key_file(env["SQLITE_DBNAME"]))
    for key, value in env.items():
        print(f"{key}={value}")
