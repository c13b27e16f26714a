"""The uploader's drop zone shows the catalogue's words, and no text can break its style."""

from __future__ import annotations

import re

import pytest

from core.messages import t
from ui.uploads import css_string, dropzone_style


def _unescape(literal: str) -> str:
    assert literal[0] == literal[-1] == '"'
    return re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), literal[1:-1])


@pytest.mark.parametrize("text", [
    "Chọn tệp", 'a"b', "a'b", "x;}</style><script>alert(1)</script>", "a\\b", "dòng\nmới",
    "{size}", "", "•–()/.,", "ĐĂNG KÝ \u00a0 tab\t", "\\3c", "/* c */",
])
def test_any_text_stays_one_css_string_and_reads_back(text: str) -> None:
    literal = css_string(text)
    inner = literal[1:-1]
    assert not set(inner) & set("\"'\n;{}<>\t*")  # nothing that ends the string or the rule
    assert inner.count("\\") == len(re.findall(r"\\[0-9a-f]+ ", inner))
    assert _unescape(literal) == text


def test_the_style_is_scoped_to_its_uploader_and_carries_the_catalogue_words() -> None:
    style = dropzone_style("up_file_7", 12, ["xlsx", "ods"])
    assert style.startswith("<style>") and style.endswith("</style>")
    assert style.count("</style>") == 1
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", style.removeprefix("<style>"))
    assert len(rules) == 3
    for selectors, _ in rules:
        for selector in selectors.split(","):
            assert selector.startswith(".st-key-up_file_7 [data-testid='stFileUploaderDropzone']")
    assert rules[0][1] == "font-size:0"
    shown = [_unescape(re.search(r'content:("[^"]*")', body).group(1)) for _, body in rules[1:]]
    assert shown == [t("upload.dropzone_button"),
                     t("upload.dropzone_limit", size="12", types="XLSX, ODS")]
    assert "Tối đa 12 MB mỗi tệp • XLSX, ODS" in shown


def test_large_limits_are_written_the_vietnamese_way() -> None:
    style = dropzone_style("k", 1200, ["docx"])
    assert "1.200 MB" in style and "DOCX" in style
