"""Optional single sign-on (OpenID Connect through ``st.login``): the mapping rules.

The identity provider (e.g. an on-premise Keycloak) says who someone is; the ``app_user``
table still says what they may do. An account whose username is the person's e-mail (or
their ``preferred_username``) gets its role; anyone else is refused. Accounts made for
single sign-on only may have no password at all.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from store.engine import SECRETS_PATH


def sso_configured(secrets_path: Path = SECRETS_PATH) -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    if not secrets_path.exists():
        return False
    try:
        with secrets_path.open("rb") as fh:
            return bool(tomllib.load(fh).get("auth"))
    except (OSError, tomllib.TOMLDecodeError):
        return False


def identity_names(claims: Mapping[str, object]) -> list[str]:
    """The account names an identity may sign in as, most specific first.

    An unverified e-mail proves nothing: then no name at all.

    >>> identity_names({"email": "An@SoKHCN.gov.vn", "preferred_username": "an"})
    ['an@sokhcn.gov.vn', 'an']
    >>> identity_names({"email": "an@sokhcn.gov.vn", "email_verified": False})
    []
    """
    if claims.get("email") and claims.get("email_verified") is False:
        return []
    names: list[str] = []
    for key in ("email", "preferred_username"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            name = value.strip().lower() if key == "email" else value.strip()
            if name not in names:
                names.append(name)
    return names
