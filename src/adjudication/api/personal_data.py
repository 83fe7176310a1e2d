"""Personal data masked in a response for a caller whose role may not see it:
every field that holds it, by message and field name, wherever the message
sits in the response, and the personal data of the events' payloads."""

import json
from collections.abc import Callable
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from adjudication.domain import masking


def _payload(text: str) -> str:
    return json.dumps(_masked_value(json.loads(text)), ensure_ascii=False)


FIELDS: dict[tuple[str, str], Callable[[str], str]] = {
    ("adjudication.v1.Claim", "insured_id_number"): masking.resident_id,
    ("adjudication.v1.Claim", "insured_name"): masking.name,
    ("adjudication.v1.BankAccount", "holder"): masking.name,
    ("adjudication.v1.BankAccount", "account_number"): masking.text,
    ("adjudication.v1.Insured", "resident_id_number"): masking.resident_id,
    ("adjudication.v1.Insured", "name"): masking.name,
    ("adjudication.v1.RowProblem", "resident_id_number"): masking.resident_id,
    ("adjudication.v1.ConfirmRegistrationsResponse", "not_enrolled"): (
        masking.resident_id
    ),
    ("adjudication.v1.ClaimEvent", "payload_json"): _payload,
    ("adjudication.v1.LogEvent", "payload_json"): _payload,
}
# The keys of the events' payloads that hold personal data; their other text
# (descriptions, reasons) is masked as free text.
PAYLOAD_KEYS: dict[str, Callable[[str], str]] = {
    "insured_id_number": masking.resident_id,
    "resident_id_number": masking.resident_id,
    "insured_name": masking.name,
    "name": masking.name,
    "holder": masking.name,
    "account_number": masking.text,
}


def _masked_value(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _masked_value(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_value(v, key) for v in value]
    if isinstance(value, str):
        return PAYLOAD_KEYS.get(key, masking.text)(value)
    return value


def mask(message: Message) -> Message:
    """`message` with its personal data masked, in place."""
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type is None or field.message_type.GetOptions().map_entry:
                continue
            for part in value if field.is_repeated else [value]:
                mask(part)
            continue
        masker = FIELDS.get((message.DESCRIPTOR.full_name, field.name))
        if masker is None:
            continue
        if field.is_repeated:
            value[:] = [masker(v) for v in value]
        else:
            setattr(message, field.name, masker(value))
    return message
