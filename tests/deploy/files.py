"""The deploy files as the tests read them: the compose file, the Kubernetes
manifests, the Dockerfile and the systemd unit, and the names of the README's
configuration reference."""

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
KUBERNETES = DEPLOY / "kubernetes"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
UNIT = DEPLOY / "systemd" / "adjudication.service"
UNIT_ENV = DEPLOY / "systemd" / "adjudication.env"
README = ROOT / "README.md"

BEGIN = (
    "<!-- BEGIN configuration reference (generated: adjudication config reference) -->"
)
END = "<!-- END configuration reference -->"
# The image's fixed uid: the Dockerfile's USER, Kubernetes' runAsUser.
UID = 10001
IMAGE = "adjudication:0.1.0"


@cache
def reference_names() -> frozenset[str]:
    """Every environment variable the configuration reference names."""
    text = README.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1, "the reference markers"
    section = text.split(BEGIN)[1].split(END)[0]
    return frozenset(re.findall(r"`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`", section))


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def manifest_files() -> list[Path]:
    return sorted(KUBERNETES.glob("*.yaml"))


def manifests() -> list[dict[str, Any]]:
    return [
        document
        for path in manifest_files()
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        if document is not None
    ]


def manifest(kind: str, name: str) -> dict[str, Any]:
    (found,) = [
        m for m in manifests() if m["kind"] == kind and m["metadata"]["name"] == name
    ]
    return found


# `NAME="$$(cat /run/secrets/x)"` in a compose entrypoint (compose's `$$` is
# a `$`): a secret's file put in the environment of the command it runs.
_FROM_SECRET = re.compile(r'\b([A-Z][A-Z0-9_]*)="\$\$\(cat /run/secrets/[^)]+\)"')


def adjudication_services() -> dict[str, dict[str, Any]]:
    """The compose services that run the service's image."""
    return {
        name: service
        for name, service in compose()["services"].items()
        if service.get("image") == IMAGE
    }


def compose_environment(service: dict[str, Any]) -> set[str]:
    """The variables a compose service sets: its `environment` and those its
    entrypoint reads from secrets."""
    names = set(service.get("environment", {}))
    for part in service.get("entrypoint", []):
        names.update(_FROM_SECRET.findall(part))
    return names


def pod_containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = workload["spec"]["template"]["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def kubernetes_environment(container: dict[str, Any]) -> set[str]:
    """The variables a container is given: `env` and its ConfigMaps' keys."""
    names = {variable["name"] for variable in container.get("env", [])}
    for source in container.get("envFrom", []):
        reference = source.get("configMapRef") or source["secretRef"]
        kind = "ConfigMap" if "configMapRef" in source else "Secret"
        found = manifest(kind, reference["name"])
        names.update(found.get("data", {}) or found.get("stringData", {}))
    return names


def unit_sections(path: Path = UNIT) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit's sections, each its `Key=value` lines in order (a key
    may come more than once, as SystemCallFilter does)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        key, equals, value = line.partition("=")
        assert equals and current is not None, f"{path.name}:{number}: {raw!r}"
        current.append((key.strip(), value.strip()))
    return sections


def env_file(path: Path = UNIT_ENV) -> dict[str, str]:
    """An EnvironmentFile's assignments (comments and blank lines skipped)."""
    found = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        assert equals and re.fullmatch(r"[A-Z][A-Z0-9_]*", key), f"line {number}"
        found[key] = value
    return found
