"""A viewer who types the address of the upload page sees no upload and no data.

Checked on freshly started servers where that address is the very first request, once
without a session (the sign-in comes first) and once with a session cookie from earlier.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    copy_db,
    dismiss_page_not_found,
    error_shown,
    main_text,
    new_context,
    on_sign_in_form,
    open_page,
    sign_in,
)

from core.messages import t

pytestmark = pytest.mark.e2e

UPLOAD_ADDRESSES = ("nop-bao-cao", "upload")  # the page's address and its file name


def assert_no_upload_and_no_data(page) -> None:
    """Nothing of the upload page: no uploader, no template, no submissions, no figures."""
    assert not on_sign_in_form(page)
    # a page the viewer's navigation lacks: Streamlit may say (in English) "Page not found"
    # and run the viewer's first page instead; either way nothing of the upload page shows
    dismiss_page_not_found(page)
    assert not error_shown(page)
    main = page.locator("[data-testid='stMain']")
    assert main.locator("[data-testid='stFileUploader']").count() == 0
    assert main.locator("[data-testid='stDownloadButton']").count() == 0
    heading = main.locator("h1").all_inner_texts()
    assert t("nav.upload") not in heading
    # the viewer is either refused outright or sent to a page of their own
    text = main_text(page)
    refused = t("auth.forbidden") in text
    elsewhere = any(h in (t("nav.overview"), t("nav.trends"), t("nav.status"), t("nav.report"))
                    for h in heading)
    assert refused or elsewhere, heading
    if refused:
        assert main.locator("[data-testid='stDataFrame'], [data-testid='stTable']").count() == 0


@pytest.mark.parametrize("address", UPLOAD_ADDRESSES)
def test_viewer_typing_the_upload_address_first_thing_on_a_new_server(
        demo_db: Path, tmp_path: Path, browser, address: str):
    with AppServer(copy_db(demo_db, tmp_path / "app.db"),
                   log_path=tmp_path / "streamlit.log") as server:
        context = new_context(browser)
        page = context.new_page()
        open_page(page, server, address)  # the first request this server ever gets
        assert on_sign_in_form(page), "no page is drawn before signing in"
        assert page.locator("input[type='file']").count() == 0
        sign_in(page, "lanhdao", "demo123")
        assert_no_upload_and_no_data(page)
        context.close()
        assert "Traceback" not in server.log_text()


def test_viewer_with_a_session_opening_the_upload_address_on_a_restarted_server(
        demo_db: Path, tmp_path: Path, browser):
    url = copy_db(demo_db, tmp_path / "app.db")
    context = new_context(browser)
    page = context.new_page()
    with AppServer(url, log_path=tmp_path / "first.log") as first:
        open_page(page, first, "tong-quan")
        sign_in(page, "lanhdao", "demo123")
        assert not on_sign_in_form(page)
    # a new server process over the same database: the cookie is still valid, and the
    # upload address is the first thing this process serves
    with AppServer(url, log_path=tmp_path / "second.log") as second:
        open_page(page, second, "nop-bao-cao")
        assert_no_upload_and_no_data(page)
        assert "Traceback" not in second.log_text()
    context.close()
