"""The package as pip installs it: the contract's .proto files and the typing
markers in the wheel, a licence, every dependency a range, and CI on the
locked versions."""

import importlib.metadata
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def test_ci_installs_the_locked_versions_each_inside_its_range() -> None:
    """constraints.txt pins every dependency within pyproject.toml's range,
    and this environment (the README's test command's) holds those pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = (x.split("#")[0].strip() for x in (ROOT / "constraints.txt").open())
    locked = {
        canonicalize_name(name): version
        for name, version in (x.split("==") for x in lines if x)
    }
    for text in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert requirement.specifier.contains(locked[name]), (requirement, locked[name])
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
    }
    assert {n: installed.get(n) for n in locked} == locked
