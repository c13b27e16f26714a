"""Behind a reverse proxy: which forwarded headers are believed, and from whom.

Only a request whose peer (the address that opened the TCP connection) is one of the
trusted proxies may say who the client is (``X-Forwarded-For``), whether the browser used
HTTPS (``X-Forwarded-Proto``) and which host name it asked for (``X-Forwarded-Host``).
From anyone else these headers are ignored. The trusted proxies are a setting:
``TRUSTED_PROXIES`` in the environment (addresses or networks, comma-separated), else
``[web] trusted_proxies`` in ``.streamlit/secrets.toml`` (a list); none by default.

The client is the right-most address of ``X-Forwarded-For`` that is not a trusted proxy
(each proxy appends the address it saw, so everything left of it could be written by the
client). The scope is rewritten once, here, so the sign-in routes (the throttle's source,
the cookie's ``Secure`` flag, the cross-site check) and Streamlit all see the same client.

``streamlit run`` serves the app with uvicorn, whose own proxy handling believes
``X-Forwarded-*`` from 127.0.0.1 and ::1 unless told otherwise (``FORWARDED_ALLOW_IPS``);
:func:`leave_forwarding_to_us` switches that off so this setting alone decides.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path

from core.messages import t
from store.engine import SECRETS_PATH

log = logging.getLogger(__name__)

ENV_TRUSTED = "TRUSTED_PROXIES"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Addresses and CIDR networks; a value that is neither is logged and skipped."""
    out: list[Network] = []
    for raw in values:
        value = str(raw).strip()
        if not value:
            continue
        try:
            out.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            log.error(t("web.proxy_bad_value", value=value))
    return out


def configured_proxies(secrets_path: Path | None = None) -> list[Network]:
    """The trusted proxies of this server (see the module's text)."""
    env = os.environ.get(ENV_TRUSTED)
    if env is not None:
        return parse_networks(env.split(","))
    secrets_path = secrets_path or SECRETS_PATH
    if not secrets_path.exists():
        return []
    try:
        with secrets_path.open("rb") as fh:
            values = tomllib.load(fh).get("web", {}).get("trusted_proxies", [])
    except (OSError, tomllib.TOMLDecodeError):
        return []
    if isinstance(values, str):
        values = values.split(",")
    return parse_networks(values if isinstance(values, list) else [])


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = text.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_trusted(host: str | None, proxies: list[Network]) -> bool:
    ip = _address(host or "")
    return ip is not None and any(ip in net for net in proxies)


def forwarded_client(peer: str, forwarded_for: str, proxies: list[Network]) -> str:
    """The client behind a chain of proxies: the right-most ``X-Forwarded-For`` entry that
    is not a trusted proxy (the peer when the header names nobody usable).

    >>> nets = parse_networks(["10.0.0.0/8"])
    >>> forwarded_client("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.7", nets)
    '203.0.113.9'
    """
    entries = [e.strip() for e in forwarded_for.split(",") if e.strip()]
    for entry in reversed(entries):
        ip = _address(entry)
        if ip is None:
            return peer  # a malformed entry: nothing left of it can be believed
        if not any(ip in net for net in proxies):
            return str(ip)
    return str(_address(entries[0])) if entries else peer


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    values = [v.decode("latin-1") for k, v in headers if k.lower() == name]
    return ", ".join(values) if values else None


def _last(value: str) -> str:
    """The value the nearest proxy added (the right-most of a comma-separated list)."""
    return value.split(",")[-1].strip()


class TrustedProxies:
    """ASGI middleware: believe ``X-Forwarded-*`` only from a trusted proxy's connection."""

    def __init__(self, app, proxies: list[Network] | None = None) -> None:
        self.app = app
        self.proxies = configured_proxies() if proxies is None else proxies

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket") and self.proxies:
            client = scope.get("client")
            peer = client[0] if client else None
            if is_trusted(peer, self.proxies):
                scope = dict(scope)
                headers = list(scope.get("headers", []))
                forwarded = _header(headers, b"x-forwarded-for")
                if forwarded:
                    scope["client"] = (forwarded_client(peer, forwarded, self.proxies), 0)
                proto = _header(headers, b"x-forwarded-proto")
                if proto and _last(proto).lower() in ("http", "https"):
                    https = _last(proto).lower() == "https"
                    if scope["type"] == "websocket":
                        scope["scheme"] = "wss" if https else "ws"
                    else:
                        scope["scheme"] = "https" if https else "http"
                host = _header(headers, b"x-forwarded-host")
                if host and _last(host):
                    headers = [(k, v) for k, v in headers if k.lower() != b"host"]
                    headers.append((b"host", _last(host).encode("latin-1")))
                    scope["headers"] = headers
        await self.app(scope, receive, send)


def leave_forwarding_to_us() -> None:
    """Make uvicorn's own ``X-Forwarded-*`` handling a no-op in this process.

    uvicorn wraps the app in ``ProxyHeadersMiddleware`` trusting 127.0.0.1 and ::1 by
    default, before any of our code runs; left alone it would rewrite the client and the
    scheme from headers no setting of ours allowed. ``TrustedProxies`` does that job, with
    the product's setting. (uvicorn is imported here only when it is installed, as it is
    whenever ``streamlit run`` serves ``st.App``.)
    """
    try:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
    except ImportError:  # not served by uvicorn: nothing to switch off
        return

    async def pass_through(self, scope, receive, send) -> None:
        await self.app(scope, receive, send)

    ProxyHeadersMiddleware.__call__ = pass_through
