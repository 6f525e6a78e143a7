"""Secrets at rest (Amazon credentials): Fernet tokens, keys rotatable through settings."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from .errors import DomainError


class CannotDecrypt(DomainError):
    """A stored secret no key can read: the keys changed without the old one kept."""


def _keys() -> MultiFernet:
    configured: list[str] = list(settings.SELLERDESK_ENCRYPTION_KEYS)
    if not configured:
        # Derived, so an install works with no setup; SECRET_KEY must then stay the same.
        digest = hashlib.sha256(f"sellerdesk-secrets:{settings.SECRET_KEY}".encode()).digest()
        configured = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode()) for key in configured])


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise CannotDecrypt(
            "A stored secret cannot be decrypted with the current keys: put the key it was "
            "saved with back in SELLERDESK_ENCRYPTION_KEYS (after the new one), or enter the "
            "Amazon credentials again under Settings."
        ) from None


def rotate(token: str) -> str:
    """The same secret under the newest key."""
    return _keys().rotate(token.encode()).decode()
