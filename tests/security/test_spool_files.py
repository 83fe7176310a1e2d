"""Spool files (issue 10, item 4): an uploaded roster is written down in the
server's private folder (0700), readable by its owner only (0600), and removed
however its upload ends: done, refused, the server stopped, or the server
killed in the middle (then by the next start). The spool holds no store: the
server runs on SQLite."""

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from adjudication.adapters.spool import Spool
from adjudication.v1 import enrollment_pb2 as epb
from adjudication.v1 import enrollment_pb2_grpc
from tests.e2e.conftest import (
    SCHEME_ID,
    RunningServer,
    start_server,
    wait_until_serving,
)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def upload(
    server: RunningServer,
    file_name: str,
    *chunks: bytes,
    hold: threading.Event | None = None,
) -> "grpc.Future":
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    header = epb.RosterHeader(
        request_id=file_name,
        scheme_id=SCHEME_ID,
        township="关王庙乡",
        file_name=file_name,
    )

    def requests() -> Iterator[epb.ImportRosterRequest]:
        yield epb.ImportRosterRequest(header=header)
        for chunk in chunks:
            yield epb.ImportRosterRequest(file_chunk=chunk)
        if hold is not None:
            hold.wait(30)

    return stub.ImportRoster.future(requests(), timeout=60)


def folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir())


def test_a_roster_spools_privately_and_nothing_is_left_however_the_upload_ends(
    tmp_path: Path,
) -> None:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "adjudication.sqlite3"),
    }
    root = tmp_path / "spool"
    server = start_server(env, tmp_path)  # it has imported the test persons
    [private] = folders(root)
    assert mode(root) == 0o700 and mode(private) == 0o700
    assert list(private.iterdir()) == []

    # Killed in the middle of an upload: its file is its owner's only.
    hold = threading.Event()
    in_flight = upload(server, "花名册.csv", "身份证号码,姓名,村\n".encode(), hold=hold)
    for _ in range(200):
        if spooled := list(private.iterdir()):
            break
        time.sleep(0.05)
    assert [mode(f) for f in spooled] == [0o600]
    server.process.kill()
    server.process.wait()
    hold.set()
    with contextlib.suppress(grpc.RpcError):
        in_flight.result()
    server.channel.close()
    assert private.exists()

    # The next start removes what the killed server left.
    again = start_server(env, tmp_path, wait=False)  # its persons are enrolled
    again.tokens = server.tokens  # the same folder, the same credentials file
    try:
        wait_until_serving(again)
        [replacing] = folders(root)
        assert replacing != private and not private.exists()
        assert [p.name for p in root.iterdir() if p.is_file()] == [
            f"{replacing.name}.lock"
        ]
        with pytest.raises(grpc.RpcError) as refused:
            upload(again, "花名册.xlsx", b"not a workbook").result()
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert list(replacing.iterdir()) == []
    finally:
        assert again.terminate() == 0, again.logs()
    # Stopped: its folder goes with it.
    assert list(root.iterdir()) == []


def test_a_spool_file_is_removed_when_its_block_fails(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    with pytest.raises(RuntimeError), spool.file(".csv") as path:
        path.write_bytes(b"141029196802290777")
        assert mode(path) == 0o600
        raise RuntimeError("the upload broke off")
    assert list(spool.path.iterdir()) == []
    spool.close()
    assert list((tmp_path / "spool").iterdir()) == []
