import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Registration(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_UNSPECIFIED: _ClassVar[Registration]
    REGISTRATION_PENDING: _ClassVar[Registration]
    REGISTRATION_CONFIRMED: _ClassVar[Registration]
    REGISTRATION_NOT_FOUND: _ClassVar[Registration]

class RegistrationCheck(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_CHECK_UNSPECIFIED: _ClassVar[RegistrationCheck]
    REGISTRATION_CHECK_CONFIRMED: _ClassVar[RegistrationCheck]
    REGISTRATION_CHECK_NOT_FOUND: _ClassVar[RegistrationCheck]
    REGISTRATION_CHECK_DECEASED: _ClassVar[RegistrationCheck]
    REGISTRATION_CHECK_MOVED_OUT: _ClassVar[RegistrationCheck]

class RosterProblemKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROSTER_PROBLEM_KIND_UNSPECIFIED: _ClassVar[RosterProblemKind]
    ROSTER_PROBLEM_KIND_REJECTED: _ClassVar[RosterProblemKind]
    ROSTER_PROBLEM_KIND_WARNING: _ClassVar[RosterProblemKind]
REGISTRATION_UNSPECIFIED: Registration
REGISTRATION_PENDING: Registration
REGISTRATION_CONFIRMED: Registration
REGISTRATION_NOT_FOUND: Registration
REGISTRATION_CHECK_UNSPECIFIED: RegistrationCheck
REGISTRATION_CHECK_CONFIRMED: RegistrationCheck
REGISTRATION_CHECK_NOT_FOUND: RegistrationCheck
REGISTRATION_CHECK_DECEASED: RegistrationCheck
REGISTRATION_CHECK_MOVED_OUT: RegistrationCheck
ROSTER_PROBLEM_KIND_UNSPECIFIED: RosterProblemKind
ROSTER_PROBLEM_KIND_REJECTED: RosterProblemKind
ROSTER_PROBLEM_KIND_WARNING: RosterProblemKind

class RosterHeader(_message.Message):
    __slots__ = ("request_id", "scheme_id", "township", "file_name")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    scheme_id: str
    township: str
    file_name: str
    def __init__(self, request_id: _Optional[str] = ..., scheme_id: _Optional[str] = ..., township: _Optional[str] = ..., file_name: _Optional[str] = ...) -> None: ...

class RosterRow(_message.Message):
    __slots__ = ("resident_id_number", "name", "township", "village", "registration", "employer_sector")
    RESIDENT_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_SECTOR_FIELD_NUMBER: _ClassVar[int]
    resident_id_number: str
    name: str
    township: str
    village: str
    registration: str
    employer_sector: str
    def __init__(self, resident_id_number: _Optional[str] = ..., name: _Optional[str] = ..., township: _Optional[str] = ..., village: _Optional[str] = ..., registration: _Optional[str] = ..., employer_sector: _Optional[str] = ...) -> None: ...

class RosterRows(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[RosterRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[RosterRow, _Mapping]]] = ...) -> None: ...

class ImportRosterRequest(_message.Message):
    __slots__ = ("header", "rows", "file_chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    FILE_CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: RosterHeader
    rows: RosterRows
    file_chunk: bytes
    def __init__(self, header: _Optional[_Union[RosterHeader, _Mapping]] = ..., rows: _Optional[_Union[RosterRows, _Mapping]] = ..., file_chunk: _Optional[bytes] = ...) -> None: ...

class RowProblem(_message.Message):
    __slots__ = ("row_number", "reason_code", "detail", "resident_id_number")
    ROW_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    row_number: int
    reason_code: str
    detail: str
    resident_id_number: str
    def __init__(self, row_number: _Optional[int] = ..., reason_code: _Optional[str] = ..., detail: _Optional[str] = ..., resident_id_number: _Optional[str] = ...) -> None: ...

class ListRosterProblemsRequest(_message.Message):
    __slots__ = ("scheme_id", "township", "digest", "kind", "page_size", "page_token")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    township: str
    digest: str
    kind: RosterProblemKind
    page_size: int
    page_token: str
    def __init__(self, scheme_id: _Optional[str] = ..., township: _Optional[str] = ..., digest: _Optional[str] = ..., kind: _Optional[_Union[RosterProblemKind, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRosterProblemsResponse(_message.Message):
    __slots__ = ("problems", "next_page_token")
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    problems: _containers.RepeatedCompositeFieldContainer[RowProblem]
    next_page_token: str
    def __init__(self, problems: _Optional[_Iterable[_Union[RowProblem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RosterSubmission(_message.Message):
    __slots__ = ("scheme_id", "township", "file_name", "digest", "rows", "accepted", "unchanged", "rejected", "warnings", "rejected_by_reason", "warnings_by_code")
    class RejectedByReasonEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class WarningsByCodeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    REJECTED_BY_REASON_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_BY_CODE_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    township: str
    file_name: str
    digest: str
    rows: int
    accepted: int
    unchanged: int
    rejected: _containers.RepeatedCompositeFieldContainer[RowProblem]
    warnings: _containers.RepeatedCompositeFieldContainer[RowProblem]
    rejected_by_reason: _containers.ScalarMap[str, int]
    warnings_by_code: _containers.ScalarMap[str, int]
    def __init__(self, scheme_id: _Optional[str] = ..., township: _Optional[str] = ..., file_name: _Optional[str] = ..., digest: _Optional[str] = ..., rows: _Optional[int] = ..., accepted: _Optional[int] = ..., unchanged: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RowProblem, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[RowProblem, _Mapping]]] = ..., rejected_by_reason: _Optional[_Mapping[str, int]] = ..., warnings_by_code: _Optional[_Mapping[str, int]] = ...) -> None: ...

class ImportRosterResponse(_message.Message):
    __slots__ = ("submission", "replayed")
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    submission: RosterSubmission
    replayed: bool
    def __init__(self, submission: _Optional[_Union[RosterSubmission, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RegistrationAnswer(_message.Message):
    __slots__ = ("resident_id_number", "result", "event_date")
    RESIDENT_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    EVENT_DATE_FIELD_NUMBER: _ClassVar[int]
    resident_id_number: str
    result: RegistrationCheck
    event_date: str
    def __init__(self, resident_id_number: _Optional[str] = ..., result: _Optional[_Union[RegistrationCheck, str]] = ..., event_date: _Optional[str] = ...) -> None: ...

class ConfirmRegistrationsRequest(_message.Message):
    __slots__ = ("request_id", "scheme_id", "source", "answers")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    scheme_id: str
    source: str
    answers: _containers.RepeatedCompositeFieldContainer[RegistrationAnswer]
    def __init__(self, request_id: _Optional[str] = ..., scheme_id: _Optional[str] = ..., source: _Optional[str] = ..., answers: _Optional[_Iterable[_Union[RegistrationAnswer, _Mapping]]] = ...) -> None: ...

class ConfirmRegistrationsResponse(_message.Message):
    __slots__ = ("applied", "unchanged", "not_enrolled", "refused", "replayed")
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    NOT_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    applied: int
    unchanged: int
    not_enrolled: _containers.RepeatedScalarFieldContainer[str]
    refused: _containers.RepeatedCompositeFieldContainer[RowProblem]
    replayed: bool
    def __init__(self, applied: _Optional[int] = ..., unchanged: _Optional[int] = ..., not_enrolled: _Optional[_Iterable[str]] = ..., refused: _Optional[_Iterable[_Union[RowProblem, _Mapping]]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class Insured(_message.Message):
    __slots__ = ("scheme_id", "resident_id_number", "name", "township", "village", "registration", "confirmation_date", "cover_end_date", "cover_end_reason", "history")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    CONFIRMATION_DATE_FIELD_NUMBER: _ClassVar[int]
    COVER_END_DATE_FIELD_NUMBER: _ClassVar[int]
    COVER_END_REASON_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    resident_id_number: str
    name: str
    township: str
    village: str
    registration: Registration
    confirmation_date: str
    cover_end_date: str
    cover_end_reason: str
    history: _containers.RepeatedCompositeFieldContainer[CoverageEvent]
    def __init__(self, scheme_id: _Optional[str] = ..., resident_id_number: _Optional[str] = ..., name: _Optional[str] = ..., township: _Optional[str] = ..., village: _Optional[str] = ..., registration: _Optional[_Union[Registration, str]] = ..., confirmation_date: _Optional[str] = ..., cover_end_date: _Optional[str] = ..., cover_end_reason: _Optional[str] = ..., history: _Optional[_Iterable[_Union[CoverageEvent, _Mapping]]] = ...) -> None: ...

class CoverageEvent(_message.Message):
    __slots__ = ("version", "type", "record_time")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    version: int
    type: str
    record_time: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., type: _Optional[str] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetInsuredRequest(_message.Message):
    __slots__ = ("scheme_id", "resident_id_number")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    resident_id_number: str
    def __init__(self, scheme_id: _Optional[str] = ..., resident_id_number: _Optional[str] = ...) -> None: ...

class GetInsuredResponse(_message.Message):
    __slots__ = ("insured",)
    INSURED_FIELD_NUMBER: _ClassVar[int]
    insured: Insured
    def __init__(self, insured: _Optional[_Union[Insured, _Mapping]] = ...) -> None: ...

class ListInsuredRequest(_message.Message):
    __slots__ = ("scheme_id", "township", "registration", "page_size", "page_token")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    township: str
    registration: Registration
    page_size: int
    page_token: str
    def __init__(self, scheme_id: _Optional[str] = ..., township: _Optional[str] = ..., registration: _Optional[_Union[Registration, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInsuredResponse(_message.Message):
    __slots__ = ("insured", "next_page_token")
    INSURED_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    insured: _containers.RepeatedCompositeFieldContainer[Insured]
    next_page_token: str
    def __init__(self, insured: _Optional[_Iterable[_Union[Insured, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetPremiumStatementRequest(_message.Message):
    __slots__ = ("scheme_id", "as_of_date")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    as_of_date: str
    def __init__(self, scheme_id: _Optional[str] = ..., as_of_date: _Optional[str] = ...) -> None: ...

class PremiumLine(_message.Message):
    __slots__ = ("township", "insured", "premium_fen")
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    INSURED_FIELD_NUMBER: _ClassVar[int]
    PREMIUM_FEN_FIELD_NUMBER: _ClassVar[int]
    township: str
    insured: int
    premium_fen: int
    def __init__(self, township: _Optional[str] = ..., insured: _Optional[int] = ..., premium_fen: _Optional[int] = ...) -> None: ...

class GetPremiumStatementResponse(_message.Message):
    __slots__ = ("scheme_id", "as_of_date", "lines", "total_insured", "total_premium_fen")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_INSURED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_PREMIUM_FEN_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    as_of_date: str
    lines: _containers.RepeatedCompositeFieldContainer[PremiumLine]
    total_insured: int
    total_premium_fen: int
    def __init__(self, scheme_id: _Optional[str] = ..., as_of_date: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[PremiumLine, _Mapping]]] = ..., total_insured: _Optional[int] = ..., total_premium_fen: _Optional[int] = ...) -> None: ...
