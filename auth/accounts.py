"""Built-in accounts in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from auth.passwords import MIN_LENGTH, hash_password, verify_password
from auth.roles import ADMIN, ANALYST, ROLES
from core.timezone import utc_now
from store import audit
from store.schema import app_user, org_unit


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit: str | None  # the analyst's own unit


def _user(row) -> User:
    return User(row.username, row.display_name, row.role, row.unit_code)


def get_user(bind: Engine | Connection, username: str) -> User | None:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return get_user(conn, username)
    row = bind.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    return _user(row) if row else None


def create_user(conn: Connection, username: str, password: str | None, role: str,
                display_name: str = "", unit: str | None = None, actor: str = "system",
                actor_role: str = ADMIN) -> User:
    """Add an account (audited). ``actor_role`` is the creator's role: pages pass the signed-in
    user's; the command line and the demo act as the server's operator (admin).
    Raises AccountError (with a message key) for a bad role, name or a taken name.
    """
    _require_admin(actor_role)
    if role not in ROLES:
        raise AccountError("admin.role_unknown", role=role)
    if role == ANALYST and not unit:
        raise AccountError("admin.analyst_needs_unit")
    _check_unit(conn, unit)
    if not username or len(username) > 64 or username != username.strip():
        raise AccountError("admin.username_invalid")
    if conn.execute(select(app_user.c.username).where(app_user.c.username == username)).first():
        raise AccountError("admin.user_exists", username=username)
    conn.execute(insert(app_user).values(
        username=username, display_name=display_name or username,
        # No password: an account that signs in only through single sign-on.
        password_hash=hash_password(password) if password else None, role=role,
        unit_code=unit, active=True,
        created_at=utc_now(), password_changed_at=utc_now(),
    ))
    audit.record(conn, actor, "user.create", "user", username, None,
                 {"role": role, "unit": unit, "display_name": display_name})
    return User(username, display_name or username, role, unit)


def check_password(conn: Connection, username: str, password: str) -> User | None:
    """The user when the password is right and the account active; None otherwise."""
    row = conn.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    if row is None or not verify_password(password, row.password_hash):
        return None
    return _user(row)


def _require_admin(actor_role: str) -> None:
    from auth.roles import require

    require(actor_role, "admin.accounts")


def _row(conn: Connection, username: str):
    row = conn.execute(select(app_user).where(app_user.c.username == username)).first()
    if row is None:
        raise AccountError("admin.user_unknown", username=username)
    return row


def _check_unit(conn: Connection, unit: str | None) -> None:
    found = conn.execute(select(org_unit.c.code).where(org_unit.c.code == unit)).first()
    if unit and found is None:
        raise AccountError("admin.unit_unknown", unit=unit)


class AccountError(ValueError):
    """A refused account change; ``key`` is the message-catalogue key of the reason."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def check_new_password(password: str) -> None:
    """Refuse a password too short to be one (AccountError)."""
    if len(password or "") < MIN_LENGTH:
        raise AccountError("admin.password_too_short", n=MIN_LENGTH)


def set_password(conn: Connection, username: str, password: str, actor: str,
                 actor_role: str) -> None:
    """A new password (admin for anyone, or the user for themself); ends every session.

    The audit row says that the password changed, never what it is.
    """
    if actor != username:
        _require_admin(actor_role)
    check_new_password(password)
    _row(conn, username)
    conn.execute(app_user.update().where(app_user.c.username == username).values(
        password_hash=hash_password(password), password_changed_at=utc_now()))
    from auth.sessions import revoke_all

    ended = revoke_all(conn, username)
    audit.record(conn, actor, "user.password", "user", username, None,
                 {"sessions_ended": ended})


def set_role(conn: Connection, username: str, role: str, unit: str | None, actor: str,
             actor_role: str) -> None:
    """Change an account's role (and an analyst's unit); audited with before and after."""
    _require_admin(actor_role)
    if role not in ROLES:
        raise AccountError("admin.role_unknown", role=role)
    if role == ANALYST and not unit:
        raise AccountError("admin.analyst_needs_unit")
    unit = unit if role == ANALYST else None
    _check_unit(conn, unit)
    row = _row(conn, username)
    conn.execute(app_user.update().where(app_user.c.username == username)
                 .values(role=role, unit_code=unit))
    audit.record(conn, actor, "user.role", "user", username,
                 {"role": row.role, "unit": row.unit_code}, {"role": role, "unit": unit})


def set_active(conn: Connection, username: str, active: bool, actor: str,
               actor_role: str) -> None:
    """Disable (ends every session) or enable an account; an admin cannot disable themself."""
    _require_admin(actor_role)
    if not active and actor == username:
        raise AccountError("admin.cannot_disable_self")
    row = _row(conn, username)
    conn.execute(app_user.update().where(app_user.c.username == username).values(active=active))
    if not active:
        from auth.sessions import revoke_all

        revoke_all(conn, username)
    audit.record(conn, actor, "user.enable" if active else "user.disable", "user", username,
                 {"active": bool(row.active)}, {"active": active})


def list_users(bind: Engine | Connection) -> list[dict]:
    """Every account (active or not) without its password hash, by username."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return list_users(conn)
    cols = [c for c in app_user.c if c.name != "password_hash"]
    rows = bind.execute(select(*cols).order_by(app_user.c.username)).mappings()
    return [dict(r) for r in rows]


def count_admins(conn: Connection) -> int:
    """Active admin accounts (``python -m admin init`` refuses when there is one)."""
    from sqlalchemy import func

    return int(conn.execute(
        select(func.count()).select_from(app_user)
        .where(app_user.c.role == ADMIN, app_user.c.active.is_(True))
    ).scalar() or 0)
