"""Showing text from data (names, comments, file names) in Streamlit markdown safely."""

from __future__ import annotations

import re

# Markdown, LaTeX ($) and Streamlit's :colour[...] / :material/...: directives.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def escape_markdown(text: object) -> str:
    """``text`` with every markdown-significant character backslash-escaped.

    >>> escape_markdown("Cân *[x](y)* $1$")
    'Cân \\\\*\\\\[x\\\\]\\\\(y\\\\)\\\\* \\\\$1\\\\$'
    """
    return _SPECIAL.sub(r"\\\1", str(text if text is not None else ""))
