"""Every file uploader of the app: one place applies the admin's upload-size setting.

``st.file_uploader`` is told the limit (it shows "… per file" and refuses a larger file in
the browser), and the bytes that arrive are checked again with ``etl.safety.size_problem``
— the check every upload path goes through, here and behind it (``validate_upload``,
``read_upload``, ``read_catalog_upload``) — so a file sent past the browser is refused in
Vietnamese too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

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
    file = st.file_uploader(label, type=list(types), key=key, help=help,
                            max_upload_size=max(1, math.ceil(limit / 1024 / 1024)))
    if file is None:
        return None
    too_large = size_problem(file.size, file.name, limit)
    if too_large is not None:
        st.error(too_large.message, icon=":material/error:")
        return None
    return file.getvalue(), file.name
