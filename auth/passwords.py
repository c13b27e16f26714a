"""Password hashing with bcrypt (salted, slow on purpose) and the length rule."""

from __future__ import annotations

import bcrypt

MIN_LENGTH = 6


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def verify_password(password: str, hashed: str | None) -> bool:
    if not hashed:
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


def too_short(password: str | None) -> bool:
    """A password too short to be one (``MIN_LENGTH``)."""
    return len(password or "") < MIN_LENGTH
