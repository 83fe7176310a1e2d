"""Personal data at rest (issue 10, item 4): a person enrolled from an uploaded
roster, their claim reported, documented with their bank account, assessed
and paid through the real server; then neither the store (every SQLite file,
or a `pg_dump` of the schema) nor the server's log holds their ID number,
name or bank account, while an auditor still reads them from the log and an
officer still finds the claim by the ID number."""

import json
import os
import subprocess
from datetime import date
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc, enrollment_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb
from tests.builders import resident_id
from tests.e2e.client import MEDICAL_DOCS, Client, common_documents, invoices
from tests.e2e.conftest import SCHEME_ID, RunningServer, days_ago, start_server
from tests.figures import measured
from tests.stores import PG, postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

ID_NUMBER = resident_id(777, date(1968, 2, 29))
NAME = "欧阳秋菊"
ACCOUNT = "6217000099887766"
SECRETS = {"ID number": ID_NUMBER, "name": NAME, "bank account": ACCOUNT}


def upload_roster(server: RunningServer) -> None:
    """As a township uploads its roster file: the CSV's bytes in chunks."""
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    csv = f"身份证号码,姓名,村,户籍类型,工作单位类型\n{ID_NUMBER},{NAME},西坡村,农业,\n"
    header = epb.RosterHeader(
        request_id="roster-secret",
        scheme_id=SCHEME_ID,
        township="西交口乡",
        file_name="西交口乡花名册.csv",
    )
    data = csv.encode()
    chunks = [data[i : i + 16] for i in range(0, len(data), 16)]
    imported = stub.ImportRoster(
        iter(
            [
                epb.ImportRosterRequest(header=header),
                *(epb.ImportRosterRequest(file_chunk=c) for c in chunks),
            ]
        )
    )
    assert imported.submission.accepted == 1, imported
    stub.ConfirmRegistrations(
        epb.ConfirmRegistrationsRequest(
            request_id="checks-secret",
            scheme_id=SCHEME_ID,
            source="公安局",
            answers=[
                epb.RegistrationAnswer(
                    resident_id_number=ID_NUMBER,
                    result=epb.REGISTRATION_CHECK_CONFIRMED,
                )
            ],
        )
    )


def paid_claim(client: Client) -> pb.Claim:
    cut = days_ago(12)
    request = pb.ReportClaimRequest(
        request_id=uuid4().hex,
        insured_id_number=ID_NUMBER,
        insured_name=NAME,
        benefits=[pb.BENEFIT_MEDICAL],
        accident=pb.AccidentFacts(
            accident_date=cut, place="田间", cause="CUT", description="割伤左手"
        ),
    )
    claim = client.call("ReportClaim", request).claim
    documents = [
        *common_documents(cut, NAME, ACCOUNT),
        *MEDICAL_DOCS,
        invoices((f"S-{uuid4().hex[:8]}", cut, 128000, 40000)),
    ]
    client.documents(claim, documents)
    client.assess(claim)
    return client.pay(claim, 78000).claim


def unkeyed(kind: str, name: str) -> UUID:
    return uuid5(uuid5(NAMESPACE_URL, f"urn:adjudication:{kind}"), name)


# The ids the person's aggregates had before they were keyed (uuid5 of the ID
# number): whoever holds the store could try every possible number.
UNKEYED_IDS = {
    "Insured": unkeyed("insured", f"{SCHEME_ID}/{ID_NUMBER}"),
    "Coverage": unkeyed("coverage", f"{SCHEME_ID}/{ID_NUMBER}"),
    "AccidentRegister": unkeyed("accident-register", ID_NUMBER),
    "InvoiceRegister": unkeyed("invoice-register", ID_NUMBER),
}


def id_hits(data: bytes, ids: dict[str, UUID]) -> dict[str, int]:
    return {
        what: data.count(u.hex.encode()) + data.count(str(u).encode())
        for what, u in ids.items()
    }


def hits(data: bytes) -> dict[str, int]:
    """Occurrences of each secret, as text or as the hex a dump shows bytes in."""
    found = {}
    for what, secret in SECRETS.items():
        raw = secret.encode()
        found[what] = data.count(raw) + data.lower().count(raw.hex().encode())
    return found


def store_contents(env: dict[str, str], folder: Path) -> tuple[str, bytes]:
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        files = [
            p
            for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith((".log", ".toml"))
        ]
        assert any(p.name.endswith(".sqlite3") for p in files)
        return f"{len(files)} SQLite files", b"".join(p.read_bytes() for p in files)
    dump = subprocess.run(
        [
            "pg_dump",
            "--host",
            PG["host"],
            "--port",
            PG["port"],
            "--username",
            PG["user"],
            "--schema",
            env["POSTGRES_SCHEMA"],
            env["POSTGRES_DBNAME"],
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": PG["password"]},
    ).stdout
    assert b"CREATE TABLE" in dump and b"COPY" in dump
    return "pg_dump of the schema", dump


def test_no_id_number_name_or_bank_account_is_stored_or_logged_in_the_clear(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path)
    try:
        upload_roster(server)
        officer = Client(server)
        claim = paid_claim(officer)
        listed = officer.call(
            "ListClaims",
            pb.ListClaimsRequest(
                insured_id_number=ID_NUMBER, min_position=officer.written
            ),
            timeout=10,
        )
        assert [c.name for c in listed.claims] == [claim.name]
        assert officer.get(claim).insured_name == NAME
        audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
        streamed = [
            e.payload_json
            for r in audit.StreamEvents(
                apb.StreamEventsRequest(), metadata=(("x-role", "AUDITOR"),)
            )
            for e in r.events
        ]
        assert ID_NUMBER in "".join(streamed) and ACCOUNT in "".join(streamed)
        assert json.loads(streamed[0])  # read back from the sealed log
    finally:
        assert server.terminate() == 0, server.logs()

    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        # no keys configured: the embedded store made its own, and said so
        assert "created the key file" in server.logs()
        assert (tmp_path / "adjudication.key").stat().st_mode & 0o777 == 0o600
    where, stored = store_contents(store_env, tmp_path)
    in_store = hits(stored)
    in_logs = hits(server.log.read_bytes())
    measured(f"{where}: {in_store}; server log: {in_logs}")
    derived = id_hits(stored, UNKEYED_IDS)
    measured(f"{where}, ids derived from the ID number without a key: {derived}")
    assert in_store == dict.fromkeys(SECRETS, 0)
    assert derived == dict.fromkeys(UNKEYED_IDS, 0)
    # ... while the claim's own id is found as the dump shows ids
    assert id_hits(stored, {"claim": UUID(claim.claim_id)})["claim"] > 0
    assert in_logs == dict.fromkeys(SECRETS, 0)
