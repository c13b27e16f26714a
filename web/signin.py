"""The server side of signing in: a plain HTML form, routes that set and clear the cookie.

Streamlit itself cannot set an HttpOnly cookie, so ``app.py`` serves the app as
``st.App(routes=auth_routes(), middleware=auth_middleware())``:

- ``GET /dang-nhap?next=/tong-quan?thang=2023-01`` shows the Vietnamese sign-in form;
- ``POST /dang-nhap`` checks the password through ``actions.signin.sign_in`` (throttled),
  sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and redirects back
  to ``next`` — only ever a path on this site;
- ``GET /dang-xuat`` ends the session (``actions.signin.sign_out``), clears the cookie and
  returns to the form;
- the middleware sends a browser that opens a page without a live session to the form,
  keeping the address it asked for in ``next``.

Pages then find the user from the cookie (``st.context.cookies``) in ``ui.guard``.
Starlette only here: no Streamlit import.
"""

from __future__ import annotations

import html
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
from auth.sessions import COOKIE_NAME, SESSION_LIFETIME, token_hash
from auth.sso import sso_configured
from core.messages import t
from store.database import open_database
from store.sessions import session_user

SIGN_IN_PATH = "/dang-nhap"
SIGN_OUT_PATH = "/dang-xuat"
# Paths the middleware never redirects: Streamlit's own endpoints and files, st.login's
# routes (single sign-on) and ours.
OPEN_PREFIXES = ("/_stcore", "/static", "/media", "/component", "/app/static", "/auth/",
                 "/oauth2callback", SIGN_IN_PATH, SIGN_OUT_PATH, "/favicon")
STREAMLIT_SSO_COOKIE = "_streamlit_user"
MAX_FORM_BYTES = 4096

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
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
    """The address the throttle counts failures against."""
    return request.client.host if request.client and request.client.host else "?"


def _cross_site(request: Request) -> bool:
    """A request another site made the browser send (login/logout CSRF)."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != request.headers.get("host", "")
    return False


def render_sign_in(next_path: str, username: str = "", message: str | None = None,
                   sso: bool = False) -> str:
    """The sign-in page; every text from the catalogue, every value escaped."""
    esc = html.escape
    error = f'<p class="err" role="alert">{esc(message)}</p>' if message else ""
    sso_link = ""
    if sso:
        sso_link = (f'<p class="sso"><a href="/?sso=1">{esc(t("auth.sso_sign_in"))}</a></p>')
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


async def sign_in_form(request: Request) -> Response:
    return _page(render_sign_in(request.query_params.get("next", "/"), sso=sso_configured()))


async def sign_in_post(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return _page(render_sign_in("/", message=t("auth.form_invalid")), 400)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    next_path = safe_next(form.get("next"))
    username = form.get("username", "").strip()
    if _cross_site(request):
        return _page(render_sign_in(next_path, message=t("auth.form_invalid")), 403)
    try:
        done = await anyio.to_thread.run_sync(
            lambda: sign_in(_engine(), username, form.get("password", ""),
                            client_source(request)))
    except ActionError as refused:
        status = 429 if refused.key == LOCKED else 401
        return _page(render_sign_in(next_path, username, refused.message(),
                                    sso=sso_configured()), status)
    response = RedirectResponse(next_path, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE_NAME, done.value.token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/",
        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


async def sign_out_get(request: Request) -> Response:
    response = RedirectResponse(SIGN_IN_PATH, status_code=303, headers=SECURITY_HEADERS)
    if _cross_site(request):
        return response  # another site may not sign our users out
    token = request.cookies.get(COOKIE_NAME)
    if token:
        source = client_source(request)
        await anyio.to_thread.run_sync(lambda: sign_out(_engine(), token, source))
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
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


def needs_sign_in(path: str, query: str, cookies: dict[str, str], accepts_html: bool) -> bool:
    """Whether a GET of ``path`` is a page opened without any session (pure part)."""
    if not accepts_html or path.startswith(OPEN_PREFIXES):
        return False
    last = path.rsplit("/", 1)[-1]
    if "." in last:  # a file (manifest.json, robots.txt …), not a page
        return False
    # Single sign-on: st.login's own cookie, checked by the page guard.
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
                             "text/html" in request.headers.get("accept", "")):
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


def auth_middleware() -> list[Middleware]:
    return [Middleware(SignInRedirect)]
