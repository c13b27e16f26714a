"""Vietnamese alphabetical order (a ă â b c d đ e ê …), tones as a tie-breaker."""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining marks that make a new letter, and those that are tones.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for ch in unicodedata.normalize("NFC", text.casefold()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter, tone = base, 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0302":
                letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u0306":
                letter = "ă" if base == "a" else base
            elif mark == "\u031b":
                letter = {"o": "ơ", "u": "ư"}.get(base, base)
        rank = _ORDER.get(letter)
        if rank is None:
            # Digits, spaces and punctuation sort before letters, by code point.
            out.append((-1000 + min(ord(letter), 999), tone))
        else:
            out.append((rank, tone))
    return out


def vn_sort_key(text: str) -> tuple:
    """Sort key: letters first, tones only when the letters are equal.

    >>> sorted(["Đào", "Dung", "Ánh", "Âu", "An", "Bình"], key=vn_sort_key)
    ['An', 'Ánh', 'Âu', 'Bình', 'Dung', 'Đào']
    """
    pairs = _letters(text or "")
    return (tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


def vn_sorted(items, key=lambda x: x):
    """``sorted`` in Vietnamese order of ``key(item)``."""
    return sorted(items, key=lambda item: vn_sort_key(key(item)))
