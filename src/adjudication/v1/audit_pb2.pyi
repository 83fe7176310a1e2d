import datetime

from adjudication.v1 import claims_pb2 as _claims_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ClaimEvent(_message.Message):
    __slots__ = ("position", "version", "event_type", "record_time", "actor", "request_id", "payload_json", "effective_date")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_FIELD_NUMBER: _ClassVar[int]
    position: int
    version: int
    event_type: str
    record_time: _timestamp_pb2.Timestamp
    actor: str
    request_id: str
    payload_json: str
    effective_date: str
    def __init__(self, position: _Optional[int] = ..., version: _Optional[int] = ..., event_type: _Optional[str] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., request_id: _Optional[str] = ..., payload_json: _Optional[str] = ..., effective_date: _Optional[str] = ...) -> None: ...

class LogEvent(_message.Message):
    __slots__ = ("position", "originator_id", "version", "event_type", "record_time", "payload_json", "effective_date")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ORIGINATOR_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_FIELD_NUMBER: _ClassVar[int]
    position: int
    originator_id: str
    version: int
    event_type: str
    record_time: _timestamp_pb2.Timestamp
    payload_json: str
    effective_date: str
    def __init__(self, position: _Optional[int] = ..., originator_id: _Optional[str] = ..., version: _Optional[int] = ..., event_type: _Optional[str] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload_json: _Optional[str] = ..., effective_date: _Optional[str] = ...) -> None: ...

class GetClaimHistoryRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetClaimHistoryResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[ClaimEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[ClaimEvent, _Mapping]]] = ...) -> None: ...

class GetClaimAsOfRequest(_message.Message):
    __slots__ = ("name", "as_of_time", "version")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    name: str
    as_of_time: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, name: _Optional[str] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class GetClaimAsOfResponse(_message.Message):
    __slots__ = ("claim",)
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    claim: _claims_pb2.Claim
    def __init__(self, claim: _Optional[_Union[_claims_pb2.Claim, _Mapping]] = ...) -> None: ...

class StreamEventsRequest(_message.Message):
    __slots__ = ("after_position", "batch_size", "event_types", "limit")
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    batch_size: int
    event_types: _containers.RepeatedScalarFieldContainer[str]
    limit: int
    def __init__(self, after_position: _Optional[int] = ..., batch_size: _Optional[int] = ..., event_types: _Optional[_Iterable[str]] = ..., limit: _Optional[int] = ...) -> None: ...

class StreamEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[LogEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[LogEvent, _Mapping]]] = ...) -> None: ...

class ListOverdueClaimsRequest(_message.Message):
    __slots__ = ("scheme_id", "as_of_date", "page_size", "page_token", "min_position")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    as_of_date: str
    page_size: int
    page_token: str
    min_position: int
    def __init__(self, scheme_id: _Optional[str] = ..., as_of_date: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., min_position: _Optional[int] = ...) -> None: ...

class ListOverdueClaimsResponse(_message.Message):
    __slots__ = ("claims", "next_page_token")
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    claims: _containers.RepeatedCompositeFieldContainer[_claims_pb2.Claim]
    next_page_token: str
    def __init__(self, claims: _Optional[_Iterable[_Union[_claims_pb2.Claim, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListBackdatedStepsRequest(_message.Message):
    __slots__ = ("scheme_id", "page_size", "page_token")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    page_size: int
    page_token: str
    def __init__(self, scheme_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBackdatedStepsResponse(_message.Message):
    __slots__ = ("steps", "next_page_token", "threshold_days")
    STEPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_DAYS_FIELD_NUMBER: _ClassVar[int]
    steps: _containers.RepeatedCompositeFieldContainer[LogEvent]
    next_page_token: str
    threshold_days: int
    def __init__(self, steps: _Optional[_Iterable[_Union[LogEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., threshold_days: _Optional[int] = ...) -> None: ...

class LogCheckpoint(_message.Message):
    __slots__ = ("log", "position", "digest", "signed_at", "public_key", "signature")
    LOG_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    log: str
    position: int
    digest: str
    signed_at: str
    public_key: str
    signature: str
    def __init__(self, log: _Optional[str] = ..., position: _Optional[int] = ..., digest: _Optional[str] = ..., signed_at: _Optional[str] = ..., public_key: _Optional[str] = ..., signature: _Optional[str] = ...) -> None: ...

class VerifyLogRequest(_message.Message):
    __slots__ = ("checkpoint", "log")
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    LOG_FIELD_NUMBER: _ClassVar[int]
    checkpoint: LogCheckpoint
    log: str
    def __init__(self, checkpoint: _Optional[_Union[LogCheckpoint, _Mapping]] = ..., log: _Optional[str] = ...) -> None: ...

class VerifyLogResponse(_message.Message):
    __slots__ = ("intact", "checked_events", "head_position", "head_digest", "end_position", "first_broken_position", "broken_reason", "description", "checkpoint", "log")
    INTACT_FIELD_NUMBER: _ClassVar[int]
    CHECKED_EVENTS_FIELD_NUMBER: _ClassVar[int]
    HEAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    HEAD_DIGEST_FIELD_NUMBER: _ClassVar[int]
    END_POSITION_FIELD_NUMBER: _ClassVar[int]
    FIRST_BROKEN_POSITION_FIELD_NUMBER: _ClassVar[int]
    BROKEN_REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    LOG_FIELD_NUMBER: _ClassVar[int]
    intact: bool
    checked_events: int
    head_position: int
    head_digest: str
    end_position: int
    first_broken_position: int
    broken_reason: str
    description: str
    checkpoint: LogCheckpoint
    log: str
    def __init__(self, intact: _Optional[bool] = ..., checked_events: _Optional[int] = ..., head_position: _Optional[int] = ..., head_digest: _Optional[str] = ..., end_position: _Optional[int] = ..., first_broken_position: _Optional[int] = ..., broken_reason: _Optional[str] = ..., description: _Optional[str] = ..., checkpoint: _Optional[_Union[LogCheckpoint, _Mapping]] = ..., log: _Optional[str] = ...) -> None: ...
