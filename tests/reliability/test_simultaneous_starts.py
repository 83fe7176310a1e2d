"""Replicas starting at the same moment on a new PostgreSQL schema each create
the tables (IF NOT EXISTS), which PostgreSQL may refuse to one of them
("tuple concurrently updated"): that one tries again, and every replica
starts."""

import os
import subprocess
import sys
import uuid

import psycopg

from tests.figures import measured
from tests.stores import PG, postgres_env

STARTS = (
    "from adjudication.enrolment.application import EnrolmentApplication\n"
    "from adjudication.claims.application import ClaimsApplication\n"
    "ClaimsApplication(EnrolmentApplication()).close()\n"
)


def test_four_replicas_starting_together_on_a_new_schema_all_start(
    postgres_database: str,
) -> None:
    exits = []
    for _ in range(4):
        schema = f"s_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(dbname=postgres_database, autocommit=True, **PG) as conn:  # type: ignore[arg-type]
            conn.execute(f"CREATE SCHEMA {schema}")
        env = {**os.environ, **postgres_env(postgres_database, schema)}
        replicas = [
            subprocess.Popen(
                [sys.executable, "-c", STARTS],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(4)
        ]
        for replica in replicas:
            output, _ = replica.communicate(timeout=60)
            exits.append(replica.returncode)
            assert replica.returncode == 0, output
        with psycopg.connect(dbname=postgres_database, autocommit=True, **PG) as conn:  # type: ignore[arg-type]
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    measured(
        f"{len(exits)} replicas started together, 4 to a new schema: exits {exits}"
    )
