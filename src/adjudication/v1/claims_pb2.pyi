import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Benefit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BENEFIT_UNSPECIFIED: _ClassVar[Benefit]
    BENEFIT_DEATH: _ClassVar[Benefit]
    BENEFIT_DISABILITY: _ClassVar[Benefit]
    BENEFIT_BURN: _ClassVar[Benefit]
    BENEFIT_TOP_UP: _ClassVar[Benefit]
    BENEFIT_MEDICAL: _ClassVar[Benefit]
    BENEFIT_HOSPITAL_ALLOWANCE: _ClassVar[Benefit]

class ClaimStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLAIM_STATUS_UNSPECIFIED: _ClassVar[ClaimStatus]
    CLAIM_STATUS_AWAITING_DOCUMENTS: _ClassVar[ClaimStatus]
    CLAIM_STATUS_READY_FOR_ASSESSMENT: _ClassVar[ClaimStatus]
    CLAIM_STATUS_ASSESSED: _ClassVar[ClaimStatus]
    CLAIM_STATUS_PARTIALLY_PAID: _ClassVar[ClaimStatus]
    CLAIM_STATUS_PAID: _ClassVar[ClaimStatus]
    CLAIM_STATUS_REJECTED: _ClassVar[ClaimStatus]
    CLAIM_STATUS_WITHDRAWN: _ClassVar[ClaimStatus]
    CLAIM_STATUS_DECIDED_AT_ZERO: _ClassVar[ClaimStatus]
BENEFIT_UNSPECIFIED: Benefit
BENEFIT_DEATH: Benefit
BENEFIT_DISABILITY: Benefit
BENEFIT_BURN: Benefit
BENEFIT_TOP_UP: Benefit
BENEFIT_MEDICAL: Benefit
BENEFIT_HOSPITAL_ALLOWANCE: Benefit
CLAIM_STATUS_UNSPECIFIED: ClaimStatus
CLAIM_STATUS_AWAITING_DOCUMENTS: ClaimStatus
CLAIM_STATUS_READY_FOR_ASSESSMENT: ClaimStatus
CLAIM_STATUS_ASSESSED: ClaimStatus
CLAIM_STATUS_PARTIALLY_PAID: ClaimStatus
CLAIM_STATUS_PAID: ClaimStatus
CLAIM_STATUS_REJECTED: ClaimStatus
CLAIM_STATUS_WITHDRAWN: ClaimStatus
CLAIM_STATUS_DECIDED_AT_ZERO: ClaimStatus

class Claim(_message.Message):
    __slots__ = ("name", "claim_id", "scheme_id", "insured_id_number", "insured_name", "accident_id", "accident", "benefits", "status", "report_time", "report_date", "required_documents", "missing_documents", "documents", "documents_complete_date", "assessment", "payments", "assessed_fen", "paid_fen", "rejection", "withdrawal_date", "deadlines", "version", "update_time", "township", "set_asides", "outstanding_fen", "to_recover_fen", "recovered_fen", "set_offs", "recoveries")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CLAIM_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    INSURED_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    INSURED_NAME_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    BENEFITS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REPORT_TIME_FIELD_NUMBER: _ClassVar[int]
    REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_COMPLETE_DATE_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    REJECTION_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_DATE_FIELD_NUMBER: _ClassVar[int]
    DEADLINES_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_FIELD_NUMBER: _ClassVar[int]
    SET_ASIDES_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    TO_RECOVER_FEN_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    SET_OFFS_FIELD_NUMBER: _ClassVar[int]
    RECOVERIES_FIELD_NUMBER: _ClassVar[int]
    name: str
    claim_id: str
    scheme_id: str
    insured_id_number: str
    insured_name: str
    accident_id: str
    accident: AccidentFacts
    benefits: _containers.RepeatedScalarFieldContainer[Benefit]
    status: ClaimStatus
    report_time: _timestamp_pb2.Timestamp
    report_date: str
    required_documents: _containers.RepeatedScalarFieldContainer[str]
    missing_documents: _containers.RepeatedCompositeFieldContainer[MissingDocument]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    documents_complete_date: str
    assessment: Assessment
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    assessed_fen: int
    paid_fen: int
    rejection: Rejection
    withdrawal_date: str
    deadlines: StatutoryDeadlines
    version: int
    update_time: _timestamp_pb2.Timestamp
    township: str
    set_asides: _containers.RepeatedCompositeFieldContainer[SetAside]
    outstanding_fen: int
    to_recover_fen: int
    recovered_fen: int
    set_offs: _containers.RepeatedCompositeFieldContainer[SetOff]
    recoveries: _containers.RepeatedCompositeFieldContainer[Recovery]
    def __init__(self, name: _Optional[str] = ..., claim_id: _Optional[str] = ..., scheme_id: _Optional[str] = ..., insured_id_number: _Optional[str] = ..., insured_name: _Optional[str] = ..., accident_id: _Optional[str] = ..., accident: _Optional[_Union[AccidentFacts, _Mapping]] = ..., benefits: _Optional[_Iterable[_Union[Benefit, str]]] = ..., status: _Optional[_Union[ClaimStatus, str]] = ..., report_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_date: _Optional[str] = ..., required_documents: _Optional[_Iterable[str]] = ..., missing_documents: _Optional[_Iterable[_Union[MissingDocument, _Mapping]]] = ..., documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., documents_complete_date: _Optional[str] = ..., assessment: _Optional[_Union[Assessment, _Mapping]] = ..., payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., assessed_fen: _Optional[int] = ..., paid_fen: _Optional[int] = ..., rejection: _Optional[_Union[Rejection, _Mapping]] = ..., withdrawal_date: _Optional[str] = ..., deadlines: _Optional[_Union[StatutoryDeadlines, _Mapping]] = ..., version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., township: _Optional[str] = ..., set_asides: _Optional[_Iterable[_Union[SetAside, _Mapping]]] = ..., outstanding_fen: _Optional[int] = ..., to_recover_fen: _Optional[int] = ..., recovered_fen: _Optional[int] = ..., set_offs: _Optional[_Iterable[_Union[SetOff, _Mapping]]] = ..., recoveries: _Optional[_Iterable[_Union[Recovery, _Mapping]]] = ...) -> None: ...

class SetOff(_message.Message):
    __slots__ = ("from_claim", "from_benefit", "to_claim", "to_benefit", "amount_fen", "explanation")
    FROM_CLAIM_FIELD_NUMBER: _ClassVar[int]
    FROM_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    TO_CLAIM_FIELD_NUMBER: _ClassVar[int]
    TO_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    from_claim: str
    from_benefit: Benefit
    to_claim: str
    to_benefit: Benefit
    amount_fen: int
    explanation: str
    def __init__(self, from_claim: _Optional[str] = ..., from_benefit: _Optional[_Union[Benefit, str]] = ..., to_claim: _Optional[str] = ..., to_benefit: _Optional[_Union[Benefit, str]] = ..., amount_fen: _Optional[int] = ..., explanation: _Optional[str] = ...) -> None: ...

class Recovery(_message.Message):
    __slots__ = ("amount_fen", "recovery_date", "reference")
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_DATE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    amount_fen: int
    recovery_date: str
    reference: str
    def __init__(self, amount_fen: _Optional[int] = ..., recovery_date: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class AccidentFacts(_message.Message):
    __slots__ = ("accident_date", "place", "cause", "description")
    ACCIDENT_DATE_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    accident_date: str
    place: str
    cause: str
    description: str
    def __init__(self, accident_date: _Optional[str] = ..., place: _Optional[str] = ..., cause: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class MissingDocument(_message.Message):
    __slots__ = ("kind", "display_name")
    KIND_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    kind: str
    display_name: str
    def __init__(self, kind: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class Document(_message.Message):
    __slots__ = ("kind", "invoices", "stays", "appraisal", "burn", "death", "accident_certificate", "bank_account")
    KIND_FIELD_NUMBER: _ClassVar[int]
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    STAYS_FIELD_NUMBER: _ClassVar[int]
    APPRAISAL_FIELD_NUMBER: _ClassVar[int]
    BURN_FIELD_NUMBER: _ClassVar[int]
    DEATH_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    stays: _containers.RepeatedCompositeFieldContainer[HospitalStay]
    appraisal: DisabilityAppraisal
    burn: BurnDiagnosis
    death: DeathCertificate
    accident_certificate: AccidentCertificate
    bank_account: BankAccount
    def __init__(self, kind: _Optional[str] = ..., invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., stays: _Optional[_Iterable[_Union[HospitalStay, _Mapping]]] = ..., appraisal: _Optional[_Union[DisabilityAppraisal, _Mapping]] = ..., burn: _Optional[_Union[BurnDiagnosis, _Mapping]] = ..., death: _Optional[_Union[DeathCertificate, _Mapping]] = ..., accident_certificate: _Optional[_Union[AccidentCertificate, _Mapping]] = ..., bank_account: _Optional[_Union[BankAccount, _Mapping]] = ...) -> None: ...

class Invoice(_message.Message):
    __slots__ = ("number", "issue_date", "amount_fen", "reimbursed_fen")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REIMBURSED_FEN_FIELD_NUMBER: _ClassVar[int]
    number: str
    issue_date: str
    amount_fen: int
    reimbursed_fen: int
    def __init__(self, number: _Optional[str] = ..., issue_date: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reimbursed_fen: _Optional[int] = ...) -> None: ...

class HospitalStay(_message.Message):
    __slots__ = ("admission_date", "discharge_date", "hospital")
    ADMISSION_DATE_FIELD_NUMBER: _ClassVar[int]
    DISCHARGE_DATE_FIELD_NUMBER: _ClassVar[int]
    HOSPITAL_FIELD_NUMBER: _ClassVar[int]
    admission_date: str
    discharge_date: str
    hospital: str
    def __init__(self, admission_date: _Optional[str] = ..., discharge_date: _Optional[str] = ..., hospital: _Optional[str] = ...) -> None: ...

class DisabilityAppraisal(_message.Message):
    __slots__ = ("item_ids", "appraisal_date", "institution")
    ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    APPRAISAL_DATE_FIELD_NUMBER: _ClassVar[int]
    INSTITUTION_FIELD_NUMBER: _ClassVar[int]
    item_ids: _containers.RepeatedScalarFieldContainer[str]
    appraisal_date: str
    institution: str
    def __init__(self, item_ids: _Optional[_Iterable[str]] = ..., appraisal_date: _Optional[str] = ..., institution: _Optional[str] = ...) -> None: ...

class BurnDiagnosis(_message.Message):
    __slots__ = ("areas", "diagnosis_date")
    AREAS_FIELD_NUMBER: _ClassVar[int]
    DIAGNOSIS_DATE_FIELD_NUMBER: _ClassVar[int]
    areas: _containers.RepeatedCompositeFieldContainer[BurnArea]
    diagnosis_date: str
    def __init__(self, areas: _Optional[_Iterable[_Union[BurnArea, _Mapping]]] = ..., diagnosis_date: _Optional[str] = ...) -> None: ...

class BurnArea(_message.Message):
    __slots__ = ("region", "degree", "area_percent")
    REGION_FIELD_NUMBER: _ClassVar[int]
    DEGREE_FIELD_NUMBER: _ClassVar[int]
    AREA_PERCENT_FIELD_NUMBER: _ClassVar[int]
    region: str
    degree: str
    area_percent: str
    def __init__(self, region: _Optional[str] = ..., degree: _Optional[str] = ..., area_percent: _Optional[str] = ...) -> None: ...

class DeathCertificate(_message.Message):
    __slots__ = ("death_date", "cause", "caused_by_accident")
    DEATH_DATE_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    CAUSED_BY_ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    death_date: str
    cause: str
    caused_by_accident: bool
    def __init__(self, death_date: _Optional[str] = ..., cause: _Optional[str] = ..., caused_by_accident: _Optional[bool] = ...) -> None: ...

class AccidentCertificate(_message.Message):
    __slots__ = ("issuer", "issue_date")
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    issuer: str
    issue_date: str
    def __init__(self, issuer: _Optional[str] = ..., issue_date: _Optional[str] = ...) -> None: ...

class BankAccount(_message.Message):
    __slots__ = ("holder", "bank", "account_number")
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    BANK_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    holder: str
    bank: str
    account_number: str
    def __init__(self, holder: _Optional[str] = ..., bank: _Optional[str] = ..., account_number: _Optional[str] = ...) -> None: ...

class Assessment(_message.Message):
    __slots__ = ("lines", "assessment_date", "total_fen")
    LINES_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[BenefitLine]
    assessment_date: str
    total_fen: int
    def __init__(self, lines: _Optional[_Iterable[_Union[BenefitLine, _Mapping]]] = ..., assessment_date: _Optional[str] = ..., total_fen: _Optional[int] = ...) -> None: ...

class BenefitLine(_message.Message):
    __slots__ = ("benefit", "amount_fen", "explanation", "rule", "reason_code", "deductible_fen", "days", "ratio_percent", "computed_fen", "override_reason_code", "override_reason_text", "override_input", "computed_input", "overridden_input")
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    DEDUCTIBLE_FEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    RATIO_PERCENT_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_FEN_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_REASON_TEXT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_INPUT_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_INPUT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDDEN_INPUT_FIELD_NUMBER: _ClassVar[int]
    benefit: Benefit
    amount_fen: int
    explanation: str
    rule: str
    reason_code: str
    deductible_fen: int
    days: int
    ratio_percent: int
    computed_fen: int
    override_reason_code: str
    override_reason_text: str
    override_input: str
    computed_input: int
    overridden_input: int
    def __init__(self, benefit: _Optional[_Union[Benefit, str]] = ..., amount_fen: _Optional[int] = ..., explanation: _Optional[str] = ..., rule: _Optional[str] = ..., reason_code: _Optional[str] = ..., deductible_fen: _Optional[int] = ..., days: _Optional[int] = ..., ratio_percent: _Optional[int] = ..., computed_fen: _Optional[int] = ..., override_reason_code: _Optional[str] = ..., override_reason_text: _Optional[str] = ..., override_input: _Optional[str] = ..., computed_input: _Optional[int] = ..., overridden_input: _Optional[int] = ...) -> None: ...

class Payment(_message.Message):
    __slots__ = ("amount_fen", "payment_date", "reference")
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    amount_fen: int
    payment_date: str
    reference: str
    def __init__(self, amount_fen: _Optional[int] = ..., payment_date: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class RejectionReason(_message.Message):
    __slots__ = ("code", "text")
    CODE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    code: str
    text: str
    def __init__(self, code: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class Rejection(_message.Message):
    __slots__ = ("reasons", "text", "rejection_date")
    REASONS_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REJECTION_DATE_FIELD_NUMBER: _ClassVar[int]
    reasons: _containers.RepeatedCompositeFieldContainer[RejectionReason]
    text: str
    rejection_date: str
    def __init__(self, reasons: _Optional[_Iterable[_Union[RejectionReason, _Mapping]]] = ..., text: _Optional[str] = ..., rejection_date: _Optional[str] = ...) -> None: ...

class StatutoryDeadlines(_message.Message):
    __slots__ = ("decision_due_date", "advance_payment_due_date", "payment_due_date", "rejection_notice_due_date")
    DECISION_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    ADVANCE_PAYMENT_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    REJECTION_NOTICE_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    decision_due_date: str
    advance_payment_due_date: str
    payment_due_date: str
    rejection_notice_due_date: str
    def __init__(self, decision_due_date: _Optional[str] = ..., advance_payment_due_date: _Optional[str] = ..., payment_due_date: _Optional[str] = ..., rejection_notice_due_date: _Optional[str] = ...) -> None: ...

class Override(_message.Message):
    __slots__ = ("benefit", "amount_fen", "grade", "ratio_percent", "eligible_fen", "days", "reason_code", "reason_text")
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    RATIO_PERCENT_FIELD_NUMBER: _ClassVar[int]
    ELIGIBLE_FEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_TEXT_FIELD_NUMBER: _ClassVar[int]
    benefit: Benefit
    amount_fen: int
    grade: int
    ratio_percent: int
    eligible_fen: int
    days: int
    reason_code: str
    reason_text: str
    def __init__(self, benefit: _Optional[_Union[Benefit, str]] = ..., amount_fen: _Optional[int] = ..., grade: _Optional[int] = ..., ratio_percent: _Optional[int] = ..., eligible_fen: _Optional[int] = ..., days: _Optional[int] = ..., reason_code: _Optional[str] = ..., reason_text: _Optional[str] = ...) -> None: ...

class SetAside(_message.Message):
    __slots__ = ("reason_code", "override_reason_code", "text")
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    reason_code: str
    override_reason_code: str
    text: str
    def __init__(self, reason_code: _Optional[str] = ..., override_reason_code: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class ReportClaimRequest(_message.Message):
    __slots__ = ("request_id", "insured_id_number", "insured_name", "benefits", "accident", "accident_id", "report_time", "distinct_accident")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INSURED_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    INSURED_NAME_FIELD_NUMBER: _ClassVar[int]
    BENEFITS_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_TIME_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    insured_id_number: str
    insured_name: str
    benefits: _containers.RepeatedScalarFieldContainer[Benefit]
    accident: AccidentFacts
    accident_id: str
    report_time: _timestamp_pb2.Timestamp
    distinct_accident: bool
    def __init__(self, request_id: _Optional[str] = ..., insured_id_number: _Optional[str] = ..., insured_name: _Optional[str] = ..., benefits: _Optional[_Iterable[_Union[Benefit, str]]] = ..., accident: _Optional[_Union[AccidentFacts, _Mapping]] = ..., accident_id: _Optional[str] = ..., report_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., distinct_accident: _Optional[bool] = ...) -> None: ...

class ReportClaimResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RecordDocumentsRequest(_message.Message):
    __slots__ = ("request_id", "name", "documents", "received_date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    received_date: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., received_date: _Optional[str] = ...) -> None: ...

class RecordDocumentsResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class AssessClaimRequest(_message.Message):
    __slots__ = ("request_id", "name", "overrides", "decision_date", "set_asides")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    DECISION_DATE_FIELD_NUMBER: _ClassVar[int]
    SET_ASIDES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    overrides: _containers.RepeatedCompositeFieldContainer[Override]
    decision_date: str
    set_asides: _containers.RepeatedCompositeFieldContainer[SetAside]
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., overrides: _Optional[_Iterable[_Union[Override, _Mapping]]] = ..., decision_date: _Optional[str] = ..., set_asides: _Optional[_Iterable[_Union[SetAside, _Mapping]]] = ...) -> None: ...

class AssessClaimResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RejectClaimRequest(_message.Message):
    __slots__ = ("request_id", "name", "reasons", "text", "decision_date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DECISION_DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    reasons: _containers.RepeatedCompositeFieldContainer[RejectionReason]
    text: str
    decision_date: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[RejectionReason, _Mapping]]] = ..., text: _Optional[str] = ..., decision_date: _Optional[str] = ...) -> None: ...

class RejectClaimResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RecordPaymentRequest(_message.Message):
    __slots__ = ("request_id", "name", "amount_fen", "reference", "payment_date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    amount_fen: int
    reference: str
    payment_date: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reference: _Optional[str] = ..., payment_date: _Optional[str] = ...) -> None: ...

class RecordPaymentResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RecordRecoveryRequest(_message.Message):
    __slots__ = ("request_id", "name", "amount_fen", "reference", "recovery_date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    amount_fen: int
    reference: str
    recovery_date: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reference: _Optional[str] = ..., recovery_date: _Optional[str] = ...) -> None: ...

class RecordRecoveryResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class WithdrawClaimRequest(_message.Message):
    __slots__ = ("request_id", "name", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class WithdrawClaimResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class ReopenClaimRequest(_message.Message):
    __slots__ = ("request_id", "name", "reason", "awaited_documents", "set_asides")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AWAITED_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    SET_ASIDES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    reason: str
    awaited_documents: _containers.RepeatedScalarFieldContainer[str]
    set_asides: _containers.RepeatedCompositeFieldContainer[SetAside]
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ..., awaited_documents: _Optional[_Iterable[str]] = ..., set_asides: _Optional[_Iterable[_Union[SetAside, _Mapping]]] = ...) -> None: ...

class ReopenClaimResponse(_message.Message):
    __slots__ = ("claim", "position", "replayed")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    position: int
    replayed: bool
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetClaimRequest(_message.Message):
    __slots__ = ("name", "version", "min_position")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    version: int
    min_position: int
    def __init__(self, name: _Optional[str] = ..., version: _Optional[int] = ..., min_position: _Optional[int] = ...) -> None: ...

class GetClaimResponse(_message.Message):
    __slots__ = ("claim",)
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ...) -> None: ...

class ListClaimsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "benefit", "insured_id_number", "accident_date_from", "accident_date_to", "min_position")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    INSURED_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_DATE_TO_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: ClaimStatus
    benefit: Benefit
    insured_id_number: str
    accident_date_from: str
    accident_date_to: str
    min_position: int
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[ClaimStatus, str]] = ..., benefit: _Optional[_Union[Benefit, str]] = ..., insured_id_number: _Optional[str] = ..., accident_date_from: _Optional[str] = ..., accident_date_to: _Optional[str] = ..., min_position: _Optional[int] = ...) -> None: ...

class ListClaimsResponse(_message.Message):
    __slots__ = ("claims", "next_page_token")
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    claims: _containers.RepeatedCompositeFieldContainer[Claim]
    next_page_token: str
    def __init__(self, claims: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CorrectAccidentRequest(_message.Message):
    __slots__ = ("request_id", "accident_id", "accident", "reason_code", "reason_text")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_TEXT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    accident_id: str
    accident: AccidentFacts
    reason_code: str
    reason_text: str
    def __init__(self, request_id: _Optional[str] = ..., accident_id: _Optional[str] = ..., accident: _Optional[_Union[AccidentFacts, _Mapping]] = ..., reason_code: _Optional[str] = ..., reason_text: _Optional[str] = ...) -> None: ...

class CorrectAccidentResponse(_message.Message):
    __slots__ = ("accident_id", "accident", "claims", "position", "replayed")
    ACCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCIDENT_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    accident_id: str
    accident: AccidentFacts
    claims: _containers.RepeatedCompositeFieldContainer[Claim]
    position: int
    replayed: bool
    def __init__(self, accident_id: _Optional[str] = ..., accident: _Optional[_Union[AccidentFacts, _Mapping]] = ..., claims: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., position: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...
