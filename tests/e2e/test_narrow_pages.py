"""At a phone's 390 px every page fits its width (issue #14): no document or main area wider
than the viewport; the status grid is a list of units there and a table on a desktop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_harness import dismiss_page_not_found, error_shown, new_context, open_signed_in

from admin.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER
from ui.navigation import PAGES, PageSpec

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ROLE_PREFERENCE = (VIEWER, ANALYST, EDITOR, ADMIN)
ACCOUNT = {role: name for name, _display, role, _unit in DEMO_ACCOUNTS}
QUERY = {"tong-quan": "thang=2023-12", "bao-cao-thang": "thang=2023-12",
         "xu-huong": "tu=2022-01&den=2023-12", "tinh-hinh-nop": "tu=2023-01&den=2023-12"}
# Widths the browser scrolls: the document, and Streamlit's main area (it scrolls itself).
WIDTHS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: document.documentElement.scrollWidth, view: window.innerWidth,
          main: main ? main.scrollWidth : 0, mainView: main ? main.clientWidth : 0};
}"""


def least_role(spec: PageSpec) -> str:
    return next(r for r in ROLE_PREFERENCE if spec.open_to(r))


def address(spec: PageSpec) -> str:
    query = QUERY.get(spec.url_path)
    return f"{spec.url_path}?{query}" if query else spec.url_path


@pytest.fixture(scope="module")
def phone(shared_server, browser) -> Iterator:
    """A 390 px page per role, signed in on the shared server."""
    pages: dict[str, object] = {}

    def get(role: str):
        if role not in pages:
            pages[role] = new_context(browser, **PHONE).new_page()
        return pages[role]

    yield get
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_no_page_is_wider_than_a_phone(spec: PageSpec, phone, shared_server):
    role = least_role(spec)
    page = phone(role)
    open_signed_in(page, shared_server, address(spec), ACCOUNT[role], DEMO_PASSWORD)
    dismiss_page_not_found(page)
    assert not error_shown(page)
    widths = page.evaluate(WIDTHS)
    assert widths["view"] == PHONE["width"]
    assert widths["doc"] <= widths["view"], widths
    assert widths["main"] <= widths["mainView"], widths


def test_status_grid_is_a_list_on_a_phone_and_a_table_on_a_desktop(phone, shared_server,
                                                                   browser):
    page = phone(VIEWER)
    open_signed_in(page, shared_server, "tinh-hinh-nop?tu=2023-01&den=2023-12",
                   ACCOUNT[VIEWER], DEMO_PASSWORD)
    cards = page.locator(".skhcn-card")
    assert cards.count() >= 8 and cards.first.is_visible()
    assert "12/2023 · " in cards.first.inner_text()
    assert "01/2023 · " in cards.first.inner_text()
    grid = page.locator("[class*='st-key-wide_only_status_grid']")
    assert not grid.is_visible()
    desktop = new_context(browser, width=1400, height=900).new_page()
    try:
        open_signed_in(desktop, shared_server, "tinh-hinh-nop?tu=2023-01&den=2023-12",
                       ACCOUNT[VIEWER], DEMO_PASSWORD)
        assert desktop.locator("[class*='st-key-wide_only_status_grid']").is_visible()
        assert not desktop.locator(".skhcn-card").first.is_visible()
    finally:
        desktop.context.close()
