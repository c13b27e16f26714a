"""The admin's upload-size setting holds on every upload path (a 1 MB setting refuses a
2,7 MB file everywhere), in Vietnamese, writing nothing; the uploaders show the limit."""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from actions.accounts import create_account
from actions.settings import change_setting
from cli.etl import main as etl_main
from cli.import_report import run_import_report
from core.catalog import CatalogError, load_catalog
from core.months import Month
from core.timezone import vn_today
from etl.catalog_file import read_catalog_upload
from etl.narrative.intake import read_upload
from etl.pipeline import Context, validate_upload
from etl.safety import max_upload_bytes
from etl.template import build_template
from store.catalog_store import export_yaml
from store.database import migrate, open_database
from store.submissions import list_submissions
from tests.actors import ADMINISTRATOR, upload

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "data" / "reference" / "quangtri-2023-01-bao-cao-thang.txt"
MB = 1024 * 1024
LAST_MONTH = Month.of(vn_today()) - 1


def _padded_workbook(size: int) -> bytes:
    """The real template with an incompressible picture making it ``size`` bytes."""
    base = build_template(load_catalog(), "TTKT", LAST_MONTH)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/image1.png", random.Random(1).randbytes(size - len(base) - 200))
    return out.getvalue()


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    engine = open_database(url)
    create_account(engine, ADMINISTRATOR, "vanphong", "demo123", "editor", "Văn phòng Sở")
    create_account(engine, ADMINISTRATOR, "quantri", "demo123", "admin", "Quản trị")
    change_setting(engine, ADMINISTRATOR, "upload_max_mb", 1, date(2000, 1, 1))
    from ui.db import engine as cached_engine

    cached_engine.clear()
    st.cache_data.clear()  # ui.data is keyed on the data version, not the database
    yield engine
    cached_engine.clear()
    engine.dispose()


BIG = 2_831_155  # 2,7 MB


def test_the_setting_is_read(app_db) -> None:
    assert max_upload_bytes(app_db) == 1 * MB
    assert max_upload_bytes(None) == 20 * MB


def test_the_upload_action_and_so_python_m_etl_ingest(app_db) -> None:
    outcome = upload(app_db, _padded_workbook(BIG), "lon.xlsx", today=date(2099, 1, 1))
    problems = outcome.validation.problems
    assert not outcome.ok and [p.code for p in problems] == ["too_large"]
    assert "2,7 MB" in problems[0].message and "1 MB" in problems[0].message
    with app_db.connect() as conn:
        assert list_submissions(conn) == []


def test_python_m_etl_ingest_and_validate_refuse(app_db, tmp_path, capfd) -> None:
    path = tmp_path / "lon.xlsx"
    path.write_bytes(_padded_workbook(BIG))
    assert etl_main(["validate", str(path)]) == 1
    assert "vượt giới hạn 1 MB" in capfd.readouterr().out
    assert etl_main(["ingest", str(path), "--user", "vanphong"]) == 1
    assert "vượt giới hạn 1 MB" in capfd.readouterr().out
    with app_db.connect() as conn:
        assert list_submissions(conn) == []


def test_validate_upload_reads_the_setting_through_its_connection(app_db) -> None:
    catalog = load_catalog()
    with app_db.connect() as conn:
        big = validate_upload(_padded_workbook(BIG), "lon.xlsx", catalog, Context(), conn)
        small = validate_upload(_padded_workbook(MB - 10_000), "nho.xlsx", catalog,
                                Context(), conn)
    assert [p.code for p in big.problems] == ["too_large"]
    assert "too_large" not in [p.code for p in small.problems]


@pytest.mark.parametrize("limit_mb,size,refused", [
    (0, 10, True), (1, MB, False), (1, MB + 1, True), (3, BIG, False), (2, BIG, True)])
def test_the_limit_at_its_edges(limit_mb: int, size: int, refused: bool) -> None:
    from etl.safety import size_problem

    assert (size_problem(size, "a.xlsx", limit_mb * MB) is not None) is refused


def test_the_past_report_import(app_db) -> None:
    catalog = load_catalog()
    content = REFERENCE.read_bytes() * (BIG // REFERENCE.stat().st_size + 1)
    with pytest.raises(Exception) as refused:
        read_upload(content, "bc.txt", max_upload_bytes(app_db), None, catalog)
    assert "vượt giới hạn 1 MB" in str(refused.value)


def test_python_m_etl_import_report_keeps_the_default_limit(tmp_path) -> None:
    path = tmp_path / "bc.txt"
    path.write_bytes(b"x" * (21 * MB))
    code, text = run_import_report(str(path), None, False)
    assert code == 1 and "vượt giới hạn 20 MB" in text


def test_the_catalogue_yaml(app_db) -> None:
    yaml_text = export_yaml(app_db).encode()
    assert read_catalog_upload(yaml_text, "danh-muc.yaml", MB).indicators  # its own export
    with pytest.raises(CatalogError) as refused:
        read_catalog_upload(yaml_text + b"#" * BIG, "danh-muc.yaml", max_upload_bytes(app_db))
    assert "vượt giới hạn 1 MB" in str(refused.value)


# --- the pages ---------------------------------------------------------------------------


def _page(name: str, user: str, **state: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60)
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def test_the_upload_page(app_db) -> None:
    at = _page("upload.py", "vanphong")
    uploader = at.file_uploader[0]
    assert uploader.proto.max_upload_size_mb == 1  # what the uploader shows and enforces
    uploader.set_value(("lon.xlsx", _padded_workbook(BIG), "application/octet-stream")).run()
    assert not at.exception
    assert "Tệp «lon.xlsx» nặng 2,7 MB, vượt giới hạn 1 MB." in _errors(at)
    assert not any(b.label == "Nạp vào hệ thống" for b in at.button)


def test_the_import_tab(app_db) -> None:
    at = _page("submissions.py", "vanphong", rv_tab="Nhập báo cáo cũ")
    uploader = next(u for u in at.file_uploader if u.label == "Tệp báo cáo cũ")
    assert uploader.proto.max_upload_size_mb == 1
    uploader.set_value(("bc.txt", b"x" * BIG, "text/plain")).run()
    assert not at.exception
    assert "vượt giới hạn 1 MB" in _errors(at)


def test_the_catalogue_tab(app_db) -> None:
    at = _page("administration.py", "quantri", adm_tab="Danh mục")
    uploader = next(u for u in at.file_uploader if u.label.startswith("Tải lên danh mục"))
    assert uploader.proto.max_upload_size_mb == 1
    uploader.set_value(("dm.yaml", b"version: 1\n" + b"#" * BIG, "application/x-yaml")).run()
    assert not at.exception
    assert "vượt giới hạn 1 MB" in _errors(at)


def test_the_uploaders_never_show_more_than_the_server_takes(app_db) -> None:
    change_setting(app_db, ADMINISTRATOR, "upload_max_mb", 500, date(2000, 1, 2))
    at = _page("upload.py", "vanphong")
    assert at.file_uploader[0].proto.max_upload_size_mb == 20  # server.maxUploadSize
    assert os.environ["DATABASE_URL"].startswith("sqlite")
