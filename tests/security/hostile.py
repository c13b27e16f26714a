"""Hostile files, all made in code: each is small on disk and asks a reader for a lot."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import openpyxl

XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def far_corner_xlsx() -> bytes:
    """The issue's workbook: one value at A1, one at XFD1048576, as openpyxl writes it
    (its ``<dimension ref="A1:XFD1048576">`` tells the truth)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Mã chỉ tiêu"
    sheet["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def raw_xlsx(sheets: dict[str, str], extra: dict[str, bytes | str] | None = None,
             stored: bool = False, shared_strings: bytes | None = None) -> bytes:
    """An .xlsx from raw ``<sheetData>`` bodies (or whole sheet XML starting with ``<?``)."""
    entries: dict[str, bytes | str] = {"[Content_Types].xml": XLSX_TYPES,
                                       "_rels/.rels": ROOT_RELS}
    names = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, name in enumerate(sheets, start=1))
    entries["xl/workbook.xml"] = (f'<?xml version="1.0"?><workbook xmlns="{MAIN}" '
                                  f'xmlns:r="{RELS}"><sheets>{names}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    entries["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships">{rels}</Relationships>')
    for i, body in enumerate(sheets.values(), start=1):
        entries[f"xl/worksheets/sheet{i}.xml"] = body if body.startswith("<?") else (
            f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>'
            '</worksheet>')
    if shared_strings is not None:
        entries["xl/sharedStrings.xml"] = shared_strings
    entries.update(extra or {})
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def ods(table_body: str, tables: int = 1) -> bytes:
    """An .ods whose every table has ``table_body`` (rows of table:table-row)."""
    body = "".join(f'<table:table table:name="Bảng {i}">{table_body}</table:table>'
                   for i in range(1, tables + 1))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>'
        '</office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()


def ods_cell(value: int = 1, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (f'<table:table-cell{times} office:value-type="float" office:value="{value}">'
            f'<text:p>{value}</text:p></table:table-cell>')


def ods_row(cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


def docx(document_xml: bytes, stored: bool = False,
         extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx holding ``document_xml`` as its main part."""
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
             b'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
             b'ContentType="application/xml"/><Override PartName="/word/document.xml" '
             b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             b'document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>')
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_document(body: bytes) -> bytes:
    return b'<?xml version="1.0"?><w:document ' + W + b"><w:body>" + body + \
        b"</w:body></w:document>"


def docx_bomb(megabytes: int = 100, seed: int = 7) -> bytes:
    """The issue's import: a few MB on disk, ``megabytes`` of tiny runs once inflated."""
    rng = random.Random(seed)
    run = b"<w:r><w:t>%d</w:t></w:r>"
    parts, size = [], 0
    while size < megabytes * 1024 * 1024:
        chunk = b"<w:p>" + b"".join(run % rng.randrange(2) for _ in range(50)) + b"</w:p>"
        parts.append(chunk)
        size += len(chunk)
    return docx(word_document(b"".join(parts)))


def ole_file(streams: dict[str, bytes], loop_chain: bool = False) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors) holding ``streams`` (each ≥ 4096
    bytes, so none lives in the mini stream). ``loop_chain`` makes the first stream's
    sector chain point back at itself: a reader that trusts chains never ends."""
    sector = 512
    blobs = [(name, data + b"\0" * (-len(data) % sector)) for name, data in streams.items()]
    sectors_needed = sum(len(b) // sector for _, b in blobs) + 1  # + directory
    fat_sectors = (sectors_needed + 1) // (sector // 4) + 1
    fat = []
    layout = []
    next_free = fat_sectors
    for name, data in blobs:
        count = len(data) // sector
        start = next_free
        for i in range(count):
            fat.append((start + i, start + i + 1 if i < count - 1 else 0xFFFFFFFE))
        layout.append((name, start, len(streams[name])))
        next_free += count
    directory_sector = next_free
    fat.append((directory_sector, 0xFFFFFFFE))
    if loop_chain and layout:
        fat.append((layout[0][1], layout[0][1]))  # the first sector points at itself
    table = [0xFFFFFFFF] * (fat_sectors * sector // 4)
    for i in range(fat_sectors):
        table[i] = 0xFFFFFFFD  # FAT sectors
    for index, value in fat:
        table[index] = value
    header = bytearray(sector)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<II", header, 44, fat_sectors, directory_sector)
    struct.pack_into("<IIIII", header, 56, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [i for i in range(fat_sectors)] + [0xFFFFFFFF] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)
    directory = bytearray(sector)
    entries = [("Root Entry", 5, 0xFFFFFFFE, 0)] + [(n, 2, s, size) for n, s, size in layout]
    for i, (name, kind, start, size) in enumerate(entries[:4]):
        raw = name.encode("utf-16-le") + b"\0\0"
        at = i * 128
        directory[at:at + len(raw)] = raw
        struct.pack_into("<H", directory, at + 64, len(raw))
        directory[at + 66] = kind
        struct.pack_into("<III", directory, at + 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<II", directory, at + 116, start, size)
    body = struct.pack(f"<{len(table)}I", *table) + b"".join(b for _, b in blobs) + \
        bytes(directory)
    return bytes(header) + body


def biff(records: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<HH", kind, len(body)) + body for kind, body in records)


def biff_workbook(sheet_records: list[tuple[int, bytes]], sheets: int = 1) -> bytes:
    """A BIFF8 workbook stream: globals (BOF, one BOUNDSHEET per sheet, EOF), then each
    sheet's substream (BOF, the records, EOF)."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    sheet_bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)
    names = [struct.pack("<IBB", 0, 0, 0) + bytes([len(f"S{i}"), 0]) + f"S{i}".encode()
             for i in range(sheets)]
    records = [(0x0809, bof), *[(0x0085, n) for n in names], (0x000A, b"")]
    for _ in range(sheets):
        records += [(0x0809, sheet_bof), *sheet_records, (0x000A, b"")]
    return biff(records)


def number_record(row: int, col: int, value: float = 1.0) -> tuple[int, bytes]:
    return 0x0203, struct.pack("<HHHd", row, col, 0, value)


def unknown_rows(rows: int, last: list | None = None) -> bytes:
    """A unit's submission whose every row names an indicator the catalogue lacks, then
    ``last`` (a row of another problem at the very end) when given."""
    book = openpyxl.Workbook(write_only=True)
    info = book.create_sheet("Thông tin")
    info.append(["Mã đơn vị", "TTKT"])
    info.append(["Tháng báo cáo", "01/2023"])
    sheet = book.create_sheet("Chỉ tiêu")
    sheet.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"])
    for i in range(rows):
        sheet.append([f"LA_{i:06d}", f"Chỉ tiêu lạ số {i}", "lượt", i, None])
    if last is not None:
        sheet.append(last)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def huge_xls() -> bytes:
    """An .xls whose one sheet reaches IV65536 (two cells written)."""
    import xlwt  # only the .xls cases need it

    book = xlwt.Workbook()
    sheet = book.add_sheet("Chỉ tiêu")
    sheet.write(0, 0, "Mã chỉ tiêu")
    sheet.write(65535, 255, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
