"""The first claim records views kept ID numbers, names and bank accounts in
the clear (`claim_records`, `claim_records_v2`): when the read models start
on a store that still has them, their tables (PostgreSQL) or files (SQLite,
every generation) are dropped, and the sealed `claim_records_v3` is kept."""

from pathlib import Path

import psycopg
from structlog.testing import capture_logs

from adjudication.adapters.storage import beside, sqlite_files
from projections import runner as projections
from tests.builders import resident_id
from tests.figures import measured
from tests.integration.conftest import AppFactory
from tests.stores import PG

IN_THE_CLEAR = f'{{"insured_id_number": "{resident_id(7)}", "name": "欧阳秋菊"}}'


def test_the_retired_claim_records_views_are_dropped_when_the_read_models_start(
    make_app: AppFactory, store_env: dict[str, str]
) -> None:
    make_app()  # the log's tables
    kept = projections.open_view("claim_records_v3", store_env)
    kept.datastore.close()
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        retired = _sqlite_files(store_env)
        for file in retired:
            file.write_text(IN_THE_CLEAR, encoding="utf-8")
    else:
        retired = _postgres_tables(store_env)

    with capture_logs() as logged:
        workers = projections.Workers(["claim_summary"], store_env)
    workers.stop()

    dropped = [e["dropped"] for e in logged if e["event"] == "retired_view_dropped"]
    measured(f"retired views dropped: {len(dropped)}")
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        assert sorted(dropped) == sorted(map(str, retired))
        assert not any(file.exists() for file in retired)
        assert Path(beside(sqlite_files(store_env)[0], "claim_records_v3")).exists()
    else:
        schema = store_env["POSTGRES_SCHEMA"]
        assert sorted(dropped) == sorted(f"{schema}.{t}" for t in retired)
        assert _tables(store_env) == {"claim_records_v3_records"}


def _sqlite_files(env: dict[str, str]) -> list[Path]:
    events = sqlite_files(env)[0]
    return [
        Path(beside(events, "claim_records")),
        Path(beside(events, "claim_records_v2")),
        Path(beside(events, "claim_records_v2.g2")),
        Path(beside(events, "claim_records_v2")).with_suffix(".current"),
    ]


def _postgres_tables(env: dict[str, str]) -> list[str]:
    schema = env["POSTGRES_SCHEMA"]
    tables = [
        f"{name}_{part}"
        for name in ("claim_records", "claim_records_v2")
        for part in ("records", "tracking")
    ]
    with _connect(env) as conn:
        for table in tables:
            conn.execute(f'CREATE TABLE "{schema}"."{table}" (payload TEXT)')
            conn.execute(
                f'INSERT INTO "{schema}"."{table}" VALUES (%s)', (IN_THE_CLEAR,)
            )
    return tables


def _tables(env: dict[str, str]) -> set[str]:
    with _connect(env) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s "
            "AND tablename LIKE 'claim_records%%records'",
            (env["POSTGRES_SCHEMA"],),
        ).fetchall()
    return {row[0] for row in rows}


def _connect(env: dict[str, str]) -> psycopg.Connection:  # type: ignore[type-arg]
    return psycopg.connect(dbname=env["POSTGRES_DBNAME"], autocommit=True, **PG)  # type: ignore[arg-type]
