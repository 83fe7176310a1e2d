"""The committed Python stubs are exactly what the .proto files generate, and
the logs name each method as the contract does."""

import filecmp
import importlib.util
from pathlib import Path

from adjudication.api.audit_service import AuditService
from adjudication.api.claims_service import ClaimsService
from adjudication.api.enrollment_service import EnrollmentService
from adjudication.api.reconciliation_service import ReconciliationService
from adjudication.api.rpc import full_method
from adjudication.v1 import (
    audit_pb2,
    claims_pb2,
    enrollment_pb2,
    reconciliation_pb2,
)

ROOT = Path(__file__).resolve().parents[2]
STUBS = ROOT / "src" / "adjudication" / "v1"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "generate", ROOT / "proto" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_stubs_match_a_fresh_generation(tmp_path: Path) -> None:
    _generator().generate(tmp_path)
    fresh = tmp_path / "adjudication" / "v1"
    generated = sorted(p.name for p in fresh.iterdir())
    committed = sorted(p.name for p in STUBS.iterdir() if p.name != "__init__.py")
    committed = [name for name in committed if not name.startswith("__")]
    assert generated == committed
    _, mismatch, errors = filecmp.cmpfiles(fresh, STUBS, generated, shallow=False)
    assert not mismatch and not errors, (
        f"{mismatch or errors} differ: run .venv/bin/python proto/generate.py"
    )


def test_log_lines_name_each_method_as_the_contract_does() -> None:
    # adjudication.v1.ClaimsService/GetClaim, as grpcurl and the proto say it
    for servicer, module in [
        (ClaimsService, claims_pb2),
        (AuditService, audit_pb2),
        (EnrollmentService, enrollment_pb2),
        (ReconciliationService, reconciliation_pb2),
    ]:
        (service,) = module.DESCRIPTOR.services_by_name.values()
        for method in service.methods:
            named = full_method(object.__new__(servicer), method.name)
            assert named == f"{service.full_name}/{method.name}"
