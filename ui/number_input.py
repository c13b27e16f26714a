"""Numbers a person types on a page: one reading and one display for every field and cell.

Reading follows ``core.numbers`` (the Vietnamese rule of the Excel loader, ``docs/etl.md``
"Numbers"): ``6.500`` is six thousand five hundred, ``1.234,5`` one thousand two hundred
thirty-four and a half. A text the two conventions read differently (``6,500``), a text only
the English convention reads (``1,234,567``), a word, a negative, a fraction where a whole
number is needed, or a number too large to store exactly is refused with an
``ActionError`` whose Vietnamese message names the field and says how to write it; the
caller then saves nothing. Display is ``core.formatting.fmt_exact``: ``6.500``, ``24``,
``1.234,5``, and empty for a missing value (never ``None``, ``nan`` or ``24.00``), so a
shown value read back is the same number.

Data editors show numbers in a text column (``editor_texts``) and read the edited column
back with ``read_cells``: every bad cell is refused with its row named, and one bad cell
refuses the whole save.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from actions.base import ActionError
from core.formatting import fmt_exact, fmt_number, fmt_unambiguous
from core.messages import t
from core.numbers import (
    LARGEST_TYPED,
    english_reading,
    is_whole,
    number_text,
    parse_vn_number,
)
from ui.text import message_text

ECHO_CHARS = 40  # how much of a refused text its message repeats
MAX_CHARS = 40  # the longest text a number cell of a data editor takes


@dataclass(frozen=True)
class NumberField:
    """What a field accepts. ``label``: its name as the page shows it, for the messages;
    ``whole``: whole numbers only (counts, days); ``maximum``: the largest value allowed
    (at most ``LARGEST_TYPED``); ``percent``: a trailing ``%`` may be typed (the value is
    the percentage: ``85%`` is 85); ``required``: an empty field is refused rather than
    read as "no value". Negative numbers and qualifiers (``khoảng 200``) are never taken:
    no typed field of ours holds one."""

    label: str
    whole: bool = False
    maximum: float | None = None
    percent: bool = False
    required: bool = False


def show_number(value: float | int | None) -> str:
    """A stored number as a field shows it, every decimal kept; empty when missing.

    >>> show_number(6500.0), show_number(24.0), show_number(1234.5), show_number(None)
    ('6.500', '24', '1.234,5', '')
    """
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return fmt_exact(value)


def _echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"


def read_number(raw: object, field: NumberField) -> float | None:
    """The value typed in ``field``; None for an empty field that may be empty.

    Raises ``ActionError`` (key ``action.number_*``, the field's label and the text as
    typed among its parameters) for anything that is not one clear number the field takes.

    >>> read_number("6.500", NumberField("Chỉ tiêu")), read_number(" 24 ", NumberField("x"))
    (6500.0, 24.0)
    >>> read_number("", NumberField("Chỉ tiêu")) is None
    True
    """
    label = field.label
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raw = ""
    # a number (not a yes/no) is taken as it is: only text has two readings
    number = isinstance(raw, int | float) and not isinstance(raw, bool)
    text = (show_number(raw) or str(raw)) if number else str(raw).strip()  # inf: "inf"
    if not text:
        if field.required:
            raise ActionError("action.number_required", field=label)
        return None
    shown = _echo(text)
    parsed = parse_vn_number(raw)  # strips text, takes a number as it is
    if parsed is None:
        english = english_reading(str(number_text(text)))  # text in: text out
        if english is not None:
            raise ActionError("action.number_english", field=label, value=shown,
                              hint=fmt_number(english))
        raise ActionError("action.number_not_a_number", field=label, value=shown)
    if parsed.qualifier is not None:
        raise ActionError("action.number_qualifier", field=label, value=shown,
                          number=fmt_unambiguous(abs(parsed.value)))
    if parsed.percent and not field.percent:
        raise ActionError("action.number_percent", field=label, value=shown)
    if parsed.other is not None:
        # a whole-number field cannot take the decimal reading: only the fix differs
        key = "action.number_ambiguous_whole" if field.whole and not is_whole(parsed.value) \
            else "action.number_ambiguous"
        raise ActionError(key, field=label, value=shown,
                          thousands=fmt_exact(parsed.other),
                          decimal=fmt_unambiguous(parsed.value))
    value = parsed.value + 0.0  # -0 is 0
    if value < 0:
        raise ActionError("action.number_negative", field=label, value=shown)
    ceiling = LARGEST_TYPED if field.maximum is None else min(field.maximum, LARGEST_TYPED)
    if not math.isfinite(value) or value > ceiling:
        raise ActionError("action.number_too_large", field=label, value=shown,
                          maximum=fmt_exact(ceiling))
    if field.whole:
        if not is_whole(value):
            raise ActionError("action.number_not_whole", field=label, value=shown)
        value = float(round(value))
    return value


def editor_texts(values: Sequence[float | int | None]) -> list[str]:
    """A data editor's number column as text cells (``show_number`` of each value)."""
    return [show_number(v) for v in values]


def read_cells(cells: Sequence[tuple[object, NumberField]]) -> tuple[list[float | None],
                                                                   list[ActionError]]:
    """Every cell of an edited column read with its own field (whose label names the row):
    the values, and the refusals of the bad cells (none when every cell is good)."""
    values: list[float | None] = []
    refused: list[ActionError] = []
    for raw, field in cells:
        try:
            values.append(read_number(raw, field))
        except ActionError as exc:
            values.append(None)
            refused.append(exc)
    return values, refused


def show_refusals(refused: Sequence[ActionError],
                  summary_key: str = "action.number_nothing_saved") -> None:
    """The refusals of a save that wrote nothing: one line saying so (``summary_key``, with
    the count), then each cell's."""
    st.error(message_text(ActionError(summary_key, count=len(refused))),
             icon=":material/error:")
    for exc in refused:
        st.error(message_text(exc))


def number_column(label: str, help: str | None = None):
    """A data editor's number column: text cells (``editor_texts``), right-aligned like
    numbers, read back with ``read_cells``. A number column would follow the browser's
    convention, where ``6.500`` is six and a half."""
    return st.column_config.TextColumn(
        label, max_chars=MAX_CHARS, alignment="right",
        help=help or t("action.number_help"))


def number_text_input(field: NumberField, current: float | int | None, *, key: str,
                      help: str | None = None) -> str:
    """A text field showing ``current`` the Vietnamese way; the caller reads the typed text
    with ``read_number`` when the form is sent (a refusal then saves nothing)."""
    return st.text_input(field.label, value=show_number(current), key=key, max_chars=MAX_CHARS,
                         help=help or t("action.number_help"))
