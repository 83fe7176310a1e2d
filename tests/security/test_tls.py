"""TLS and where the server may listen, on SQLite and PostgreSQL: without TLS
and credentials only on a loopback address (and it says so, loudly, once);
with TLS anywhere; with client certificates, the certificate's subject is the
principal. The certificates come from a throwaway authority made here."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
import pytest

from adjudication.auth.roles import Role
from adjudication.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    claims_pb2_grpc,
    reconciliation_pb2_grpc,
)
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import reconciliation_pb2 as rpb
from tests.e2e.client import Client, error_of
from tests.e2e.conftest import COVERED, days_ago, free_port, start_server
from tests.security.certificates import Authority

# As `openssl x509 -noout -subject -nameopt RFC2253` prints it: last RDN first.
GATEWAY = "O=Xiangning County Finance Bureau,CN=finance-gateway"


def serve(
    folder: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adjudication.cli", "serve", *args],
        env={**env, "PATH": "/usr/bin:/bin"},
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.fixture
def authority(tmp_path: Path) -> tuple[Authority, Path, Path, Path]:
    """The authority, its certificate's file, and the server's files."""
    ca = Authority()
    (tmp_path / "tls").mkdir()
    ca_file = tmp_path / "tls" / "ca.crt"
    ca_file.write_bytes(ca.pem)
    cert, key = ca.issue("adjudication.test", server=True).write(
        tmp_path / "tls", "server"
    )
    return ca, ca_file, cert, key


@pytest.mark.parametrize(
    "args",
    [(), ("--tls-cert", "server.crt", "--tls-key", "server.key")],
    ids=["no TLS, no tokens", "TLS, no tokens"],
)
def test_a_non_loopback_address_is_refused_without_tls_and_tokens(
    args: tuple[str, ...], tmp_path: Path, authority: Any
) -> None:
    tls = [str(tmp_path / "tls" / a) if a.startswith("server") else a for a in args]
    done = serve(
        tmp_path,
        {"SQLITE_DBNAME": str(tmp_path / "events.sqlite3")},
        "--address",
        f"0.0.0.0:{free_port()}",
        *tls,
    )
    assert done.returncode == 2, done
    assert done.stderr.startswith("adjudication serve: refusing to serve 0.0.0.0:")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "events.sqlite3").exists(), (
        "refused before opening the store"
    )


def test_loopback_without_tls_and_tokens_serves_as_the_local_user_and_says_so_once(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server({**store_env, "ADJUDICATION_CREDENTIALS": ""}, tmp_path)
    try:
        plain = grpc.insecure_channel(server.address)
        stub = claims_pb2_grpc.ClaimsServiceStub(plain)  # type: ignore[no-untyped-call]
        claim = stub.ReportClaim(
            pb.ReportClaimRequest(
                request_id="r-1",
                insured_id_number=COVERED[0],
                insured_name="张建国",
                benefits=[pb.BENEFIT_MEDICAL],
                accident=pb.AccidentFacts(
                    accident_date=days_ago(3),
                    place="田间",
                    cause="FALL",
                    description="摔伤",
                ),
            ),
            metadata=(("x-actor", "officer-7"),),
        ).claim
        audit = audit_pb2_grpc.AuditServiceStub(plain)  # type: ignore[no-untyped-call]
        events = audit.GetClaimHistory(
            audit_pb2.GetClaimHistoryRequest(name=claim.name)
        ).events
        assert [e.actor for e in events] == ["local"]
    finally:
        assert server.terminate() == 0
    loud = [line for line in server.logs().splitlines() if "UNPROTECTED" in line]
    assert len(loud) == 1
    assert json.loads(loud[0])["missing"] == ["TLS", "credentials"]


def test_tls_and_tokens_serve_every_interface(
    store_env: dict[str, str], tmp_path: Path, authority: Any
) -> None:
    ca, _, cert, key = authority
    server = start_server(
        store_env,
        tmp_path,
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
        host="0.0.0.0",
        tls=grpc.ssl_channel_credentials(root_certificates=ca.pem),
    )
    try:
        client = Client(server, actor="officer-7", role=Role.CLAIMS_OFFICER)
        claim = client.report(COVERED[3], [pb.BENEFIT_MEDICAL]).claim
        assert client.get(claim).insured_id_number == COVERED[3]
        with grpc.insecure_channel(server.address) as plain:
            stub = claims_pb2_grpc.ClaimsServiceStub(plain)  # type: ignore[no-untyped-call]
            with pytest.raises(grpc.RpcError) as caught:
                stub.GetClaim(
                    pb.GetClaimRequest(name=claim.name),
                    metadata=client.metadata,
                    timeout=5,
                )
            assert caught.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    finally:
        assert server.terminate() == 0
    assert "UNPROTECTED" not in server.logs()


def test_a_client_certificate_is_the_principal_its_subject_maps_to(
    store_env: dict[str, str], tmp_path: Path, authority: Any
) -> None:
    ca, ca_file, cert, key = authority
    gateway = ca.issue("finance-gateway", "Xiangning County Finance Bureau")
    stranger = ca.issue("someone-else")
    (tmp_path / "credentials.jsonl").write_text(
        json.dumps({"name": "finance-gateway", "role": "FINANCE", "subject": GATEWAY})
        + "\n"
    )
    fixture_cert = ca.issue("e2e-fixture")
    server = start_server(
        store_env,
        tmp_path,
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
        "--client-ca",
        str(ca_file),
        tls=grpc.ssl_channel_credentials(
            ca.pem, fixture_cert.key, fixture_cert.certificate
        ),
    )

    def finance_stub(issued: Any) -> Any:
        channel = grpc.secure_channel(
            server.address,
            grpc.ssl_channel_credentials(
                ca.pem,
                issued.key if issued else None,
                issued.certificate if issued else None,
            ),
        )
        return reconciliation_pb2_grpc.ReconciliationServiceStub(channel)  # type: ignore[no-untyped-call]

    try:
        totals = finance_stub(gateway).GetTotals(
            rpb.GetTotalsRequest(scheme_id="e2e-current"), timeout=10
        )
        assert totals.scheme_id == "e2e-current"
        with pytest.raises(grpc.RpcError) as caught:
            finance_stub(stranger).GetTotals(
                rpb.GetTotalsRequest(scheme_id="e2e-current"), timeout=10
            )
        assert error_of(caught.value)[:2] == (
            grpc.StatusCode.UNAUTHENTICATED,
            "CREDENTIAL_NOT_RECOGNISED",
        )
        with pytest.raises(grpc.RpcError) as caught:
            finance_stub(None).GetTotals(
                rpb.GetTotalsRequest(scheme_id="e2e-current"), timeout=10
            )
        assert caught.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    finally:
        assert server.terminate() == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--client-ca", "ca.crt"), "--client-ca needs --tls-cert and --tls-key"),
        (("--tls-cert", "server.crt"), "give both --tls-cert and --tls-key"),
        (("--tls-cert", "gone.crt", "--tls-key", "gone.key"), "cannot read"),
        (("--credentials", "missing.jsonl"), "no credentials file missing.jsonl"),
    ],
    ids=["client CA alone", "certificate without key", "no such file", "no file"],
)
def test_settings_the_server_cannot_start_with_are_said_in_one_line(
    args: tuple[str, ...], said: str, tmp_path: Path
) -> None:
    done = serve(
        tmp_path,
        {"SQLITE_DBNAME": str(tmp_path / "events.sqlite3")},
        "--address",
        f"127.0.0.1:{free_port()}",
        *args,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("adjudication serve: ") and said in done.stderr
    assert len(done.stderr.splitlines()) == 1
