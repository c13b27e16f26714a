"""Password hashing: argon2id for every new hash, bcrypt still read; the length rules.

New hashes are argon2id (``argon2-cffi``'s defaults, RFC 9106's low-memory profile: 3
passes over 64 MiB, 4 lanes), which takes a password of any length — a Vietnamese passphrase
is often longer than bcrypt's 72 bytes. Hashes made before (bcrypt) are still checked;
``check_password`` says when one should be replaced, and the sign-in action replaces it at the
next successful sign-in (audited).

Every check costs the same work whether or not the account exists: an unknown username, an
account with no password (single sign-on only) or an unreadable hash is checked against a
dummy argon2id hash of the same parameters, so the time of an answer does not tell a
guesser which usernames exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 6
# Far beyond any passphrase; bounds the work one sign-in can ask for.
MAX_BYTES = 1024
BCRYPT_MAX_BYTES = 72  # bcrypt reads no further (bcrypt 5 refuses longer input)
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
ARGON2_PREFIX = "$argon2id$"

HASHER = PasswordHasher()  # argon2id, time_cost=3, memory_cost=64 MiB, parallelism=4
_dummies: dict[tuple[int, int, int], str] = {}


@dataclass(frozen=True)
class Checked:
    """The outcome of one password check: right or not, and whether the stored hash should
    be replaced by a new argon2id hash (bcrypt, or argon2 with older parameters)."""

    ok: bool
    upgrade: bool = False


def hash_password(password: str) -> str:
    """A new argon2id hash of ``password`` (salted; the parameters are in the text)."""
    return HASHER.hash(password)


def scheme(hashed: str | None) -> str | None:
    """``"argon2id"``, ``"bcrypt"`` or None (no hash, or one this code does not read)."""
    if not hashed:
        return None
    if hashed.startswith(ARGON2_PREFIX):
        return "argon2id"
    if hashed.startswith(BCRYPT_PREFIXES):
        return "bcrypt"
    return None


def _dummy_hash() -> str:
    """An argon2id hash of a random secret with the current hasher's parameters."""
    key = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    if key not in _dummies:
        _dummies[key] = HASHER.hash(secrets.token_urlsafe(32))
    return _dummies[key]


def _argon2(password: str, hashed: str) -> Checked:
    try:
        HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return Checked(False)
    return Checked(True, HASHER.check_needs_rehash(hashed))


def check_password(password: str, hashed: str | None) -> Checked:
    """Check ``password`` against a stored hash; the same argon2 work when there is none.

    A password longer than ``MAX_BYTES`` is never right (it could not have been set), and
    one longer than bcrypt's 72 bytes never matches a bcrypt hash (bcrypt would have cut
    it): both still cost one dummy check.
    """
    data = (password or "").encode("utf-8")
    kind = scheme(hashed)
    if len(data) > MAX_BYTES or kind is None or (
            kind == "bcrypt" and len(data) > BCRYPT_MAX_BYTES):
        _argon2(password or "", _dummy_hash())
        return Checked(False)
    if kind == "argon2id":
        return _argon2(password, hashed)
    try:
        ok = bcrypt.checkpw(data, hashed.encode("ascii"))
    except ValueError:  # a damaged bcrypt hash
        return Checked(False)
    return Checked(ok, ok)


def verify_password(password: str, hashed: str | None) -> bool:
    """Whether ``password`` matches ``hashed`` (see :func:`check_password`)."""
    return check_password(password, hashed).ok


def too_short(password: str | None) -> bool:
    """A password too short to be one (``MIN_LENGTH``)."""
    return len(password or "") < MIN_LENGTH


def too_long(password: str | None) -> bool:
    """A password longer than ``MAX_BYTES`` in UTF-8 (never accepted)."""
    return len((password or "").encode("utf-8")) > MAX_BYTES
