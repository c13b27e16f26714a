"""The browser fixtures of tests/e2e, for the tests here that need a started app.

tests/e2e/conftest.py's ``browser`` comes from ``e2e_harness.shared_browser``: one Chromium
for the process, so running tests/e2e and tests/security together starts Playwright once.
"""

from __future__ import annotations

import sys
from pathlib import Path

# e2e_harness and the fixtures' own imports, as tests/e2e/conftest.py does
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from tests.e2e.conftest import (  # noqa: F401 - fixtures and the failure-screenshot hook
    browser,
    chromium_path,
    demo_db,
    fresh_server,
    pytest_runtest_makereport,
    screenshots_on_failure,
)
