"""Speed as the user feels it: every page of every role, in headless Chromium, at province scale.

For each role (viewer ``lanhdao``, analyst ``chuyenvien``, editor ``vanphong``, admin
``quantri``) a fresh ``streamlit run app.py`` over the province-scale database
(``bench/synthetic.py`` plus the demo accounts, as ``memory_bench``) and a fresh browser
context signed in through the sign-in form; for each page the role's sidebar lists:

- ``cold``: the first navigation to the page after the server started (opening its address);
- ``warm``: the median of ``repeats`` further navigations to it the way a user moves between
  pages, by its link in the sidebar (the same session, the browser's page kept);
- ``reload``: the median of ``repeats`` openings of its address again (a new document and a
  new Streamlit session: a typed address, a bookmark, the reload button);
- ``filter``: where the page has a month picker, picking another month (median), after
  the same change on the floor page;
- the office's «Kế hoạch» follow-up table on the report page: from the click on "save" until
  the page has settled (median), as ``vanphong``.

"Settled": the app is connected, its script is not running, no spinner or chart skeleton is
left, no message has come from the server, and that has held for ``STABLE_MS`` (a second
rerun or a late message restarts the wait); the time is taken in the page
(``performance.now()``) at the first moment of that stable stretch, from the navigation's
start or from the pointer press. After a press the rerun it started must be seen: the script
state leaving "not running", or a message from the server (a rerun as short as the floor's
can finish before the frontend ever shows "running").

The floor is the same measurement of a trivial page (a title, a line and a month picker of
three options) served by the same server and app frame: ``app.py`` registers it, in the
sidebar as "floor", only when ``BENCH_FLOOR_PAGE=1`` (set here). Its navigations by link and
by address and its picker's changes are interleaved with the pages' so both see the same
load.
Every wait has a timeout: a page that never settles is recorded with its error (value None)
and the run goes on.

Targets (issue #14): every warm page ≤ 2 × the floor's warm time + 300 ms; the admin page
and saving the follow-up table ≤ 1 s. A reload is held to the same rule against the floor's
reload, a filter change against the floor's picker change (the same measurement of the
trivial page, not a link's), each recorded beside as its own target.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from bench import quick, record
from bench.memory_bench import harness, province_db
from bench.synthetic import SCALES
from core.messages import t
from core.months import Month
from store.bulk import add_plan_items
from store.database import open_database

ACCOUNTS = (("viewer", "lanhdao"), ("analyst", "chuyenvien"), ("editor", "vanphong"),
            ("admin", "quantri"))
PASSWORD = "demo123"
ROLES_ENV = "BENCH_ROLES"
REPEATS = 5
QUICK_REPEATS = 2
STABLE_MS = 300
WAIT_MS = 60_000  # the longest any one navigation or click may take before it is an error
NAV_WAIT_MS = 10_000  # the sidebar's links, drawn with the page
FLOOR_ENV, FLOOR_PATH = "BENCH_FLOOR_PAGE", "bench-floor"  # app.py's hook
FLOOR_FILTER = "dashboard.month"  # the floor page's month picker (app.py)
ADMIN_PAGE, REPORT_PAGE = "quan-tri", "bao-cao-thang"
# The month picker a user changes on each page (its label's catalogue key).
FILTERS = {"tong-quan": "dashboard.month", "xu-huong": "dashboard.to_month",
           "tinh-hinh-nop": "dashboard.to_month", "bao-cao-thang": "report.page_period",
           "duyet-bao-cao": "review.filter_month"}
# Key tasks given to every submission of the last 13 months, so that the report page's
# follow-up table has rows to save.
KEY_TASKS = tuple(f"Nhiệm vụ trọng tâm số {i}: hoàn thành báo cáo chuyên đề" for i in range(1, 7))

# In every document of the context (before the app's own code): each message the app's
# WebSocket receives marks the page busy (the stable stretch starts after it) and, after
# arm(), proves that the server answered the press.
WS_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        window.__benchSince = null; window.__benchRan = true;
      });
    }
  };
})();"""
# In the page: a predicate polled by wait_for_function. It returns the performance.now() at
# which the page became settled, once it has stayed so for STABLE_MS; window.__benchRan is
# false between arm() and the start of the next script run or the server's first message (an
# action's rerun must start).
SETTLED = """(stableMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  const ok = !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && window.__benchRan !== false
    && !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')
    && !document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]');
  if (!ok) { window.__benchSince = null; return false; }
  if (window.__benchSince == null) { window.__benchSince = now; }
  return now - window.__benchSince >= stableMs ? window.__benchSince : false;
}"""
ARM = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__benchSince = null; window.__benchRan = false; window.__benchPress = null;
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') { window.__benchRan = true; }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  document.addEventListener('pointerdown', () => {
    if (window.__benchPress == null) { window.__benchPress = performance.now(); }
  }, {capture: true, once: true});
  return performance.now();
}"""


class NotSettled(RuntimeError):
    """The page did not settle in time, or showed something else than the page asked for."""


def settled_at(page) -> float:
    """The in-page time (ms) at which the page settled; raises NotSettled after WAIT_MS."""
    try:
        handle = page.wait_for_function(SETTLED, arg=STABLE_MS, polling=20, timeout=WAIT_MS)
    except Exception as exc:  # Playwright's TimeoutError, a closed page
        raise NotSettled(f"not settled within {WAIT_MS} ms: {type(exc).__name__}") from exc
    return float(handle.json_value())


def navigate(page, url: str) -> float:
    """Seconds from the start of the navigation to ``url`` until the page has settled."""
    page.goto(url, wait_until="commit", timeout=WAIT_MS)
    if harness.on_sign_in_form(page):
        raise NotSettled(f"{url} answered with the sign-in form")
    # a fresh document: performance.now() counts from the navigation's start
    seconds = settled_at(page) / 1000
    if harness.error_shown(page):
        raise NotSettled(f"{url} shows an error")
    return seconds


def sidebar_link(page, path: str):
    """The sidebar's link to the page at ``path``."""
    link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first
    if link.count() == 0:
        raise NotSettled(f"no sidebar link to /{path}")
    return link


def go_by_link(page, path: str) -> float:
    """Seconds from pressing the page's sidebar link until it has settled (no new document:
    the time of the page itself, the way a user moves between pages)."""
    seconds = timed_click(page, sidebar_link(page, path))
    if urlsplit(page.url).path.strip("/") != path:
        raise NotSettled(f"the link to /{path} led to {page.url}")
    if harness.error_shown(page):
        raise NotSettled(f"/{path} shows an error")
    return seconds


def timed_click(page, target) -> float:
    """Seconds from pressing ``target`` until the rerun it starts has finished and settled."""
    armed = page.evaluate(ARM)
    target.click(timeout=WAIT_MS)
    done = settled_at(page)
    pressed = page.evaluate("window.__benchPress") or armed
    return (done - pressed) / 1000


def _open_list(page, box) -> list:
    """Open the select box ``box``'s list; its options (locators)."""
    try:
        return harness.open_options(page, box).all()
    except AssertionError as exc:
        raise NotSettled(str(exc)) from exc


def other_option(page, box, skip_first: bool = False):
    """An option of ``box`` other than the chosen one, nearest the top (the list is open)."""
    options = _open_list(page, box)[1 if skip_first else 0:]
    for option in options[:6]:
        if option.get_attribute("aria-selected") != "true":
            return option
    page.keyboard.press("Escape")
    raise NotSettled("the select box offers no other option")


def select_box(page, label: str):
    box = page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text(label, exact=True)).first
    if box.count() == 0:
        raise NotSettled(f"no select box {label!r}")
    return box


def change_filter(page, label: str) -> float:
    """Pick another month in the picker ``label``: seconds from the press to settled."""
    return timed_click(page, other_option(page, select_box(page, label)))


def save_followup(page) -> float:
    """Change the first task's status in the «Kế hoạch» follow-up form and save it."""
    expander = page.locator("[data-testid='stExpander']").filter(
        has_text=t("report.page_followup_title")).first
    if expander.count() == 0:
        raise NotSettled("no follow-up table on the report page")
    if expander.locator("details[open]").count() == 0 and \
            expander.locator("details").count():
        expander.locator("summary").first.click(timeout=WAIT_MS)
    form = expander.locator("[data-testid='stForm']").first
    form.wait_for(timeout=WAIT_MS)
    box = form.locator("[data-testid='stSelectbox']").first
    other_option(page, box, skip_first=True).click(timeout=WAIT_MS)  # in a form: no rerun
    button = form.get_by_role("button", name=t("report.page_followup_save"))
    return timed_click(page, button)


def sidebar_pages(page) -> list[str]:
    """The addresses (``tong-quan`` …) the signed-in role's sidebar lists, in order ([] when
    the role has a single page: Streamlit then shows no navigation)."""
    links = page.locator("[data-testid='stSidebarNav'] a[href]")
    try:
        links.first.wait_for(timeout=NAV_WAIT_MS)
    except Exception:  # Playwright's TimeoutError: no navigation drawn
        return []
    paths = [urlsplit(link.get_attribute("href") or "").path.strip("/") for link in links.all()]
    return [p for p in dict.fromkeys(paths) if p and p != FLOOR_PATH]


def sign_in(page, server, username: str) -> None:
    """Sign in through the form, landing on the floor page (so no page is warmed)."""
    page.goto(server.url(f"dang-nhap?next=/{FLOOR_PATH}"), wait_until="domcontentloaded",
              timeout=WAIT_MS)
    page.get_by_label(t("auth.username"), exact=True).fill(username, timeout=WAIT_MS)
    page.get_by_label(t("auth.password"), exact=True).fill(PASSWORD, timeout=WAIT_MS)
    with page.expect_navigation(wait_until="commit", timeout=WAIT_MS):
        page.get_by_role("button", name=t("auth.sign_in"), exact=True).click(timeout=WAIT_MS)
    if harness.on_sign_in_form(page):
        raise NotSettled(f"sign-in refused for {username}: {harness.sign_in_message(page)}")
    settled_at(page)


def _attempt(errors: dict[str, str], name: str, measure) -> float | None:
    try:
        seconds = measure()
    except Exception as exc:  # one page failing never stops the others
        errors[name] = f"{type(exc).__name__}: {exc}"[:300]
        print(f"  {name}: {errors[name]}", file=sys.stderr, flush=True)
        return None
    print(f"  {name}: {seconds:.3f} s", file=sys.stderr, flush=True)
    return seconds


def _median(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return round(statistics.median(found), 3) if found else None


def measure_role(browser, server, role: str, username: str, repeats: int,
                 floor: list[float | None], floor_reload: list[float | None],
                 floor_filter: list[float | None], errors: dict[str, str]) -> dict[str, Any]:
    """Every page of ``role``: cold, warm, reload, filter (and the follow-up save for the
    office); the floor's navigations by link go to ``floor``, by address to ``floor_reload``,
    its month picker's changes to ``floor_filter``."""
    context = harness.new_context(browser)
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(WS_MESSAGES)
    page = context.new_page()
    out: dict[str, Any] = {}
    actions = max(1, repeats - 1)  # filter changes and saves: each needs its own opening
    floor_url, floor_label = server.url(FLOOR_PATH), t(FLOOR_FILTER)
    try:
        sign_in(page, server, username)
        out["floor.cold"] = _attempt(errors, f"{role}.floor.cold",
                                     lambda: navigate(page, floor_url))
        paths, home_cold = sidebar_pages(page), None
        if not paths:
            # one page: "/" opens it (the home page switches to it), and that is its cold time
            home_cold = _attempt(errors, f"{role}.home.cold",
                                 lambda: navigate(page, server.url("")))
            paths = [urlsplit(page.url).path.strip("/")]
        for path in paths:
            url, name = server.url(path), f"{path}.{role}"
            times: dict[str, Any] = {"cold": home_cold if home_cold is not None else _attempt(
                errors, f"{name}.cold", lambda u=url: navigate(page, u))}
            warm, reload = [], []
            for _ in range(repeats):
                floor.append(_attempt(errors, f"{role}.floor",
                                      lambda: go_by_link(page, FLOOR_PATH)))
                warm.append(_attempt(errors, f"{name}.warm", lambda p=path: go_by_link(page, p)))
            for _ in range(repeats):
                floor_reload.append(_attempt(errors, f"{role}.floor.reload",
                                             lambda: navigate(page, floor_url)))
                reload.append(_attempt(errors, f"{name}.reload", lambda u=url: navigate(page, u)))
            times["warm"], times["reload"] = _median(warm), _median(reload)
            if path in FILTERS:
                label = t(FILTERS[path])
                changes = []
                for _ in range(actions):
                    if _attempt(errors, f"{role}.floor.open",
                                lambda: navigate(page, floor_url)) is not None:
                        floor_filter.append(_attempt(errors, f"{role}.floor.filter",
                                                     lambda: change_filter(page, floor_label)))
                    if _attempt(errors, f"{name}.open", lambda u=url: navigate(page, u)) is None:
                        continue
                    changes.append(_attempt(errors, f"{name}.filter",
                                            lambda lb=label: change_filter(page, lb)))
                times["filter"] = _median(changes)
            if path == REPORT_PAGE and role == "editor":
                saves = []
                if _attempt(errors, "followup.open", lambda u=url: navigate(page, u)) is not None:
                    for _ in range(actions):
                        saves.append(_attempt(errors, "followup_save", lambda: save_followup(page)))
                times["followup_save"] = _median(saves)
            out[path] = times
    finally:
        context.close()
    return out


def _database(folder: Path) -> tuple[str, dict[str, Any]]:
    """The province-scale database (always province: the point of the figures), with key
    tasks planned in the last 13 months for the follow-up table."""
    url, params = province_db(folder, small=False)
    last = Month.parse(SCALES["province"].last_month)
    engine = open_database(url)
    try:
        params["plan_items"] = add_plan_items(engine, [last - i for i in range(13)],
                                              list(KEY_TASKS))
    finally:
        engine.dispose()
    return url, params


def _accounts() -> tuple[tuple[str, str], ...]:
    """The roles to measure: all, or those named in ``BENCH_ROLES`` (e.g. ``editor,admin``)."""
    wanted = {r.strip() for r in os.environ.get(ROLES_ENV, "").split(",") if r.strip()}
    return tuple(a for a in ACCOUNTS if not wanted or a[0] in wanted)


def _target(floor: float | None) -> str | None:
    """The issue's rule for a page against its floor: ≤ 2 × floor + 300 ms."""
    return None if floor is None else f"≤ {round(2 * floor + 0.3, 3)} s"


def run(results: dict[str, Any]) -> None:
    repeats = QUICK_REPEATS if quick() else REPEATS
    started = time.perf_counter()
    load_before = os.getloadavg()
    errors: dict[str, str] = {}
    floor: list[float | None] = []
    floor_reload: list[float | None] = []
    floor_filter: list[float | None] = []
    measured: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        url, params = _database(Path(tmp))
        with sync_playwright() as playwright:
            browser = harness.launch_browser(playwright)
            try:
                for role, username in _accounts():
                    server = harness.AppServer(url, log_path=Path(tmp) / f"{role}.log",
                                               extra_env={FLOOR_ENV: "1"})
                    try:
                        server.start()
                        measured[role] = measure_role(browser, server, role, username, repeats,
                                                      floor, floor_reload, floor_filter,
                                                      errors)
                    except Exception as exc:  # this role fails, the next one still runs
                        errors[role] = f"{type(exc).__name__}: {exc}"[:300]
                        print(f"  {role}: {errors[role]}", file=sys.stderr, flush=True)
                    finally:
                        server.stop()
            finally:
                browser.close()
    common = {**params, "database": "sqlite", "browser": "chromium headless 1400×900",
              "repeats": repeats, "filter_and_save_repeats": max(1, repeats - 1),
              "stable_ms": STABLE_MS, "wait_ms": WAIT_MS,
              "roles": dict(_accounts()), "server": "one streamlit run app.py per role",
              "floor": f"/{FLOOR_PATH}: title, line and a month picker of three options in "
                       "the app frame, same server",
              "navigation": {"cold, reload": "page.goto of the address (a new document "
                                             "and Streamlit session)",
                             "warm": "a click on the page's sidebar link (the same session)"},
              # the machine is shared: the figures mean little without its load
              "load_average_1m": {"start": round(load_before[0], 2),
                                  "end": round(os.getloadavg()[0], 2)}}
    floor_warm, floor_again = _median(floor), _median(floor_reload)
    floor_change = _median(floor_filter)
    page_target, reload_target = _target(floor_warm), _target(floor_again)
    filter_target = _target(floor_change)
    record(results, "browser.floor.cold", measured.get("viewer", {}).get("floor.cold"), "s",
           **common)
    record(results, "browser.floor.warm", floor_warm, "s", samples=len(floor), **common)
    record(results, "browser.floor.reload", floor_again, "s", samples=len(floor_reload),
           **common)
    record(results, "browser.floor.filter", floor_change, "s", samples=len(floor_filter),
           **common)
    for role, pages in measured.items():
        for path, times in pages.items():
            if not isinstance(times, dict):
                continue
            name = f"browser.{path}.{role}"
            warm_target = "≤ 1 s" if path == ADMIN_PAGE else page_target
            record(results, f"{name}.cold", times.get("cold"), "s", role=role, **common)
            record(results, f"{name}.warm", times.get("warm"), "s", target=warm_target,
                   role=role, **common)
            record(results, f"{name}.reload", times.get("reload"), "s", target=reload_target,
                   role=role, **common)
            if "filter" in times:
                record(results, f"{name}.filter", times["filter"], "s", target=filter_target,
                       role=role, picker=t(FILTERS[path]), **common)
            if "followup_save" in times:
                record(results, "browser.followup_save.editor", times["followup_save"], "s",
                       target="≤ 1 s", role=role, tasks=len(KEY_TASKS), **common)
    record(results, "browser.errors", len(errors), "", errors=errors, **common)
    record(results, "browser.drive_time", round(time.perf_counter() - started, 1), "s", **common)
