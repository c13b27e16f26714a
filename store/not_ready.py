"""The database cannot be used right now: missing, at an older schema, or under maintenance."""

from __future__ import annotations

from core.messages import t


class DatabaseNotReady(RuntimeError):
    """The database is missing or not at the newest schema; ``message`` says what to run."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def message(self) -> str:
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message
