"""What a file turns into before it is loaded."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from json.encoder import encode_basestring as quote  # C; ensure_ascii=False
from typing import BinaryIO, TextIO, overload

from core.months import Month
from etl.facts import Fact
from etl.problems import Problem
from store.submissions import NewActivity, NewPlanItem, NewProgress


@dataclass(slots=True)
class ParsedValue:
    indicator: str
    name: str
    value: float
    qualifier: str | None = None
    note: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


@dataclass(slots=True)
class _Chunk:
    """Figures of one month column of one sheet: parallel lists (codes, names and rows
    may be shared by every month column of the sheet)."""

    sheet: str
    column: str
    codes: list[str]
    names: list[str]
    values: list[float]
    rows: list[int]
    qualifiers: list[str | None] | None  # None: no qualifier at all


class ValueColumns(Sequence[ParsedValue]):
    """A month's figures kept as columns, as a history sheet gives them: a sequence of
    ParsedValue made only when one is read, so validating a big sheet creates no object
    per figure. Order: the sheets' order, rows top to bottom."""

    __slots__ = ("_chunks", "_size")

    def __init__(self) -> None:
        self._chunks: list[_Chunk] = []
        self._size = 0

    def add_column(self, sheet: str, column: str, codes: list[str], names: list[str],
                   values: list[float], rows: list[int],
                   qualifiers: list[str | None] | None = None) -> None:
        """Add one column's figures (equal-length lists)."""
        if values:
            self._chunks.append(_Chunk(sheet, column, codes, names, values, rows, qualifiers))
            self._size += len(values)

    def append(self, value: ParsedValue) -> None:
        """One more figure (a history figure has no note: one with a note is refused)."""
        if value.note is not None:
            raise ValueError("a history figure carries no note")
        self.add_column(value.sheet or "", value.column or "", [value.indicator],
                        [value.name], [value.value], [value.row or 0],
                        [value.qualifier] if value.qualifier else None)

    def codes(self) -> Iterator[str]:
        for chunk in self._chunks:
            yield from chunk.codes

    def chunks(self) -> list[_Chunk]:
        return list(self._chunks)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[ParsedValue]:
        for c in self._chunks:
            qualifiers = c.qualifiers if c.qualifiers is not None else repeat(None)
            for code, name, value, qualifier, row in zip(c.codes, c.names, c.values,
                                                          qualifiers, c.rows, strict=False):
                yield ParsedValue(code, name, value, qualifier, None, c.sheet, row, c.column)

    @overload
    def __getitem__(self, index: int) -> ParsedValue: ...

    @overload
    def __getitem__(self, index: slice) -> list[ParsedValue]: ...

    def __getitem__(self, index: int | slice) -> ParsedValue | list[ParsedValue]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        for c in self._chunks:
            if index < len(c.values):
                q = c.qualifiers[index] if c.qualifiers is not None else None
                return ParsedValue(c.codes[index], c.names[index], c.values[index], q, None,
                                   c.sheet, c.rows[index], c.column)
            index -= len(c.values)
        raise IndexError(index)  # not reached: the size says the index is inside


# A bullet and a task are the same before and after loading: one class for each.
ParsedActivity = NewActivity
ParsedPlanItem = NewPlanItem
ParsedProgress = NewProgress


@dataclass
class ParsedSubmission:
    unit: str
    month: Month
    values: list[ParsedValue] | ValueColumns = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    plan_items: list[ParsedPlanItem] = field(default_factory=list)
    progress: list[ParsedProgress] = field(default_factory=list)
    sheet: str | None = None  # set for history-sheet submissions


@dataclass
class ValidationResult:
    """Everything known about one file: parsed submissions and every problem."""

    file_name: str
    sha256: str
    submissions: list[ParsedSubmission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = "upload"
    unit: str | None = None
    month: Month | None = None
    month_source: Fact | None = None  # where the file names its month (None: the caller's)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def write_json(self, out: TextIO) -> None:
        """Write :meth:`to_json` as JSON text, one figure a line, without building an
        object per figure (a history sheet has hundreds of thousands): the text that
        ``json.loads`` reads back equal to ``to_json()``.

        The text is made as UTF-8 bytes: joining bytes copies one byte a character, where
        a text holding Vietnamese letters takes two and must be encoded after. A stream
        that writes UTF-8 into a binary buffer (``sys.stdout``, a file opened in text
        mode) gets those bytes as they are; any other stream gets the same text."""
        buffer = _utf8_buffer(out)
        errors = "strict" if buffer is not None else "surrogatepass"
        if buffer is not None:
            out.flush()  # what was written to ``out`` before comes first
            write = buffer.write
        else:
            def write(part: bytes) -> None:
                out.write(part.decode("utf-8", errors))
        head = self.to_json(with_values=False)
        tail = {k: head.pop(k) for k in ("activities", "plan_items", "progress", "problems")}
        text = json.dumps(head, ensure_ascii=False)
        write((text[:-1] + ', "values": [').encode("utf-8", errors))
        first = True
        texts = _ColumnTexts(errors)
        for sub in self.submissions:
            for lines in _value_lines(sub, texts):  # each line starts with ",\n"
                if lines:
                    write(b"\n" + lines[2:] if first else lines)
                    first = False
        write(("\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n").encode(
            "utf-8", errors))

    def to_json(self, with_values: bool = True) -> dict[str, object]:
        """The shape printed by ``python -m etl validate --json`` (``with_values=False``:
        its ``values`` left out, for :meth:`write_json`)."""
        values, activities, plans, progress = [], [], [], []
        for sub in self.submissions:
            for v in (sub.values if with_values else ()):
                values.append({
                    "unit": sub.unit, "month": str(sub.month), "indicator": v.indicator,
                    "name": v.name, "value": v.value, "qualifier": v.qualifier,
                    "sheet": v.sheet, "row": v.row, "column": v.column,
                })
            for a in sub.activities:
                activities.append({"unit": sub.unit, "month": str(sub.month),
                                   "section": a.section, "text": a.text,
                                   "footnotes": list(a.footnotes)})
            for p in sub.plan_items:
                plans.append({"unit": sub.unit, "month": str(sub.month), "text": p.text,
                              "horizon": p.horizon})
            for g in sub.progress:
                progress.append({"unit": sub.unit, "month": str(sub.month), "task": g.task,
                                 "status": g.status, "note": g.note})
        return {
            "ok": self.ok,
            "unit": self.unit,
            "month": str(self.month) if self.month else None,
            "month_source": None if self.month_source is None else {
                "sheet": self.month_source.sheet, "row": self.month_source.where[1],
                "column": self.month_source.where[2], "text": self.month_source.text},
            **({"values": values} if with_values else {}),
            "activities": activities,
            "plan_items": plans,
            "progress": progress,
            "problems": [p.to_json() for p in self.problems],
        }


def _utf8_buffer(out: TextIO) -> BinaryIO | None:
    """The binary buffer under ``out`` when writing UTF-8 bytes there is what writing the
    text to ``out`` would do: its encoding is UTF-8 (no BOM), it refuses what UTF-8 cannot
    encode (``errors="strict"``: a stream that replaces or escapes a lone surrogate gets the
    text, so it does so as before) and a new line is written as ``\\n`` (the platform's
    default translation; a text stream keeps no public trace of another ``newline``). Else
    None."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n" \
            or getattr(out, "errors", None) != "strict":
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


def _utf8_lines(texts: Iterable[str], count: int, errors: str) -> list[bytes]:
    """The ``count`` texts (none holding ``\\x00``) as UTF-8 bytes: one join, one
    encoding and one split in C instead of a call per text."""
    if not count:
        return []  # (no text and one empty text join alike)
    return "\x00".join(texts).encode("utf-8", errors).split(b"\x00")


def _float_texts(values: list[float]) -> list[bytes]:
    """``repr`` of each value as bytes (what ``json.dumps`` writes for a float), made once
    per distinct value: a month column repeats its figures (zeros, small counts). 0.0 and
    -0.0 are one key of a dictionary but two texts (so are 1 and 1.0): a column holding
    both, or anything but floats, is written value by value."""
    if set(map(type, values)) != {float}:
        return _utf8_lines(map(repr, values), len(values), "strict")
    distinct = dict.fromkeys(values)
    if len(distinct) == len(values) or (
            0.0 in distinct and len({repr(v) for v in values if v == 0.0}) > 1):
        return _utf8_lines(map(repr, values), len(values), "strict")
    keys = list(distinct)
    texts = dict(zip(keys, _utf8_lines(map(repr, keys), len(keys), "strict"), strict=True))
    return list(map(texts.__getitem__, values))


class _ColumnTexts:
    """The JSON text (UTF-8) of a history sheet's codes, names and rows, made once per
    list: the month columns of one sheet share these lists (``ValueColumns.add_column``),
    so 600.000 figures of a 50.000-row sheet escape 50.000 names, not 600.000. Kept for
    one ``write_json`` call only (keyed by the lists' identity while they are alive)."""

    def __init__(self, errors: str = "strict") -> None:
        self.errors = errors  # how a text that is not Unicode (a lone surrogate) is encoded
        self._labels: dict[tuple[int, int], tuple[list[str], list[str], list[bytes]]] = {}
        self._rows: dict[int, tuple[list[bytes], list[int]]] = {}

    def labels(self, codes: list[str], names: list[str]) -> list[bytes]:
        """``<code>, "name": <name>, "value": `` for each figure."""
        key = (id(codes), id(names))
        found = self._labels.get(key)
        if found is None or found[0] is not codes or found[1] is not names:
            # quote() escapes every control character: no text holds "\x00" any more.
            text = _utf8_lines(map("".join, zip(map(quote, codes), repeat(', "name": '),
                                                map(quote, names), repeat(', "value": '),
                                                strict=False)), len(codes), self.errors)
            found = (codes, names, text)  # the lists themselves keep their ids taken
            self._labels[key] = found
        return found[2]

    def rows(self, rows: list[int]) -> list[bytes]:
        found = self._rows.get(id(rows))
        if found is None or found[1] is not rows:
            found = (_utf8_lines(map(str, rows), len(rows), "strict"), rows)
            self._rows[id(rows)] = found
        return found[0]


def _value_lines(sub: ParsedSubmission, texts: _ColumnTexts) -> Iterator[bytes]:
    """The JSON text (UTF-8) of the figures of ``sub`` (``ValidationResult.to_json``'s
    ``values`` items), one a line, each line starting with ``,\n``, a column at a time:
    the parts every figure of a column shares are made once and the rest is joined in C
    (``map``/``zip``/``join``): no Python code runs per figure."""
    errors = texts.errors

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    if not isinstance(sub.values, ValueColumns):
        yield "".join(
            ",\n" + dumps({"unit": sub.unit, "month": str(sub.month),
                           "indicator": v.indicator, "name": v.name, "value": v.value,
                           "qualifier": v.qualifier, "sheet": v.sheet, "row": v.row,
                           "column": v.column})
            for v in sub.values).encode("utf-8", errors)
        return
    start = (f',\n{{"unit": {dumps(sub.unit)}, '
             f'"month": {json.dumps(str(sub.month))}, "indicator": ').encode("utf-8", errors)
    for c in sub.values.chunks():
        where = f', "sheet": {dumps(c.sheet)}, "row": '.encode("utf-8", errors)
        if c.qualifiers is None:
            middle: Iterable[bytes] = repeat(b', "qualifier": null' + where)
        else:
            # A qualifier as written ("khoảng"), as every other text of the figure.
            middle = (b', "qualifier": ' + (b"null" if q is None else
                                            dumps(q).encode("utf-8", errors)) + where
                      for q in c.qualifiers)
        end = f', "column": {dumps(c.column)}}}'.encode("utf-8", errors)
        yield b"".join(chain.from_iterable(zip(
            repeat(start), texts.labels(c.codes, c.names), _float_texts(c.values), middle,
            texts.rows(c.rows), repeat(end), strict=False)))
