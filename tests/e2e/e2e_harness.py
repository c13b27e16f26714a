"""Running the real app for a real browser: demo database, Streamlit server, Chromium, waits.

Pure Python (no pytest): the e2e tests, ``scripts/screenshots.py`` and
``bench/memory_bench.py`` all drive the app the same way through this module.
Playwright's own browser download is never used; Debian's ``chromium`` is.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
STARTUP_TIMEOUT_S = 60.0
# generous: a cold server on a busy 2-core CI machine takes its time (E2E_TIMEOUT_MS overrides)
IDLE_TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "120000"))


def find_chromium() -> str | None:
    """Path of the system Chromium (``CHROMIUM_PATH`` overrides), or None when absent."""
    override = os.environ.get("CHROMIUM_PATH")
    candidates = ([override] if override else []) + list(CHROMIUM_CANDIDATES)
    for path in candidates:
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    found = shutil.which("chromium")
    return found


def launch_browser(playwright, executable: str | None = None):
    """A headless Chromium browser (Debian's binary) started by ``playwright``."""
    path = executable or find_chromium()
    if path is None:
        raise FileNotFoundError("chromium")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


_SHARED: dict[str, object] = {}  # the one Playwright and Chromium of this process, with users


@contextlib.contextmanager
def shared_browser(executable: str | None = None) -> Iterator:
    """One headless Chromium for the whole process, however many fixtures ask for it.

    Playwright's sync API cannot be started twice in one thread, and both tests/e2e and
    tests/security have a session ``browser`` fixture: the first user starts it, the last
    one to leave stops it.
    """
    from playwright.sync_api import sync_playwright

    if not _SHARED:
        manager = sync_playwright()
        playwright = manager.start()
        _SHARED.update(manager=manager, browser=launch_browser(playwright, executable), users=0)
    _SHARED["users"] = int(_SHARED["users"]) + 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] = int(_SHARED["users"]) - 1
        if _SHARED["users"] == 0:
            _SHARED["browser"].close()
            _SHARED["manager"].__exit__(None, None, None)
            _SHARED.clear()


def new_context(browser, width: int = 1400, height: int = 900, **options):
    """A fresh browser context (no cookies): Vietnamese locale and time, downloads allowed."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1,
        accept_downloads=True, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    return context


# --- the database -----------------------------------------------------------------------------

def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so copying the one file copies the whole database."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_demo_db(path: Path) -> Path:
    """The demo database (sample history, demo accounts) as one self-contained SQLite file."""
    from admin.demo import build_demo_file

    return build_demo_file(path)


def copy_db(source: Path, target: Path) -> str:
    """Copy a checkpointed SQLite file to ``target``; returns its database URL."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return sqlite_url(target)


def serve_copy(demo_db: Path, folder: Path, **env: str) -> Iterator[AppServer]:
    """A started app over its own copy of ``demo_db`` in ``folder`` (extra environment
    ``env``), stopped when the generator closes: the body of a server fixture."""
    server = AppServer(copy_db(demo_db, folder / "app.db"), log_path=folder / "streamlit.log",
                       extra_env=dict(env))
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- the server -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerError(RuntimeError):
    """The app server did not come up; the message carries the tail of its log."""


@dataclass
class AppServer:
    """``streamlit run app.py`` on a free localhost port over ``database_url``.

    Use as a context manager: the server is healthy on entry and stopped on exit.
    """

    database_url: str
    port: int = 0
    log_path: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    _log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def start(self) -> AppServer:
        self.port = self.port or free_port()
        if self.log_path is None:
            handle, name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
            os.close(handle)
            self.log_path = Path(name)
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.extra_env}
        env.pop("CI_STREAMLIT_PORT", None)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true",
             # others edit the tree while tests run: never reload on a file change
             "--server.fileWatcherType", "none", "--server.runOnSave", "false",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        try:
            self.wait_healthy()
        except Exception:
            self.stop()
            raise
        return self

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Poll ``/_stcore/health`` until it answers ``ok``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                code = self.process.returncode
                raise ServerError(f"streamlit exited ({code}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("_stcore/health"), timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise ServerError(f"streamlit not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server and wait; kill it when it does not stop in time."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


# --- the page ---------------------------------------------------------------------------------

APP = "[data-testid='stApp']"


def wait_idle(page, timeout_ms: int = IDLE_TIMEOUT_MS, settle_ms: int = 250,
              expect_run: bool = False) -> None:
    """Wait until the app is connected, its script has finished and no spinner is left.

    ``settle_ms`` lets a just-sent rerun reach the server before "not running" is trusted;
    ``expect_run`` (after a click) first waits a little for the rerun to start.
    """
    if expect_run:
        # the rerun may have come and gone already: not seeing it start is fine
        with contextlib.suppress(Exception):
            page.wait_for_selector(f"{APP}:not([data-test-script-state='notRunning'])",
                                   state="attached", timeout=5_000)
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']",
                           state="attached", timeout=timeout_ms)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']",
                           state="attached", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stSpinner']", state="detached", timeout=timeout_ms)
    # a lazily loaded element (a plotly chart) shows a skeleton, and its block's later
    # elements wait behind it
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stStatusWidget'] >> text=/Running|Đang chạy/",
                           state="detached", timeout=timeout_ms)
    # an element may have been replaced on the last delta: a second look after a short pause
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']",
                           state="attached", timeout=timeout_ms)


SIGN_IN_PATH = "/dang-nhap"  # web.signin's HTML sign-in form (outside Streamlit)


def on_sign_in_form(page) -> bool:
    """True when the browser shows the HTML sign-in form."""
    return urlsplit(page.url).path == SIGN_IN_PATH


def open_page(page, server: AppServer, path: str = "") -> None:
    """Load ``path`` of the app (e.g. ``"tong-quan?thang=2024-01"``) and wait until idle.

    Without a session the server answers with the sign-in form instead (nothing to wait for).
    """
    page.goto(server.url(path), wait_until="domcontentloaded")
    if not on_sign_in_form(page):
        wait_idle(page)


def sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form on the current page and submit it.

    On success the server sends the browser back to the address it asked for; this
    waits until that page is idle. On failure the form is shown again with a message.
    """
    from core.messages import t

    if not on_sign_in_form(page):
        # the app's own "please sign in" screen has a form (same tab) to the sign-in page
        with page.expect_navigation():
            page.locator("form.skhcn-nav").get_by_role(
                "button", name=t("auth.sign_in")).first.click()
    page.get_by_label(t("auth.username"), exact=True).fill(username)
    page.get_by_label(t("auth.password"), exact=True).fill(password)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name=t("auth.sign_in"), exact=True).click()
    if not on_sign_in_form(page):
        wait_idle(page)


def sign_in_message(page) -> str:
    """The message the sign-in form shows after a refused attempt ("" when none)."""
    alert = page.get_by_role("alert")
    return alert.inner_text() if alert.count() else ""


def sign_in_visible(page) -> bool:
    """True when the page asks the visitor to sign in (the form, or the app's prompt)."""
    from core.messages import t

    if on_sign_in_form(page):
        return True
    return page.locator("form.skhcn-nav").get_by_role(
        "button", name=t("auth.sign_in")).count() > 0


def grid_text(page) -> str:
    """The text of every dataframe (glide grid cells are in the DOM for accessibility) and
    every static or HTML table of the main area (the problems table), one cell a line."""
    cells = page.locator("[data-testid='stMain']").locator(
        "[data-testid='stDataFrame'] [role='gridcell'], "
        "[data-testid='stDataFrame'] [role='columnheader'], "
        "[data-testid='stTable'] td, [data-testid='stTable'] th, "
        "[data-testid='stHtml'] td, [data-testid='stHtml'] th")
    return "\n".join(cells.all_inner_texts())


def wait_for_grid_text(page, text: str, timeout_ms: int = 20_000) -> str:
    """Wait until ``text`` is in a dataframe (grids fill in after the script ends);
    returns the grids' text (the caller asserts)."""
    deadline = time.monotonic() + timeout_ms / 1000
    found = grid_text(page)
    while text not in found and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        found = grid_text(page)
    return found


def plotly_values(page, timeout_ms: int = 20_000) -> list[float]:
    """Every y value drawn by the page's Plotly charts, read from the chart objects once
    they are drawn ([] when the page has no chart)."""
    script = """() => [...document.querySelectorAll('.js-plotly-plot')]
        .flatMap(el => (el.data || []).flatMap(tr => Array.from(tr.y || [])))
        .filter(v => typeof v === 'number')"""
    try:
        page.wait_for_selector(".js-plotly-plot", state="attached", timeout=timeout_ms)
    except Exception:  # no chart on the page
        return []
    deadline = time.monotonic() + timeout_ms / 1000
    values = page.evaluate(script)
    while not values and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        values = page.evaluate(script)
    return values


def main_text(page) -> str:
    """The visible text of the main area (sidebar excluded)."""
    return page.locator("[data-testid='stMain']").inner_text()


def open_signed_in(page, server: AppServer, path: str, username: str, password: str) -> None:
    """Open ``path``; sign in first when the app asks for it (the address is kept)."""
    open_page(page, server, path)
    if sign_in_visible(page):
        sign_in(page, username, password)


def error_shown(page) -> bool:
    """True when Streamlit shows an exception box or its "app has encountered an error"."""
    return page.locator("[data-testid='stException']").count() > 0 or page.get_by_text(
        "This app has encountered an error").count() > 0


def full_page_screenshot(page, path: Path) -> None:
    """A screenshot of the whole page although Streamlit scrolls inside its main area.

    The viewport grows to the content's height for the shot and is put back afterwards.
    """
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
               '[data-testid="stSidebarContent"]']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight),
            document.documentElement.scrollHeight)"""
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    if not on_sign_in_form(page):
        wait_idle(page, settle_ms=400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


# --- Streamlit widgets --------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_options(page, box, attempts: int = 3):
    """Open the whole list of the select box ``box``; its options (locator).

    Its arrow button opens it (a click in the text only focuses it for typing). A click that
    lands while the page is redrawn can be lost and leave the list closed: then the
    keyboard's arrow down, which opens the list of a focused combobox, is tried."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # as sync_playwright above

    field = box.locator("input[role='combobox'], input").first
    options = page.get_by_role("option")
    for attempt in range(attempts):
        if attempt == 0:
            arrow = box.locator("button[aria-haspopup='listbox']")
            (arrow.first if arrow.count() else field).click()
        else:
            field.focus()
            page.keyboard.press("ArrowDown")
        try:
            options.first.wait_for(timeout=5_000)
            return options
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the list of {box.inner_text()[:80]!r} did not open")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` (its visible text) in the selectbox labelled ``label``."""
    box = page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text(label, exact=True)).first
    field = box.locator("input[role='combobox'], input").first
    field.click()
    # the list is virtual (only visible options exist): typing filters it down
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_idle(page, expect_run=True)


def click_button(page, name: str) -> None:
    """Click the button whose label contains ``name`` and wait for the rerun to finish."""
    page.get_by_role("button", name=name).first.click()
    wait_idle(page, expect_run=True)


def download(page, name: str) -> tuple[str, bytes]:
    """Click the download button (or link) labelled ``name``; its file name and bytes."""
    target = page.locator("[data-testid='stDownloadButton']").filter(has_text=name).first
    with page.expect_download() as info:
        target.locator("button, a").first.click()
    done = info.value
    return done.suggested_filename, Path(done.path()).read_bytes()


def upload(page, name: str, content: bytes, mime: str = XLSX, index: int = 0) -> None:
    """Give the ``index``-th file uploader of the page the file ``name`` with ``content``."""
    page.locator("[data-testid='stFileUploader'] input[type='file']").nth(index).set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}])
    wait_idle(page, settle_ms=500, expect_run=True)


def dismiss_page_not_found(page) -> bool:
    """Close Streamlit's own (English) "Page not found" dialog; True when it was shown.

    It appears when the address names a page the navigation does not serve there (e.g.
    the default page's own address, which Streamlit serves only at ``/``).
    """
    dialog = page.locator("[role='dialog']").filter(has_text="Page not found")
    if dialog.count() == 0:
        return False
    page.keyboard.press("Escape")
    dialog.first.wait_for(state="detached")
    return True
