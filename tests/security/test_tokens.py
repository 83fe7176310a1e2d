"""`adjudication token create` prints a new token once and keeps only its
hash; the credentials file and its environment twin name principals."""

import json
from pathlib import Path
from typing import Any

import pytest

from adjudication.auth.credentials import (
    Credentials,
    CredentialsError,
    create_token,
    token_hash,
)
from adjudication.auth.roles import Role
from adjudication.cli import main


def test_a_token_is_printed_once_and_only_its_hash_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "credentials.jsonl"
    argv = ["token", "create", "--role", "SUPERVISOR", "--name", "zhang-wei"]
    assert main([*argv, "--credentials", str(path)]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("adj_") and len(token) > 40
    stored = path.read_text()
    assert token not in stored
    assert json.loads(stored) == {
        "name": "zhang-wei",
        "role": "SUPERVISOR",
        "token_sha256": token_hash(token),
    }
    assert path.stat().st_mode & 0o777 == 0o600
    principal = Credentials(path).by_token(token)
    assert principal is not None and principal.name == "zhang-wei"
    assert principal.roles == {Role.SUPERVISOR}
    assert Credentials(path).by_token(token + "x") is None


def test_a_name_has_one_credential(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "credentials.jsonl"
    argv = ["token", "create", "--role", "AUDITOR", "--name", "li-na"]
    assert main([*argv, "--credentials", str(path)]) == 0
    assert main([*argv, "--credentials", str(path)]) == 2
    assert "'li-na' has a credential already" in capsys.readouterr().err


def test_a_token_created_while_the_server_runs_works_at_once(tmp_path: Path) -> None:
    path = tmp_path / "credentials.jsonl"
    path.touch()
    credentials = Credentials(path)
    token = create_token(path, Role.FINANCE, "finance-3")
    assert credentials.by_token(token) is not None


def test_the_environment_may_hold_the_hashes_instead_of_a_file() -> None:
    line = json.dumps(
        {"name": "gateway", "role": "FINANCE", "token_sha256": token_hash("adj_t")}
    )
    principal = Credentials(None, line).by_token("adj_t")
    assert principal is not None and principal.name == "gateway"


@pytest.mark.parametrize(
    "line",
    [
        '{"name": "x", "role": "ROOT", "token_sha256": "ab"}',
        '{"name": "x y", "role": "FINANCE", "token_sha256": "ab"}',
        '{"name": "x", "role": "FINANCE"}',
        "sha256:ab FINANCE x",
    ],
    ids=["unknown role", "bad name", "neither token nor subject", "not JSON"],
)
def test_a_bad_line_is_refused_rather_than_skipped(line: str) -> None:
    with pytest.raises(CredentialsError, match="ADJUDICATION_CREDENTIALS_JSONL line 1"):
        Credentials(None, line)


def test_an_unreadable_credentials_file_refuses_every_call_until_it_is_mended(
    tmp_path: Path,
) -> None:
    """Fails closed: a line mistyped while revoking a token leaves no token
    working, and the call may be retried once the file is mended."""
    import grpc

    from adjudication.api.access import AccessInterceptor
    from tests.security.test_policy_table import Aborted, Context, Details

    path = tmp_path / "credentials.jsonl"
    path.touch()
    guarded = AccessInterceptor(Credentials(path)).intercept_service(
        lambda _: grpc.unary_unary_rpc_method_handler(lambda r, c: "served"),
        Details("/adjudication.v1.ClaimsService/GetClaim"),
    )
    assert guarded is not None
    token = create_token(path, Role.CLAIMS_OFFICER, "officer-7")
    path.write_text(path.read_text() + "not a credential\n")

    class Bearing(Context):
        def invocation_metadata(self) -> Any:
            return (("authorization", f"Bearer {token}"),)

    context = Bearing()
    with pytest.raises(Aborted):
        guarded.unary_unary(None, context)
    assert context.code == grpc.StatusCode.UNAVAILABLE
