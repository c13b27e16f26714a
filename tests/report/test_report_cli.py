"""``python -m report build``: files written, exit codes 0 / 1 / 2, drafts on request."""

from __future__ import annotations

import io

import docx
import pytest

from actions.report import save_draft
from cli.report import main
from core.months import ReportPeriod
from store.engine import make_engine
from tests.actors import OFFICE


@pytest.fixture
def db(sample_copy_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sample_copy_url)
    return sample_copy_url


def test_month_as_docx_with_a_date(db, tmp_path, capsys):
    out = tmp_path / "bc.docx"
    code = main(["build", "--month", "2023-01", "--format", "docx", "--date", "2023-02-05",
                 "-o", str(out)])
    assert code == 0
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023" in text
    assert "5749 phương tiện đo" in text
    tables = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert any("Quảng Trị, ngày 05 tháng 02 năm 2023" in c for c in tables)
    assert "Tháng 01/2023" in capsys.readouterr().out


def test_period_as_markdown_and_drafts_unless_no_drafts(db, tmp_path):
    engine = make_engine(db)
    save_draft(engine, OFFICE, ReportPeriod.parse("2023-H1"), "2.4", "Câu chữ do Văn phòng sửa.")
    engine.dispose()
    with_drafts, without = tmp_path / "a.md", tmp_path / "b.md"
    assert main(["build", "--period", "2023-H1", "--format", "md", "-o", str(with_drafts)]) == 0
    assert main(["build", "--period", "2023-h1", "--format", "md", "--no-drafts",
                 "-o", str(without)]) == 0
    a, b = with_drafts.read_text(encoding="utf-8"), without.read_text(encoding="utf-8")
    assert "6 tháng đầu năm" in a and "[^1]" in a
    assert "Câu chữ do Văn phòng sửa." in a and "Câu chữ do Văn phòng sửa." not in b


def test_nothing_to_report_exits_1(db, tmp_path, capsys):
    out = tmp_path / "x.md"
    assert main(["build", "--month", "2019-01", "--format", "md", "-o", str(out)]) == 1
    assert not out.exists()
    assert "không có gì để tổng hợp" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["build", "--month", "2023-13", "--format", "md", "-o", "x"],
    ["build", "--period", "2023-Q5", "--format", "md", "-o", "x"],
    ["build", "--month", "2023-01", "--period", "2023", "--format", "md", "-o", "x"],
    ["build", "--month", "2023-01", "--format", "pdf", "-o", "x"],
    ["build", "--month", "2023-01", "--format", "md"],
    ["build", "--month", "2023-01", "--format", "md", "--date", "05/02/2023", "-o", "x"],
    ["build", "--format", "md", "-o", "x"],
    [],
])
def test_wrong_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Lỗi cú pháp lệnh" in capsys.readouterr().err
