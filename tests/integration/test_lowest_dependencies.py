"""The lower bounds of pyproject.toml's ranges are tested, not hoped for: a
fresh virtual environment with the oldest admitted release of each of the
service's dependencies (constraints-lowest.txt) installs the package and
passes the unit tests and the journeys on real stores and over gRPC."""

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.figures import measured

ROOT = Path(__file__).resolve().parents[2]
LOWEST = ROOT / "constraints-lowest.txt"
# one -q (the project's addopts has another), so pytest says what passed
QUIET = ("-o", "addopts=--strict-markers", "-q", "-p", "no:cacheprovider")
# this environment is not the lock's (test_packaging checks CI's against it)
LOCK = "tests/unit/test_packaging.py::test_ci_installs_the_locked_versions"
TESTS = (
    "--deselect",
    f"{LOCK}_each_inside_its_range",
    "tests/unit",
    "tests/integration/test_journeys_on_real_stores.py",
    "tests/e2e/test_claims_service.py",
)


def pins(path: Path) -> dict[str, str]:
    lines = (x.split("#")[0].strip() for x in path.read_text().splitlines())
    return {
        canonicalize_name(name): version
        for name, version in (x.split("==") for x in lines if x)
    }


def test_the_lowest_constraints_are_the_lower_bounds_of_every_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lowest = pins(LOWEST)
    for text in project["dependencies"]:
        requirement = Requirement(text)
        (floor,) = (s.version for s in requirement.specifier if s.operator == ">=")
        assert lowest[canonicalize_name(requirement.name)].startswith(floor), (
            requirement
        )


def test_the_service_passes_its_tests_on_the_lowest_versions(tmp_path: Path) -> None:
    venv = tmp_path / "lowest"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    install = [python, "-m", "pip", "install", "-q", "-c", LOWEST, f"{ROOT}[dev]"]
    subprocess.run(install, check=True, capture_output=True, cwd=tmp_path)
    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    versions = {
        canonicalize_name(name): version
        for name, version in (x.split("==") for x in installed.split())
    }
    assert {k: versions[k] for k in pins(LOWEST)} == pins(LOWEST)

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [python, "-m", "pytest", *QUIET, *TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # a hang (a setting ignored, a server left serving) fails, not blocks
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    measured(
        f"lowest versions: installed and {run.stdout.strip().splitlines()[-1]} "
        f"in {time.monotonic() - started:.0f} s"
    )
