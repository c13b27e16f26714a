"""Every page, for every role that sees it, over a history with qualified, missing and
zero figures and a carried-over resubmission (``tests/qualified_history.py``): no
exception, no English error box, no ``nan``/``None`` shown (issue 12,
``upload.qualifier_nan``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from auth.permissions import ROLES
from tests.apptest_db import use_database
from tests.dashboard.conftest import texts
from tests.qualified_history import ACCOUNTS, build
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
USER_OF_ROLE = {role: name for name, role in ACCOUNTS.items()}
BAD = re.compile(r"\b(nan|NaN|None|NaT|Traceback|Exception|KeyError|Error)\b")
CASES = [(spec.path, role) for spec in PAGES for role in ROLES if spec.open_to(role)]


@pytest.fixture(scope="module")
def qualified_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("qualified") / "app.db")


@pytest.fixture
def app(qualified_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):

    from ui.db import engine

    copy = tmp_path / "app.db"
    shutil.copyfile(qualified_db, copy)
    use_database(f"sqlite:///{copy}", monkeypatch)

    def run(path: str, user: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / path), default_timeout=120)
        at.session_state["user"] = user
        return at.run()

    yield run
    engine.clear()


def shown_frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in texts(at):
        assert not BAD.search(text), text
    for frame in shown_frames(at):
        for column in frame.columns:
            series = frame[column]
            if series.dtype == object:
                assert not series.isna().any(), (column, list(series))
                assert not series.astype(str).str.fullmatch(r"nan|None|NaN|NaT").any(), \
                    (column, list(series))


def test_the_history_holds_what_the_pages_must_survive(qualified_db: Path):
    from store.engine import make_engine
    from store.queries import figures
    from tests.qualified_history import THIS_MONTH

    engine = make_engine(f"sqlite:///{qualified_db}")
    frame = figures(engine, THIS_MONTH - 6, THIS_MONTH)
    engine.dispose()
    assert set(frame["qualifier"]) == {None, "about", "more_than"}
    assert (frame["value"] == 0).any()
    assert len(CASES) >= 14  # every page, every role that sees it


@pytest.mark.parametrize(("path", "role"), CASES, ids=[f"{p[6:-3]}-{r}" for p, r in CASES])
def test_every_page_for_every_role_renders_cleanly(app, path: str, role: str):
    at = app(path, USER_OF_ROLE[role])
    assert_clean(at)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def _template(qualified_db: Path, values: dict) -> bytes:
    from store.catalog_store import read_catalog
    from store.engine import make_engine
    from tests.etl.etl_files import filled_template
    from tests.qualified_history import LAST_MONTH

    engine = make_engine(f"sqlite:///{qualified_db}")
    catalog = read_catalog(engine)
    engine.dispose()
    return filled_template(catalog, "TTKT", LAST_MONTH, values)


@pytest.mark.parametrize("user", ["chuyenvien", "vanphong"])
def test_next_month_after_an_approved_khoang_80_shows_it_beside_the_new_figure(
        app, qualified_db, user):
    at = app("pages/upload.py", user)
    if user == "vanphong":
        at.selectbox(key="up_unit").set_value("TTKT").run()
    content = _template(qualified_db, {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "hơn 90",
                                       "TTKT_KD_CAN": 0})
    at.file_uploader[0].set_value(("bc.xlsx", content, XLSX)).run()
    assert_clean(at)
    preview = at.dataframe[0].value
    by_name = dict(zip(preview["Chỉ tiêu"], preview["Giá trị"], strict=True))
    assert by_name["Mẫu thử nghiệm"] == "hơn 90" and by_name["Cân được kiểm định"] == "0"
    previous = next(c for c in preview.columns if c.startswith("Tháng trước"))
    before = dict(zip(preview["Chỉ tiêu"], preview[previous], strict=True))
    assert before["Mẫu thử nghiệm"] == "khoảng 80"
    assert before["Phương tiện đo được kiểm định"] == "6.000"


def test_missing_text_leaves_the_store_as_none_never_nan(qualified_db: Path):
    """The boundary: SQL NULL in a text column is None in every frame the store returns."""
    from store import queries
    from store.engine import make_engine
    from tests.qualified_history import THIS_MONTH

    engine = make_engine(f"sqlite:///{qualified_db}")
    try:
        month = THIS_MONTH - 3
        frames = {
            "figures": queries.figures(engine, THIS_MONTH - 6, THIS_MONTH),
            "versions": queries.versions(engine, "TTKT", month),
            "version_values": queries.version_values(engine, "TTKT", THIS_MONTH - 4),
        }
    finally:
        engine.dispose()
    checked = 0
    for name, frame in frames.items():
        for column in ("qualifier", "file_name", "sheet", "reviewed_by", "review_comment"):
            if column not in frame:
                continue
            missing = [v for v in frame[column] if not isinstance(v, str)]
            assert all(v is None for v in missing), (name, column, missing)
            checked += len(missing)
    assert checked > 0  # the history does hold missing text
    assert frames["figures"]["qualifier"].dtype == object


@pytest.mark.parametrize("user", ["lanhdao", "vanphong"])
def test_status_versions_show_each_figure_with_its_qualifier(app, tmp_path, user):
    """One unit's versions on the status page: a figure keeps its qualifier in the value
    and the previous version's columns, and a change of the qualifier alone is a change."""
    from actions.submissions import ingest
    from store.catalog_store import read_catalog
    from store.engine import make_engine
    from tests.actors import OFFICE
    from tests.etl.etl_files import filled_template
    from tests.qualified_history import THIS_MONTH, today
    from ui.status_view import VERSIONS_OPEN

    # TTKT: version 1 0, hơn 20, khoảng 3; version 2 corrects the first to 12 (the two
    # others carried over); version 3 drops a qualifier and changes another.
    month = THIS_MONTH - 3
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")  # the app fixture's copy
    try:
        content = filled_template(read_catalog(engine), "TTKT", month, {
            "TTKT_KD_PTD": 12, "TTKT_THU_NGHIEM": 20, "TTKT_KD_CAN": "hơn 3"})
        assert ingest(engine, OFFICE, content, "sua.xlsx", today=today()).value.loaded
    finally:
        engine.dispose()
    at = AppTest.from_file(str(ROOT / "pages/status.py"), default_timeout=120)
    at.session_state["user"] = user
    for key, value in {"tu": str(month), "den": str(month), "thang": str(month),
                       "don_vi": "TTKT"}.items():
        at.query_params[key] = value
    at.run()
    assert_clean(at)
    assert at.session_state[VERSIONS_OPEN] is True
    table = at.dataframe[2].value
    rows = {(int(v), name): (value, previous, change) for v, name, value, previous, change
            in table.itertuples(index=False)}
    ptd = "Phương tiện đo được kiểm định"
    assert rows[(1, "Mẫu thử nghiệm")] == ("hơn 20", "", "")
    assert rows[(1, "Cân được kiểm định")] == ("khoảng 3", "", "")
    assert rows[(2, ptd)] == ("12", "0", "+12")
    assert rows[(3, "Mẫu thử nghiệm")] == ("20", "hơn 20", "0")
    assert rows[(3, "Cân được kiểm định")] == ("hơn 3", "khoảng 3", "0")
    assert rows[(3, ptd)] == ("12", "12", "0")
    at.toggle(key="status_only_changes").set_value(True).run()
    changed = {(int(v), name) for v, name, *_ in at.dataframe[2].value.itertuples(index=False)}
    # the qualifier alone changed in version 3
    assert changed == {(2, ptd), (3, "Mẫu thử nghiệm"), (3, "Cân được kiểm định")}
