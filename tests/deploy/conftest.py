"""The validators work offline, from what pip installed: while a test uses
`offline`, a connection anywhere but this machine's loopback fails the test."""

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    connect = socket.socket.connect

    def loopback_only(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not ipaddress.ip_address(host).is_loopback:
            raise NetworkUsed(f"a validator connected to {address}")
        connect(self, address)

    def no_lookups(host: Any, *args: Any, **kwargs: Any) -> Any:
        raise NetworkUsed(f"a validator looked up {host!r}")

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookups)
    yield


# For the validators run as commands: any HTTP(S) fetch goes to a proxy that
# is not there, and fails.
OFFLINE_ENV = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "no_proxy": "",
    "NO_PROXY": "",
}
