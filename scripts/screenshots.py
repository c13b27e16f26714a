"""Screenshots of every page at desktop, laptop and phone widths into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--database sqlite:///…] [--out DIR]
                                           [--widths 1400,1024,390] [--pages tong-quan,…]

Runs the app over a copy of the demo database (built on the fly unless ``--database`` is
given), signs in as a demo account whose role sees each page, and writes
``<address>-<width>.png`` (full page, device scale 1) plus ``dang-nhap-<width>.png`` for
the sign-in screen. Look at them: overflowing text, English labels, unformatted numbers
and empty charts are bugs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import e2e_harness as harness  # noqa: E402

from admin.demo import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: E402
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER  # noqa: E402
from ui.navigation import PAGES, PageSpec  # noqa: E402

OUT_DIR = ROOT / "docs" / "screenshots"
WIDTHS = (1400, 1024, 390)
HEIGHT = {1400: 900, 1024: 768, 390: 844}
ROLE_PREFERENCE = (VIEWER, ANALYST, EDITOR, ADMIN)  # the least powerful role that sees it
# The month the sample covers best, so every page has figures to show.
QUERY = {"tong-quan": "thang=2023-12", "bao-cao-thang": "thang=2023-12",
         "xu-huong": "tu=2022-01&den=2023-12", "tinh-hinh-nop": "thang=2023-12",
         "nhap-so-lieu": "thang=2024-01",  # the oldest month typed: 2023 beside it
         "nguon-so-lieu": "chi_tieu=TTKT_KD_PTD&don_vi=TTKT&thang=2023-12"}


def account_for(spec: PageSpec) -> str:
    """The demo user name whose role is the least powerful one that sees ``spec``."""
    role = next(r for r in ROLE_PREFERENCE if spec.open_to(r))
    return next(name for name, _display, r, _unit in DEMO_ACCOUNTS if r == role)


def shoot(server: harness.AppServer, browser, out: Path, widths: tuple[int, ...],
          only: set[str] | None) -> list[Path]:
    written: list[Path] = []
    sign_in_page = harness.new_context(browser, widths[0])
    page = sign_in_page.new_page()
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT.get(width, 900)})
        harness.open_page(page, server)
        target = out / f"dang-nhap-{width}.png"
        harness.full_page_screenshot(page, target)
        written.append(target)
    sign_in_page.close()

    by_user: dict[str, list[PageSpec]] = {}
    for spec in PAGES:
        if only is None or spec.url_path in only:
            by_user.setdefault(account_for(spec), []).append(spec)
    for username, specs in by_user.items():
        context = harness.new_context(browser, widths[0])
        page = context.new_page()
        for spec in specs:
            if not Path(ROOT / spec.path).exists():
                print(f"skip {spec.url_path}: {spec.path} does not exist yet", file=sys.stderr)
                continue
            query = QUERY.get(spec.url_path)
            address = f"{spec.url_path}?{query}" if query else spec.url_path
            for width in widths:
                page.set_viewport_size({"width": width, "height": HEIGHT.get(width, 900)})
                harness.open_signed_in(page, server, address, username, DEMO_PASSWORD)
                if harness.dismiss_page_not_found(page):
                    print(f"{address}: Streamlit said 'Page not found' (closed for the shot)",
                          file=sys.stderr)
                target = out / f"{spec.url_path}-{width}.png"
                harness.full_page_screenshot(page, target)
                flag = "  (ERROR SHOWN)" if harness.error_shown(page) else ""
                print(f"{target.name} as {username}{flag}", file=sys.stderr)
                written.append(target)
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL or SQLite file (default: a fresh "
                        "demo database)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--pages", help="addresses to shoot, e.g. tong-quan,xu-huong")
    args = parser.parse_args(argv)
    widths = tuple(int(w) for w in args.widths.split(","))
    only = set(args.pages.split(",")) if args.pages else None
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        url = args.database
        if url is not None and "://" not in url:  # a file path: the SQLite file itself
            url = harness.sqlite_url(Path(url).resolve())
        if url is None:
            demo = harness.build_demo_db(Path(tmp) / "demo.db")
            url = harness.copy_db(demo, Path(tmp) / "app.db")
        with harness.AppServer(url, log_path=Path(tmp) / "streamlit.log") as server, \
                sync_playwright() as playwright:
            browser = harness.launch_browser(playwright)
            try:
                written = shoot(server, browser, args.out, widths, only)
            finally:
                browser.close()
            failed = "Traceback" in server.log_text()
            if failed:  # the shots may show an error page: never a silent success
                print("the server logged a traceback:\n" + server.log_tail(), file=sys.stderr)
    print(f"{len(written)} screenshots in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
