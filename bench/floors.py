"""The floors: bare grpcio servers doing the least a call can do, run as
subprocesses like the service so each has its own interpreter.

    python -m bench.floors echo PORT
    python -m bench.floors postgres PORT DSN
    python -m bench.floors sqlite PORT FILE

`echo` answers a request holding a number N with N bytes. `postgres` and
`sqlite` store the request's bytes as one row, one INSERT and one COMMIT per
call, on a connection of the handling thread (psycopg's compiled
implementation; sqlite3 in WAL mode with its default synchronous=FULL).
"""

import sqlite3
import sys
import threading
from collections.abc import Callable
from concurrent import futures
from typing import Any

import grpc
import psycopg

METHOD = "/bench.Floor/Call"
# As many handler threads as `adjudication serve` has by default.
MAX_WORKERS = 10


def _echo() -> Callable[[bytes], bytes]:
    return lambda request: b"x" * int(request)


def _postgres(dsn: str) -> Callable[[bytes], bytes]:
    local = threading.local()

    def call(request: bytes) -> bytes:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(dsn, application_name="bench-floor")
        local.conn.execute("INSERT INTO floor_events (data) VALUES (%s)", (request,))
        local.conn.commit()
        return b"ok"

    return call


def _sqlite(path: str) -> Callable[[bytes], bytes]:
    local = threading.local()

    def call(request: bytes) -> bytes:
        if not hasattr(local, "conn"):
            local.conn = sqlite3.connect(path, timeout=10)
        local.conn.execute("INSERT INTO floor_events (data) VALUES (?)", (request,))
        local.conn.commit()
        return b"ok"

    return call


def prepare_postgres(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS floor_events"
            " (id bigserial PRIMARY KEY, data bytea NOT NULL)"
        )


def prepare_sqlite(path: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS floor_events"
            " (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"
        )


def serve(kind: str, port: int, target: str = "") -> None:
    handle = {
        "echo": lambda: _echo(),
        "postgres": lambda: _postgres(target),
        "sqlite": lambda: _sqlite(target),
    }[kind]()

    def unary(request: bytes, context: Any) -> bytes:
        return handle(request)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=MAX_WORKERS))
    handler = grpc.method_handlers_generic_handler(
        "bench.Floor", {"Call": grpc.unary_unary_rpc_method_handler(unary)}
    )
    server.add_generic_rpc_handlers((handler,))
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    print("ready", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), *sys.argv[3:])
