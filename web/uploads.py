"""The gate in front of Streamlit's upload endpoint (``/_stcore/upload_file/<session>/<file>``).

Streamlit stores whatever a browser session sends there, signed in or not, and keeps it in
memory for minutes. The gate answers 403 before a byte of the body is read unless the
request comes from someone whose role holds a permission that uploads (a unit's sheet, a
past report, the admin's catalogue YAML: ``auth.permissions.UPLOAD_PERMISSIONS``).

Who it is: the session cookie the request carries (every browser request of the app sends
it), checked against the database like every page run — a revoked or expired token, a
disabled account, an older password counts as nobody. A session opened through single
sign-on has no cookie of ours: the page run that found its linked account registers the
Streamlit session id here (:func:`remember_session`), and the gate reads the account from
the database again.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

import anyio
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from auth.permissions import UPLOAD_PERMISSIONS, allowed
from auth.sessions import COOKIE_NAME, token_hash
from core.messages import t
from store.sessions import session_user
from store.users import User, get_user

UPLOAD_PREFIX = "/_stcore/upload_file/"
_MAX_REMEMBERED = 10_000
_sso_sessions: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def remember_session(session_id: str, username: str) -> None:
    """A Streamlit session signed in through single sign-on as ``username``."""
    with _lock:
        _sso_sessions[session_id] = username
        _sso_sessions.move_to_end(session_id)
        while len(_sso_sessions) > _MAX_REMEMBERED:
            _sso_sessions.popitem(last=False)


def forget_session(session_id: str) -> None:
    with _lock:
        _sso_sessions.pop(session_id, None)


def may_upload(user: User | None) -> bool:
    return user is not None and any(allowed(user.role, p) for p in UPLOAD_PERMISSIONS)


def uploader(engine: Engine, token: str | None, session_id: str) -> User | None:
    """The account behind an upload request: its session cookie, else the single sign-on
    account its Streamlit session was opened with."""
    with engine.connect() as conn:
        if token:
            return session_user(conn, token_hash(token))
        with _lock:
            username = _sso_sessions.get(session_id)
        return get_user(conn, username) if username else None


def _session_id(path: str) -> str:
    rest = path[len(UPLOAD_PREFIX):]
    return rest.split("/", 1)[0]


class UploadGate:
    """ASGI middleware: an upload (PUT) from someone who may not upload gets 403 unread."""

    def __init__(self, app, engine_factory) -> None:
        self.app = app
        self.engine_factory = engine_factory

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] == "http" and scope.get("method") == "PUT"
                and scope.get("path", "").startswith(UPLOAD_PREFIX)):
            request = Request(scope)
            token = request.cookies.get(COOKIE_NAME)
            session_id = _session_id(scope["path"])
            user = await anyio.to_thread.run_sync(
                lambda: uploader(self.engine_factory(), token, session_id))
            if not may_upload(user):
                response = PlainTextResponse(t("web.upload_forbidden"), status_code=403,
                                             headers={"Connection": "close"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
