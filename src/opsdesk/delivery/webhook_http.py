"""POSTing a webhook body: to the address checked at send time, within the timeout.

The host name is resolved here and the connection goes to the very address that was checked,
so a name that resolves to a public address when checked and to 127.0.0.1 when connecting
(DNS rebinding) cannot reach the inside. TLS still verifies the certificate for the name.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from opsdesk.domain.delivery import is_public_address


class AddressRefused(Exception):
    """The URL resolves to an address webhooks may not call."""


@dataclass(frozen=True)
class Answer:
    status: int
    duration_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection, _PinnedHTTPConnection):
    # HTTPSConnection.connect calls the pinned connect, then wraps the socket with TLS for
    # the host name.
    pass


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"cannot resolve {host}: {error.strerror}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_address(host: str, port: int) -> str:
    """The address to connect to; refused when any address of the name is not public."""
    addresses = _resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        inside = [a for a in addresses if not is_public_address(a)]
        if inside:
            raise AddressRefused(
                f"{host} resolves to {inside[0]}, a loopback, private or link-local address; "
                "set OPSDESK_WEBHOOK_ALLOW_PRIVATE=1 to allow it."
            )
    return addresses[0]


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = checked_address(parts.hostname or "", port)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        connection = _PinnedHTTPSConnection(
            parts.hostname, port, timeout=timeout, context=context, address=address
        )
    else:
        connection = _PinnedHTTPConnection(parts.hostname, port, timeout=timeout, address=address)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return connection, target


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST `body`; the receiver's status code, or an OSError (refused, timed out, reset)."""
    started = time.monotonic()
    connection, target = _connection(url, timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        # A little of the answer is read so the connection closes cleanly; the rest is ignored.
        response.read(4096)
        status = response.status
    except http.client.HTTPException as error:
        raise OSError(f"bad answer: {type(error).__name__}") from None
    finally:
        connection.close()
    return Answer(status, int((time.monotonic() - started) * 1000))
