"""Problems found in a file: values with a Vietnamese message, a fix and a place."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from core.messages import catalogue, t

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" blocks the file, "warning" does not
    code: str  # stable key, e.g. "unknown_indicator"
    message: str  # what is wrong and how to fix it, in Vietnamese
    sheet: str | None = None
    row: int | None = None  # 1-based as Excel shows it; None for the whole sheet or file
    column: str | None = None  # Excel letter

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def problem(
    severity: str, code: str, sheet: str | None = None, row: int | None = None,
    column: str | None = None, **params: object,
) -> Problem:
    """A problem whose text is ``etl.<code>`` plus, when present, ``etl.<code>_fix``."""
    message = t(f"etl.{code}", **params)
    fix_key = f"etl.{code}_fix"
    if fix_key in catalogue():
        message = f"{message} {t(fix_key, **params)}"
    return Problem(severity, code, message, sheet, row, column)


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
