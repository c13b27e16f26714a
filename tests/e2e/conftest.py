"""Browser fixtures: Debian Chromium, the demo database built once, app servers per test/module.

Locally a missing Chromium skips the browser tests with a clear reason; in CI (CI=true) it
fails. The demo database is built once per session and copied for every server, so a test
that writes never disturbs another.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers beside this file (e2e_harness, workbooks) are plain modules that
# scripts/screenshots.py and bench/memory_bench.py import too; put this folder on the
# path once for the test modules, whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_harness import (
    AppServer,
    checkpoint,
    copy_db,
    find_chromium,
    new_context,
    serve_copy,
    shared_browser,
)

DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = "Chromium not found (/usr/bin/chromium): run `make system-deps`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    with shared_browser(chromium_path) as browser:
        yield browser


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The demo database (sample 2021–2023, demo accounts), built once per session.

    ``E2E_DEMO_DB=/path/demo.db`` reuses a database built before (e.g. by
    ``python -m admin demo`` with ``DATABASE_URL``) to save the build while working on tests;
    otherwise it is the session's ``demo_db_path`` (tests/conftest.py), shared with the
    other suites.
    """
    target = tmp_path_factory.mktemp("demo") / "demo.db"
    prebuilt = os.environ.get("E2E_DEMO_DB")
    if prebuilt and Path(prebuilt).is_file():
        checkpoint(Path(prebuilt))
        copy_db(Path(prebuilt), target)
        return target
    source = request.getfixturevalue("demo_db_path")
    copy_db(source, target)
    return target


@pytest.fixture(scope="module")
def shared_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One server for a module's tests that only read (its own copy of the demo database)."""
    yield from serve_copy(demo_db, tmp_path_factory.mktemp("shared"))


@pytest.fixture
def fresh_server(demo_db: Path, tmp_path: Path) -> Iterator[AppServer]:
    """A server of this test's own: a fresh copy of the demo database, nothing run yet."""
    yield from serve_copy(demo_db, tmp_path)


@pytest.fixture
def context(browser) -> Iterator:
    """A new browser context (no cookies) per test, desktop width, downloads allowed."""
    ctx = new_context(browser, **DESKTOP)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    yield context.new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def screenshots_on_failure(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """When a test fails, a screenshot of every page still open (to see what the user saw).

    Saved under ``E2E_ARTIFACTS`` (CI uploads it) or the test's temporary folder.
    """
    yield
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed or "browser" not in request.fixturenames:
        return
    browser = request.getfixturevalue("browser")
    folder = Path(os.environ.get("E2E_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for c, ctx in enumerate(browser.contexts):
        for p, open_page in enumerate(ctx.pages):
            target = folder / f"{request.node.name}-{c}-{p}.png"
            try:
                open_page.screenshot(path=str(target), full_page=True)
            except Exception:  # a page that is gone cannot be shown
                continue
            print(f"screenshot of the failing page: {target} ({open_page.url})")
