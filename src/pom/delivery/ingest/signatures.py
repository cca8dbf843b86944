"""Is this request from the source it claims to be? Each scheme compares in constant time.

- generic webhook: ``X-Pom-Signature-256: sha256=<HMAC-SHA256 of the body, hex>`` (GitHub's
  scheme), or ``Authorization: Bearer <secret>`` as DevLake's own scripts send it;
- GitHub: ``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body with the webhook secret>``;
- GitLab: ``X-Gitlab-Token: <secret>``.
"""

from __future__ import annotations

import hashlib
import hmac

from django.http import HttpRequest


def hmac_sha256(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _equal(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def generic_ok(request: HttpRequest, secret: str) -> bool:
    signature = request.headers.get("X-Pom-Signature-256", "")
    if signature:
        return _equal(signature, hmac_sha256(secret, request.body))
    auth = request.headers.get("Authorization", "")
    return auth.startswith("Bearer ") and _equal(auth[7:].strip(), secret)


def github_ok(request: HttpRequest, secret: str) -> bool:
    return _equal(request.headers.get("X-Hub-Signature-256", ""), hmac_sha256(secret, request.body))


def gitlab_ok(request: HttpRequest, secret: str) -> bool:
    return _equal(request.headers.get("X-Gitlab-Token", ""), secret)
