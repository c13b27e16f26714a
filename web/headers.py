"""Security headers on every HTTP response the server sends (Streamlit's and ours).

- ``Content-Security-Policy``: scripts only from this site (plus Streamlit's one inline
  script, allowed by its SHA-256), no plugins, no ``<base>`` tricks, forms only to this site,
  and ``frame-ancestors 'none'`` — no other site may frame a page (clickjacking). Styles may
  be inline: Streamlit's components write their styles at run time.
- ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (an address with
  ``?thang=…`` never leaves the site), ``Cross-Origin-Opener-Policy: same-origin``,
  ``Permissions-Policy`` switching off camera, microphone, geolocation and payment.
- ``Cache-Control: no-store`` on HTML pages, so the browser's back button after sign-out
  asks the server again instead of showing a stored page with figures on it.

A response that already carries one of these headers (the sign-in form's stricter policy)
keeps its own.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) for every inline ``<script>`` of ``html``.

    >>> inline_script_hashes("<script>\\n  window.x = 1\\n</script><script src=a.js></script>")
    ["'sha256-2z4rcNbwHxGWHd5FHRCq+U3cuLmBeGDUDfZrlDMrl/g='"]
    """
    out = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        out.append(f"'sha256-{digest}'")
    return out


def page_policy(script_hashes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy of the app's pages."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(policy: str) -> dict[str, str]:
    return {
        "content-security-policy": policy,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


class SecurityHeaders:
    """ASGI middleware adding :func:`security_headers` (and ``no-store`` on HTML) to every
    HTTP response that does not set them itself."""

    def __init__(self, app, script_hashes: Iterable[str] = ()) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode())
                        for k, v in security_headers(page_policy(script_hashes)).items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.headers if k not in present]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"),
                                    b"")
                if content_type.startswith(b"text/html"):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
