"""Password hashing (argon2id) and random tokens that are stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12

# Passwords that pass a length rule but are the first thing an attacker tries.
_COMMON_FRAGMENTS = (
    "password", "wachtwoord", "welkom", "welcome", "123456", "qwerty", "azerty", "letmein",
    "abcdef", "iloveyou", "admin", "geheim", "zomer", "winter", "voorjaar", "najaar",
)


@cache
def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1, type=Type.ID)


class PasswordPolicy:
    time_cost = 3
    memory_cost = 64 * 1024

    @classmethod
    def configure(cls, time_cost: int, memory_cost: int) -> None:
        cls.time_cost, cls.memory_cost = time_cost, memory_cost


def hash_password(password: str) -> str:
    return _hasher(PasswordPolicy.time_cost, PasswordPolicy.memory_cost).hash(password)


# Verifying against this when the account does not exist keeps log-in time the same either way.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher(PasswordPolicy.time_cost, PasswordPolicy.memory_cost)
    if not password_hash:
        key = (PasswordPolicy.time_cost, PasswordPolicy.memory_cost)
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = hasher.hash(secrets.token_hex(16))
        password_hash = _DUMMY_HASH[key]
        try:
            hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return a message id for why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    lowered = password.lower()
    if len(set(lowered)) < 5:
        return "too_simple"
    if any(fragment in lowered for fragment in _COMMON_FRAGMENTS):
        return "too_common"
    local = email.split("@")[0].lower()
    if (len(local) >= 4 and local in lowered) or (len(name) >= 4 and name.lower() in lowered):
        return "contains_name"
    return None


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def signatures_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
