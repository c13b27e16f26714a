"""Shared fixtures: databases built in code (SQLite file and the PostgreSQL test server)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from core.catalog import Catalog, load_catalog
from store.database import migrate, open_database

ROOT = Path(__file__).resolve().parent.parent
# The Department's own January 2023 report (a copy of shared/reference, kept as sample data).
REFERENCE = ROOT / "data" / "reference" / "quangtri-2023-01-bao-cao-thang.txt"
# DOMAIN.md, "Quantitative facts in the reference (January 2023)": unit → indicator → value.
REFERENCE_FACTS = {
    "QLKH": {"QLKH_NV_NGHIEMTHU": 1},
    "QLCN": {"QLCN_THAMDINH_CN": 7, "QLCN_GP_BUCXA": 2, "QLCN_CC_BUCXA": 1},
    "TDC": {"TDC_HOPCHUAN": 2},
    "TTUD": {"TTUD_TINBAI": 105, "TTUD_VANBAN": 35, "TTUD_THONGBAO": 1, "TTUD_VIDEO": 1,
             "TTUD_ANPHAM": 2, "TTUD_CHUYENMUC": 3, "TTUD_GIONG_NAM": 1100,
             "TTUD_PHOI_NAM": 6000},
    "TTKT": {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 544},
}
PG_DEFAULT = "postgresql://sokhcn:sokhcn@localhost:5432/sokhcn_test"


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at a tiny cost, and a device-cookie secret of the test's own (never the
    key file under data/): the tests check behaviour, not hashing speed. A test marked
    ``real_hashing`` keeps the production parameters (the timing tests)."""
    monkeypatch.setenv("DEVICE_COOKIE_SECRET", "test-device-secret-" + "x" * 40)
    if request.node.get_closest_marker("real_hashing") is None:
        import auth.passwords

        monkeypatch.setattr(auth.passwords, "HASHER",
                            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    migrate(sqlite_url)
    engine = open_database(sqlite_url)
    yield engine
    engine.dispose()


def _pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)


def _pg_available(url: str) -> bool:
    try:
        probe = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
        with probe.connect():
            pass
        probe.dispose()
        return True
    except Exception:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards).

    Locally a missing server skips the test; in CI (CI=true) it fails.
    """
    admin_url = _pg_admin_url()
    if not _pg_available(admin_url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL test server not reachable at {admin_url}")
        pytest.skip("PostgreSQL test server not running (make postgres starts it)")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    migrate(pg_url)
    engine = open_database(pg_url)
    yield engine
    engine.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the PostgreSQL server carry the ``postgres`` mark (``make test-fast``
    leaves them out): direct users of ``pg_url`` here, ``db_url``'s PostgreSQL case below."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Both databases: every test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate(db_url)
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's ``soffice`` (layout tests: pages, page numbers, repeated headers).

    Locally a missing LibreOffice skips the test; in CI (CI=true) it fails, like the
    PostgreSQL server: ``scripts/install_system_deps.sh`` installs libreoffice-writer-nogui.
    """
    path = shutil.which("soffice")
    if path is None:
        message = "LibreOffice (soffice) not found: run `make system-deps`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (sample history through the real loader + demo accounts), built
    ONCE per test session; tests that write must copy it (``demo_db_copy_url``).

    ``E2E_DEMO_DB=/path/demo.db`` (a database ``python -m admin demo`` built before, same
    schema) is copied instead, to save the build while working on tests; CI never sets it."""
    from admin.demo import build_demo_file

    target = tmp_path_factory.mktemp("demo") / "demo.db"
    prebuilt = os.environ.get("E2E_DEMO_DB")
    if prebuilt and Path(prebuilt).is_file():
        with sqlite3.connect(prebuilt) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # the WAL's pages too, unlike copying the file
        return target
    return build_demo_file(target)


@pytest.fixture
def demo_db_copy_url(demo_db_path: Path, tmp_path: Path) -> str:
    target = tmp_path / "demo-copy.db"
    shutil.copyfile(demo_db_path, target)
    return f"sqlite:///{target}"
