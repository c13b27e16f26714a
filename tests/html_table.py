"""Read back the HTML tables the pages draw with ``st.html`` (stdlib parser, no browser)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heads: list[str] = []
        self.rows: list[list[dict]] = []
        self.row_classes: list[str] = []
        self._cell: dict | None = None
        self._in_table = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self._in_table = True
        if tag == "tr":
            self.rows.append([])
            self.row_classes.append(dict(attrs).get("class") or "")
        elif tag in ("td", "th"):
            self._cell = {"tag": tag, "text": "", **{k: v or "" for k, v in attrs}}

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        if tag in ("td", "th") and self._cell is not None:
            if tag == "th":
                self.heads.append(self._cell["text"])
            else:
                self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        elif self._in_table and data.strip():
            raise ValueError(f"text outside a cell: {data!r}")


def read_table(markup: str) -> tuple[list[str], list[list[dict]]]:
    """(column titles, rows of cells); each cell a dict of its attributes and ``text``
    (entities decoded), and the row's own ``class`` as ``row_class`` on its first cell.
    Rows without cells (the header row) are left out. Text in a table outside its cells
    (a broken table) raises ValueError."""
    parser = _Tables()
    parser.feed(markup)
    rows = []
    for row, css in zip(parser.rows, parser.row_classes, strict=True):
        if row:
            row[0]["row_class"] = css
            rows.append(row)
    return parser.heads, rows
