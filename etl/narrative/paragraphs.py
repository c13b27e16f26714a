"""Paragraph text as the readers give it, made clean and whole.

``clean`` removes what extraction leaves behind (BOM, invisible characters,
markdown-ish ``*``/``**`` emphasis, runs of spaces); ``rejoin`` mends a paragraph
that a page break cut in two.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f\u3000]+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_STAR_BULLET = re.compile(r"^\*\s+")
# Bullet glyphs as extraction gives them: Word's automatic bullets in the Symbol and
# Wingdings fonts come out as private-use characters (U+F0B7 , U+F0A7 , U+F0D8 …),
# the rest as typed or drawn. A paragraph that starts with one starts with "- ".
BULLET_GLYPHS = "•▪■□◆◇❖➢➤►▶✓✔✗○●◦·∙⁃‣⦁◘\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf0e0\uf0f0"
_GLYPH = re.compile(rf"^(?:[{BULLET_GLYPHS}]|[\ue000-\uf8ff])\s*")
_BULLETS = "-+–—" + BULLET_GLYPHS
SENTENCE_END = re.compile(r"[.;:!?…][”\"')\]]*$")  # a paragraph that ends here is whole


def clean(paragraphs: list[str]) -> list[str]:
    """NFC, no invisible characters, no ``*``/``**`` emphasis, bullet glyphs as ``- ``,
    single spaces, no blanks.

    >>> clean(["\uf0b7 Tham gia 07 dự án", "▪Cập nhật", "  "])
    ['- Tham gia 07 dự án', '- Cập nhật']
    """
    out = []
    for raw in paragraphs:
        text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE)
        text = _SPACES.sub(" ", text).strip()
        text = _MARKDOWN_HEADING.sub("", text)
        text = _STAR_BULLET.sub("- ", text)
        text = _GLYPH.sub("- ", text)
        text = _SPACES.sub(" ", text.replace("*", "")).strip()
        if text:
            out.append(text)
    return out


def rejoin(paragraphs: list[str]) -> list[str]:
    """Join a paragraph that stops mid-sentence with a next one that starts in lower case.

    >>> rejoin(["… hỗ trợ ứng dụng, nhân", "rộng các kết quả …", "Tiếp"])
    ['… hỗ trợ ứng dụng, nhân rộng các kết quả …', 'Tiếp']
    """
    out: list[str] = []
    for text in paragraphs:
        if out and not SENTENCE_END.search(out[-1]) and _starts_lower(text):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _starts_lower(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return bool(first) and first.islower() and text[0] not in _BULLETS
