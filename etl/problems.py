"""Problems found in a file: a code, its parameters and a place; the text comes when shown.

A problem keeps no rendered sentence: ``message`` renders ``etl.<code>`` (plus
``etl.<code>_fix`` when the catalogue has one) with ``params`` each time it is shown, so
the page, the command line and the JSON all say the same thing in the catalogue's words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from core.formatting import fmt_number
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
        params = resolved(self).params  # a deferred parameter is worked out now
        return {"severity": self.severity, "code": self.code, "params": json_safe(params),
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


class Later:
    """A message parameter worked out only when its problem is shown.

    A file may have a hundred thousand problems of which a hundred are listed: costly
    parameters (the closest indicator names) are computed for those only, when the list
    is cut (:func:`listed`) or, at the latest, when the message is rendered.
    """

    __slots__ = ("_args", "_fn", "_value")

    def __init__(self, fn: Callable[..., object], *args: object):
        self._fn, self._args = fn, args
        self._value: object = _UNSET

    def value(self) -> object:
        if self._value is _UNSET:
            self._value = self._fn(*self._args)
            self._fn, self._args = None, ()  # let the matcher and the row go
        return self._value

    def __str__(self) -> str:
        return str(self.value())

    def __format__(self, spec: str) -> str:
        return format(self.value(), spec)

    def __reduce__(self):  # a problem crossing a process boundary carries the value
        return (_computed, (self.value(),))


_UNSET = object()


def _computed(value: object) -> object:
    return value


def resolved(problem: Problem) -> Problem:
    """``problem`` with every :class:`Later` parameter replaced by its value."""
    if not any(isinstance(v, Later) for v in problem.params.values()):
        return problem
    params = {k: v.value() if isinstance(v, Later) else v for k, v in problem.params.items()}
    return dataclasses.replace(problem, params=params)


MAX_PROBLEMS_PER_CODE = 50  # of one kind in the list of one file
MAX_PROBLEMS_PER_FILE = 100  # in all, then one line says how many more
MORE_PROBLEMS = "more_problems"


def listed(problems: Sequence[Problem], per_code: int = MAX_PROBLEMS_PER_CODE,
           per_file: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The problems one file shows: at most ``per_code`` of a kind and ``per_file`` in
    all (in the order found), then one ``more_problems`` line with how many more and how
    many of them are errors. Only the problems kept get their :class:`Later` parameters
    computed. Listing an already listed list again (database checks added after the
    file's own) counts the earlier line's hidden problems in.

    >>> many = [error("empty_file") for _ in range(60)] + [warning("empty_file")]
    >>> shown = listed(many, per_code=50)
    >>> len(shown), shown[-1].code, shown[-1].params["count"], shown[-1].params["errors"]
    (51, 'more_problems', 11, 10)
    """
    hidden = hidden_errors = 0
    kept: list[Problem] = []
    per: dict[str, int] = {}
    for p in problems:
        if p.code == MORE_PROBLEMS:
            hidden += int(p.params.get("count", 0))  # type: ignore[call-overload]
            hidden_errors += int(p.params.get("errors", 0))  # type: ignore[call-overload]
            continue
        seen = per.get(p.code, 0)
        if seen >= per_code or len(kept) >= per_file:
            hidden += 1
            hidden_errors += p.is_error
            continue
        per[p.code] = seen + 1
        kept.append(resolved(p))
    if hidden:
        shown = {"count": hidden, "errors": hidden_errors, "count_text": fmt_number(hidden),
                 "errors_text": fmt_number(hidden_errors)}
        if hidden_errors:
            kept.append(error(MORE_PROBLEMS, **shown))
        else:
            kept.append(warning(MORE_PROBLEMS, **shown))
    return kept


def error_count(problems: Sequence[Problem]) -> int:
    """Errors of a listed file, those hidden behind the ``more_problems`` line included."""
    return sum(int(p.params.get("errors", 0)) if p.code == MORE_PROBLEMS  # type: ignore[call-overload]
               else p.is_error for p in problems)
