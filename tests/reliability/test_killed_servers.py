"""Servers killed (SIGKILL) again and again while clients send commands: every
command a client heard OK for is in the log, nothing is in the log twice, and
a client that sends a request again, with its request id, after the server it
was talking to died converges to one outcome (the first, replayed, when the
killed server had committed it)."""

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import grpc
import pytest

from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client
from tests.e2e.conftest import COVERED, RunningServer, days_ago, wait_until_serving
from tests.figures import measured
from tests.reliability.replicas import start_replica
from tests.reliability.stored import aggregates_with

CLIENTS = 6
PAUSE = 0.15  # seconds between a client's commands
# What a client may hear from a server that died under it, or is starting: it
# sends the same request again.
TRANSIENT = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.CANCELLED,
    grpc.StatusCode.ABORTED,
}


def report(n: int, i: int) -> pb.ReportClaimRequest:
    """The `i`th claim of client `n`: an accident of its own person each time."""
    return pb.ReportClaimRequest(
        request_id=f"load-{n}-{i}",
        insured_id_number=COVERED[n],
        insured_name="张建国",
        benefits=[pb.BENEFIT_MEDICAL],
        accident=pb.AccidentFacts(
            accident_date=days_ago(5), place="田间", cause="FALL", description="摔伤"
        ),
        distinct_accident=True,
    )


@dataclass
class Load:
    """Clients that each report claims one after another, sending a request
    again (to any live server) until one answers OK."""

    servers: list[RunningServer]
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    heard: dict[str, pb.ReportClaimResponse] = field(default_factory=dict)
    resent: Counter[str] = field(default_factory=Counter)
    other: list[grpc.RpcError] = field(default_factory=list)
    dead: list[RunningServer] = field(default_factory=list)  # killed ones

    def client(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            request = report(n, i)
            self.heard[request.request_id] = self.until_ok(request)
            i += 1
            # Load, not saturation: the two cores also start the killed servers.
            time.sleep(PAUSE)

    def until_ok(self, request: pb.ReportClaimRequest) -> pb.ReportClaimResponse:
        while True:
            with self.lock:
                server = random.choice(self.servers)
            try:
                response: pb.ReportClaimResponse = Client(server).call(
                    "ReportClaim", request, timeout=10
                )
                return response
            except grpc.RpcError as e:
                if e.code() not in TRANSIENT:
                    self.other.append(e)
                    raise
                self.resent[request.request_id] += 1
                time.sleep(0.02)


def kill_and_restart(
    load: Load, env: dict[str, str], folder: Path, kills: int, read_models: bool
) -> None:
    """SIGKILL each replica in turn, once it has served for a moment, and start
    it again without waiting: the next one is killed meanwhile."""
    for k in range(kills):
        n = k % len(load.servers)
        victim = load.servers[n]
        wait_until_serving(victim)
        time.sleep(0.2)  # under load
        victim.process.kill()
        victim.process.wait()
        replacement = start_replica(env, folder, n, wait=False, read_models=read_models)
        replacement.tokens = victim.tokens
        with load.lock:
            load.servers[n] = replacement
            # Its channel stays open (its calls fail UNAVAILABLE, and are sent
            # again): a client thread may be starting a call on it, and gRPC
            # crashes the process (SIGSEGV) on a channel closed under a call.
            load.dead.append(victim)
    for server in load.servers:
        wait_until_serving(server)


@pytest.mark.parametrize(
    ("store_env", "replicas", "kills"),
    [("postgres", 2, 20), ("sqlite", 1, 10)],
    indirect=["store_env"],
)
def test_killed_servers_lose_no_acknowledged_command_and_retries_converge(
    store_env: dict[str, str], tmp_path: Path, replicas: int, kills: int
) -> None:
    """On PostgreSQL two replicas, killed in turn while the other serves,
    without read models (their connections stay few while other test runs
    share the database); on SQLite the one server, with its read models (its
    restarts are the test's time)."""
    read_models = store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    load = Load([])
    clients = [threading.Thread(target=load.client, args=(n,)) for n in range(CLIENTS)]
    try:
        for n in range(replicas):
            load.servers.append(
                start_replica(store_env, tmp_path, n, read_models=read_models)
            )
            load.servers[n].tokens = load.servers[0].tokens
        Client(load.servers[0])  # its token, made once for all the clients
        for c in clients:
            c.start()
        kill_and_restart(load, store_env, tmp_path, kills, read_models)
        time.sleep(0.2)
        load.stop.set()
        for c in clients:
            c.join(60)

        heard = load.heard
        stored = aggregates_with(store_env, "Claim.Reported")
        claims = {UUID(r.claim.name.rpartition("/")[2]) for r in heard.values()}
        retried = [heard[r] for r in load.resent if r in heard]
        committed_unheard = sum(r.replayed for r in retried)
        # Every request once more, as a client that never heard would.
        client = Client(load.servers[0])
        with ThreadPoolExecutor(CLIENTS) as pool:
            responses = pool.map(
                lambda r: client.call("ReportClaim", r, timeout=10),
                [report(*map(int, r.split("-")[1:])) for r in heard],
            )
        again = dict(zip(heard, responses, strict=True))
        same = sum(
            (a.claim.name, a.claim.version, a.position)
            == (heard[r].claim.name, heard[r].claim.version, heard[r].position)
            for r, a in again.items()
        )
        store = store_env["PERSISTENCE_MODULE"].rpartition(".")[2]
        measured(
            f"{kills} SIGKILLs of {replicas} server(s) on {store}: "
            f"{len(heard)} commands acknowledged, {len(stored)} claims in the log; "
            f"{len(retried)} sent again after a kill ({sum(load.resent.values())} "
            f"resends), {committed_unheard} of them committed unheard and replayed; "
            f"all {len(again)} sent once more: "
            f"{sum(a.replayed for a in again.values())} replayed, {same} the same"
        )
        assert not load.other
        assert all(not c.is_alive() for c in clients)
        assert set(stored) == claims and len(claims) == len(heard)
        assert set(stored.values()) == {1}
        assert all(a.replayed for a in again.values())
        assert same == len(heard)
    finally:
        load.stop.set()
        for c in clients:
            if c.is_alive():
                c.join(60)
        for dead in load.dead:
            dead.channel.close()
        for s in load.servers:
            if s.process.poll() is None:
                s.terminate()
