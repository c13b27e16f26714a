"""Every file uploader of the app: one place applies the admin's upload-size setting.

``st.file_uploader`` is told the limit (it shows "… per file" and refuses a larger file in
the browser), and the bytes that arrive are checked again with ``etl.safety.size_problem``
— the check every upload path goes through, here and behind it (``validate_upload``,
``read_upload``, ``read_catalog_upload``) — so a file sent past the browser is refused in
Vietnamese too.

Streamlit draws the drop zone's own words in English ("Upload", "5MB per file • XLSX");
a style scoped to the uploader's key shows the catalogue's words in their place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

from core.formatting import fmt_number
from core.messages import t
from etl.safety import max_upload_bytes, size_problem
from etl.worker import warm
from ui.db import engine


def upload_limit() -> int:
    """The ``upload_max_mb`` setting in bytes, at most the server's own cap
    (``server.maxUploadSize``: Streamlit's upload route refuses more than that anyway)."""
    server_cap = int(st.get_option("server.maxUploadSize")) * 1024 * 1024
    return min(max_upload_bytes(engine()), server_cap)


def file_upload(label: str, types: Sequence[str], key: str,
                help: str | None = None) -> tuple[bytes, str] | None:
    """The chosen file's bytes and name, or None (nothing chosen, or too large: the
    Vietnamese refusal is shown)."""
    warm()  # the worker that will check the file starts while the user picks it
    limit = upload_limit()
    megabytes = max(1, math.ceil(limit / 1024 / 1024))
    st.html(dropzone_style(key, megabytes, types))
    file = st.file_uploader(label, type=list(types), key=key, help=help,
                            max_upload_size=megabytes)
    if file is None:
        return None
    too_large = size_problem(file.size, file.name, limit)
    if too_large is not None:
        st.error(too_large.message, icon=":material/error:")
        return None
    return file.getvalue(), file.name


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: nothing in it can end the string or the rule."""
    return '"' + "".join(c if c.isalnum() or c in " .,•–-()/" else f"\\{ord(c):x} "
                         for c in text) + '"'


def dropzone_style(key: str, megabytes: int, types: Sequence[str]) -> str:
    """The style that replaces the drop zone's English button text and size line of the
    uploader with key ``key`` by the catalogue's (font size 0 hides the original text,
    ``::after`` shows ours; screen readers keep the widget's Vietnamese label)."""
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    button = t("upload.dropzone_button")
    limit = t("upload.dropzone_limit", size=fmt_number(megabytes),
              types=", ".join(x.upper() for x in types))
    return (f"<style>{scope} button [data-testid='stMarkdownContainer'] p,"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span"
            "{font-size:0}"
            f"{scope} button [data-testid='stMarkdownContainer'] p::after"
            f"{{content:{css_string(button)};font-size:.875rem}}"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after"
            f"{{content:{css_string(limit)};font-size:.875rem}}</style>")
