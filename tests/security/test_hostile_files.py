"""Each hostile file is refused fast, in Vietnamese, by the worker every upload goes
through, with the worker's own peak memory bounded (it reports its ru_maxrss).

The bounds refuse before calamine, python-docx or pypdf read a byte; the figures of a
quiet machine are in bench/ (``files_bench.py``); here the bounds are generous because
the test machine is shared.
"""

from __future__ import annotations

from datetime import date

import pytest
from hostile import (
    biff_workbook,
    docx,
    docx_bomb,
    far_corner_xlsx,
    huge_xls,
    number_record,
    ods,
    ods_cell,
    ods_row,
    ole_file,
    raw_xlsx,
    word_document,
)

from core.catalog import Catalog
from etl.narrative.intake import parse_in_worker
from etl.pipeline import Context, validate_content
from etl.worker import run_limited

SECONDS = 20  # the refusals take well under a second on a quiet machine
PEAK_MB = 400  # the worker starts near 100 MB (the readers, imported once)
TODAY = date(2024, 1, 1)


def _refused(content: bytes, name: str, catalog: Catalog) -> tuple[list[str], str]:
    done = run_limited(validate_content, content, name, catalog,
                       Context(today=TODAY, max_bytes=64 * 1024 * 1024))
    assert done.seconds < SECONDS and done.peak_rss_mb < PEAK_MB, (done.seconds,
                                                                   done.peak_rss_mb)
    result = done.value
    assert not result.ok and not result.submissions
    message = " ".join(p.message for p in result.problems)
    assert "Traceback" not in message and "{" not in message
    return [p.code for p in result.problems], message


def test_the_far_corner_workbook(catalog: Catalog) -> None:
    content = far_corner_xlsx()
    assert len(content) < 10_000
    codes, message = _refused(content, "goc-xa.xlsx", catalog)
    assert codes == ["declared_range_too_large"]
    assert "A1:XFD1048576" in message and "17.179.869.184" in message
    assert "5.000.000" in message and "xóa các dòng, cột thừa" in message


FAR_CELLS = {
    "no dimension": '<row r="1"><c r="A1"><v>1</v></c></row>'
                    '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    "a cell below its row": '<row r="1"><c r="A1"><v>1</v></c><c r="Z900000"><v>2</v></c></row>',
    "lower-case letters": '<row r="1"><c r="a1"><v>1</v></c><c r="zz400000"><v>2</v></c></row>',
    "an inline string": '<row r="2"><c r="XFD2" t="inlineStr"><is><t></t></is></c></row>'
                        '<row r="300000"><c r="A300000"><v>1</v></c></row>',
    "a namespace prefix": '<x:row xmlns:x="urn:x" r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
                          '<x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
    "no positions at all": '<row r="700000"><c><v>1</v></c>' + '<c><v>1</v></c>' * 20
                           + "</row>",
    "single quotes": "<row r='1'><c r='A1'><v>1</v></c><c r='XFD1048576'><v>1</v></c></row>",
    "spaces around =": '<row r = "1"><c r = "XFD1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("case", sorted(FAR_CELLS))
def test_far_cells_however_written(case: str, catalog: Catalog) -> None:
    codes, message = _refused(raw_xlsx({"Chỉ tiêu": FAR_CELLS[case]}), "xa.xlsx", catalog)
    assert codes == ["sheet_too_large"], codes
    assert "Sheet «Chỉ tiêu»" in message


def test_a_dimension_that_lies_small_does_not_hide_a_far_cell(catalog: Catalog) -> None:
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{_main()}"><dimension ref="A1:B2"/>'
             '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'
             '<row r="900"><c r="A900"><v>1</v></c></row></sheetData></worksheet>')
    codes, _ = _refused(raw_xlsx({"S": sheet}), "s.xlsx", catalog)
    assert codes == ["sheet_too_large"]


def _main() -> str:
    return "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_many_medium_sheets_add_up(catalog: Catalog) -> None:
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="AX90000"><v>1</v></c></row>'
    codes, message = _refused(raw_xlsx({f"S{i}": body for i in range(4)}), "n.xlsx", catalog)
    assert codes == ["workbook_too_large"] and "10.000.000" in message


def test_too_many_sheets(catalog: Catalog) -> None:
    sheets = {f"S{i}": '<row r="1"><c r="A1"><v>1</v></c></row>' for i in range(101)}
    codes, message = _refused(raw_xlsx(sheets), "nhieu.xlsx", catalog)
    assert codes == ["too_many_sheets"] and "100 sheet" in message


def test_huge_shared_strings(catalog: Catalog) -> None:
    strings = b"<sst>" + b"<si><t>x</t></si>" * 1_000_001 + b"</sst>"
    content = raw_xlsx({"S": '<row r="1"><c r="A1"><v>1</v></c></row>'}, stored=True,
                       shared_strings=strings)
    codes, message = _refused(content, "chuoi.xlsx", catalog)
    assert codes == ["too_many_strings"] and "1.000.001" in message


def test_many_zip_entries(catalog: Catalog) -> None:
    extra = {f"xl/media/image{i}.png": b"x" for i in range(1001)}
    content = raw_xlsx({"S": '<row r="1"><c r="A1"><v>1</v></c></row>'}, extra=extra)
    codes, message = _refused(content, "anh.xlsx", catalog)
    assert codes == ["too_many_parts"] and "1.000" in message


def test_one_part_inflating_past_its_limit(catalog: Catalog) -> None:
    noise = bytes(range(256)) * (130 * 4096 // 1)  # 133 MB, ratio far below 200
    content = raw_xlsx({"S": '<row r="1"><c r="A1"><v>1</v></c></row>'},
                       extra={"xl/media/big.bin": noise[: 129 * 1024 * 1024]})
    codes, _ = _refused(content, "to.xlsx", catalog)
    assert codes in (["part_too_large"], ["zip_bomb"])


def test_a_dtd_in_any_part(catalog: Catalog) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')
    content = raw_xlsx({"S": '<row r="1"><c r="A1"><v>1</v></c></row>'},
                       extra={"docProps/custom.xml": laughs})
    codes, _ = _refused(content, "dtd.xlsx", catalog)
    assert codes == ["unsafe_xml"]


ODS_BOMBS = {
    "rows and columns repeated": ods_row(ods_cell(1, repeat=1000), repeat=100_000),
    "rows repeated": ods_row(ods_cell()) + ods_row(ods_cell(), repeat=6_000_000),
    "columns repeated": ods_row(ods_cell(1, repeat=16_384)) * 400,
    "a value after many empty rows": ods_row(ods_cell()) + ods_row(
        '<table:table-cell table:number-columns-repeated="16384"/>', repeat=1_000_000)
    + ods_row('<table:table-cell table:number-columns-repeated="20"/>' + ods_cell()),
}


@pytest.mark.parametrize("case", sorted(ODS_BOMBS))
def test_odf_repeats(case: str, catalog: Catalog) -> None:
    content = ods(ODS_BOMBS[case])
    assert len(content) < 5_000
    codes, message = _refused(content, "lap.ods", catalog)
    assert codes == ["sheet_too_large"] and "Sheet «Bảng 1»" in message


def test_odf_many_tables_add_up(catalog: Catalog) -> None:
    content = ods(ods_row(ods_cell(1, repeat=1000), repeat=4000), tables=3)
    codes, _ = _refused(content, "bang.ods", catalog)
    assert codes == ["workbook_too_large"]


def test_odf_repeats_that_stay_empty_are_fine(catalog: Catalog) -> None:
    """LibreOffice ends every sheet with a million empty rows: no refusal for that."""
    body = ods_row(ods_cell()) + ods_row(
        '<table:table-cell table:number-columns-repeated="1024"/>', repeat=1_048_575)
    done = run_limited(validate_content, ods(body), "lo.ods", catalog, Context(today=TODAY))
    assert "sheet_too_large" not in [p.code for p in done.value.problems]


def test_a_huge_xls(catalog: Catalog) -> None:
    codes, message = _refused(huge_xls(), "lon.xls", catalog)
    assert codes == ["declared_range_too_large"] and "A1:IV65536" in message


def test_xls_cells_beyond_a_small_declared_range(catalog: Catalog) -> None:
    dims = (0x0200, b"\0" * 4 + (2).to_bytes(4, "little") + b"\0\0" + (2).to_bytes(2, "little")
            + b"\0\0")
    cells = [dims, number_record(0, 0), number_record(65000, 250)]
    codes, _ = _refused(ole_file({"Workbook": biff_workbook(cells) + b"\0" * 4096}), "x.xls",
                        catalog)
    assert codes == ["sheet_too_large"]


def test_xls_with_a_sector_chain_that_loops(catalog: Catalog) -> None:
    content = ole_file({"Workbook": biff_workbook([number_record(0, 0)] * 400)},
                       loop_chain=True)
    codes, message = _refused(content, "vong.xls", catalog)
    assert codes == ["unreadable"] and "vong.xls" in message


def test_xls_too_many_sheets(catalog: Catalog) -> None:
    book = biff_workbook([number_record(0, 0)], sheets=101)
    codes, _ = _refused(ole_file({"Workbook": book + b"\0" * 4096}), "s.xls", catalog)
    assert codes == ["too_many_sheets"]


# --- past reports ---------------------------------------------------------------------


def _report_refused(content: bytes, name: str, catalog: Catalog) -> tuple[str, str]:
    done = run_limited(parse_in_worker, content, name, None, catalog)
    assert done.seconds < SECONDS and done.peak_rss_mb < PEAK_MB, (done.seconds,
                                                                   done.peak_rss_mb)
    assert isinstance(done.value, tuple), "the report was read"
    key, params = done.value
    from core.messages import t

    message = t(key, **params)
    assert "{" not in message
    return key, message


def test_the_docx_bomb(catalog: Catalog) -> None:
    content = docx_bomb(megabytes=100)
    assert len(content) < 8 * 1024 * 1024
    key, message = _report_refused(content, "bom.docx", catalog)
    assert key in ("narrative.zip_bomb", "narrative.xml_too_complex"), key
    assert "bom.docx" in message


def test_a_docx_of_too_many_small_elements(catalog: Catalog) -> None:
    content = docx(word_document(b"<w:p/>" * 2_100_000), stored=True)
    key, message = _report_refused(content, "nhieu.docx", catalog)
    assert key == "narrative.xml_too_complex" and "2.000.000 thẻ" in message


def test_a_docx_nested_too_deep(catalog: Catalog) -> None:
    deep = b"<w:p>" * 5000 + b"</w:p>" * 5000
    key, message = _report_refused(docx(word_document(deep)), "sau.docx", catalog)
    assert key == "narrative.xml_too_complex" and "256 tầng" in message


def test_a_docx_with_a_dtd(catalog: Catalog) -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "x">]>' + word_document(b"&a;")[21:]
    key, _ = _report_refused(docx(xml), "dtd.docx", catalog)
    assert key == "narrative.unsafe_xml"


def test_a_pdf_with_thousands_of_pages(catalog: Catalog) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3000):
        writer.add_blank_page(595, 842)
    import io

    out = io.BytesIO()
    writer.write(out)
    key, message = _report_refused(out.getvalue(), "dai.pdf", catalog)
    assert key == "narrative.too_many_pages" and "3.000 trang" in message


def test_a_huge_text_file(catalog: Catalog) -> None:
    content = ("Kết quả công tác tháng 01 năm 2023.\n" * 70_000).encode()
    key, message = _report_refused(content, "dai.txt", catalog)
    assert key == "narrative.text_too_long" and "2.000.000" in message
