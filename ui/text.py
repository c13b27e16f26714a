"""Showing text from data (names, comments, file names) in Streamlit markdown safely."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from actions.base import Done
from core.messages import t
from etl.problems import Problem, problem_message

# Markdown, LaTeX ($) and Streamlit's :colour[...] / :material/...: directives.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")
LINE_BREAK = "  \n"  # a hard line break in Markdown: one element, several lines


def escape_markdown(text: object) -> str:
    """``text`` with every markdown-significant character backslash-escaped.

    >>> escape_markdown("Cân *[x](y)* $1$")
    'Cân \\\\*\\\\[x\\\\]\\\\(y\\\\)\\\\* \\\\$1\\\\$'
    """
    return _SPECIAL.sub(r"\\\1", str(text if text is not None else ""))


def escaped_params(params: Mapping[str, object]) -> dict[str, object]:
    """Message parameters with every piece of text escaped (file, sheet, unit and user
    names, comments, address values); numbers and catalogue ``Key`` values stay as they are."""
    return {name: escape_markdown(value) if isinstance(value, str) else value
            for name, value in params.items()}


def safe_t(key: str, /, **params: object) -> str:
    """``t(key, **params)`` for a Streamlit call that renders markdown (``st.error``,
    ``st.info``, ``st.caption`` …): the catalogue's own formatting stays, the parameters,
    which may come from a user, a file or the address, are shown as plain text."""
    return t(key, **escaped_params(params))


def problem_text(problem: Problem) -> str:
    """A file problem's message for a markdown-rendering call (its parameters escaped)."""
    return problem_message(problem.code, escaped_params(problem.params))


class Keyed(Protocol):
    """A message as a catalogue key and parameters: an action's refusal, a narrative
    report's error, an import plan's note."""

    @property
    def key(self) -> str: ...

    @property
    def params(self) -> Mapping[str, object]: ...


def message_text(item: Keyed) -> str:
    """A keyed message for a markdown-rendering call (its parameters escaped)."""
    return safe_t(item.key, **item.params)


def done_lines(done: Done) -> list[str]:
    """An action's success lines for ``st.success`` (their parameters escaped)."""
    return [safe_t(done.key, **done.params),
            *(safe_t(key, **params) for key, params in done.more)]
