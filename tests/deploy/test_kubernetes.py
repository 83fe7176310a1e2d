"""deploy/kubernetes/: every manifest valid by the Kubernetes API's published
schemas (kubernetes-validate's bundled ones, strict: no unknown field), and
what the workloads run."""

import copy
from typing import Any

import kubernetes_validate
import pytest

from tests.deploy.files import (
    IMAGE,
    UID,
    manifest,
    manifest_files,
    manifests,
    pod_containers,
)

# The oldest and newest Kubernetes the manifests are checked against (gRPC
# probes are stable since 1.27).
VERSIONS = ["1.28", kubernetes_validate.utils.latest_version()]
SERVER = ("Deployment", "adjudication-server")
WORKER = ("Deployment", "adjudication-project")
JOB = ("Job", "adjudication-db-init")
WORKLOADS = [SERVER, WORKER, JOB]


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_is_valid_by_the_kubernetes_schemas(version: str) -> None:
    kinds = set()
    for resource in manifests():
        kubernetes_validate.validate(resource, version, strict=True)
        kinds.add(resource["kind"])
    assert kinds == {
        "Namespace",
        "ConfigMap",
        "Secret",
        "Job",
        "Deployment",
        "Service",
        "PodDisruptionBudget",
    }
    assert len(manifest_files()) == 6


@pytest.mark.usefixtures("offline")
def test_the_validator_refuses_an_unknown_field() -> None:
    server = copy.deepcopy(manifest(*SERVER))
    server["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(server, VERSIONS[-1], strict=True)


def container(workload: tuple[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = manifest(*workload)["spec"]["template"]["spec"][
        "containers"
    ][0]
    return found


@pytest.mark.parametrize("workload", [SERVER, WORKER])
def test_deployments_are_probed_over_grpc_on_the_health_listener(
    workload: tuple[str, str],
) -> None:
    each = container(workload)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert each[probe]["grpc"] == {"port": 8081}, probe
    assert {"name": "health", "containerPort": 8081, "protocol": "TCP"} in each["ports"]


def test_two_servers_without_read_models_one_worker_keeping_them() -> None:
    server = manifest(*SERVER)
    assert server["spec"]["replicas"] == 2
    assert container(SERVER)["args"] == ["serve", "--no-projections"]
    env = {v["name"]: v for v in container(SERVER)["env"]}
    assert env["ADJUDICATION_NO_PROJECTIONS"]["value"] == "true"
    assert env["ADJUDICATION_ADDRESS"]["value"] == "0.0.0.0:50051"
    for needed in ("ADJUDICATION_TLS_CERT", "ADJUDICATION_TLS_KEY"):
        assert env[needed]["value"].startswith("/etc/adjudication/secrets/")
    assert manifest(*WORKER)["spec"]["replicas"] == 1
    assert container(WORKER)["args"] == ["project"]
    assert container(JOB)["args"] == ["db", "init"]
    job_env = {v["name"]: v for v in container(JOB)["env"]}
    assert job_env["POSTGRES_USER"] == {"name": "POSTGRES_USER", "value": "postgres"}


@pytest.mark.parametrize("workload", WORKLOADS)
def test_pods_run_non_root_read_only_with_requests_and_limits(
    workload: tuple[str, str],
) -> None:
    spec = manifest(*workload)["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == UID
    assert spec["automountServiceAccountToken"] is False
    for each in pod_containers(manifest(*workload)):
        assert each["image"] == IMAGE
        security = each["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"] == {"drop": ["ALL"]}
        for kind in ("requests", "limits"):
            assert set(each["resources"][kind]) == {"cpu", "memory"}, each["name"]


@pytest.mark.parametrize("workload", WORKLOADS)
def test_the_key_file_is_copied_0600_from_the_secret(
    workload: tuple[str, str],
) -> None:
    (init,) = manifest(*workload)["spec"]["template"]["spec"]["initContainers"]
    config = manifest("ConfigMap", "adjudication-config")["data"]
    key_file = config["ADJUDICATION_CIPHER_KEY_FILE"]
    assert init["command"][-1] == (
        f"install -m 0600 /etc/adjudication/secrets/keys.json {key_file}"
    )


def test_every_secret_reference_is_a_key_of_the_secret_template() -> None:
    secret = manifest("Secret", "adjudication-secrets")
    keys = set(secret["stringData"])
    # The template holds placeholders only, which the service refuses.
    assert set(secret["stringData"].values()) == {"REPLACE-ME"}
    used = set()
    for workload in WORKLOADS:
        spec = manifest(*workload)["spec"]["template"]["spec"]
        for volume in spec["volumes"]:
            if "secret" in volume:
                assert volume["secret"]["secretName"] == "adjudication-secrets"
                used.update(item["key"] for item in volume["secret"]["items"])
        for each in pod_containers(manifest(*workload)):
            for variable in each.get("env", []):
                reference = variable.get("valueFrom", {}).get("secretKeyRef")
                if reference:
                    assert reference["name"] == "adjudication-secrets"
                    used.add(reference["key"])
    assert used == keys


def test_the_service_and_budget_select_the_servers() -> None:
    labels = manifest(*SERVER)["spec"]["template"]["metadata"]["labels"]
    service = manifest("Service", "adjudication")
    assert service["spec"]["selector"] == labels
    ports = {p["name"]: p["port"] for p in service["spec"]["ports"]}
    assert ports == {"grpc": 50051, "metrics": 9464}
    budget = manifest("PodDisruptionBudget", "adjudication-server")
    assert budget["spec"]["selector"]["matchLabels"] == labels
    assert budget["spec"]["minAvailable"] == 1


def test_pods_are_killed_only_after_draining() -> None:
    env = {v["name"]: v.get("value") for v in container(SERVER)["env"]}
    drained = float(env["ADJUDICATION_GRACE"]) + float(env["ADJUDICATION_DRAIN_DELAY"])
    spec = manifest(*SERVER)["spec"]["template"]["spec"]
    assert drained < spec["terminationGracePeriodSeconds"]


def test_everything_is_in_the_namespace() -> None:
    for resource in manifests():
        if resource["kind"] != "Namespace":
            assert resource["metadata"]["namespace"] == "adjudication"
