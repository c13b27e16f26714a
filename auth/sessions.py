"""Sign-in sessions: random tokens kept by the browser in a cookie, stored only hashed.

The browser holds the raw token (HttpOnly cookie set by the sign-in route in ``web.signin``);
the database (``store.sessions``) holds only its SHA-256, so a copy of the database cannot
be replayed. A token expires, and is revoked by sign-out and by any password change.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

COOKIE_NAME = "skhcn_session"
SESSION_LIFETIME = timedelta(hours=12)


def token_hash(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh 256-bit random token for the cookie (store only its ``token_hash``)."""
    return secrets.token_urlsafe(32)
