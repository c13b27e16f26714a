"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies").

A browser that signed in to an account receives a device cookie: the username, a random
nonce and the issue time, signed with HMAC-SHA256 under a server secret. On the next
sign-in to that account the browser is a *known device*: its owner's right password is
accepted while strangers are being slowed (``auth.throttle``), and its own failures count
against that device only. The cookie is not a credential — it opens nothing by itself.

One cookie holds the entries of up to ``MAX_ENTRIES`` accounts (a shared office computer).

The secret: ``DEVICE_COOKIE_SECRET`` in the environment, else ``[signin]
device_cookie_secret`` in ``.streamlit/secrets.toml``, else a random key generated once
into ``data/device_cookie.key`` (mode 0600, ignored by git; ``DEVICE_COOKIE_KEY_FILE``
moves it). Several app servers in front of one PostgreSQL database must share it (set it in
the environment or secrets.toml). A configured secret shorter than ``MIN_SECRET_CHARS`` or
still holding the example's ``CHANGE-ME`` is refused (logged) and the key file used instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from core.messages import t
from store.engine import ROOT, SECRETS_PATH

log = logging.getLogger(__name__)

COOKIE_NAME = "skhcn_device"
COOKIE_PATH = "/dang-nhap"  # sent only to the sign-in route
LIFETIME = timedelta(days=365)
MAX_ENTRIES = 8
MIN_SECRET_CHARS = 32
ENV_SECRET = "DEVICE_COOKIE_SECRET"
ENV_KEY_FILE = "DEVICE_COOKIE_KEY_FILE"
DEFAULT_KEY_FILE = ROOT / "data" / "device_cookie.key"
_ENTRY_SEP, _FIELD_SEP = "~", "."
_cached: dict[str, bytes] = {}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def weak_secret(value: str | None) -> bool:
    """A configured secret that must not be used: missing, short, or the example's."""
    return not value or len(value) < MIN_SECRET_CHARS or "CHANGE-ME" in value.upper()


def _configured_secret(secrets_path: Path) -> str | None:
    value = os.environ.get(ENV_SECRET)
    if value is None and secrets_path.exists():
        try:
            with secrets_path.open("rb") as fh:
                value = tomllib.load(fh).get("signin", {}).get("device_cookie_secret")
        except (OSError, tomllib.TOMLDecodeError):
            value = None
    if value is not None and weak_secret(str(value)):
        log.error(t("auth.device_secret_weak", n=MIN_SECRET_CHARS))
        return None
    return str(value) if value is not None else None


def _key_file_secret(path: Path) -> bytes:
    """The generated key, created once (mode 0600) by whichever process comes first."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def server_secret(secrets_path: Path | None = None) -> bytes:
    """The HMAC key of device cookies (see the module's text), read once per process."""
    secrets_path = secrets_path or SECRETS_PATH
    key_file = Path(os.environ.get(ENV_KEY_FILE) or DEFAULT_KEY_FILE)
    cache_key = f"{secrets_path}|{key_file}|{os.environ.get(ENV_SECRET, '')}"
    if cache_key not in _cached:
        configured = _configured_secret(secrets_path)
        _cached[cache_key] = (configured.encode("utf-8") if configured
                              else _key_file_secret(key_file))
    return _cached[cache_key]


def _signature(secret: bytes, payload: str) -> str:
    return _b64(hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest())


def issue(username: str, secret: bytes, now: datetime) -> tuple[str, str]:
    """A new entry for ``username``: (the signed entry, its nonce)."""
    nonce = secrets.token_urlsafe(16)
    payload = _FIELD_SEP.join([_b64(username.encode("utf-8")), nonce,
                               str(int(now.timestamp()))])
    return payload + _FIELD_SEP + _signature(secret, payload), nonce


def _parse(entry: str, secret: bytes) -> tuple[str, str, int] | None:
    """(username, nonce, issued) of a correctly signed entry, else None."""
    parts = entry.split(_FIELD_SEP)
    if len(parts) != 4:
        return None
    payload = _FIELD_SEP.join(parts[:3])
    if not hmac.compare_digest(_signature(secret, payload), parts[3]):
        return None
    try:
        return _unb64(parts[0]).decode("utf-8"), parts[1], int(parts[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _entries(cookie: str | None) -> list[str]:
    return [e for e in (cookie or "").split(_ENTRY_SEP) if e][:MAX_ENTRIES]


def known_device(cookie: str | None, username: str, secret: bytes,
                 now: datetime) -> str | None:
    """The nonce of a valid, unexpired entry for ``username`` in ``cookie``, else None."""
    for entry in _entries(cookie):
        parsed = _parse(entry, secret)
        if parsed is None or parsed[0] != username:
            continue
        issued = parsed[2]
        if 0 <= now.timestamp() - issued <= LIFETIME.total_seconds():
            return parsed[1]
    return None


def with_entry(cookie: str | None, entry: str, username: str, secret: bytes) -> str:
    """``cookie`` with ``entry`` first, the account's older entries and anything not
    correctly signed dropped, at most ``MAX_ENTRIES`` entries."""
    keep = [entry]
    for old in _entries(cookie):
        parsed = _parse(old, secret)
        if parsed is not None and parsed[0] != username and len(keep) < MAX_ENTRIES:
            keep.append(old)
    return _ENTRY_SEP.join(keep)
