"""deploy/systemd/: the unit parsed (its keys, its hardening, a stop timeout
past the drain), and checked by `systemd-analyze verify` where systemd is
installed."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.files import UNIT, env_file, unit_sections

EXEC_START = "/opt/adjudication/.venv/bin/adjudication serve"


def service() -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in unit_sections()["Service"]:
        values.setdefault(key, []).append(value)
    return values


def test_the_unit_has_its_sections_and_runs_the_venvs_server() -> None:
    sections = unit_sections()
    assert list(sections) == ["Unit", "Service", "Install"]
    assert dict(sections["Install"]) == {"WantedBy": "multi-user.target"}
    each = service()
    assert each["ExecStart"] == [EXEC_START]
    assert each["User"] == ["adjudication"] and each["Group"] == ["adjudication"]
    assert each["Restart"] == ["on-failure"]
    assert each["EnvironmentFile"] == ["/etc/adjudication/adjudication.env"]
    assert each["WorkingDirectory"] == ["/var/lib/adjudication"]
    assert each["StateDirectory"] == ["adjudication"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("CapabilityBoundingSet", ""),
        ("RestrictSUIDSGID", "yes"),
        ("UMask", "0077"),
    ],
)
def test_the_service_is_hardened(key: str, value: str) -> None:
    assert service()[key] == [value]


def seconds(text: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(s|min)?", text)
    assert match, text
    return float(match[1]) * (60 if match[2] == "min" else 1)


def test_it_is_killed_only_after_the_drain_and_the_grace() -> None:
    env = env_file()
    drained = float(env["ADJUDICATION_GRACE"]) + float(env["ADJUDICATION_DRAIN_DELAY"])
    assert seconds(service()["TimeoutStopSec"][0]) > drained
    assert service()["KillSignal"] == ["SIGTERM"]


def test_the_env_file_serves_off_loopback_only_with_tls_and_credentials() -> None:
    env = env_file()
    assert env["ADJUDICATION_ADDRESS"] == "0.0.0.0:50051"
    for needed in (
        "ADJUDICATION_TLS_CERT",
        "ADJUDICATION_TLS_KEY",
        "ADJUDICATION_CREDENTIALS",
        "ADJUDICATION_CIPHER_KEY_FILE",
    ):
        assert env[needed].startswith("/etc/adjudication/"), needed
    assert env["POSTGRES_PASSWORD"] == "REPLACE-ME"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd is not installed"
)
def test_systemd_analyze_verify_accepts_it(tmp_path: Path) -> None:
    # verify also checks that ExecStart's program exists: the venv is not
    # installed here, so another program stands in for it.
    text = UNIT.read_text(encoding="utf-8")
    assert text.count(f"ExecStart={EXEC_START}\n") == 1
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(f"ExecStart={EXEC_START}", "ExecStart=/bin/true"))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify exits 0 on unknown keys too, only saying so: any word fails.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
