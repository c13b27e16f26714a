"""Account actions: create, first admin, demo accounts, password, role, enable/disable, unlock,
single sign-on links.

Admins manage every account (``admin.accounts``); anyone may set their own password. A
password is never stored, logged or audited: the audit says *that* it changed. A single
sign-on identity opens an account only once an admin linked its issuer and subject to it
(``link_sso``); nothing is matched by name or e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine

from actions.base import Acting, ActionError, Done, require
from auth.passwords import MAX_BYTES, MIN_LENGTH, hash_password, too_long, too_short
from auth.permissions import ADMIN, ANALYST, ROLES
from auth.sso import SSO_FIELD_LIMIT
from auth.throttle import clip, source_key
from core.messages import t
from core.timezone import utc_now
from store import audit
from store.catalog_store import unit_exists
from store.engine import write_transaction
from store.login_attempts import clear_failures
from store.sessions import revoke_all
from store.sso_identities import delete_link, find_link, insert_link
from store.users import (
    Account,
    User,
    count_active_with_role,
    find_account,
    insert_user,
    update_active,
    update_password_hash,
    update_role,
)

PERMISSION = "admin.accounts"
USERNAME_LIMIT = 64


def role_label(role: str) -> str:
    return t(f"auth.role_{role}")


def _check_password(password: str | None) -> None:
    if too_short(password):
        raise ActionError("admin.password_too_short", n=MIN_LENGTH)
    if too_long(password):
        raise ActionError("admin.password_too_long", n=MAX_BYTES)


def _check_role(conn: Connection, role: str, unit: str | None) -> None:
    if role not in ROLES:
        raise ActionError("admin.role_unknown", role=role)
    if role == ANALYST and not unit:
        raise ActionError("admin.analyst_needs_unit")
    if unit and not unit_exists(conn, unit):
        raise ActionError("admin.unit_unknown", unit=unit)


def _account(conn: Connection, username: str) -> Account:
    found = find_account(conn, username)
    if found is None:
        raise ActionError("admin.user_unknown", username=username)
    return found


def _create(conn: Connection, actor: Acting, username: str, password: str | None, role: str,
            display_name: str, unit: str | None) -> User:
    """Checks and writes one account with its audit row (inside the caller's transaction)."""
    _check_role(conn, role, unit)
    if not username or len(username) > USERNAME_LIMIT or username != username.strip():
        raise ActionError("admin.username_invalid")
    if find_account(conn, username) is not None:
        raise ActionError("admin.user_exists", username=username)
    user = insert_user(conn, username, display_name or username,
                       # No password: an account that signs in only through single sign-on.
                       hash_password(password) if password else None, role, unit)
    audit.record(conn, actor.username, "user.create", "user", username, None,
                 {"role": role, "unit": unit, "display_name": display_name})
    return user


def create_account(engine: Engine, actor: Acting, username: str, password: str | None,
                   role: str, display_name: str = "", unit: str | None = None) -> Done[User]:
    """Add an account (admin). ``password`` None: single sign-on only (the command line's
    ``--sso-only``); otherwise it must be long enough."""
    require(actor, PERMISSION)
    if password is not None:
        _check_password(password)
    with write_transaction(engine) as conn:
        user = _create(conn, actor, username, password, role, display_name,
                       unit if role == ANALYST else None)
    return Done("admin.user_added", {"username": username, "role": role_label(role)}, user)


def create_first_admin(engine: Engine, actor: Acting, username: str, password: str,
                       display_name: str = "") -> Done[User]:
    """The first admin of a real deployment (``python -m admin init``); refused once an
    active admin exists."""
    require(actor, PERMISSION)
    with write_transaction(engine) as conn:
        if count_active_with_role(conn, ADMIN):
            raise ActionError("admin.init_has_admin")
        _check_password(password)
        user = _create(conn, actor, username, password, ADMIN, display_name, None)
    return Done("admin.init_done", {"username": username}, user)


def ensure_accounts(engine: Engine, actor: Acting,
                    accounts: Iterable[tuple[str, str, str, str | None]],
                    password: str) -> Done[int]:
    """Create those of ``accounts`` (username, name, role, unit) that do not exist yet, all
    with ``password`` (the demo's accounts). Returns how many were created."""
    require(actor, PERMISSION)
    _check_password(password)
    created = 0
    with write_transaction(engine) as conn:
        for username, name, role, unit in accounts:
            if find_account(conn, username) is None:
                _create(conn, actor, username, password, role, name, unit)
                created += 1
    return Done("admin.accounts_created", {"count": created}, created)


def set_password(engine: Engine, actor: Acting, username: str, password: str) -> Done[int]:
    """A new password (admin for anyone, anyone for themself); ends every session of that
    account. Returns how many sessions ended."""
    if actor.username != username:
        require(actor, PERMISSION)
    _check_password(password)
    with write_transaction(engine) as conn:
        _account(conn, username)
        update_password_hash(conn, username, hash_password(password))
        ended = revoke_all(conn, username)
        audit.record(conn, actor.username, "user.password", "user", username, None,
                     {"sessions_ended": ended})
    return Done("admin.password_set", {"username": username}, ended)


def set_role(engine: Engine, actor: Acting, username: str, role: str,
             unit: str | None = None) -> Done[None]:
    """Change an account's role (and an analyst's unit); audited with before and after."""
    require(actor, PERMISSION)
    unit = unit if role == ANALYST else None
    with write_transaction(engine) as conn:
        _check_role(conn, role, unit)
        before = _account(conn, username)
        update_role(conn, username, role, unit)
        audit.record(conn, actor.username, "user.role", "user", username,
                     {"role": before.role, "unit": before.unit}, {"role": role, "unit": unit})
    return Done("admin.role_set", {"username": username, "role": role_label(role)})


def _set_active(engine: Engine, actor: Acting, username: str, active: bool) -> None:
    require(actor, PERMISSION)
    if not active and actor.username == username:
        raise ActionError("admin.cannot_disable_self")
    with write_transaction(engine) as conn:
        before = _account(conn, username)
        update_active(conn, username, active)
        if not active:
            revoke_all(conn, username)
        audit.record(conn, actor.username, "user.enable" if active else "user.disable",
                     "user", username, {"active": before.active}, {"active": active})


def disable(engine: Engine, actor: Acting, username: str) -> Done[None]:
    """Disable an account and end its sessions; an admin cannot disable themself."""
    _set_active(engine, actor, username, False)
    return Done("admin.user_disabled", {"username": username})


def enable(engine: Engine, actor: Acting, username: str) -> Done[None]:
    """Enable a disabled account again."""
    _set_active(engine, actor, username, True)
    return Done("admin.user_enabled", {"username": username})


def unlock(engine: Engine, actor: Acting, username: str,
           source: str | None = None) -> Done[int]:
    """Forget the sign-in failures of ``username`` (and of ``source`` if given); returns how
    many were cleared."""
    require(actor, PERMISSION)
    with write_transaction(engine) as conn:
        cleared = clear_failures(conn, clip(username), source_key(source) if source else None)
        audit.record(conn, actor.username, "user.unlock", "user", username, None,
                     {"cleared": cleared, "source": source})
    return Done("admin.unlocked", {"username": username, "count": cleared}, cleared)



def _identity(issuer: str | None, subject: str | None) -> tuple[str, str]:
    issuer, subject = (issuer or "").strip(), (subject or "").strip()
    if not issuer or not subject:
        raise ActionError("admin.sso_identity_missing")
    if len(issuer) > SSO_FIELD_LIMIT or len(subject) > SSO_FIELD_LIMIT:
        raise ActionError("admin.sso_identity_too_long", n=SSO_FIELD_LIMIT)
    return issuer, subject


def link_sso(engine: Engine, actor: Acting, username: str, issuer: str,
             subject: str) -> Done[None]:
    """Let the single sign-on identity (``issuer``, ``subject``) open ``username`` (admin).

    Refused when the identity is already linked (to this or another account): unlink it
    first, so an identity never silently moves between accounts.
    """
    require(actor, PERMISSION)
    issuer, subject = _identity(issuer, subject)
    with write_transaction(engine) as conn:
        _account(conn, username)
        existing = find_link(conn, issuer, subject)
        if existing is not None:
            raise ActionError("admin.sso_already_linked", username=existing.username)
        insert_link(conn, issuer, subject, username, actor.username, utc_now())
        audit.record(conn, actor.username, "user.sso_link", "user", username, None,
                     {"issuer": issuer, "subject": subject})
    return Done("admin.sso_linked", {"username": username, "subject": subject})


def unlink_sso(engine: Engine, actor: Acting, issuer: str, subject: str) -> Done[None]:
    """Remove the link of a single sign-on identity (admin); its next sign-in is refused."""
    require(actor, PERMISSION)
    issuer, subject = _identity(issuer, subject)
    with write_transaction(engine) as conn:
        existing = find_link(conn, issuer, subject)
        if existing is None:
            raise ActionError("admin.sso_not_linked", subject=subject)
        delete_link(conn, issuer, subject)
        audit.record(conn, actor.username, "user.sso_unlink", "user", existing.username,
                     {"issuer": issuer, "subject": subject}, None)
    return Done("admin.sso_unlinked", {"username": existing.username, "subject": subject})
