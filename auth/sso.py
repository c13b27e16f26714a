"""Optional single sign-on (OpenID Connect through ``st.login``): when it may run, and whom
an identity is.

The identity provider (e.g. an on-premise Keycloak) says who someone is; the ``app_user``
table still says what they may do. An identity is its issuer and subject (the token's
``iss`` and ``sub``) and opens an account only after an admin linked that pair to it
(``actions.accounts.link_sso``): no account is ever matched by a name or an e-mail, which
anyone registered at the provider could choose.

``st.login`` keeps the identity in a cookie signed with ``[auth] cookie_secret``. Anyone who
knows that secret can forge the cookie, so single sign-on is refused — not started, and any
identity cookie ignored — while the secret is missing, short, or the example's
``CHANGE-ME`` placeholder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from store.engine import SECRETS_PATH

SSO_FIELD_LIMIT = 255  # the width of sso_identity.issuer / subject
MIN_COOKIE_SECRET_CHARS = 32
OFF, READY, UNSAFE = "off", "ready", "unsafe_secret"


def _auth_section(secrets_path: Path) -> dict | None:
    if not secrets_path.exists():
        return None
    try:
        with secrets_path.open("rb") as fh:
            section = tomllib.load(fh).get("auth")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return section if isinstance(section, dict) and section else None


def unsafe_cookie_secret(value: object) -> bool:
    """A ``cookie_secret`` that lets others forge the identity cookie.

    >>> unsafe_cookie_secret("CHANGE-ME-a-long-random-string"), unsafe_cookie_secret("x" * 40)
    (True, False)
    """
    return (not isinstance(value, str) or len(value) < MIN_COOKIE_SECRET_CHARS
            or "CHANGE-ME" in value.upper())


def sso_state(secrets_path: Path | None = None) -> str:
    """``off`` (no ``[auth]`` section), ``ready``, or ``unsafe_secret`` (refused)."""
    section = _auth_section(secrets_path or SECRETS_PATH)
    if section is None:
        return OFF
    return UNSAFE if unsafe_cookie_secret(section.get("cookie_secret")) else READY


def sso_configured(secrets_path: Path | None = None) -> bool:
    """Whether single sign-on may run: an ``[auth]`` section with a safe cookie secret."""
    return sso_state(secrets_path) == READY


def identity_key(claims: Mapping[str, object]) -> tuple[str, str] | None:
    """(issuer, subject) of an identity, or None when either is missing or too long.

    >>> identity_key({"iss": "https://sso.example/realms/s", "sub": "f1c2", "email": "a@b"})
    ('https://sso.example/realms/s', 'f1c2')
    >>> identity_key({"preferred_username": "quantri"}) is None
    True
    """
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not (isinstance(issuer, str) and isinstance(subject, str)):
        return None
    issuer, subject = issuer.strip(), subject.strip()
    if not issuer or not subject or max(len(issuer), len(subject)) > SSO_FIELD_LIMIT:
        return None
    return issuer, subject
