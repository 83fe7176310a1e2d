"""Generate the Python stubs of the contract into src/ (or another folder).

    .venv/bin/python proto/generate.py            # rewrite src/adjudication/v1/
    .venv/bin/python proto/generate.py OUT_DIR    # write elsewhere (the test diffs)

The stubs are committed; tests/unit/test_contract.py regenerates them and
fails if they differ, so the committed stubs always match the .proto files.
"""

import sys
from importlib import resources
from pathlib import Path

PROTO_ROOT = Path(__file__).resolve().parent
SOURCE = PROTO_ROOT.parent / "src"


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.glob("adjudication/v1/*.proto"))


def generate(out: Path) -> None:
    from grpc_tools import protoc

    well_known = resources.files("grpc_tools") / "_proto"
    files = [str(p.relative_to(PROTO_ROOT)) for p in proto_files()]
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{PROTO_ROOT}",
            f"-I{well_known}",
            f"--python_out={out}",
            f"--pyi_out={out}",
            f"--grpc_python_out={out}",
            *files,
        ]
    )
    if status != 0:
        raise SystemExit(f"protoc failed with status {status}")


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
