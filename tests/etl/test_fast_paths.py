"""The fast paths of validation give what the plain way gives (speed is measured in bench/).

Each optimised function is compared with a slow, obviously right reference on varied
inputs of our own making: the JSON of ``validate --json`` against ``json.dumps`` of
``to_json()``, the catalogue read from the database against the catalogue written.
"""

from __future__ import annotations

import dataclasses
import io
import json
import multiprocessing
import pickle
import random
import re
import zipfile
from xml.parsers import expat

import pytest
from etl_files import history_sheet, xlsx

from core import catalog_packing
from core.catalog import Catalog
from core.months import Month
from etl import checks, containers
from etl.checks import _codes
from etl.containers import (
    _CELL_WITHOUT_R,
    _COLUMNS_WITH_LETTERS,
    _ODD_ATTRIBUTE,
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    MAX_SHEET_CELLS,
    Grid,
    Refusal,
    _column_number,
    _scan_grid,
    _xlsx_grid_quick,
    check_xlsx,
    follows,
    mentions_formula,
    refuse_dtd,
)
from etl.facts import Fact
from etl.formulas import uncached_formulas
from etl.matching import matcher_for
from etl.model import (
    ParsedSubmission,
    ParsedValue,
    ValidationResult,
    ValueColumns,
    _float_texts,
)
from etl.pipeline import Context, _received, validate_content, validate_upload
from etl.problems import column_letter, error, warning
from etl.safety import inspect_bytes
from etl.worker import Later
from tests.actors import upload
from tests.security.hostile import raw_xlsx

TRICKY = ['Chỉ tiêu "trích dẫn"', "gạch \\ ngược", "xuống\ndòng\tvà\x01\x1f", "{0} {name}",
          "emoji 🙂 và 𝔘", "", " ", "ĐƠN VỊ Ω", "'nháy đơn'", "\u2028\u2029", "</script>"]


def _columns(rng: random.Random, sheet: str, months: int, rows: int,
             qualified: bool) -> list[tuple[Month, ValueColumns]]:
    codes = [rng.choice(TRICKY) + f"_{i}" for i in range(rows)]
    names = [rng.choice(TRICKY) for _ in range(rows)]
    excel_rows = sorted(rng.sample(range(2, 10 * rows + 3), rows))
    found = []
    for m in range(1, months + 1):
        values = ValueColumns()
        # The columns of one sheet share the code, name and row lists, as read_history does.
        values.add_column(sheet, f"{chr(66 + m)}", codes, names,
                          [rng.choice([0.0, 1.5, 1e-7, 123456789.125, 1e22, 7.0])
                           for _ in range(rows)], excel_rows,
                          [rng.choice([None, "khoảng", 'hơn "5"', "<"]) for _ in range(rows)]
                          if qualified else None)
        if m % 2:  # a second chunk in the same month, with lists of its own
            values.add_column(sheet + " 2", "Z", codes[:2], names[:2], [2.0, 3.0], [5, 6])
        values.add_column(sheet, "Y", [], [], [], [])  # empty: adds nothing
        found.append((Month(2022, m), values))
    return found


def _result(seed: int) -> ValidationResult:
    rng = random.Random(seed)
    result = ValidationResult(file_name='tệp "x".xlsx', sha256="ab" * 32, source="history",
                              unit="TTKT", month=Month(2022, 1),
                              month_source=Fact('T1/"2022"', "Lịch \\ sử", 1, 2))
    for month, values in _columns(rng, rng.choice(TRICKY) or "Lịch sử", 1 + seed % 4,
                                  1 + seed * 7 % 40, qualified=bool(seed % 2)):
        result.submissions.append(ParsedSubmission(rng.choice(["TTKT", "Đơn \"vị\""]),
                                                   month, values))
    plain = [ParsedValue(f"C{i}", rng.choice(TRICKY), float(i), rng.choice([None, "khoảng"]),
                         None, rng.choice([None, "S\\1"]), rng.choice([None, 3]),
                         rng.choice([None, "D"])) for i in range(seed % 5)]
    result.submissions.append(ParsedSubmission("VP", Month(2021, 12), plain))
    result.problems = [error("unknown_unit", 'Sheet "1"', 3, "B", unit="X\\Y\n"),
                       warning("outlier", None, name="Tên 🙂", value="1,5", low="1",
                               high="2", count=6)]
    return result


@pytest.mark.parametrize("seed", range(12))
def test_write_json_reads_back_as_to_json(seed: int) -> None:
    result = _result(seed)
    out = io.StringIO()
    result.write_json(out)
    text = out.getvalue()
    assert json.loads(text) == result.to_json()
    assert "NaN" not in text and text.endswith("}\n")
    values = result.to_json()["values"]
    assert len(text.split("\n")) == len(values) + 3  # one figure a line (and U+2028 raw)


def test_write_json_of_no_figures_and_of_only_plain_figures() -> None:
    empty = ValidationResult(file_name="e.xlsx", sha256="0")
    plain = ValidationResult(file_name="p.xlsx", sha256="1")
    plain.submissions.append(ParsedSubmission("TTKT", Month(2023, 5), [
        ParsedValue("A", 'a "b"', 1.0, None, "ghi chú", "S", 2, "D")]))
    empty_columns = ValidationResult(file_name="c.xlsx", sha256="2")
    empty_columns.submissions.append(ParsedSubmission("TTKT", Month(2023, 5), ValueColumns()))
    for result in (empty, plain, empty_columns):
        out = io.StringIO()
        result.write_json(out)
        assert json.loads(out.getvalue()) == result.to_json()


def test_the_figure_text_is_json_dumps_of_each_figure() -> None:
    """Beyond equal meaning: each line is a JSON object, the keys in to_json's order."""
    result = _result(3)
    out = io.StringIO()
    result.write_json(out)
    lines = out.getvalue().split("\n")[1:-2]
    expected = result.to_json()["values"]
    assert [list(json.loads(line.rstrip(","))) for line in lines] == [
        list(v) for v in expected]
    assert [json.loads(line.rstrip(",")) for line in lines] == expected



@pytest.mark.parametrize("seed", range(0, 12, 3))
def test_write_json_into_a_utf8_file_writes_the_same_text(seed: int, tmp_path) -> None:
    """A text stream over a binary buffer (sys.stdout, a file) is given UTF-8 bytes: the
    text is the one a StringIO gets, after what was written before and before what
    follows; a stream in another encoding gets the same text too."""
    result = _result(seed)
    plain = io.StringIO()
    result.write_json(plain)
    path = tmp_path / "out.json"
    with path.open("w", encoding="utf-8") as out:
        out.write("trước ")
        result.write_json(out)
        out.write("sau")
    assert path.read_text(encoding="utf-8") == "trước " + plain.getvalue() + "sau"
    for encoding in ("utf-16", "utf-8-sig", "utf-32-le"):
        raw = io.BytesIO()
        wrapper = io.TextIOWrapper(raw, encoding=encoding)
        result.write_json(wrapper)
        wrapper.flush()
        assert raw.getvalue().decode(encoding) == plain.getvalue()


def test_write_json_of_a_name_that_is_not_unicode() -> None:
    """A lone surrogate: a StringIO takes it as before; a UTF-8 file refuses it, as
    writing the text there always did."""
    result = _result(1)
    values = ValueColumns()
    values.add_column("S", "C", ["A\ud800"], ["tên \udfff"], [1.0], [2])
    result.submissions.append(ParsedSubmission("TTKT", Month(2022, 2), values))
    out = io.StringIO()
    result.write_json(out)
    assert json.loads(out.getvalue()) == result.to_json()
    with pytest.raises(UnicodeEncodeError):
        result.write_json(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))


@pytest.mark.parametrize("seed", range(8))
def test_float_texts_are_repr_of_each_value(seed: int) -> None:
    """Made once per distinct value, yet each the value's own text: 0.0 beside -0.0,
    1 beside 1.0, NaN, infinities, values repeated or all different."""
    rng = random.Random(seed)
    pool = [0.0, -0.0, 1.0, 1.5, 1e-7, 1e22, -3.25, 123456789.125, 0.1 + 0.2,
            float("inf"), float("-inf"), float("nan")]
    pools = [pool, [0.0, 5.0], [-0.0, 5.0], [0.0, -0.0], pool[2:], [1, 1.0, 2, 2.0, 0, -0.0]]
    for choices in pools:
        values = [rng.choice(choices) for _ in range(rng.randint(0, 60))]
        assert _float_texts(values) == [repr(v).encode() for v in values]
    distinct = [rng.random() for _ in range(30)]
    assert _float_texts(distinct) == [repr(v).encode() for v in distinct]



# --- the fast grid bound of a worksheet (etl.containers) ------------------------------

_OLD_SHAPES = bytes(
    b if b == ord("r") else ord("A") if chr(b).isascii() and chr(b).isalpha() else
    ord("0") if 48 <= b <= 57 else b for b in range(256))


def _old_quick(xml: bytes):
    """The bound as it was before one scan replaced several (its letters left a lower-case
    ``r`` uncounted): the reference the new bound must equal or exceed."""
    if _CELL_WITHOUT_R.search(xml) or b":c>" in xml or b":c " in xml:
        return None
    shapes = xml.translate(_OLD_SHAPES)
    if _ODD_ATTRIBUTE.search(shapes):
        return None
    if b'r="AAAA' in shapes:
        return Grid(EXCEL_ROWS, EXCEL_COLUMNS * 26, 0)
    letters = max((n for n in (3, 2, 1) if b'r="' + b"A" * n + b"0" in shapes), default=0)
    if b"A" + b"0" * 10 in shapes:
        return Grid(10**10, _COLUMNS_WITH_LETTERS[letters], 0)
    digits = next((n for n in range(9, 0, -1) if b"A" + b"0" * n + b'"' in shapes), 0)
    grid = Grid(10**digits - 1, _COLUMNS_WITH_LETTERS[letters], 0)
    if grid.area > MAX_SHEET_CELLS and digits:
        longest = re.findall(rb'r="[A-Za-z]+(\d{%d})"' % digits, xml)
        grid.rows = max([10 ** (digits - 1) - 1, *map(int, longest)])
    if grid.area > MAX_SHEET_CELLS and letters > 1:
        names = set(re.findall(rb'r="([A-Za-z]{%d})\d' % letters, xml))
        grid.columns = max((_column_number(n) for n in names), default=grid.columns)
    return grid


def _letters(column: int) -> str:
    return column_letter(column - 1)


def _sheet(rng: random.Random) -> bytes:
    """A worksheet of a few cells at random places, written the usual way or, now and
    then, oddly (lower-case positions, a prefix, a cell without position, spaces)."""
    cells = []
    for _ in range(rng.randint(0, 12)):
        row = rng.choice([1, 2, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 99_999, 100_000,
                          999_999, 1_048_576, rng.randint(1, 2_000_000)])
        column = rng.choice([1, 2, 18, 26, 27, 44, 702, 703, 16_384, rng.randint(1, 20_000)])
        ref = f"{_letters(column)}{row}"
        if rng.random() < 0.15:
            ref = ref.lower()
        cells.append((row, f'<c r="{ref}" t="n"><v>{rng.randint(0, 9)}</v></c>'))
    body = "".join(f'<row r="{row}">{cell}</row>' for row, cell in sorted(cells))
    odd = rng.random()
    if odd < 0.05:
        body += '<x:c xmlns:x="urn:x" r="B2"><x:v>1</x:v></x:c>'
    elif odd < 0.10:
        body += '<row r="3"><c><v>1</v></c></row>'
    elif odd < 0.15:
        body += "<row r='4'><c r='C4'><v>1</v></c></row>"
    elif odd < 0.20:
        body += '<x14:cfRule type="dataBar"/>'  # a prefixed name that is no cell
    return (f'<worksheet xmlns="{"urn:main"}"><dimension ref="A1"/><sheetData>{body}'
            "</sheetData></worksheet>").encode()


def _true_grid(xml: bytes):
    grid = Grid()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "c" and "r" in attrs:
            ref = attrs["r"]
            letters = ref.rstrip("0123456789")
            grid.rows = max(grid.rows, int(ref[len(letters):]))
            grid.columns = max(grid.columns, _column_number(letters.encode()))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.Parse(xml, True)
    return grid


@pytest.mark.parametrize("seed", range(400))
def test_the_fast_grid_bound_holds_and_is_never_looser_than_before(seed: int) -> None:

    xml = _sheet(random.Random(seed))
    new, old = _xlsx_grid_quick(xml), _old_quick(xml)
    if new is not None and new.area <= MAX_SHEET_CELLS:  # used: every placed cell inside
        true = _true_grid(xml)
        assert new.rows >= true.rows and new.columns >= true.columns, (xml, new, true)
    if old is None:
        assert new is None  # what went to the exact scan still does
    elif new is not None:  # never smaller than before; the same unless a position has an r
        assert new.rows >= old.rows and new.columns >= old.columns
        if not re.search(rb'r="[A-Za-z]*r', xml):
            assert new == old
    scan = _scan_grid(xml)
    assert (scan.quick is None) == (new is None or new.area > MAX_SHEET_CELLS)


@pytest.mark.parametrize("ref", ["ar900000", "r900000", "rr40000", "xr1048576", "AR900000"])
def test_a_far_cell_with_a_lower_case_r_in_its_column_is_refused(ref: str) -> None:
    """The old bound read ``r="ar900000"`` as no letter at all (area 0): a lower-case r in
    a position now counts as the letter it is, and the file is refused before calamine."""
    content = raw_xlsx({"S": f'<row r="1"><c r="A1"><v>1</v></c><c r="{ref}"><v>2</v></c>'
                             "</row>"})
    inspection = inspect_bytes(content, "r.xlsx")
    assert [p.code for p in inspection.problems] == ["sheet_too_large"]


# --- formulas: the sheets the check saw without one are not read again -----------------


@pytest.mark.parametrize("seed", range(8))
def test_the_formula_scan_skipping_formula_free_sheets_finds_the_same_cells(seed: int) -> None:
    rng = random.Random(seed)
    sheets = {}
    for n in range(rng.randint(1, 4)):
        rows = [[rng.choice([1, 2.5, "x", None, "=A1+1", "=SUM(A1:A2)"])
                 for _ in range(rng.randint(1, 4))] for _ in range(rng.randint(1, 6))]
        sheets[f"S{n} «{rng.choice(TRICKY[:3])[:5]}»"] = rows
    written = [xlsx(sheets)]  # openpyxl: formulas without a cached value
    body = ('<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>2</f><v>2</v></c></row>'
            if seed % 2 else '<row r="1"><c r="A1"><v>1</v></c></row>')
    written.append(raw_xlsx({"A": body, "B": '<row r="2"><c r="C2"><v>3</v></c></row>',
                             "C": '<row r="1"><x:c xmlns:x="urn:x" r="A1"><x:f>1</x:f>'
                                  "</x:c></row>"}))
    for content in written:
        without = check_xlsx(zipfile.ZipFile(io.BytesIO(content)), "f.xlsx")
        assert inspect_bytes(content, "f.xlsx").without_formulas == without
        assert uncached_formulas(content, without) == uncached_formulas(content)
    assert uncached_formulas(written[1], check_xlsx(
        zipfile.ZipFile(io.BytesIO(written[1])), "f.xlsx")) == (
        {"A": {(0, 0)}} if seed % 2 else {})


# --- a rare byte after a common one (etl.containers.follows) ---------------------------


@pytest.mark.parametrize("seed", range(40))
def test_follows_is_the_plain_search_for_each_pair(seed: int) -> None:
    """Texts of a few letters, with the rare byte from never to far more often than the
    looks allowed, the pair anywhere (first, last, after the looks, overlapping)."""
    rng = random.Random(seed)
    rare = rng.randint(0, containers.RARE_BYTE_LOOKS * 3)
    text = bytearray(rng.choice(b"<:!fa ") for _ in range(rng.randint(0, 40)))
    for _ in range(rare):
        text.insert(rng.randint(0, len(text)), ord("f"))
    xml = bytes(text)
    for byte, before in ((b"f", b"<:"), (b"!", b"<"), (b"f", b":"), (b"a", b"")):
        assert follows(xml, byte, before) == any(
            bytes((b,)) + byte in xml for b in before), (xml, byte, before)


@pytest.mark.parametrize("at", [0, 1, 63, 64, 65, 200])
def test_follows_finds_the_pair_after_any_number_of_lone_rare_bytes(at: int) -> None:
    lone = b"f" + b"a f" * at + b"x"
    assert not follows(lone, b"f", b"<:")  # f at the very start has no byte before it
    assert follows(lone + b"<f>", b"f", b"<:")
    assert follows(b":f" + lone, b"f", b"<:")
    assert not follows(lone + b"<f>", b"f", b":")
    assert mentions_formula(lone + b"<x:f>1</x:f>") and not mentions_formula(lone)
    with pytest.raises(Refusal):
        refuse_dtd(b"!" * at + b"<!DOCTYPE x>", "d.xlsx", "x.xml")
    refuse_dtd(b"!" * at + b"<!-- kh\xc3\xb4ng DOCTYPE -->", "d.xlsx", "x.xml")  # a comment only


# --- the catalogue sent to the worker -------------------------------------------------


def test_the_catalogue_sent_to_the_worker_is_the_same_catalogue(catalog) -> None:
    model = catalog.indicators[0]
    extra = [dataclasses.replace(model, code=f"X{n}", name=TRICKY[n % len(TRICKY)],
                                 aliases=tuple(TRICKY[:n % 3]), valid_to=None if n % 2 else
                                 Month(2030, 1).first_day, plan="X0" if n % 5 else None)
             for n in range(30)]
    varied = Catalog(catalog.units, catalog.sections, [*catalog.indicators, *extra],
                     catalog.targets, catalog.abbreviations, catalog.measure_synonyms)
    for original in (catalog, varied, Catalog([], [], [])):
        sent = pickle.loads(pickle.dumps(catalog_packing.pack(original)))
        back = catalog_packing.unpack(sent)
        assert back == original
        assert [type(i) for i in back.indicators] == [type(i) for i in original.indicators]
        assert back.indicator_by_code.keys() == original.indicator_by_code.keys()



def test_the_catalogue_a_worker_receives_comes_with_its_matcher(catalog) -> None:
    """The worker's thread unpacks the catalogue and builds its matcher while the file is
    read: the same catalogue, its matcher the one matcher_for gives, finding its codes."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    writer.send(catalog_packing.pack(catalog))
    writer.close()
    received = _received(Later(reader))
    assert received == catalog
    assert "_etl_matcher" in received.__dict__
    matcher = matcher_for(received)
    assert matcher is received.__dict__["_etl_matcher"]
    assert all(matcher.by_raw_code[i.code] is i for i in received.indicators)
    broken_reader, broken_writer = multiprocessing.Pipe(duplex=False)
    broken_writer.close()  # nothing sent: the job is told, it does not hang
    with pytest.raises(RuntimeError):
        _received(Later(broken_reader))

def test_validate_upload_with_a_catalogue_read_late_gives_what_in_process_gives(
        catalog) -> None:
    rows = [["Đơn vị: TTKT"], ["Mã chỉ tiêu", "Tên chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
            ["TTKT_KD_PTD", "x", 1, 2, "hơn 3"], ["TTKT_THU_NGHIEM", "y", None, 4, 5],
            ["KHONG_CO", "z", 6, 7, 8]]
    content = xlsx({"Lịch sử": rows})
    ctx = Context(today=Month(2024, 1).first_day, max_bytes=10 * 1024 * 1024)
    asked = []

    def later():
        asked.append(1)
        return catalog_packing.pack(catalog)

    here = validate_content(content, "h.xlsx", catalog, ctx)
    for given in (catalog, later):
        there = validate_upload(content, "h.xlsx", given, ctx)
        assert there.to_json() == here.to_json()
        assert [p.code for p in there.problems] == [p.code for p in here.problems]
    assert asked == [1]
    refused = validate_upload(b"PK\x03\x04 not a zip", "r.xlsx", later, ctx)
    assert not refused.ok and refused.problems[0].code == "not_spreadsheet"


@pytest.mark.parametrize("seed", range(6))
def test_the_codes_of_a_files_figures_are_those_of_every_figure(seed: int) -> None:
    result = _result(seed)
    assert _codes(result.submissions) == {v.indicator for s in result.submissions
                                          for v in s.values}
    assert _codes([]) == set()


def _history_catalog(catalog: Catalog) -> Catalog:
    """The real catalogue with indicators of the sheet's unit added: plain ones, counts,
    one valid only from mid-2022 and one retired before it."""
    model = catalog.indicators_for("TTKT")[0]
    extra = [dataclasses.replace(model, code=f"H{n}", name=f"Chỉ tiêu {n}", aliases=(),
                                 successor=None, plan=None,
                                 value_kind="count" if n % 3 == 0 else model.value_kind)
             for n in range(40)]
    extra += [dataclasses.replace(model, code="H_LATE", name="Muộn", aliases=(),
                                  valid_from=Month(2022, 4).first_day),
              dataclasses.replace(model, code="H_GONE", name="Cũ", aliases=(),
                                  valid_to=Month(2022, 2).last_day)]
    return Catalog(catalog.units, catalog.sections, [*catalog.indicators, *extra],
                   catalog.targets, catalog.abbreviations, catalog.measure_synonyms)


@pytest.mark.parametrize("seed", range(16))
def test_history_rows_taken_at_once_give_what_the_row_loop_gives(
        seed: int, catalog: Catalog, monkeypatch) -> None:
    """A history sheet whose every row is the common row is taken without a loop per row
    (``etl.history._plain_rows``); any other sheet row by row. Both ways give the same
    figures and problems; with one odd row (a code twice, another unit's, unknown, a
    number, a blank or name-only row, an indicator not valid all along) the sheet is read
    row by row."""
    from etl import history

    rng = random.Random(seed)
    varied = _history_catalog(catalog)
    other = catalog.indicators_for("TTUD")[0].code
    codes = [f"H{n}" for n in rng.sample(range(40), rng.randint(1, 25))]
    rows = [[code, rng.choice(["", "tên"]),
             *[rng.choice([1.0, 2.0, 0.0, 7.5, 12.0]) for _ in range(6)]] for code in codes]
    odd = seed % 8
    if odd:
        at = rng.randrange(len(rows) + 1)
        rows.insert(at, [[codes[0], "", 1, 2, 3, 4, 5, 6], [other, "", 1, 1, 1, 1, 1, 1],
                         ["KHONG_CO", "x", 1, 1, 1, 1, 1, 1], [123, "", 1, 1, 1, 1, 1, 1],
                         ["H_LATE", "", 1, 1, 1, 1, 1, 1], ["H_GONE", "", 1, 1, 1, 1, 1, 1],
                         [None, "Chỉ tiêu 3", 4, 4, 4, 4, 4, 4]][odd - 1])
    if seed % 3 == 0:  # a blank row between figures (one at the end is no row at all)
        rows.insert(rng.randrange(len(rows)), [None] * 8)
    content = history_sheet([f"T{m}/2022" for m in range(1, 7)], rows)
    ctx = Context(unit="TTKT", today=Month(2024, 1).first_day)
    taken = []
    real = history._plain_rows

    def spy(*args):
        taken.append(real(*args))
        return taken[-1]

    monkeypatch.setattr(history, "_plain_rows", spy)
    fast = validate_content(content, "h.xlsx", varied, ctx)
    monkeypatch.setattr(history, "_plain_rows", lambda *args: None)
    slow = validate_content(content, "h.xlsx", varied, ctx)
    assert fast.to_json() == slow.to_json()
    assert [s.values.chunks() for s in fast.submissions] == [
        s.values.chunks() for s in slow.submissions]
    assert (taken[0] is not None) == (odd == 0 and seed % 3 != 0)
    assert len(fast.submissions) == 6 or not fast.ok

def test_outliers_found_the_same_with_the_unit_history_read_whole(
        sqlite_engine, catalog: Catalog, monkeypatch) -> None:
    """A file listing more indicators than ``MAX_LISTED_INDICATORS`` reads the unit's whole
    history instead of sending the list as SQL: the warnings are the same."""
    today = Month(2024, 6).first_day
    codes = [i.code for i in catalog.indicators_for("TTKT")][:4]
    steady = [100, 104, 98, 101, 97, 103, 99, 102]
    rows = [[code, "", *[v * (n + 1) for v in steady]] for n, code in enumerate(codes)]
    history = history_sheet([f"T{m}/2022" for m in range(1, 9)], rows)
    assert upload(sqlite_engine, history, "h.xlsx", "tester", unit="TTKT", today=today).ok
    other = history_sheet([f"T{m}/2022" for m in range(1, 9)],
                          [[i.code, "", *steady] for i in catalog.indicators_for("TTUD")[:2]])
    assert upload(sqlite_engine, other, "o.xlsx", "tester", unit="TTUD", today=today).ok
    wild = history_sheet(["T9/2022", "T10/2022", "T11/2022"],
                         [[codes[0], "", 5000, 101, 99], [codes[1], "", 208, 9, 200],
                          [codes[3], "", 1, 400, 2]])
    parsed = validate_content(wild, "w.xlsx", catalog, Context(unit="TTKT", today=today))
    assert parsed.ok and len(parsed.submissions) == 3
    with sqlite_engine.connect() as conn:
        listed = checks.outlier_warnings(conn, parsed.submissions)
        monkeypatch.setattr(checks, "MAX_LISTED_INDICATORS", 0)
        whole = checks.outlier_warnings(conn, parsed.submissions)
    assert [p.code for p in listed] == ["outlier"] * 4
    assert [(p.row, p.column, dict(p.params)) for p in whole] == [
        (p.row, p.column, dict(p.params)) for p in listed]


def _vietnamese_result() -> ValidationResult:
    result = ValidationResult(file_name="Báo cáo tháng «1».xlsx", sha256="cd" * 32,
                              source="history", unit="TTKT", month=Month(2023, 1))
    values = ValueColumns()
    values.add_column("Lịch sử", "C", ["TTKT_KD_PTD", "TTKT_MAU"],
                      ["Phương tiện đo được kiểm định", "Mẫu thử nghiệm"], [5749.0, 544.0],
                      [3, 4])
    qualified = ValueColumns()  # a history sheet's "khoảng 80", "hơn 12"
    qualified.add_column("Lịch sử", "D", ["TTKT_KD_PTD", "TTKT_MAU"],
                         ["Phương tiện đo được kiểm định", "Mẫu thử nghiệm"], [80.0, 12.0],
                         [3, 4], ["khoảng", "hơn"])
    result.submissions.append(ParsedSubmission("TTKT", Month(2023, 1), values))
    result.submissions.append(ParsedSubmission("TTKT", Month(2023, 2), qualified))
    result.problems = [warning("outlier", None, name="Phương tiện đo", value="5,75",
                               low="3.287", high="6.202", count=6)]
    return result


@pytest.mark.parametrize("utf8_file", [False, True])
def test_write_json_keeps_vietnamese_as_written_and_each_key_once(utf8_file: bool) -> None:
    """People read this JSON: Vietnamese stays as written (no \\u escapes) in the head, the
    figures and the tail, on either path; "values" is written once."""
    result = _vietnamese_result()
    if utf8_file:
        raw = io.BytesIO()
        wrapper = io.TextIOWrapper(raw, encoding="utf-8")
        result.write_json(wrapper)
        wrapper.flush()
        text = raw.getvalue().decode("utf-8")
    else:
        out = io.StringIO()
        result.write_json(out)
        text = out.getvalue()
    assert json.loads(text) == result.to_json()
    assert "\\u" not in text
    for words in ("Phương tiện đo được kiểm định", "5,75",
                  "Mẫu thử nghiệm", '"qualifier": "khoảng"', '"qualifier": "hơn"'):
        assert words in text
    assert text.count('"values"') == 1
    assert text.count('"problems"') == 1


def test_write_json_follows_the_streams_error_handler() -> None:
    """A UTF-8 stream that replaces or escapes what it cannot encode (a POSIX locale's
    stdout escapes) gets what writing the text there gives: the same replacement in the
    head, the figures and the tail, never a UnicodeEncodeError."""
    result = _vietnamese_result()
    result.unit = "TTKT \udcff"  # as a name decoded with surrogateescape reads
    values = ValueColumns()
    values.add_column("S", "C", ["A\ud800"], ["tên \udfff"], [1.0], [2])
    result.submissions.append(ParsedSubmission("TTKT", Month(2023, 2), values))
    result.problems.append(warning("outlier", None, name="x \ud801", value="1", low="0",
                                   high="0", count=6))
    plain = io.StringIO()
    result.write_json(plain)
    for errors, mark in (("replace", b"?"), ("backslashreplace", b"\\ud800")):
        raw, expected = io.BytesIO(), io.BytesIO()
        for buffer, write in ((raw, result.write_json),
                              (expected, lambda w: w.write(plain.getvalue()))):
            wrapper = io.TextIOWrapper(buffer, encoding="utf-8", errors=errors)
            write(wrapper)
            wrapper.detach()  # flushed; the bytes stay readable
        assert raw.getvalue() == expected.getvalue()
        assert mark in raw.getvalue()
