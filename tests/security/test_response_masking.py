"""The interceptor masks the personal data of every response for a principal
whose roles may not see it, wherever the message sits, streamed or not; it
leaves everything else as the servicer wrote it."""

import json
from typing import Any

import grpc

from adjudication.api import access
from adjudication.api.personal_data import mask
from adjudication.auth.roles import Principal, Role
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb

ID_NUMBER = "141029197005170014"
FINANCE = Principal("finance-1", frozenset({Role.FINANCE}))
AUDITOR = Principal("auditor-1", frozenset({Role.AUDITOR}))


def test_an_events_payload_is_masked_by_key_and_in_its_free_text() -> None:
    payload = {
        "insured_id_number": ID_NUMBER,
        "insured_name": "张建国",
        "documents": [
            {"bank_account": {"holder": "张建国", "account_number": "6228480012345678"}}
        ],
        "text": f"申诉人{ID_NUMBER}",
        "request_id": "a1" + ID_NUMBER + "ff",
        "amount_fen": 78000,
    }
    event = apb.ClaimEvent(actor="officer-7", payload_json=json.dumps(payload))
    masked = json.loads(
        mask(apb.GetClaimHistoryResponse(events=[event])).events[0].payload_json
    )
    assert masked == {
        "insured_id_number": "1410**********0014",
        "insured_name": "张**",
        "documents": [
            {"bank_account": {"holder": "张**", "account_number": "************5678"}}
        ],
        "text": "申诉人1410**********0014",
        "request_id": "a1" + ID_NUMBER + "ff",
        "amount_fen": 78000,
    }


def test_registration_answers_name_the_not_enrolled_masked() -> None:
    response = epb.ConfirmRegistrationsResponse(not_enrolled=[ID_NUMBER], applied=3)
    assert list(mask(response).not_enrolled) == ["1410**********0014"]
    assert response.applied == 3


def streamed(principal: Principal) -> list[Any]:
    def events(request: Any, context: Any) -> Any:
        for name in ("张建国", "李四"):
            yield pb.ListClaimsResponse(claims=[pb.Claim(insured_name=name)])

    handler = grpc.unary_stream_rpc_method_handler(events)
    guarded = access._guarded(
        handler,
        lambda request, context: access.AuthenticatedContext(context, principal),
    )
    assert guarded.unary_stream is not None
    return [r.claims[0].insured_name for r in guarded.unary_stream(None, object())]


def test_a_stream_is_masked_message_by_message_for_a_role_that_may_not_see() -> None:
    assert streamed(FINANCE) == ["张**", "李*"]
    assert streamed(AUDITOR) == ["张建国", "李四"]
