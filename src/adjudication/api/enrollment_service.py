"""`adjudication.v1.EnrollmentService`: rosters, registration checks, the
insured and the premium statement."""

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import grpc

from adjudication.adapters.spool import Spool, spool_root
from adjudication.adapters.storage import is_sqlite, sqlite_files
from adjudication.api.enrollment_mapping import (
    insured_message,
    row_problem,
    submission_message,
)
from adjudication.api.limits import LIMITS, Text, text_problem
from adjudication.api.mapping import timestamp
from adjudication.api.pagination import page_of, page_size, read_token
from adjudication.api.request_reader import RequestReader
from adjudication.api.rpc import rpc
from adjudication.domain.calendar import scheme_date
from adjudication.domain.commands import ConfirmRegistrations
from adjudication.domain.enrolment import (
    RegistrationCheck,
)
from adjudication.domain.errors import NotFound, Violations
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.resident_id import normalise
from adjudication.domain.roster_rows import RowValidator
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.roster_file import (
    FIELDS,
    RosterFileError,
    file_digest,
    read_rows,
)
from adjudication.metrics import RosterMetrics
from adjudication.v1 import enrollment_pb2 as pb
from adjudication.v1 import enrollment_pb2_grpc
from projections.insured_index import InsuredEntry, InsuredIndex

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class EnrollmentService(enrollment_pb2_grpc.EnrollmentServiceServicer):
    def __init__(
        self,
        app: EnrolmentApplication,
        spool: Spool | None = None,
        metrics: RosterMetrics | None = None,
    ) -> None:
        """`spool`: where uploaded rosters are written while they are read
        (by default the spool root of the store's settings); `metrics`: the
        rows and answers counted by outcome."""
        self.app = app
        self.metrics = metrics
        self.index = InsuredIndex(app)
        in_memory = app.env.get("PERSISTENCE_MODULE") == "eventsourcing.popo"
        store = ":memory:" if in_memory else None
        if is_sqlite(app.env):
            store = sqlite_files(app.env)[1]
        self.spool = spool or Spool(spool_root(app.env, store))
        self.limits = RosterLimits.of(app.env)

    @rpc
    def ImportRoster(
        self, request: Iterator[pb.ImportRosterRequest], context: grpc.ServicerContext
    ) -> pb.ImportRosterResponse:
        first = next(request, None)
        problems = Violations()
        if first is None or first.WhichOneof("content") != "header":
            problems.add("header", "the first message carries the roster's header")
            problems.raise_if_any()
        assert first is not None
        header = first.header
        if not header.township.strip():
            problems.add("header.township", "required")
        suffix = Path(header.file_name).suffix.lower() or ".csv"
        if suffix not in (".csv", ".xlsx"):
            problems.add("header.file_name", "a roster is a .csv or .xlsx file")
        problems.raise_if_any()
        with self.spool.file(suffix) as path:
            _spool(request, path, self.limits)
            # The whole file is read once before anything is recorded, so an
            # upload refused halfway writes nothing.
            _check_file(path, self.limits)
            validator = RowValidator(header.township, scheme_date(self.app.clock()))
            try:
                checked = (validator.check(raw) for raw in read_rows(path))
                submission, new = self.app.import_roster(
                    header.scheme_id,
                    header.township.strip(),
                    header.file_name,
                    file_digest(path),
                    checked,
                )
            except RosterFileError as e:
                problems.add("file_chunk", str(e))
                problems.raise_if_any()
                raise
        if new and self.metrics is not None:
            self.metrics.imported(submission)
        return pb.ImportRosterResponse(
            submission=submission_message(submission), replayed=not new
        )

    @rpc
    def ConfirmRegistrations(
        self, request: pb.ConfirmRegistrationsRequest, context: grpc.ServicerContext
    ) -> pb.ConfirmRegistrationsResponse:
        read = RequestReader()
        entries = []
        for i, answer in enumerate(request.answers):
            f = f"answers[{i}]"
            if answer.result == pb.REGISTRATION_CHECK_UNSPECIFIED:
                read.problems.add(f"{f}.result", "required")
                continue
            result = RegistrationCheck(
                pb.RegistrationCheck.Name(answer.result).removeprefix(
                    "REGISTRATION_CHECK_"
                )
            )
            entries.append(
                RegistrationEntry(
                    normalise(answer.resident_id_number),
                    result,
                    read.optional_day(answer.event_date, f"{f}.event_date"),
                )
            )
        if not request.source.strip():
            read.problems.add("source", "name the police's answer, e.g. its letter")
        read.done()
        summary, replayed = self.app.confirm_registrations(
            ConfirmRegistrations(
                request.request_id,
                request.scheme_id,
                request.source.strip(),
                tuple(entries),
            )
        )
        if not replayed and self.metrics is not None:
            self.metrics.confirmed(summary)
        return pb.ConfirmRegistrationsResponse(
            replayed=replayed,
            applied=summary.applied,
            unchanged=summary.unchanged,
            not_enrolled=list(summary.not_enrolled),
            refused=[
                pb.RowProblem(resident_id_number=who, reason_code="REFUSED", detail=why)
                for who, why in summary.refused
            ],
        )

    @rpc
    def GetInsured(
        self, request: pb.GetInsuredRequest, context: grpc.ServicerContext
    ) -> pb.GetInsuredResponse:
        insured = self.app.insured(
            request.scheme_id, normalise(request.resident_id_number)
        )
        message = insured_message(
            InsuredEntry(
                0,
                insured.scheme_id,
                insured.resident_id_number,
                insured.name,
                insured.township,
                insured.village,
                str(insured.registration),
                insured.confirmed_on,
                insured.covered_until,
                insured.cover_end_reason or "",
            )
        )
        history: list[Any] = list(self.app.events.get(insured.id))
        for happened in history:
            message.history.append(
                pb.CoverageEvent(
                    version=happened.originator_version,
                    type=type(happened).__name__,
                    record_time=timestamp(happened.timestamp),
                )
            )
        return pb.GetInsuredResponse(insured=message)

    @rpc
    def ListInsured(
        self, request: pb.ListInsuredRequest, context: grpc.ServicerContext
    ) -> pb.ListInsuredResponse:
        read = RequestReader()
        size = page_size(
            request.page_size, read.problems, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        if request.registration not in pb.Registration.values():
            read.problems.add("registration", "unknown registration")
        read.done()
        registration = (
            pb.Registration.Name(request.registration).removeprefix("REGISTRATION_")
            if request.registration
            else ""
        )
        criteria = (request.scheme_id, request.township, registration)
        after = read_token(request.page_token, criteria)
        rows = self.index.entries(*criteria, after, size + 1)
        entries, token = page_of(rows, size, lambda e: e.order, criteria)
        return pb.ListInsuredResponse(
            insured=[insured_message(e) for e in entries], next_page_token=token
        )

    @rpc
    def ListRosterProblems(
        self, request: pb.ListRosterProblemsRequest, context: grpc.ServicerContext
    ) -> pb.ListRosterProblemsResponse:
        read = RequestReader()
        for field in ("scheme_id", "township", "digest"):
            if not getattr(request, field):
                read.problems.add(field, "required: as ImportRoster returned it")
        if request.kind not in (
            pb.ROSTER_PROBLEM_KIND_REJECTED,
            pb.ROSTER_PROBLEM_KIND_WARNING,
        ):
            read.problems.add("kind", "ROSTER_PROBLEM_KIND_REJECTED or _WARNING")
        size = page_size(
            request.page_size, read.problems, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        read.done()
        submission = self.app.submission(
            request.scheme_id, request.township, request.digest
        )
        if submission is None:
            raise NotFound(
                f"no roster {request.digest} of {request.township} for "
                f"{request.scheme_id}",
                "ROSTER_NOT_FOUND",
            )
        criteria = (request.scheme_id, request.township, request.digest, request.kind)
        after = max(read_token(request.page_token, criteria), 0)
        warnings = request.kind == pb.ROSTER_PROBLEM_KIND_WARNING
        rows = list(
            islice(self.app.roster_problems(submission, warnings, after), size + 1)
        )
        page, token = page_of(rows, size, lambda r: r.row_number, criteria)
        return pb.ListRosterProblemsResponse(
            problems=[row_problem(r) for r in page], next_page_token=token
        )

    @rpc
    def GetPremiumStatement(
        self, request: pb.GetPremiumStatementRequest, context: grpc.ServicerContext
    ) -> pb.GetPremiumStatementResponse:
        read = RequestReader()
        as_of = read.optional_day(request.as_of_date, "as_of_date")
        read.done()
        day = as_of or scheme_date(self.app.clock())
        lines = self.app.premium_statement(request.scheme_id, day)
        return pb.GetPremiumStatementResponse(
            scheme_id=request.scheme_id,
            as_of_date=day.isoformat(),
            lines=[
                pb.PremiumLine(
                    township=x.township, insured=x.insured, premium_fen=x.premium_fen
                )
                for x in lines
            ],
            total_insured=sum(x.insured for x in lines),
            total_premium_fen=sum(x.premium_fen for x in lines),
        )


@dataclass(frozen=True)
class RosterLimits:
    """The largest roster upload: its bytes as spooled (a file's, or the rows
    as CSV) and its rows; configured by ADJUDICATION_ROSTER_MAX_BYTES and
    ADJUDICATION_ROSTER_MAX_ROWS."""

    max_bytes: int = 64 << 20
    max_rows: int = 200_000

    @classmethod
    def of(cls, env: Mapping[str, str]) -> "RosterLimits":
        given = {}
        for name, key in (("max_bytes", MAX_BYTES), ("max_rows", MAX_ROWS)):
            value = env.get(key)
            if value:
                if not value.isdigit() or int(value) <= 0:
                    raise ValueError(f"{key}={value!r}: expected a positive integer")
                given[name] = int(value)
        return cls(**given)


MAX_BYTES = "ADJUDICATION_ROSTER_MAX_BYTES"
MAX_ROWS = "ADJUDICATION_ROSTER_MAX_ROWS"
# A refused file names this many of its bad cells, not every one.
_CELL_PROBLEMS_SHOWN = 20


def _spool(
    request: Iterator[pb.ImportRosterRequest], path: Path, limits: RosterLimits
) -> None:
    """The rest of the stream into a file: the file's bytes, or the rows as a
    CSV file, so both take the same way through the roster reader. Stops
    reading at the upload's limit."""
    kinds = set()
    problems = Violations()
    rows = 0
    with path.open("wb") as out:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        for message in request:
            kind = message.WhichOneof("content")
            if kind not in kinds and kind in ("rows", "file_chunk"):
                kinds.add(kind)
                if kind == "rows":
                    writer.writerow(FIELDS)
            if kind == "file_chunk":
                out.write(message.file_chunk)
            elif kind == "rows":
                rows += len(message.rows.rows)
                writer.writerows(
                    [getattr(row, c) for c in FIELDS] for row in message.rows.rows
                )
            if out.tell() > limits.max_bytes:
                problems.add(
                    "file_chunk" if kind == "file_chunk" else "rows",
                    f"a roster upload is at most {limits.max_bytes} bytes "
                    f"({MAX_BYTES})",
                    "ROSTER_TOO_LARGE",
                )
                break
            if rows > limits.max_rows:
                problems.add("rows", _too_many_rows(limits), "ROSTER_TOO_LARGE")
                break
        text.detach()
    if not problems and len(kinds) != 1:
        problems.add("content", "send rows or the file's bytes, not both, not neither")
    problems.raise_if_any()


def _too_many_rows(limits: RosterLimits) -> str:
    return f"a roster has at most {limits.max_rows} rows ({MAX_ROWS})"


def _check_file(path: Path, limits: RosterLimits) -> None:
    """Refuses a file that cannot be read to its end, has more rows than the
    limit, or has a cell beyond its field's input limit (e.g. a NUL in a
    name)."""
    problems = Violations()
    shown = 0
    try:
        for rows, raw in enumerate(read_rows(path), start=1):
            if rows > limits.max_rows:
                problems.add("file_chunk", _too_many_rows(limits), "ROSTER_TOO_LARGE")
                break
            for name, value in raw.fields.items():
                limit = LIMITS[f"RosterRow.{name}"]
                assert isinstance(limit, Text)
                problem = text_problem(limit, value)
                if problem is not None and shown < _CELL_PROBLEMS_SHOWN:
                    shown += 1
                    problems.add(
                        "file_chunk", f"row {raw.row_number}, {name}: {problem[0]}"
                    )
    except RosterFileError as e:
        problems.add("file_chunk", str(e))
    problems.raise_if_any()
