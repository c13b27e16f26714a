"""The server side of signing in: a plain HTML form, routes that set and clear the cookie.

Streamlit itself cannot set an HttpOnly cookie, so ``app.py`` serves the app as
``st.App(routes=auth_routes(), middleware=auth_middleware(...))``:

- ``GET /dang-nhap?next=/tong-quan?thang=2023-01`` shows the Vietnamese sign-in form;
- ``POST /dang-nhap`` reads at most ``MAX_FORM_BYTES`` of body (413 before reading when
  ``Content-Length`` says more, 413 as soon as a chunked or lying body goes past it, 408
  after ``BODY_SECONDS``), checks the password through ``actions.signin.sign_in``
  (throttled; at most ``HASHING_AT_ONCE`` checks at a time), sets the session cookie
  (HttpOnly, SameSite=Lax, Secure over HTTPS) and the device cookie (``auth.device``), and
  redirects back to ``next`` — only ever a path on this site;
- ``GET /dang-xuat`` ends the session (``actions.signin.sign_out``), clears the cookie and
  returns to the form in the same tab;
- the middleware sends a browser that opens a page without a live session to the form,
  keeping the address it asked for in ``next``.

``auth_middleware`` also puts the trusted-proxy handling (``web.proxy``), the security
headers (``web.headers``) and the upload gate (``web.uploads``) in front of every request.
Pages then find the user from the cookie (``st.context.cookies``) in ``ui.login``.
Starlette only here: no Streamlit import.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qs, quote, urlsplit

import anyio
from sqlalchemy import Engine
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from actions.base import ActionError
from actions.database import migrate_database
from actions.signin import LOCKED, sign_in, sign_out
from auth import device as devices
from auth.sessions import COOKIE_NAME, SESSION_LIFETIME, token_hash
from auth.sso import UNSAFE, sso_configured, sso_state
from core.messages import t
from store.database import open_database
from store.sessions import session_user
from web.headers import SecurityHeaders
from web.proxy import TrustedProxies
from web.uploads import UploadGate

log = logging.getLogger(__name__)

SIGN_IN_PATH = "/dang-nhap"
SIGN_OUT_PATH = "/dang-xuat"
# Paths the middleware never redirects: Streamlit's own endpoints and files, st.login's
# routes (single sign-on) and ours.
OPEN_PREFIXES = ("/_stcore", "/static", "/media", "/component", "/app/static", "/auth/",
                 "/oauth2callback", SIGN_IN_PATH, SIGN_OUT_PATH, "/favicon")
STREAMLIT_SSO_COOKIE = "_streamlit_user"
MAX_FORM_BYTES = 8192  # username, password (≤ 1024 bytes, ×3 URL-encoded) and next
BODY_SECONDS = 10.0  # a sign-in body that trickles in longer than this is dropped (408)
HASHING_AT_ONCE = 2  # password checks running at once (argon2id takes 64 MiB each)
_hashing = anyio.CapacityLimiter(HASHING_AT_ONCE)

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


@lru_cache(maxsize=1)
def _engine() -> Engine:
    migrate_database()  # a sign-in may be the first request a fresh server gets
    return open_database()


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else ``/`` (no open redirect).

    >>> safe_next("/tong-quan?thang=2023-01"), safe_next("https://evil.example/")
    ('/tong-quan?thang=2023-01', '/')
    >>> safe_next("//evil.example/x"), safe_next("/\\\\evil.example")
    ('/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    if parts.path.startswith((SIGN_IN_PATH, SIGN_OUT_PATH)):
        return "/"
    return target


def sign_in_url(next_path: str) -> str:
    return f"{SIGN_IN_PATH}?next={quote(safe_next(next_path), safe='')}"


def client_source(request: Request) -> str:
    """The client's address (behind a trusted proxy, the one it forwarded: ``web.proxy``)."""
    return request.client.host if request.client and request.client.host else "?"


def _cross_site(request: Request) -> bool:
    """A request another site made the browser send (login/logout CSRF).

    A browser's ``Sec-Fetch-Site`` decides when present (no page can forge it); otherwise
    an ``Origin`` must name the host the browser asked for — behind a proxy that rewrites
    ``Host``, the ``X-Forwarded-Host`` a trusted proxy passed (``web.proxy``).
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.headers.get("host", "")


class BodyRefused(Exception):
    """A sign-in body too large (413), malformed in length (400) or too slow (408)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def read_capped(request: Request, limit: int = MAX_FORM_BYTES,
                      seconds: float | None = None) -> bytes:
    """The request body, refused unread when ``Content-Length`` is over ``limit`` and
    refused as soon as more than ``limit`` bytes arrive (chunked, or a lying length)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise BodyRefused(400) from None
        if length < 0:
            raise BodyRefused(400)
        if length > limit:
            raise BodyRefused(413)
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(BODY_SECONDS if seconds is None else seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyRefused(413)
                chunks.append(chunk)
    except TimeoutError:
        raise BodyRefused(408) from None
    return b"".join(chunks)


def render_sign_in(next_path: str, username: str = "", message: str | None = None,
                   sso: bool | str = False) -> str:
    """The sign-in page; every text from the catalogue, every value escaped.

    ``sso``: True (or ``auth.sso.READY``) shows the single sign-on link; ``auth.sso.UNSAFE``
    says instead why single sign-on is off.
    """
    esc = html.escape
    error = f'<p class="err" role="alert">{esc(message)}</p>' if message else ""
    sso_link = ""
    if sso is True or sso == "ready":
        sso_link = (f'<p class="sso"><a href="/?sso=1">{esc(t("auth.sso_sign_in"))}</a></p>')
    elif sso == UNSAFE:
        sso_link = f'<p class="note">{esc(t("auth.sso_unsafe_secret"))}</p>'
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(t("auth.sign_in_title"))} — {esc(t("nav.app_title"))}</title>
<style>
body{{font-family:"Source Sans Pro",Arial,sans-serif;background:#f4f6f9;margin:0}}
main{{max-width:380px;margin:9vh auto;background:#fff;padding:28px 32px;border-radius:10px;
box-shadow:0 2px 10px rgba(0,0,0,.08)}}
h1{{font-size:1.35rem;color:#1f4e79;margin:0 0 4px}} p.sub{{color:#555;margin:0 0 20px}}
label{{display:block;margin:12px 0 4px;font-weight:600}}
input{{width:100%;box-sizing:border-box;padding:9px;border:1px solid #bbb;border-radius:6px;
font-size:1rem}}
button{{margin-top:20px;width:100%;padding:10px;border:0;border-radius:6px;background:#1f4e79;
color:#fff;font-size:1rem;cursor:pointer}}
.err{{background:#fdecea;color:#8a1c14;padding:9px 12px;border-radius:6px}}
.sso{{text-align:center;margin-top:16px}}
.note{{background:#fff4e5;color:#663c00;padding:9px 12px;border-radius:6px;margin-top:16px}}
</style></head>
<body><main>
<h1>{esc(t("auth.sign_in_title"))}</h1>
<p class="sub">{esc(t("nav.app_title"))}</p>
{error}
<form method="post" action="{SIGN_IN_PATH}" autocomplete="on">
<input type="hidden" name="next" value="{esc(safe_next(next_path))}">
<label for="u">{esc(t("auth.username"))}</label>
<input id="u" name="username" value="{esc(username)}" autocomplete="username" required autofocus>
<label for="p">{esc(t("auth.password"))}</label>
<input id="p" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{esc(t("auth.sign_in"))}</button>
</form>
{sso_link}
</main></body></html>"""


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _sso() -> str:
    return sso_state()


async def sign_in_form(request: Request) -> Response:
    return _page(render_sign_in(request.query_params.get("next", "/"), sso=_sso()))


_BODY_MESSAGES = {413: "auth.form_too_large", 408: "auth.form_too_slow",
                  400: "auth.form_invalid"}


async def sign_in_post(request: Request) -> Response:
    try:
        body = await read_capped(request)
    except BodyRefused as refused:
        response = _page(render_sign_in("/", message=t(_BODY_MESSAGES[refused.status],
                                                        kb=MAX_FORM_BYTES // 1024)),
                         refused.status)
        response.headers["Connection"] = "close"  # the unread rest is not ours to read
        return response
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    next_path = safe_next(form.get("next"))
    username = form.get("username", "").strip()
    if _cross_site(request):
        return _page(render_sign_in(next_path, message=t("auth.form_invalid")), 403)
    https = request.url.scheme == "https"
    device_cookie = request.cookies.get(devices.COOKIE_NAME)
    source = client_source(request)
    try:
        done = await anyio.to_thread.run_sync(
            lambda: sign_in(_engine(), username, form.get("password", ""), source,
                            device_cookie=device_cookie),
            limiter=_hashing)
    except ActionError as refused:
        status = 429 if refused.key == LOCKED else 401
        return _page(render_sign_in(next_path, username, refused.message(), sso=_sso()),
                     status)
    response = RedirectResponse(next_path, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE_NAME, done.value.token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/",
        httponly=True, samesite="lax", secure=https)
    response.set_cookie(
        devices.COOKIE_NAME, done.value.device_cookie,
        max_age=int(devices.LIFETIME.total_seconds()), path=devices.COOKIE_PATH,
        httponly=True, samesite="strict", secure=https)
    return response


async def sign_out_get(request: Request) -> Response:
    response = RedirectResponse(SIGN_IN_PATH, status_code=303, headers=SECURITY_HEADERS)
    if _cross_site(request):
        return response  # another site may not sign our users out
    token = request.cookies.get(COOKIE_NAME)
    if token:
        source = client_source(request)
        await anyio.to_thread.run_sync(lambda: sign_out(_engine(), token, source))
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")
    return response


def auth_routes() -> list[Route]:
    return [
        Route(SIGN_IN_PATH, sign_in_form, methods=["GET"]),
        Route(SIGN_IN_PATH, sign_in_post, methods=["POST"]),
        Route(SIGN_OUT_PATH, sign_out_get, methods=["GET"]),
    ]


def _token_is_live(token: str) -> bool:
    with _engine().connect() as conn:
        return session_user(conn, token_hash(token)) is not None


def needs_sign_in(path: str, query: str, cookies: dict[str, str], accepts_html: bool,
                  sso: bool = False) -> bool:
    """Whether a GET of ``path`` is a page opened without any session (pure part).

    ``sso``: single sign-on is on (``auth.sso.sso_configured``); only then do st.login's
    cookie and ``?sso=1`` let a page through to its own guard.
    """
    if not accepts_html or path.startswith(OPEN_PREFIXES):
        return False
    last = path.rsplit("/", 1)[-1]
    if "." in last:  # a file (manifest.json, robots.txt …), not a page
        return False
    if not sso:
        return True
    return STREAMLIT_SSO_COOKIE not in cookies and "sso=1" not in query.split("&")


class SignInRedirect:
    """ASGI middleware: a page opened without a live session goes to the sign-in form.

    Only a convenience (the page guard is the real check): it keeps ``?thang=…`` through
    sign-in and shows the form before any Streamlit code runs.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            request = Request(scope)
            if needs_sign_in(scope.get("path", "/"), request.url.query, dict(request.cookies),
                             "text/html" in request.headers.get("accept", ""),
                             sso_configured()):
                token = request.cookies.get(COOKIE_NAME)
                live = bool(token) and await anyio.to_thread.run_sync(
                    lambda: _token_is_live(token))
                if not live:
                    target = request.url.path + (f"?{request.url.query}"
                                                 if request.url.query else "")
                    response = RedirectResponse(sign_in_url(target), status_code=302)
                    if token:
                        response.delete_cookie(COOKIE_NAME, path="/")
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


@lru_cache(maxsize=1)
def report_sso_state() -> str:
    """Log once per server process when single sign-on is configured but refused (the
    example's or a short ``cookie_secret``)."""
    state = sso_state()
    if state == UNSAFE:
        log.error(t("auth.sso_unsafe_secret_log"))
    return state


def auth_middleware(script_hashes: Iterable[str] = ()) -> list[Middleware]:
    """Everything in front of Streamlit, outermost first: the trusted-proxy headers, the
    security headers (``script_hashes``: Streamlit's inline scripts, allowed by hash), the
    upload gate, the sign-in redirect."""
    report_sso_state()
    return [Middleware(TrustedProxies), Middleware(SecurityHeaders, script_hashes=script_hashes),
            Middleware(UploadGate, engine_factory=_engine), Middleware(SignInRedirect)]
