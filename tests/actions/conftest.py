"""The actions tests share the auth tests' fixtures (fast bcrypt, the four accounts)."""

from collections.abc import Callable

import pytest

from store import audit as audit_module
from tests.auth.conftest import accounts, fast_bcrypt  # noqa: F401 - fixtures


@pytest.fixture
def break_audit(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to make every audit row fail right after it is written (a full disk): a test
    then sees whether a write and its row share one transaction."""
    real = audit_module.record

    def record_then_fail(conn, *args, **kwargs) -> None:
        real(conn, *args, **kwargs)
        raise RuntimeError("the disk is full")

    return lambda: monkeypatch.setattr(audit_module, "record", record_then_fail)
