"""The database set-up (`adjudication db init`): the logs' tables, the
notary's, and what keeps them append-only.

On PostgreSQL the event tables and the notary's links belong to a role that
does not log in (`adjudication_owner`); the service logs in as another
(`adjudication_service`), neither owner nor superuser, that may read and
append but whose UPDATE, DELETE and TRUNCATE triggers refuse (as they refuse
everyone but the owner, superusers included unless they switch the triggers
off, which the notary's chain then shows). The service owns the read models'
tables, which it creates and rebuilds itself.

On SQLite, which has no roles, triggers refuse UPDATE and DELETE on the events
table for everyone; anyone who can write the file can drop them, which the
chain shows too.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from psycopg.sql import SQL, Composed, Identifier, Literal

from adjudication.adapters.notary import sqlite_append_only, tables_prefix

OWNER = "adjudication_owner"
SERVICE = "adjudication_service"
# The trigger function refusing changes to an append-only table.
REFUSE = "adjudication_append_only"


@dataclass(frozen=True)
class Roles:
    owner: str = OWNER
    service: str = SERVICE
    # The service role's password; None: none set (trust or peer auth).
    service_password: str | None = None


def make_append_only(
    logs: Sequence[Application[Any]], roles: Roles = Roles()
) -> list[str]:
    """The logs' and the notary's tables made append-only (they exist: the
    applications and their notary created them); the tables made so."""
    recorders = [log.recorder for log in logs]
    if all(isinstance(r, PostgresApplicationRecorder) for r in recorders):
        return _postgres(logs, roles)
    if all(isinstance(r, SQLiteApplicationRecorder) for r in recorders):
        return _sqlite(recorders)  # type: ignore[arg-type]
    raise NotImplementedError("append-only tables need SQLite or PostgreSQL")


def _sqlite(recorders: Iterable[SQLiteApplicationRecorder]) -> list[str]:
    # The notary's links are made append-only when its store creates them.
    done = []
    for recorder in recorders:
        datastore: SQLiteDatastore = recorder.datastore
        with datastore.transaction(commit=True) as c:
            for statement in sqlite_append_only(recorder.events_table_name):
                c.execute(statement)
        done.append(f"{datastore.pool.db_name}:{recorder.events_table_name}")
    return sorted(set(done))


def _postgres(logs: Sequence[Application[Any]], roles: Roles) -> list[str]:
    recorders: list[PostgresApplicationRecorder] = [log.recorder for log in logs]  # type: ignore[misc]
    datastore: PostgresDatastore = recorders[0].datastore
    schema_name = datastore.schema or "public"
    schema = Identifier(schema_name)
    owner, service = Identifier(roles.owner), Identifier(roles.service)
    events = [r.events_table_name for r in recorders]
    notaries = [tables_prefix(log.name) for log in logs]
    append_only = [*events, *(f"{notary}_links" for notary in notaries)]
    tracking = [f"{notary}_tracking" for notary in notaries]
    id_type = datastore.originator_id_type

    def table(name: str) -> Composed:
        return SQL("{}.{}").format(schema, Identifier(name))

    statements: list[Composed] = [
        _create_role(roles.owner, "NOLOGIN"),
        _create_role(roles.service, "LOGIN"),
        SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}, {}").format(
            schema, owner, service
        ),
        SQL(
            "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', "
            "current_database(), {}); END $$"
        ).format(Literal(roles.service)),
    ]
    if roles.service_password is not None:
        statements.append(
            SQL("ALTER ROLE {} PASSWORD {}").format(
                service, Literal(roles.service_password)
            )
        )
    statements += [
        SQL("ALTER TABLE {} OWNER TO {}").format(table(name), owner)
        for name in [*append_only, *tracking]
    ]
    # The library's type and function for inserting events go with them.
    statements += [
        SQL("ALTER TYPE {} OWNER TO {}").format(
            table(f"stored_event_{id_type}"), owner
        ),
        SQL("ALTER FUNCTION {} OWNER TO {}").format(
            table(f"es_insert_events_{id_type}"), owner
        ),
        SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN "
            "IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class "
            "WHERE oid = TG_RELID) THEN "
            "RAISE EXCEPTION '% on %.% refused: the table is append-only', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME "
            "USING ERRCODE = 'insufficient_privilege'; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
            "RETURN NEW; END $$"
        ).format(table(REFUSE)),
        SQL("ALTER FUNCTION {}() OWNER TO {}").format(table(REFUSE), owner),
    ]
    for name in append_only:
        statements += _triggers(table(name), name, table(REFUSE))
        # UPDATE on the events only for the lock the library takes to append
        # in log order (LOCK ... IN EXCLUSIVE MODE needs UPDATE, DELETE or
        # TRUNCATE before PostgreSQL 16); the row trigger refuses an update.
        privileges = "SELECT, INSERT, UPDATE" if name in events else "SELECT, INSERT"
        statements += [
            SQL("REVOKE ALL ON {} FROM {}").format(table(name), service),
            SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(table(name), service),
        ]
    # A notary's tracking row moves forward with each batch of links.
    statements += [
        SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(table(name), service)
        for name in tracking
    ]
    statements += [
        SQL(
            "DO $$ BEGIN EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', "
            "pg_get_serial_sequence({}, 'notification_id'), {}); END $$"
        ).format(Literal(f'"{schema_name}"."{name}"'), Literal(roles.service))
        for name in events
    ]
    with datastore.transaction(commit=True) as curs:
        for statement in statements:
            curs.execute(statement)
    return [f"{schema_name}.{name}" for name in append_only]


def _create_role(name: str, login: str) -> Composed:
    return SQL(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) "
        "THEN EXECUTE format('CREATE ROLE %I {}', {}); END IF; END $$"
    ).format(Literal(name), SQL(login), Literal(name))


def _triggers(table: Composed, name: str, refuse: Composed) -> list[Composed]:
    rows = Identifier(f"{name}_append_only")
    truncate = Identifier(f"{name}_no_truncate")
    return [
        SQL("DROP TRIGGER IF EXISTS {} ON {}").format(rows, table),
        SQL(
            "CREATE TRIGGER {} BEFORE UPDATE OR DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(rows, table, refuse),
        SQL("DROP TRIGGER IF EXISTS {} ON {}").format(truncate, table),
        SQL(
            "CREATE TRIGGER {} BEFORE TRUNCATE ON {} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
        ).format(truncate, table, refuse),
    ]
