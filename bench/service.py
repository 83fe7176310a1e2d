"""The service under test: `adjudication serve` subprocesses (as the end-to-end
tests start them), a pool of enrolled persons, and the client's journeys."""

import os
import threading
import time
import uuid
from collections.abc import Iterator

import grpc
from tests.e2e.client import MEDICAL_DOCS, common_documents, invoices
from tests.e2e.conftest import (
    SCHEME_ID,
    RunningServer,
    days_ago,
    free_port,
    start_server,
    wait_until_serving,
)
from tests.roster_factory import Person, generate_people

from adjudication.auth.roles import Role
from adjudication.v1 import audit_pb2_grpc, claims_pb2_grpc, enrollment_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb

TOWNSHIP = "昌宁镇"
ROWS_PER_MESSAGE = 2_000

__all__ = ["RunningServer", "free_port", "start_server", "wait_until_serving"]


def people(count: int, seed: int) -> list[Person]:
    return list(generate_people(count, seed, TOWNSHIP, anachronisms=False))


class Calls:
    """The stubs of one server, each call carrying the token of its role."""

    def __init__(self, server: RunningServer) -> None:
        self.server = server
        channel = server.channel
        self.claims = claims_pb2_grpc.ClaimsServiceStub(channel)  # type: ignore[no-untyped-call]
        self.audit = audit_pb2_grpc.AuditServiceStub(channel)  # type: ignore[no-untyped-call]
        self.enrolment = enrollment_pb2_grpc.EnrollmentServiceStub(channel)  # type: ignore[no-untyped-call]
        self.officer = (server.bearer("bench-officer", Role.SUPERVISOR),)
        self.auditor = (server.bearer("bench-auditor", Role.AUDITOR),)
        self.enroller = (server.bearer("bench-enrolment", Role.ENROLMENT_OFFICER),)

    def import_roster(self, persons: list[Person]) -> int:
        """ImportRoster of `persons`, streamed in chunks; the rows accepted."""
        header = epb.RosterHeader(
            request_id=uuid.uuid4().hex,
            scheme_id=SCHEME_ID,
            township=TOWNSHIP,
            file_name="bench",
        )

        def requests() -> Iterator[epb.ImportRosterRequest]:
            yield epb.ImportRosterRequest(header=header)
            for start in range(0, len(persons), ROWS_PER_MESSAGE):
                rows = [
                    epb.RosterRow(
                        resident_id_number=p.resident_id_number,
                        name=p.name,
                        village=p.village,
                        registration=p.registration,
                    )
                    for p in persons[start : start + ROWS_PER_MESSAGE]
                ]
                yield epb.ImportRosterRequest(rows=epb.RosterRows(rows=rows))

        response = self.enrolment.ImportRoster(
            requests(), metadata=self.enroller, timeout=600
        )
        return int(response.submission.accepted)

    def confirm(self, persons: list[Person]) -> None:
        for start in range(0, len(persons), 10_000):
            answers = [
                epb.RegistrationAnswer(
                    resident_id_number=p.resident_id_number,
                    result=epb.REGISTRATION_CHECK_CONFIRMED,
                )
                for p in persons[start : start + 10_000]
            ]
            self.enrolment.ConfirmRegistrations(
                epb.ConfirmRegistrationsRequest(
                    request_id=uuid.uuid4().hex,
                    scheme_id=SCHEME_ID,
                    source="公安局",
                    answers=answers,
                ),
                metadata=self.enroller,
                timeout=600,
            )

    def lifecycle(self, person: Person, timings: list[float], pay_fen: int = 0) -> str:
        """ReportClaim, RecordDocuments, AssessClaim, RecordPayment of a medical
        claim of `person`, paid in full or `pay_fen`; appends each command's
        seconds; the claim's name."""
        day = days_ago(12)
        reference = f"INV-{uuid.uuid4().hex[:12]}"
        report = pb.ReportClaimRequest(
            request_id=uuid.uuid4().hex,
            insured_id_number=person.resident_id_number,
            insured_name=person.name,
            benefits=[pb.BENEFIT_MEDICAL],
            accident=pb.AccidentFacts(
                accident_date=day, place="田间", cause="FALL", description="劳动时受伤"
            ),
        )
        claim = self._timed(self.claims.ReportClaim, report, timings).claim
        documents = [
            *common_documents(day, holder=person.name),
            *MEDICAL_DOCS,
            invoices((reference, day, 12_000, 0)),
        ]
        self._timed(
            self.claims.RecordDocuments,
            pb.RecordDocumentsRequest(
                request_id=uuid.uuid4().hex, name=claim.name, documents=documents
            ),
            timings,
        )
        assessed = self._timed(
            self.claims.AssessClaim,
            pb.AssessClaimRequest(request_id=uuid.uuid4().hex, name=claim.name),
            timings,
        ).claim
        self.pay(assessed.name, pay_fen or assessed.assessed_fen, timings)
        return str(claim.name)

    def pay(self, name: str, fen: int, timings: list[float]) -> None:
        self._timed(
            self.claims.RecordPayment,
            pb.RecordPaymentRequest(
                request_id=uuid.uuid4().hex,
                name=name,
                amount_fen=fen,
                reference=f"BANK-{uuid.uuid4().hex[:12]}",
            ),
            timings,
        )

    def _timed(self, method: object, request: object, timings: list[float]) -> object:
        started = time.perf_counter()
        response = method(request, metadata=self.officer, timeout=60)  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
        return response


class Pool:
    """Enrolled persons handed out once each to the client threads."""

    def __init__(self, persons: list[Person]) -> None:
        self._persons = iter(persons)
        self._lock = threading.Lock()

    def take(self) -> Person | None:
        with self._lock:
            return next(self._persons, None)


def enrol(calls: Calls, persons: list[Person]) -> None:
    accepted = calls.import_roster(persons)
    if accepted != len(persons):
        raise RuntimeError(f"roster: {accepted} of {len(persons)} accepted")
    calls.confirm(persons)


def writer_threads(
    calls: Calls, pool: Pool, clients: int, seconds: float
) -> tuple[int, list[float], list[str], list[str]]:
    """`clients` threads doing lifecycles for `seconds`; the commands done per
    second of wall time is len(timings) / elapsed. Returns (elapsed ns,
    timings, claim names, errors)."""
    timings: list[float] = []
    names: list[str] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def run() -> None:
        mine: list[float] = []
        while time.monotonic() < deadline:
            person = pool.take()
            if person is None:
                errors.append("the pool of enrolled persons ran out")
                break
            try:
                names.append(calls.lifecycle(person, mine))
            except grpc.RpcError as error:
                errors.append(f"{error.code()}: {error.details()}")  # type: ignore[attr-defined]
        timings.extend(mine)

    started = time.perf_counter_ns()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter_ns() - started, timings, names, errors


def settle(pid: int, within: float = 120) -> float:
    """Waits until the process is idle (under 5 % of a core over half a
    second): the next phase must not share the machine with the read models
    still catching up. Returns the seconds waited."""
    started = time.monotonic()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    before = cpu()
    while time.monotonic() - started < within:
        time.sleep(0.5)
        now = cpu()
        if now - before < 0.025:
            break
        before = now
    return time.monotonic() - started


def rss_kb(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    return {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM")}
