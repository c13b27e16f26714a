"""A figure as the pages show it: Vietnamese number, its qualifier, where it came from."""

from __future__ import annotations

from core.formatting import fmt_exact, fmt_number
from core.messages import t

QUALIFIERS = ("more_than", "about")


def figure_text(value: float | None, qualifier: object = None, decimals: int | None = None,
                exact: bool = False) -> str:
    """``khoảng 1.234``: the number (every decimal as read when ``exact``, else the
    indicator's ``decimals``) after its qualifier word. A qualifier that is not one of
    ours (None, a missing value) shows nothing; a missing value shows empty."""
    if value is None or value != value:
        return ""
    text = fmt_exact(value) if exact else fmt_number(value, decimals)
    if isinstance(qualifier, str) and qualifier in QUALIFIERS:
        return f"{t('review.qualifier_' + qualifier)} {text}"
    return text
