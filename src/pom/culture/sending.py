"""The two ways pom sends a message out: an email, and a post to a chat's incoming webhook.

These are the seams tests stub (no test ever reaches the network). A webhook post has a timeout,
follows no redirect (an https address must not bounce the data elsewhere) and treats any answer
but 2xx as a failure, whose message is recorded on the delivery.

A webhook address is checked when it is saved (https, a public host name), but a public name can
resolve to a private address (or be made to, later). So the post resolves the name itself, refuses
it when any address it resolves to is not a public one, and connects to the address it checked —
never resolving twice — while TLS still verifies the certificate against the host name.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail

TIMEOUT_SECONDS = 10


class SendFailed(Exception):
    """The message did not go out; the text says why (it is shown on the delivery record)."""


def public_address(host: str, port: int) -> str:
    """The address ``host`` resolves to, when every address it resolves to is a public one."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise SendFailed(f"Could not find the chat service's address ({host}).") from None
    addresses = sorted({str(info[4][0]) for info in found})
    if not addresses or any(
        not ipaddress.ip_address(a.split("%", 1)[0]).is_global for a in addresses
    ):
        raise SendFailed(
            f"{host} leads to a private or local network address; "
            "pom posts only to a chat service's public address."
        )
    return addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An https connection to an address checked beforehand, verified against the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port or 443), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def send_email(to: str, subject: str, body: str) -> None:
    send_mail(
        subject=subject,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
        fail_silently=False,
    )


def post_json(url: str, payload: dict[str, Any], timeout: float = TIMEOUT_SECONDS) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise SendFailed("The webhook address is not https; pom posts to https only.")
    try:
        port = parts.port or 443
    except ValueError:
        raise SendFailed("The webhook address has an invalid port.") from None
    address = public_address(parts.hostname, port)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _PinnedHTTPS(parts.hostname, address, port, timeout)
    try:
        connection.request(
            "POST",
            path,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "User-Agent": "pom"},
        )
        response = connection.getresponse()
        status, reason = response.status, response.reason
    except (OSError, http.client.HTTPException) as exc:  # timeouts and TLS errors are OSErrors
        raise SendFailed(
            f"Could not reach the chat service: {exc or type(exc).__name__}."
        ) from None
    finally:
        connection.close()
    if not 200 <= status < 300:  # a 3xx is an answer, not a hop: pom follows no redirect
        raise SendFailed(f"The chat service answered {status} {reason}.".replace(" .", "."))
