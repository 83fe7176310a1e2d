from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LedgerLineKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEDGER_LINE_KIND_UNSPECIFIED: _ClassVar[LedgerLineKind]
    LEDGER_LINE_KIND_PAYMENT: _ClassVar[LedgerLineKind]
    LEDGER_LINE_KIND_TOP_UP_GRANTED: _ClassVar[LedgerLineKind]
    LEDGER_LINE_KIND_RECOVERY: _ClassVar[LedgerLineKind]
LEDGER_LINE_KIND_UNSPECIFIED: LedgerLineKind
LEDGER_LINE_KIND_PAYMENT: LedgerLineKind
LEDGER_LINE_KIND_TOP_UP_GRANTED: LedgerLineKind
LEDGER_LINE_KIND_RECOVERY: LedgerLineKind

class LedgerLine(_message.Message):
    __slots__ = ("position", "claim", "kind", "reference", "amount_fen", "date", "township", "scheme_id", "benefits")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    BENEFITS_FIELD_NUMBER: _ClassVar[int]
    position: int
    claim: str
    kind: LedgerLineKind
    reference: str
    amount_fen: int
    date: str
    township: str
    scheme_id: str
    benefits: _containers.RepeatedCompositeFieldContainer[PaidBenefit]
    def __init__(self, position: _Optional[int] = ..., claim: _Optional[str] = ..., kind: _Optional[_Union[LedgerLineKind, str]] = ..., reference: _Optional[str] = ..., amount_fen: _Optional[int] = ..., date: _Optional[str] = ..., township: _Optional[str] = ..., scheme_id: _Optional[str] = ..., benefits: _Optional[_Iterable[_Union[PaidBenefit, _Mapping]]] = ...) -> None: ...

class PaidBenefit(_message.Message):
    __slots__ = ("benefit", "amount_fen")
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    benefit: str
    amount_fen: int
    def __init__(self, benefit: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class ListPaymentsRequest(_message.Message):
    __slots__ = ("date_from", "date_to", "township", "page_size", "page_token", "min_position", "benefit")
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    date_from: str
    date_to: str
    township: str
    page_size: int
    page_token: str
    min_position: int
    benefit: str
    def __init__(self, date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., township: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., min_position: _Optional[int] = ..., benefit: _Optional[str] = ...) -> None: ...

class ListPaymentsResponse(_message.Message):
    __slots__ = ("lines", "next_page_token")
    LINES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[LedgerLine]
    next_page_token: str
    def __init__(self, lines: _Optional[_Iterable[_Union[LedgerLine, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTotalsRequest(_message.Message):
    __slots__ = ("scheme_id", "min_position")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    min_position: int
    def __init__(self, scheme_id: _Optional[str] = ..., min_position: _Optional[int] = ...) -> None: ...

class PaidTotal(_message.Message):
    __slots__ = ("township", "month", "paid_fen", "payments")
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    township: str
    month: str
    paid_fen: int
    payments: int
    def __init__(self, township: _Optional[str] = ..., month: _Optional[str] = ..., paid_fen: _Optional[int] = ..., payments: _Optional[int] = ...) -> None: ...

class GetTotalsResponse(_message.Message):
    __slots__ = ("scheme_id", "paid", "paid_fen", "premium_fen", "loss_ratio", "assessed", "paid_by_benefit", "decided_at_zero", "recovered_fen", "to_recover_fen")
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    PREMIUM_FEN_FIELD_NUMBER: _ClassVar[int]
    LOSS_RATIO_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_FIELD_NUMBER: _ClassVar[int]
    PAID_BY_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_ZERO_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    TO_RECOVER_FEN_FIELD_NUMBER: _ClassVar[int]
    scheme_id: str
    paid: _containers.RepeatedCompositeFieldContainer[PaidTotal]
    paid_fen: int
    premium_fen: int
    loss_ratio: str
    assessed: _containers.RepeatedCompositeFieldContainer[AssessedTotal]
    paid_by_benefit: _containers.RepeatedCompositeFieldContainer[PaidBenefitTotal]
    decided_at_zero: _containers.RepeatedCompositeFieldContainer[DecidedAtZeroTotal]
    recovered_fen: int
    to_recover_fen: int
    def __init__(self, scheme_id: _Optional[str] = ..., paid: _Optional[_Iterable[_Union[PaidTotal, _Mapping]]] = ..., paid_fen: _Optional[int] = ..., premium_fen: _Optional[int] = ..., loss_ratio: _Optional[str] = ..., assessed: _Optional[_Iterable[_Union[AssessedTotal, _Mapping]]] = ..., paid_by_benefit: _Optional[_Iterable[_Union[PaidBenefitTotal, _Mapping]]] = ..., decided_at_zero: _Optional[_Iterable[_Union[DecidedAtZeroTotal, _Mapping]]] = ..., recovered_fen: _Optional[int] = ..., to_recover_fen: _Optional[int] = ...) -> None: ...

class DecidedAtZeroTotal(_message.Message):
    __slots__ = ("township", "claims")
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    township: str
    claims: int
    def __init__(self, township: _Optional[str] = ..., claims: _Optional[int] = ...) -> None: ...

class PaidBenefitTotal(_message.Message):
    __slots__ = ("township", "month", "benefit", "paid_fen", "payments")
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    township: str
    month: str
    benefit: str
    paid_fen: int
    payments: int
    def __init__(self, township: _Optional[str] = ..., month: _Optional[str] = ..., benefit: _Optional[str] = ..., paid_fen: _Optional[int] = ..., payments: _Optional[int] = ...) -> None: ...

class AssessedTotal(_message.Message):
    __slots__ = ("date", "benefit", "township", "assessed_fen", "claims")
    DATE_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_FEN_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    date: str
    benefit: str
    township: str
    assessed_fen: int
    claims: int
    def __init__(self, date: _Optional[str] = ..., benefit: _Optional[str] = ..., township: _Optional[str] = ..., assessed_fen: _Optional[int] = ..., claims: _Optional[int] = ...) -> None: ...

class BankStatementLine(_message.Message):
    __slots__ = ("reference", "amount_fen", "date")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    amount_fen: int
    date: str
    def __init__(self, reference: _Optional[str] = ..., amount_fen: _Optional[int] = ..., date: _Optional[str] = ...) -> None: ...

class AmountMismatch(_message.Message):
    __slots__ = ("bank", "ledger")
    BANK_FIELD_NUMBER: _ClassVar[int]
    LEDGER_FIELD_NUMBER: _ClassVar[int]
    bank: BankStatementLine
    ledger: LedgerLine
    def __init__(self, bank: _Optional[_Union[BankStatementLine, _Mapping]] = ..., ledger: _Optional[_Union[LedgerLine, _Mapping]] = ...) -> None: ...

class ReconcileBankStatementRequest(_message.Message):
    __slots__ = ("date_from", "date_to", "lines", "min_position")
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    date_from: str
    date_to: str
    lines: _containers.RepeatedCompositeFieldContainer[BankStatementLine]
    min_position: int
    def __init__(self, date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[BankStatementLine, _Mapping]]] = ..., min_position: _Optional[int] = ...) -> None: ...

class ReconcileBankStatementResponse(_message.Message):
    __slots__ = ("matched", "missing_in_ledger", "missing_in_bank", "amount_mismatches")
    MATCHED_FIELD_NUMBER: _ClassVar[int]
    MISSING_IN_LEDGER_FIELD_NUMBER: _ClassVar[int]
    MISSING_IN_BANK_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MISMATCHES_FIELD_NUMBER: _ClassVar[int]
    matched: _containers.RepeatedCompositeFieldContainer[LedgerLine]
    missing_in_ledger: _containers.RepeatedCompositeFieldContainer[BankStatementLine]
    missing_in_bank: _containers.RepeatedCompositeFieldContainer[LedgerLine]
    amount_mismatches: _containers.RepeatedCompositeFieldContainer[AmountMismatch]
    def __init__(self, matched: _Optional[_Iterable[_Union[LedgerLine, _Mapping]]] = ..., missing_in_ledger: _Optional[_Iterable[_Union[BankStatementLine, _Mapping]]] = ..., missing_in_bank: _Optional[_Iterable[_Union[LedgerLine, _Mapping]]] = ..., amount_mismatches: _Optional[_Iterable[_Union[AmountMismatch, _Mapping]]] = ...) -> None: ...
