"""Every page opens in the browser for a role that may see it: its title, no error box.

One server for the module (nothing here writes); one signed-in browser context per role.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_harness import (
    dismiss_page_not_found,
    error_shown,
    new_context,
    on_sign_in_form,
    open_page,
    sign_in,
)

from admin.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER
from core.messages import t
from ui.navigation import PAGES, PageSpec

pytestmark = pytest.mark.e2e

ROLE_PREFERENCE = (VIEWER, ANALYST, EDITOR, ADMIN)
ACCOUNT = {role: name for name, _display, role, _unit in DEMO_ACCOUNTS}


def least_role(spec: PageSpec) -> str:
    return next(r for r in ROLE_PREFERENCE if spec.open_to(r))


@pytest.fixture(scope="module")
def signed_in(shared_server, browser) -> Iterator[dict]:
    """A page per role, signed in on the shared server (created on first use)."""
    pages: dict[str, object] = {}

    def get(role: str):
        if role not in pages:
            page = new_context(browser).new_page()
            open_page(page, shared_server)
            sign_in(page, ACCOUNT[role], DEMO_PASSWORD)
            pages[role] = page
        return pages[role]

    yield {"get": get}
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_opens_for_its_role(spec: PageSpec, signed_in, shared_server):
    page = signed_in["get"](least_role(spec))
    open_page(page, shared_server, spec.url_path)
    assert not on_sign_in_form(page), "the session cookie must carry to every page"
    dismiss_page_not_found(page)  # the role's default page: see test_journey
    assert not error_shown(page)
    headings = page.locator("[data-testid='stMain'] h1").all_inner_texts()
    assert headings, f"{spec.url_path}: no title"
    assert t("auth.forbidden") not in page.locator("[data-testid='stMain']").inner_text()
    assert "Traceback" not in shared_server.log_text()
