"""The contract passes buf's STANDARD lint (proto/buf.yaml), run with the buf
pinned in tests/e2e/node/package.json."""

import subprocess
from pathlib import Path

from tests.e2e.test_node_interop import NODE_DIR, install_node_packages

PROTO_ROOT = Path(__file__).resolve().parents[2] / "proto"


def test_the_contract_passes_buf_standard_lint() -> None:
    install_node_packages()
    buf = NODE_DIR / "node_modules" / ".bin" / "buf"
    assert buf.exists(), f"{buf} is missing: is @bufbuild/buf in package.json?"
    assert (PROTO_ROOT / "buf.yaml").exists()
    done = subprocess.run(
        [str(buf), "lint"],
        cwd=PROTO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (
        f"buf lint failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
