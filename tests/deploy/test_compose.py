"""deploy/docker-compose.yml: valid by the Compose Specification's published
schema (as check-jsonschema bundles it), and what it runs."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.conftest import OFFLINE_ENV
from tests.deploy.files import COMPOSE, UID, adjudication_services, compose

SERVERS = "server"


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **OFFLINE_ENV},
    )


def test_the_compose_file_is_valid_by_the_compose_spec() -> None:
    done = check_jsonschema(COMPOSE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_validator_refuses_what_the_spec_does_not_allow(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE.read_text(encoding="utf-8")
    broken.write_text(text.replace("stop_grace_period:", "stop_grace_periods:"))
    done = check_jsonschema(broken)
    assert done.returncode == 1
    assert "stop_grace_periods" in done.stdout


def service(name: str) -> dict[str, Any]:
    found: dict[str, Any] = compose()["services"][name]
    return found


def test_postgres_has_a_health_check_the_others_wait_for() -> None:
    postgres = service("postgres")
    assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert service("db-init")["depends_on"] == {
        "postgres": {"condition": "service_healthy"}
    }
    for name in (SERVERS, "project"):
        assert service(name)["depends_on"] == {
            "db-init": {"condition": "service_completed_successfully"}
        }


def test_db_init_runs_once_as_the_superuser() -> None:
    init = service("db-init")
    assert init["command"] == ["db", "init"]
    assert init["restart"] == "no"
    assert init["environment"]["POSTGRES_USER"] == "postgres"
    assert "ADJUDICATION_SERVICE_PASSWORD=" in init["entrypoint"][2]


def test_two_replicas_serve_without_the_read_models_and_one_worker_keeps_them() -> None:
    servers = service(SERVERS)
    assert servers["deploy"]["replicas"] == 2
    assert servers["command"] == ["serve", "--no-projections"]
    assert servers["environment"]["ADJUDICATION_NO_PROJECTIONS"] == "true"
    assert service("project")["command"] == ["project"]
    assert service("project").get("deploy", {}).get("replicas", 1) == 1


def test_servers_off_loopback_have_tls_and_credentials_from_secrets() -> None:
    env = service(SERVERS)["environment"]
    assert env["ADJUDICATION_ADDRESS"] == "0.0.0.0:50051"
    assert env["ADJUDICATION_METRICS_ADDRESS"] == "0.0.0.0:9464"
    assert env["ADJUDICATION_HEALTH_ADDRESS"] == "0.0.0.0:8081"
    secrets = set(service(SERVERS)["secrets"])
    for variable, secret in (
        ("ADJUDICATION_TLS_CERT", "tls.crt"),
        ("ADJUDICATION_TLS_KEY", "tls.key"),
        ("ADJUDICATION_CREDENTIALS", "credentials.jsonl"),
        ("ADJUDICATION_CIPHER_KEY_FILE", "keys.json"),
    ):
        assert env[variable] == f"/run/secrets/{secret}"
        assert secret in secrets
    assert "POSTGRES_PASSWORD" not in env  # a secret, not a value in the file
    assert "/run/secrets/db_password" in service(SERVERS)["entrypoint"][2]


def test_every_secret_used_is_declared_as_a_file_under_secrets() -> None:
    declared = compose()["secrets"]
    for name, each in compose()["services"].items():
        for secret in each.get("secrets", []):
            assert secret in declared, (name, secret)
    for secret in declared.values():
        assert secret["file"].startswith("./secrets/")
    ignored = (COMPOSE.parent / "secrets" / ".gitignore").read_text()
    assert ignored.splitlines()[-2:] == ["*", "!.gitignore"]


def test_the_service_containers_are_probed_and_stopped_after_their_grace() -> None:
    for name, each in adjudication_services().items():
        assert each["read_only"] is True and each["cap_drop"] == ["ALL"], name
        if name == "db-init":
            assert each["healthcheck"] == {"disable": True}
            continue
        assert each["healthcheck"]["test"] == [
            "CMD",
            "python",
            "-m",
            "adjudication.healthcheck",
            "127.0.0.1:8081",
        ]
        assert each["stop_grace_period"] == "30s"
    env = service(SERVERS)["environment"]
    grace = float(env["ADJUDICATION_GRACE"]) + float(env["ADJUDICATION_DRAIN_DELAY"])
    assert grace < 30


def test_the_servers_spool_is_the_image_users() -> None:
    tmpfs = service(SERVERS)["tmpfs"]
    assert f"/var/lib/adjudication:uid={UID},gid={UID},mode=0700" in tmpfs
    assert service(SERVERS)["environment"]["ADJUDICATION_SPOOL_DIR"].startswith(
        "/var/lib/adjudication/"
    )


@pytest.mark.parametrize("name", ["db-init", SERVERS, "project"])
def test_the_image_is_built_from_the_repository(name: str) -> None:
    build = service(name)["build"]
    assert build == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).is_file()
