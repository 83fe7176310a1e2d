"""A throwaway PostgreSQL cluster a test may stop and start: initdb into a
folder of its own, trust authentication, a free port on 127.0.0.1. Never the
machine's server."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.e2e.conftest import free_port

BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


@dataclass
class Cluster:
    folder: Path
    port: int

    def run(self, program: str, *args: str, check: bool = True) -> None:
        # PostgreSQL refuses to run as root: as its own user then.
        user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*user, str(BIN / program), *args]
        subprocess.run(command, check=check, capture_output=True, timeout=60)

    def start(self) -> None:
        self.run(
            "pg_ctl",
            "start",
            "-w",
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
            " -c fsync=off",
        )

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-m", "fast", "-D", str(self.folder / "data"))

    def env(self, database: str) -> dict[str, str]:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": database,
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": "postgres",
            "POSTGRES_PASSWORD": "",
        }

    def create_database(self, name: str) -> None:
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    # Not under pytest's tmp_path: its folders are their owner's only, and the
    # cluster's user must reach its own.
    folder = Path(tempfile.mkdtemp(prefix="adjudication-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port())
    try:
        cluster.run(
            "initdb",
            "-D",
            str(folder / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.run(
                "pg_ctl",
                "stop",
                "-m",
                "immediate",
                "-D",
                str(folder / "data"),
                check=False,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
