"""HMAC-SHA256 signed, expiring URLs for the local backend (S3 signs its own)."""

from __future__ import annotations

import enum
import hashlib
import hmac
import time

__all__ = ["SignatureCheck", "Signer", "check_signature", "sign"]


class SignatureCheck(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _message(key: str, exp: int, filename: str | None) -> bytes:
    # Newlines cannot occur in a valid key or in a decimal expiry, so the fields cannot be shifted
    # into each other to forge a signature for a different key/expiry pair.
    return f"v1\n{key}\n{exp}\n{filename or ''}".encode()


def sign(secret: bytes, key: str, exp: int, filename: str | None = None) -> str:
    return hmac.new(secret, _message(key, exp, filename), hashlib.sha256).hexdigest()


class Signer:
    """`sign` for one secret, with the HMAC key set up once: each signature copies the keyed state
    instead of hashing the key pads again (a search page signs a URL per poster)."""

    def __init__(self, secret: bytes) -> None:
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)

    def sign(self, key: str, exp: int, filename: str | None = None) -> str:
        mac = self._keyed.copy()
        mac.update(_message(key, exp, filename))
        return mac.hexdigest()


def check_signature(
    secret: bytes,
    key: str,
    exp: str | int | None,
    sig: str | None,
    filename: str | None = None,
    now: float | None = None,
) -> SignatureCheck:
    """Check the signature first, expiry second, so a forged URL never learns whether it expired."""
    if exp is None or sig is None:
        return SignatureCheck.INVALID
    try:
        exp_int = int(exp)
    except (TypeError, ValueError):
        return SignatureCheck.INVALID
    expected = sign(secret, key, exp_int, filename)
    if not hmac.compare_digest(expected.encode(), str(sig).encode("utf-8", "replace")):
        return SignatureCheck.INVALID
    if exp_int < (time.time() if now is None else now):
        return SignatureCheck.EXPIRED
    return SignatureCheck.VALID
