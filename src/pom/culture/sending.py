"""The two ways pom sends a message out: an email, and a post to a chat's incoming webhook.

These are the seams tests stub (no test ever reaches the network). A webhook post has a timeout,
follows no redirect (an https address must not bounce the data elsewhere) and treats any answer
but 2xx as a failure, whose message is recorded on the delivery.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

TIMEOUT_SECONDS = 10


class SendFailed(Exception):
    """The message did not go out; the text says why (it is shown on the delivery record)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is an answer, not a hop: it fails below


def send_email(to: str, subject: str, body: str) -> None:
    send_mail(
        subject=subject,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
        fail_silently=False,
    )


def post_json(url: str, payload: dict[str, Any], timeout: float = TIMEOUT_SECONDS) -> None:
    if not url.startswith("https://"):
        raise SendFailed("The webhook address is not https; pom posts to https only.")
    request = urllib.request.Request(  # noqa: S310 — https only, checked above
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "pom"},
        method="POST",
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"The chat service answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendFailed(f"Could not reach the chat service: {reason}.") from None
    if not 200 <= status < 300:
        raise SendFailed(f"The chat service answered {status}.")
