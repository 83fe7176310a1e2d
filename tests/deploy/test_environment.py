"""The variables the deploy files set are settings of the configuration
reference (the README section between its markers), and the servers, the
worker and the set-up are given the same ones by compose and Kubernetes."""

import pytest

from tests.deploy.files import (
    adjudication_services,
    compose_environment,
    env_file,
    kubernetes_environment,
    manifest,
    reference_names,
)

# compose service: Kubernetes workload and container
PAIRS = {
    "server": ("Deployment", "adjudication-server"),
    "project": ("Deployment", "adjudication-project"),
    "db-init": ("Job", "adjudication-db-init"),
}


def kubernetes_set(kind: str, name: str) -> set[str]:
    (container,) = manifest(kind, name)["spec"]["template"]["spec"]["containers"]
    return kubernetes_environment(container)


def test_the_reference_names_the_contracts_settings() -> None:
    names = reference_names()
    for needed in (
        "ADJUDICATION_HEALTH_ADDRESS",
        "ADJUDICATION_METRICS_ADDRESS",
        "ADJUDICATION_NO_PROJECTIONS",
        "ADJUDICATION_GRACE",
        "POSTGRES_PASSWORD",
    ):
        assert needed in names


@pytest.mark.parametrize("service", sorted(PAIRS))
def test_compose_sets_only_settings_of_the_reference(service: str) -> None:
    unknown = compose_environment(adjudication_services()[service]) - reference_names()
    assert not unknown


@pytest.mark.parametrize("service", sorted(PAIRS))
def test_kubernetes_sets_only_settings_of_the_reference(service: str) -> None:
    unknown = kubernetes_set(*PAIRS[service]) - reference_names()
    assert not unknown


def test_the_systemd_env_file_sets_only_settings_of_the_reference() -> None:
    assert not set(env_file()) - reference_names()


@pytest.mark.parametrize("service", sorted(PAIRS))
def test_compose_and_kubernetes_set_the_same_variables(service: str) -> None:
    in_compose = compose_environment(adjudication_services()[service])
    assert in_compose == kubernetes_set(*PAIRS[service])


def test_every_service_of_the_image_is_paired() -> None:
    assert set(adjudication_services()) == set(PAIRS)
