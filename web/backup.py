"""The one way a backup leaves the server over HTTP: ``GET /sao-luu/<link>``.

The admin page (``ui.admin_view.backup_tab``) asks ``actions.backup.issue_download`` for a
one-time link; no backup byte ever goes into Streamlit's media store (whose ``/media/…``
addresses need no sign-in). This route:

1. finds the signed-in user from the HttpOnly session cookie (``web.signin`` sets it):
   nobody → 401, a role without ``admin.backup`` → 403;
2. spends the link through ``actions.backup.download`` — another admin's link → 403 and
   it stays unspent; an unknown, spent or expired link → 410 — and writes a fresh
   snapshot into a private temporary folder;
3. streams the file as an attachment and removes the folder once it is sent.

Every answer carries ``no-store`` and a policy that lets the page do nothing; refusals are
short Vietnamese pages with the way forward. Starlette only: no Streamlit import.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import anyio
from sqlalchemy import Engine
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from actions.backup import PERMISSION, download
from actions.base import ActionError
from auth.permissions import allowed
from auth.sessions import COOKIE_NAME, token_hash
from core.messages import t
from core.timezone import vn_now
from store.database import open_database
from store.not_ready import DatabaseNotReady
from store.sessions import session_user
from store.users import User

log = logging.getLogger(__name__)

DOWNLOAD_PREFIX = "/sao-luu/"
ADMIN_PAGE = "/quan-tri"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # the link is a secret: never send it on
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "frame-ancestors 'none'",
}
_STATUS = {"admin.backup_link_not_yours": 403, "admin.backup_link_gone": 410}


@lru_cache(maxsize=1)
def _engine() -> Engine:
    # The app's start has set the database up before any page could make a link.
    return open_database()


def download_path(ticket: str) -> str:
    """The site-relative address of the link ``ticket``."""
    return DOWNLOAD_PREFIX + ticket


def refusal_page(message: str, status: int) -> HTMLResponse:
    """A short Vietnamese page: what happened and a way back to the admin page."""
    esc = html.escape
    body = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(t("admin.backup_page_title"))} — {esc(t("nav.app_title"))}</title>
<style>
body{{font-family:"Source Sans Pro",Arial,sans-serif;background:#f4f6f9;margin:0}}
main{{max-width:520px;margin:9vh auto;background:#fff;padding:28px 32px;border-radius:10px;
box-shadow:0 2px 10px rgba(0,0,0,.08)}}
h1{{font-size:1.3rem;color:#1f4e79;margin:0 0 14px}}
p{{line-height:1.5}} a{{color:#1f4e79}}
</style></head>
<body><main>
<h1>{esc(t("admin.backup_page_title"))}</h1>
<p role="alert">{esc(message)}</p>
<p><a href="{ADMIN_PAGE}">{esc(t("admin.backup_page_back"))}</a></p>
</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _signed_in(token: str | None) -> User | None:
    if not token:
        return None
    with _engine().connect() as conn:
        return session_user(conn, token_hash(token))


async def backup_download(request: Request) -> Response:
    ticket = request.path_params["ticket"]
    token = request.cookies.get(COOKIE_NAME)
    try:
        user = await anyio.to_thread.run_sync(lambda: _signed_in(token))
    except DatabaseNotReady as not_ready:
        return refusal_page(not_ready.message, 503)
    if user is None:
        return refusal_page(t("admin.backup_link_sign_in"), 401)
    if not allowed(user.role, PERMISSION):
        return refusal_page(t("action.forbidden"), 403)
    folder = Path(tempfile.mkdtemp(prefix="sokhcn-backup-"))
    try:
        done = await anyio.to_thread.run_sync(
            lambda: download(_engine(), user, ticket, folder))
    except ActionError as refused:
        shutil.rmtree(folder, ignore_errors=True)
        return refusal_page(refused.message(), _STATUS.get(refused.key, 500))
    except DatabaseNotReady as not_ready:  # a restore is running
        shutil.rmtree(folder, ignore_errors=True)
        return refusal_page(not_ready.message, 503)
    except Exception:  # never a traceback; the log keeps the details
        shutil.rmtree(folder, ignore_errors=True)
        log.exception("backup download failed")
        return refusal_page(t("action.unexpected"), 500)
    path = done.value
    name = f"sokhcn-{vn_now():%Y-%m-%d-%H%M}{path.suffix}"
    return FileResponse(path, media_type="application/octet-stream", filename=name,
                        headers=HEADERS,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


def backup_routes() -> list[Route]:
    return [Route(DOWNLOAD_PREFIX + "{ticket}", backup_download, methods=["GET"])]
