"""The package as pip installs it: the contract's .proto files and the typing
markers in the wheel, a licence, and every dependency a range."""

import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT],
        check=True,
        cwd=out,
        capture_output=True,
    )
    (path,) = out.glob("adjudication-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_carries_the_protos_under_their_import_paths(
    wheel: zipfile.ZipFile,
) -> None:
    protos = sorted((ROOT / "proto").glob("adjudication/v1/*.proto"))
    assert len(protos) == 4
    for proto in protos:
        name = f"adjudication/proto/{proto.relative_to(ROOT / 'proto')}"
        assert wheel.read(name) == proto.read_bytes()


def test_the_wheel_is_typed_and_says_its_licence_and_classifiers(
    wheel: zipfile.ZipFile,
) -> None:
    names = wheel.namelist()
    assert {"adjudication/py.typed", "projections/py.typed"} <= set(names)
    (metadata,) = (n for n in names if n.endswith(".dist-info/METADATA"))
    message = Parser().parsestr(wheel.read(metadata).decode())
    assert message["License-Expression"] == "LicenseRef-Proprietary"
    assert any(n.endswith("licenses/LICENSE") for n in names)
    classifiers = message.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers


def test_every_dependency_is_a_range_with_an_upper_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [
        Requirement(r)
        for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]
    for requirement in requirements:
        operators = {s.operator for s in requirement.specifier}
        assert operators == {"=="} or {">=", "<"} <= operators, str(requirement)
