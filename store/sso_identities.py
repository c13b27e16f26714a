"""Single sign-on identities linked to accounts (``sso_identity``): plain rows.

An identity is its issuer and subject (``iss`` and ``sub`` of the OpenID Connect token),
the only pair a provider promises never to reuse; names and e-mails are never matched.
Checks and audit rows belong to ``actions.accounts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from core.timezone import as_utc
from store.schema import app_user, sso_identity


@dataclass(frozen=True)
class Link:
    issuer: str
    subject: str
    username: str
    linked_by: str
    linked_at: datetime


def _link(row) -> Link:
    return Link(row.issuer, row.subject, row.username, row.linked_by, as_utc(row.linked_at))


def find_link(conn: Connection, issuer: str, subject: str) -> Link | None:
    row = conn.execute(select(sso_identity).where(
        sso_identity.c.issuer == issuer, sso_identity.c.subject == subject)).first()
    return _link(row) if row else None


def linked_username(conn: Connection, issuer: str, subject: str) -> str | None:
    """The active account linked to (issuer, subject), or None."""
    return conn.execute(
        select(sso_identity.c.username)
        .join(app_user, app_user.c.username == sso_identity.c.username)
        .where(sso_identity.c.issuer == issuer, sso_identity.c.subject == subject,
               app_user.c.active.is_(True))
    ).scalar()


def insert_link(conn: Connection, issuer: str, subject: str, username: str, linked_by: str,
                at: datetime) -> None:
    conn.execute(insert(sso_identity).values(issuer=issuer, subject=subject,
                                             username=username, linked_by=linked_by,
                                             linked_at=as_utc(at)))


def delete_link(conn: Connection, issuer: str, subject: str) -> bool:
    return bool(conn.execute(delete(sso_identity).where(
        sso_identity.c.issuer == issuer, sso_identity.c.subject == subject)).rowcount)


def list_links(conn: Connection, username: str | None = None) -> list[Link]:
    query = select(sso_identity).order_by(sso_identity.c.username, sso_identity.c.issuer,
                                          sso_identity.c.subject)
    if username is not None:
        query = query.where(sso_identity.c.username == username)
    return [_link(r) for r in conn.execute(query)]
