"""API keys: made once, shown once, stored as a SHA-256 digest.

A key reads ``dm_<prefix>_<secret>``. The prefix (8 hex digits) finds the
row; the digest of the whole key, compared in constant time, proves it. The
secret holds 256 random bits, so a plain SHA-256 is enough: a slow password
hash protects guessable secrets, which these are not.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "dm"
PREFIX_BYTES = 4
SECRET_BYTES = 32


@dataclass(frozen=True)
class NewKey:
    key: str
    prefix: str
    key_hash: str


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> NewKey:
    """A fresh key with its prefix and the digest to store."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewKey(key=key, prefix=prefix, key_hash=digest(key))


def prefix_of(key: str) -> str | None:
    """The prefix a presented key claims, or None when it is not shaped as a key."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[2]:
        return None
    return parts[1]


def matches(key: str, key_hash: str) -> bool:
    return hmac.compare_digest(digest(key), key_hash)
