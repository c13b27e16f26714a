"""Problems found in a file: a code, its parameters and a place; the text comes when shown.

A problem keeps no rendered sentence: ``message`` renders ``etl.<code>`` (plus
``etl.<code>_fix`` when the catalogue has one) with ``params`` each time it is shown, so
the page, the command line and the JSON all say the same thing in the catalogue's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.messages import catalogue, json_safe, t

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" blocks the file, "warning" does not
    code: str  # stable key, e.g. "unknown_indicator"; the text is etl.<code>
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    sheet: str | None = None
    row: int | None = None  # 1-based as Excel shows it; None for the whole sheet or file
    column: str | None = None  # Excel letter

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def message(self) -> str:
        """What is wrong and how to fix it, in Vietnamese."""
        return problem_message(self.code, self.params)

    def to_json(self) -> dict[str, object]:
        """The shape of one problem in ``python -m etl validate --json``."""
        return {"severity": self.severity, "code": self.code, "params": json_safe(self.params),
                "message": self.message, "sheet": self.sheet, "row": self.row,
                "column": self.column}


def problem_message(code: str, params: Mapping[str, object]) -> str:
    """``etl.<code>`` plus, when the catalogue has it, ``etl.<code>_fix``.

    >>> problem_message("empty_file", {})
    'Tệp rỗng, không có dữ liệu. Hãy chọn đúng tệp Excel báo cáo đã điền.'
    """
    message = t(f"etl.{code}", **params)
    fix_key = f"etl.{code}_fix"
    if fix_key in catalogue():
        message = f"{message} {t(fix_key, **params)}"
    return message


def problem(
    severity: str, code: str, sheet: str | None = None, row: int | None = None,
    column: str | None = None, **params: object,
) -> Problem:
    return Problem(severity, code, params, sheet, row, column)


def error(code: str, sheet: str | None = None, row: int | None = None,
          column: str | None = None, **params: object) -> Problem:
    return problem(ERROR, code, sheet, row, column, **params)


def warning(code: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, **params: object) -> Problem:
    return problem(WARNING, code, sheet, row, column, **params)


def column_letter(index: int) -> str:
    """0-based column index → Excel letter (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
