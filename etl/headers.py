"""Finding a table's header row by its content, also when it spans two merged rows."""

from __future__ import annotations

from dataclasses import dataclass

from core.text import normalize
from etl.workbook import Sheet, cell_text

SCAN_ROWS = 30  # title rows above a header are few


@dataclass
class Header:
    row: int  # 0-based index of the last header row
    columns: dict[str, int]  # role → 0-based column


def _role_of(text: str, synonyms: dict[str, tuple[str, ...]]) -> str | None:
    key = normalize(text)
    if not key:
        return None
    for role, words in synonyms.items():
        if key in words:
            return role
    # Longer labels such as "Giá trị thực hiện tháng 01/2023": the longest synonym inside wins.
    best: tuple[int, str] | None = None
    for role, words in synonyms.items():
        for word in words:
            if len(word) > 3 and key.startswith(word) and (best is None or len(word) > best[0]):
                best = (len(word), role)
    return best[1] if best else None


def _roles(labels: list[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, label in enumerate(labels):
        role = _role_of(label, synonyms)
        if role and role not in found:
            found[role] = col
    return found


def find_header(
    sheet: Sheet, synonyms: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> Header | None:
    """The first row (or pair of rows) whose cells name every ``required`` role."""
    limit = min(len(sheet.rows), SCAN_ROWS)
    for r in range(limit):
        labels = [cell_text(c) for c in sheet.rows[r]]
        roles = _roles(labels, synonyms)
        if all(role in roles for role in required):
            return Header(r, roles)
        if r + 1 < len(sheet.rows):
            # Two-row header: merged cells leave the top or bottom cell empty.
            below = [cell_text(c) for c in sheet.rows[r + 1]]
            width = max(len(labels), len(below))
            labels += [""] * (width - len(labels))
            below += [""] * (width - len(below))
            merged = [
                b if b and not a else a if a and not b else f"{a} {b}".strip()
                for a, b in zip(labels, below, strict=True)
            ]
            roles = _roles(merged, synonyms)
            # The lower row alone may be the better reading ("Thực hiện" over "Tháng này").
            for role, col in _roles(below, synonyms).items():
                roles.setdefault(role, col)
            if all(role in roles for role in required):
                return Header(r + 1, roles)
    return None
