"""Data-source passwords at rest: encrypted with a key derived from the site's secret.

``POM_METRICS_SECRET_KEY`` (or ``…_FILE``) sets the key on its own, so that rotating Django's
``SECRET_KEY`` does not make stored passwords unreadable; without it the key is derived from
``SECRET_KEY``. A password can instead stay in the environment: ``secret_env`` names a variable,
which must start with ``POM_SOURCE_`` so that a data source can never be made to send pom's own
secrets to a server of someone's choosing.
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

ENV_PREFIX = "POM_SOURCE_"


class SecretUnavailable(Exception):
    """The password cannot be had; the message says what to do."""


def _fernet() -> Fernet:
    material = (settings.POM_METRICS_SECRET_KEY or settings.SECRET_KEY or "").encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"pom.metrics.sources", info=b"fernet"
    ).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode() if password else ""


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        raise SecretUnavailable(
            "The stored password cannot be decrypted (the secret key changed?); enter it again."
        ) from None


def from_env(name: str) -> str:
    if not name.startswith(ENV_PREFIX):
        raise SecretUnavailable(f"Password variables must start with {ENV_PREFIX}.")
    value = os.environ.get(name)
    if value is None:
        raise SecretUnavailable(f"The environment variable {name} is not set on this server.")
    return value
