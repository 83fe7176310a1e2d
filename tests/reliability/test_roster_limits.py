"""ImportRoster's size and row limits (configured here far below their
defaults): an upload beyond either is refused as INVALID_ARGUMENT
ROSTER_TOO_LARGE and writes nothing, without the server reading the rest."""

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from adjudication.v1 import enrollment_pb2 as epb
from adjudication.v1 import enrollment_pb2_grpc
from tests.builders import resident_id
from tests.e2e.client import error_of
from tests.e2e.conftest import SCHEME_ID, RunningServer, start_server
from tests.figures import measured
from tests.reliability.logs import LogPositions

MAX_ROWS = 20  # the test persons of every server are 11
MAX_BYTES = 4096


@pytest.fixture
def limited(store_env: dict[str, str], tmp_path: Path) -> Iterator[RunningServer]:
    env = {
        **store_env,
        "ADJUDICATION_ROSTER_MAX_ROWS": str(MAX_ROWS),
        "ADJUDICATION_ROSTER_MAX_BYTES": str(MAX_BYTES),
    }
    running = start_server(env, tmp_path)
    yield running
    assert running.terminate() == 0, running.logs()


def row(n: int) -> epb.RosterRow:
    return epb.RosterRow(
        resident_id_number=resident_id(100 + n),
        name="李四",
        village="西关村",
        registration="农业",
    )


def messages(*content: epb.ImportRosterRequest) -> Iterator[epb.ImportRosterRequest]:
    header = epb.RosterHeader(
        request_id="limits", scheme_id=SCHEME_ID, township="昌宁镇", file_name="r.csv"
    )
    yield epb.ImportRosterRequest(header=header)
    yield from content


def test_an_upload_beyond_the_limits_is_refused_and_writes_nothing(
    limited: RunningServer, store_env: dict[str, str]
) -> None:
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(limited.channel)  # type: ignore[no-untyped-call]
    line = f"{resident_id(200)},王五,西关村,农业\n".encode()
    big = (
        b"\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\xe5\x8f\xb7,name,village,registration\n"
    )
    uploads = {
        f"{MAX_ROWS + 1} rows": messages(
            epb.ImportRosterRequest(
                rows=epb.RosterRows(rows=[row(n) for n in range(MAX_ROWS + 1)])
            )
        ),
        f"{MAX_ROWS + 1} rows, one a message": messages(
            *(
                epb.ImportRosterRequest(rows=epb.RosterRows(rows=[row(n)]))
                for n in range(MAX_ROWS + 1)
            )
        ),
        f"a file of more than {MAX_BYTES} bytes": messages(
            *(
                epb.ImportRosterRequest(file_chunk=big + line * 40)
                for _ in range(1000)  # never read beyond the first chunks
            )
        ),
    }
    positions = LogPositions(store_env)
    try:
        for what, upload in uploads.items():
            before = positions()
            with pytest.raises(grpc.RpcError) as caught:
                stub.ImportRoster(upload, timeout=10)
            code, reason, _ = error_of(caught.value)
            measured(f"{what}: {code.name} {reason}, log {before} -> {positions()}")
            assert (code, reason) == (
                grpc.StatusCode.INVALID_ARGUMENT,
                "ROSTER_TOO_LARGE",
            )
            assert positions() == before
        accepted = stub.ImportRoster(
            messages(
                epb.ImportRosterRequest(
                    rows=epb.RosterRows(rows=[row(n) for n in range(MAX_ROWS)])
                )
            )
        )
        assert accepted.submission.accepted == MAX_ROWS
        measured(f"{MAX_ROWS} rows: accepted")
    finally:
        positions.close()
