"""The dashboard pages under AppTest against one sample database built once per session.

The database is the full sample history loaded through the real loader (``admin.demo``),
the session's ``demo_db_path``.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest_db import use_database
from ui.text import LINE_BREAK

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def dashboard_db(demo_db_path: Path) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of the sample database; accounts lanhdao/vanphong/quantri/chuyenvien."""
    from store.engine import make_engine

    url = f"sqlite:///{demo_db_path}"
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


@pytest.fixture
def page(dashboard_db, monkeypatch: pytest.MonkeyPatch):
    """``page("overview", thang="2023-01")``: a run AppTest of a page as ``lanhdao``
    (``user=`` another account, ``state=`` session state set before the run)."""

    url, _engine = dashboard_db
    use_database(url, monkeypatch)

    def run(name: str, user: str = "lanhdao", state: dict | None = None,
            **params: str) -> AppTest:
        """``state``: session state set before the run (e.g. a page's chosen tab)."""
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
        at.session_state["user"] = user
        for key, value in (state or {}).items():
            at.session_state[key] = value
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return run


def texts(at: AppTest) -> list[str]:
    """Every line of text the page shows (markdown unescaped), for language and content
    checks."""
    out: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning",
                 "error"):
        out += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [m.label, m.value, m.delta or ""]
    for kind in ("toggle", "selectbox", "multiselect", "download_button"):
        out += [e.label for e in getattr(at, kind)]
    # one text per line: an element may hold several (ui.text.LINE_BREAK)
    return [re.sub(r"\\(.)", r"\1", line) for s in out for line in s.split(LINE_BREAK)]


def download_bytes(button) -> bytes:
    """The bytes behind an AppTest download button (from the in-memory media storage); a
    deferred download (built on click) is built here as a click would."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    url = button.proto.url
    if button.proto.HasField("deferred_file_id"):
        manager = next(o for o in gc.get_objects() if isinstance(o, MediaFileManager)
                       and button.proto.deferred_file_id in o._deferred_callables)
        url = manager.execute_deferred(button.proto.deferred_file_id)
    file_id = url.rsplit("/", 1)[-1].split(".")[0]
    for obj in gc.get_objects():
        if isinstance(obj, MemoryMediaFileStorage) and file_id in obj._files_by_id:
            return obj.get_file(file_id).content
    raise LookupError(url)
