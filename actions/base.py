"""What every action shares: who acts, the result, the one refusal type, the permission check."""

from __future__ import annotations

import getpass
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from auth.permissions import ADMIN, allowed
from core.messages import t
from store.users import User

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who acts: a username (the audit's "who"), a role, and an analyst's own unit.

    The signed-in ``store.users.User`` serves as one too (same three attributes).
    """

    username: str
    role: str | None
    unit: str | None = None


# Every action takes either.
Acting = Actor | User


def operator(role: str = ADMIN) -> Actor:
    """The person at the server's shell (``python -m admin``): an admin, audited as
    ``cli:<os user>``."""
    try:
        name = f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        name = "cli"
    return Actor(name[:64], role)


@dataclass(frozen=True)
class Done(Generic[T]):
    """A write that happened: the success text (message key + params) and the value the
    caller needs. ``more`` holds further lines when one action did several things (each
    loaded month of a history workbook)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    value: T | None = None
    more: tuple[tuple[str, Mapping[str, object]], ...] = ()

    def message(self) -> str:
        return t(self.key, **self.params)

    def messages(self) -> list[str]:
        return [self.message(), *(t(key, **params) for key, params in self.more)]


class ActionError(Exception):
    """A refused action; nothing was written. ``key`` and ``params`` name the Vietnamese
    reason in the message catalogue; ``problems`` are the details behind a refused file
    (validation problems, or Vietnamese lines)."""

    def __init__(self, key: str, /, *, problems: Sequence[Any] = (), **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.problems = tuple(problems)

    def message(self) -> str:
        return t(self.key, **self.params)


FORBIDDEN = "action.forbidden"


def require(actor: Acting, permission: str) -> None:
    """Refuse unless the actor's role holds ``permission``."""
    if not allowed(actor.role, permission):
        raise ActionError(FORBIDDEN)
