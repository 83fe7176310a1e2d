"""A Node.js client built from the .proto alone drives a MEDICAL claim through
the real server, on SQLite and PostgreSQL: proof that an insurer system outside
Python can integrate from the contract (tests/e2e/node/journey.js)."""

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from adjudication.auth.roles import Role
from tests.e2e.conftest import COVERED, RunningServer, days_ago, start_server

NODE_DIR = Path(__file__).resolve().parent / "node"
PACKAGES = ["@grpc/grpc-js", "@grpc/proto-loader", "@bufbuild/buf"]


def install_node_packages() -> None:
    """`npm ci` (or `npm install` without a lock) once, when node_modules or
    a package of package.json is missing; fails with npm's output, never skips."""
    modules = NODE_DIR / "node_modules"
    if all((modules / package / "package.json").exists() for package in PACKAGES):
        return
    npm = shutil.which("npm")
    assert npm, "npm is required by the Node interop tests and was not found"
    command = "ci" if (NODE_DIR / "package-lock.json").exists() else "install"
    done = subprocess.run(
        [npm, command, "--no-audit", "--no-fund"],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, (
        f"npm {command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )


@pytest.fixture(scope="session")
def node_packages() -> Path:
    install_node_packages()
    return NODE_DIR


@pytest.fixture
def node_server(store_env: dict[str, str], tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(store_env, tmp_path)
    try:
        yield running
    finally:
        running.terminate()


def test_a_node_client_built_from_the_proto_runs_the_medical_journey(
    node_packages: Path, node_server: RunningServer
) -> None:
    node = shutil.which("node")
    assert node, "node is required by the Node interop tests and was not found"
    accident = days_ago(20)
    done = subprocess.run(
        [node, "journey.js", node_server.address, COVERED[0], accident],
        cwd=node_packages,
        env={
            **os.environ,
            "ADJUDICATION_TOKEN": node_server.token("node-insurer", Role.SUPERVISOR),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"journey.js failed:\n{done.stdout}\n{done.stderr}"
    result = json.loads(done.stdout)

    assert result["statuses"] == {
        "report": "CLAIM_STATUS_AWAITING_DOCUMENTS",
        "documents": "CLAIM_STATUS_READY_FOR_ASSESSMENT",
        "assess": "CLAIM_STATUS_ASSESSED",
        "pay": "CLAIM_STATUS_PAID",
        "pay_again": "CLAIM_STATUS_PAID",
        "get": "CLAIM_STATUS_PAID",
    }
    assert "MEDICAL_INVOICES" in result["missing_documents"]
    assert result["assessment"] == {
        "total_fen": "78000",
        "lines": [
            {
                "benefit": "BENEFIT_MEDICAL",
                "amount_fen": "78000",
                "explanation": (
                    "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
                ),
            }
        ],
    }
    assert result["paid_fen"] == "78000"
    assert result["first_payment_replayed"] is False
    assert result["replayed"] is True and result["replay_paid_fen"] == "78000"
    assert result["get"]["paid_fen"] == "78000"
    assert result["get"]["payments"] == 1  # the replay wrote nothing
    assert int(result["get"]["report_time_seconds"]) > 0

    error = result["error"]
    assert (error["code"], error["code_name"]) == (3, "INVALID_ARGUMENT")
    assert error["details"]
    assert error["has_status_details"] is True  # AIP-193 google.rpc.Status
