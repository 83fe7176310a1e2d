"""deploy/Dockerfile, parsed (dockerfile-parse) since no container engine
runs here: base images pinned, a non-root final stage probed by
`adjudication.healthcheck`, and a build context (.dockerignore) that lets in
what the wheel needs and no store, key or token."""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from dockerfile_parse import DockerfileParser

from tests.deploy.files import DOCKERFILE, DOCKERIGNORE, ROOT, UID


def instructions() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = DockerfileParser(str(DOCKERFILE)).structure
    return [i for i in found if i["instruction"] != "COMMENT"]


def stages() -> list[list[dict[str, Any]]]:
    """The instructions of each stage, its FROM first."""
    split: list[list[dict[str, Any]]] = []
    for each in instructions():
        if each["instruction"] == "FROM":
            split.append([])
        split[-1].append(each)
    return split


def final(instruction: str) -> list[str]:
    return [i["value"] for i in stages()[-1] if i["instruction"] == instruction]


def test_two_stages_from_base_images_pinned_by_tag() -> None:
    names = []
    for stage in stages():
        image, _, name = stage[0]["value"].partition(" AS ")
        names.append(name)
        _, colon, tag = image.partition(":")
        assert colon and tag and tag != "latest", image
        assert image == "python:3.11-slim"
    assert names == ["builder", "runtime"]


def test_the_builder_makes_the_wheels_the_runtime_installs_without_an_index() -> None:
    (build,) = [i["value"] for i in stages()[0] if i["instruction"] == "RUN"]
    assert "pip wheel" in build and "--wheel-dir /wheels ." in build
    install = " ".join(final("RUN"))
    assert "from=builder,source=/wheels" in install
    assert "--no-index" in install and "--find-links=/wheels adjudication" in install


def test_the_final_stage_runs_as_the_fixed_non_root_uid() -> None:
    assert final("USER") == [f"{UID}:{UID}"]
    assert f"--uid {UID}" in " ".join(final("RUN"))


def test_the_health_check_asks_the_health_only_listener() -> None:
    (check,) = final("HEALTHCHECK")
    command = json.loads(check.split(" CMD ", 1)[1])
    assert command == ["python", "-m", "adjudication.healthcheck", "127.0.0.1:8081"]
    env = DockerfileParser(str(DOCKERFILE)).envs
    assert env["ADJUDICATION_HEALTH_ADDRESS"] == "0.0.0.0:8081"
    assert env["ADJUDICATION_METRICS_ADDRESS"] == "0.0.0.0:9464"
    assert env["ADJUDICATION_LOG_FORMAT"] == "json"


def test_ports_entrypoint_and_command() -> None:
    assert final("EXPOSE") == ["50051 8081 9464"]
    assert [json.loads(v) for v in final("ENTRYPOINT")] == [["adjudication"]]
    assert [json.loads(v) for v in final("CMD")] == [["serve"]]


def test_the_protos_are_in_the_image() -> None:
    (copied,) = [v for v in final("COPY") if "proto" in v]
    source = copied.split()[1]  # --from=builder SOURCE TARGET
    assert source == "/src/proto/adjudication"
    assert sorted(p.name for p in (ROOT / "proto/adjudication/v1").glob("*.proto"))


def test_copy_sources_exist_in_the_context() -> None:
    for stage in stages():
        for each in stage:
            if each["instruction"] not in ("COPY", "ADD"):
                continue
            words = each["value"].split()
            if any(w.startswith("--from=") for w in words):
                continue
            sources = [w for w in words if not w.startswith("--")][:-1]
            for source in sources:
                assert (ROOT / source).exists(), source


def _pattern(text: str) -> re.Pattern[str]:
    """A .dockerignore line as Docker matches it: `*` within a name, `**` any
    number of folders (none too)."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", text.strip("/"))
    regex = "".join(
        {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(p, re.escape(p))
        for p in parts
    )
    return re.compile(regex)


def in_context(path: str) -> bool:
    """Whether .dockerignore lets `path` into the build context: the last
    pattern matching it or a folder above it decides."""
    included = True
    prefixes = [path[: m.start()] for m in re.finditer("/", path)] + [path]
    for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = _pattern(line.removeprefix("!"))
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            included = negated
    return included


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines()


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "README.md",
        "src/adjudication/healthcheck.py",
        "src/adjudication/v1/claims_pb2.py",
        "src/adjudication/schemes/xiangning-2024.toml",
        "proto/adjudication/v1/claims.proto",
    ],
)
def test_the_context_holds_what_the_build_needs(path: str) -> None:
    assert in_context(path)


@pytest.mark.parametrize(
    "path",
    [
        ".git/config",
        ".venv/bin/python",
        "var/adjudication.sqlite3",
        "var/adjudication.key",
        "var/credentials.jsonl",
        "deploy/secrets/keys.json",
        "tests/conftest.py",
        "bench/RESULTS.md",
        "src/adjudication/__pycache__/logs.cpython-311.pyc",
        "src/adjudication.egg-info/PKG-INFO",
    ],
)
def test_the_context_keeps_out_stores_keys_tokens_and_builds(path: str) -> None:
    assert not in_context(path)


def test_the_wheel_builds_from_the_context(tmp_path: Path) -> None:
    """What `COPY . .` gives the builder is enough to build the wheel, and the
    wheel holds the service, its stubs and its data."""
    context = tmp_path / "context"
    for name in tracked_files():
        if in_context(name) and (ROOT / name).is_file():
            (context / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, context / name)
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps"),
            *("--no-build-isolation", "--no-index"),
            *("--wheel-dir", str(tmp_path / "wheels"), str(context)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "wheels").glob("adjudication-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "adjudication/healthcheck.py",
        "adjudication/v1/claims_pb2_grpc.py",
        "adjudication/schemes/xiangning-2024.toml",
        "projections/runner.py",
    ):
        assert needed in names
