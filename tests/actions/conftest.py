"""The actions tests share the auth tests' fixtures (fast bcrypt, the four accounts)."""

from tests.auth.conftest import accounts, fast_bcrypt  # noqa: F401 - fixtures
