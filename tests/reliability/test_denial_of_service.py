"""Callers that hold the server's threads: event streams their clients never
read, over a log of several megabytes, and reads waiting for a log position
far ahead. While they run, GetClaim, ListClaims and the health check answer
within 1 s; the streams beyond the limits are refused RESOURCE_EXHAUSTED, the
stalled ones are cancelled, and a position beyond the log is refused at once.
"""

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2
from grpc_status import rpc_status

from adjudication.auth.roles import Role
from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import ReportClaim
from adjudication.domain.facts import AccidentFacts
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.schemes import load_catalogue
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from tests.builders import SCHEME_START, Clock, resident_id
from tests.e2e.conftest import RunningServer, start_server
from tests.figures import measured

# Reported claims written straight to the store before the server starts:
# about 8 MB of events as StreamEvents sends them, more than the transport
# buffers for a client that does not read.
CLAIMS = 3000
STALL_SECONDS = 2
MAX_STREAMS = 8
PER_CLIENT = 4


def write_log(env: dict[str, str], claims: int) -> tuple[int, str]:
    """The log's end position after the claims, and one claim's name."""
    roster = InMemoryRoster()
    app = ClaimsApplication(
        roster, catalogue=load_catalogue(), clock=Clock(date(2024, 11, 1)), env=env
    )
    description = "割麦时割伤左手，" * 40
    try:
        for i in range(claims):
            person = resident_id(i, date(1950 + i // 1000, 1, 1))
            roster.enrol(person, SCHEME_START)
            claim = app.report_claim(
                ReportClaim(
                    f"dos-{i}",
                    person,
                    "张建国",
                    ("MEDICAL",),
                    AccidentFacts(date(2024, 10, 20), "田间", "CUT", description),
                )
            ).claim
        return app.recorder.max_notification_id() or 0, f"claims/{claim.id}"
    finally:
        app.close()


def rss_mb(server: RunningServer) -> float:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    kb = next(line for line in status.splitlines() if line.startswith("VmRSS"))
    return int(kb.split()[1]) / 1024


def seconds(call: Callable[[], object]) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info)
    return info


def reason(error: grpc.RpcError) -> str:
    return str(error_info(error).reason)


def serve_log(
    env: dict[str, str], folder: Path, claims: int
) -> Iterator[tuple[RunningServer, int, str]]:
    started = time.monotonic()
    end, claim = write_log(env, claims)
    measured(f"log of {end} events written in {time.monotonic() - started:.1f} s")
    # No projections: the read models stay behind, so a min_position within
    # the log waits its whole ceiling.
    server = start_server(
        env,
        folder,
        "--no-projections",
        "--max-streams",
        str(MAX_STREAMS),
        "--max-streams-per-client",
        str(PER_CLIENT),
        "--stream-stall",
        str(STALL_SECONDS),
        "--read-wait",
        "1",
    )
    yield server, end, claim
    assert server.terminate() == 0, server.logs()


@pytest.fixture
def big_log_server(
    store_env: dict[str, str], tmp_path: Path
) -> Iterator[tuple[RunningServer, int, str]]:
    yield from serve_log(store_env, tmp_path, CLAIMS)


@pytest.fixture
def lagging_server(
    store_env: dict[str, str], tmp_path: Path
) -> Iterator[tuple[RunningServer, int, str]]:
    yield from serve_log(store_env, tmp_path, 3)


def test_never_read_streams_leave_the_other_calls_and_health_within_1_s(
    big_log_server: tuple[RunningServer, int, str],
) -> None:
    server, end, claim = big_log_server
    rss_before = rss_mb(server)
    callers = [f"auditor-{n}" for n in range(6)]
    channels = {c: grpc.insecure_channel(server.address) for c in callers}

    def stream(caller: str) -> grpc.Future:
        return audit_pb2_grpc.AuditServiceStub(channels[caller]).StreamEvents(  # type: ignore[no-untyped-call,no-any-return]
            apb.StreamEventsRequest(), metadata=(server.bearer(caller, Role.AUDITOR),)
        )

    # The first caller opens its 4 streams, then one more; the others 4 each.
    streams = [stream(callers[0]) for _ in range(PER_CLIENT)]
    time.sleep(0.5)
    streams += [stream(c) for c in [callers[0]] + callers[1:] * PER_CLIENT]
    claims = server.claims()
    latencies: dict[str, list[float]] = {"GetClaim": [], "ListClaims": [], "health": []}
    probing_until = time.monotonic() + 2.5
    while time.monotonic() < probing_until:
        latencies["GetClaim"].append(
            seconds(lambda: claims.GetClaim(pb.GetClaimRequest(name=claim), timeout=5))
        )
        latencies["ListClaims"].append(
            seconds(lambda: claims.ListClaims(pb.ListClaimsRequest(), timeout=5))
        )
        latencies["health"].append(
            seconds(
                lambda: (
                    server.health() == health_pb2.HealthCheckResponse.SERVING
                    or pytest.fail("health not SERVING")
                )
            )
        )
    rss_during = rss_mb(server)
    refused = [s for s in streams if s.done()]
    scopes = [error_info(s).metadata["scope"] for s in refused]
    held = [s for s in streams if not s.done()]
    measured(
        f"{len(streams)} never-read streams over {end} events: {len(held)} held, "
        f"{len(refused)} refused ({scopes.count('caller')} over the caller's "
        f"limit, {scopes.count('server')} over the server's); server RSS "
        f"{rss_before:.0f} MB before, {rss_during:.0f} MB during"
    )
    for name, values in latencies.items():
        measured(
            f"  {name}: {len(values)} calls, max {max(values) * 1000:.0f} ms, "
            f"median {sorted(values)[len(values) // 2] * 1000:.0f} ms"
        )
    assert all(max(values) < 1.0 for values in latencies.values()), latencies
    assert len(held) == MAX_STREAMS
    assert {s.code() for s in refused} == {grpc.StatusCode.RESOURCE_EXHAUSTED}
    assert {reason(s) for s in refused} == {"TOO_MANY_STREAMS"}
    assert scopes.count("caller") == 1

    # Stalled: the server cancels each held stream, freeing its thread (the
    # client hears of it only once it reads).
    waited = time.monotonic()
    while (
        server.logs().count('"event": "stream_stalled"') < MAX_STREAMS
        and time.monotonic() - waited < 20
    ):
        time.sleep(0.2)
    cancelled = server.logs().count('"event": "stream_stalled"')
    measured(
        f"{cancelled} stalled streams cancelled by the server within "
        f"{time.monotonic() - waited:.1f} s after the probes"
    )
    assert cancelled == MAX_STREAMS
    for held_stream in held:
        held_stream.cancel()

    # A client that reads gets the whole log, in messages of at most 1 MiB.
    reader = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    started = time.monotonic()
    count, largest = 0, 0
    for message in reader.StreamEvents(apb.StreamEventsRequest(), timeout=60):
        count += len(message.events)
        largest = max(largest, message.ByteSize())
    measured(
        f"a reading client: {count} events in {time.monotonic() - started:.1f} s, "
        f"largest message {largest / 1024:.0f} KiB"
    )
    assert count == end
    assert largest <= 1 << 20
    for channel in channels.values():
        channel.close()


def test_a_position_beyond_the_log_is_refused_at_once_and_waits_are_capped(
    lagging_server: tuple[RunningServer, int, str],
) -> None:
    server, end, _ = lagging_server
    claims = server.claims()
    # 2^62 is beyond any position (the edge's limit); end + 10^6 beyond this log
    refused_in = 0.0
    for position, why in (
        (2**62, "OUT_OF_RANGE"),
        (end + 10**6, "POSITION_BEYOND_LOG"),
    ):
        started = time.monotonic()
        with pytest.raises(grpc.RpcError) as beyond:
            claims.ListClaims(pb.ListClaimsRequest(min_position=position))
        refused_in = max(refused_in, time.monotonic() - started)
        error = beyond.value
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
        assert reason(error) == why
        status = rpc_status.from_call(error)  # type: ignore[arg-type]
        assert status is not None
        bad_request = error_details_pb2.BadRequest()
        assert status.details[1].Unpack(bad_request)
        assert [v.field for v in bad_request.field_violations] == ["min_position"]

    # Within the log, with no deadline: the read model (not running) is waited
    # for the server's ceiling (1 s here), once for the whole call.
    started = time.monotonic()
    with pytest.raises(grpc.RpcError) as behind:
        claims.ListClaims(pb.ListClaimsRequest(min_position=end))
    waited = time.monotonic() - started
    assert behind.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED  # type: ignore[attr-defined]
    measured(
        f"min_position 2^62 and {end + 10**6}: INVALID_ARGUMENT within "
        f"{refused_in * 1000:.0f} ms; "
        f"min_position {end} (read models stopped): "
        f"{behind.value.code().name} after {waited:.1f} s"  # type: ignore[attr-defined]
    )
    assert refused_in < 1.0
    assert waited < 3.0
