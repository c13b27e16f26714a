"""Peak memory of the app serving 10 simultaneous browser sessions at province scale.

One ``streamlit run app.py`` over a province-scale database (``bench/synthetic.py``,
its parameters recorded); ten headless Chromium sessions
sign in as the viewer and open the overview, trends and report pages at the same time. The
resident memory (RSS) of the server's process tree is sampled every 50 ms throughout.
Target: peak ≤ 1 GB for 10 sessions on one machine.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from admin.demo import ensure_demo_accounts
from bench import quick, record
from bench.synthetic import build_database
from store.database import open_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))  # the e2e harness: server, browser, waits

import e2e_harness as harness  # noqa: E402

SESSIONS = 10
PAGES = ("tong-quan", "xu-huong", "bao-cao-thang")
USER, PASSWORD = "lanhdao", "demo123"
SAMPLE_EVERY_S = 0.05


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in bytes."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        todo += _children(current)
    return total


class RssSampler(threading.Thread):
    """Samples :func:`tree_rss_bytes` in the background; ``peak`` holds the largest seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples = pid, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self.samples += 1
            time.sleep(SAMPLE_EVERY_S)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def province_db(folder: Path, small: bool | None = None) -> tuple[str, dict[str, Any]]:
    """A province-scale SQLite database (``bench/synthetic.py``) with the demo accounts;
    ``small`` (default: under ``--quick``) asks for the generator's quick scale."""
    url = harness.sqlite_url(folder / "province.db")
    info = build_database(url, scale="province", quick=quick() if small is None else small)
    engine = open_database(url)
    ensure_demo_accounts(engine)
    engine.dispose()
    return url, {"data": "synthetic province scale", **info}


def _drive(server: harness.AppServer, browser, sessions: int) -> None:
    contexts = [harness.new_context(browser) for _ in range(sessions)]
    pages = [ctx.new_page() for ctx in contexts]
    for page in pages:
        harness.open_page(page, server)
        harness.sign_in(page, USER, PASSWORD)
    # every session asks for the same page at once, then all wait until idle
    for path in PAGES:
        for page in pages:
            page.goto(server.url(path), wait_until="commit")
        for page in pages:
            harness.wait_idle(page)
    for ctx in contexts:
        ctx.close()


def run(results: dict[str, Any]) -> None:
    sessions = 3 if quick() else SESSIONS
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        url, params = province_db(Path(tmp))
        with harness.AppServer(url) as server, sync_playwright() as playwright:
            assert server.process is not None
            baseline = tree_rss_bytes(server.process.pid)
            sampler = RssSampler(server.process.pid)
            sampler.start()
            browser = harness.launch_browser(playwright)
            started = time.perf_counter()
            try:
                _drive(server, browser, sessions)
            finally:
                peak = sampler.stop()
                browser.close()
            seconds = time.perf_counter() - started
    mb = 1024 * 1024
    common = {**params, "database": "sqlite", "sessions": sessions, "pages": list(PAGES),
              "samples": sampler.samples}
    record(results, "memory.peak_rss", round(peak / mb, 1), "MB",
           target="≤ 1024 MB", **common)
    record(results, "memory.idle_rss", round(baseline / mb, 1), "MB", **common)
    record(results, "memory.per_session", round((peak - baseline) / mb / sessions, 1), "MB",
           **common)
    record(results, "memory.drive_time", round(seconds, 1), "s", **common)
