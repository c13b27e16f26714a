"""Part I of a quarter, six-month, nine-month or year report: each activity once.

The months' bullets are not stuck together. The rules (also in ``docs/report.md``):

1. **Pattern.** A bullet's pattern is its text with every *figure* (``345``, ``5.749``,
   ``07``, ``7,30%``), every *month* (``02/2023``, ``tháng 4 năm 2023``) and every
   quarter number (``quý III``) masked, case and spacing ignored. Dates
   (``20/01/1950``), document numbers (``163/2021/NQ-HĐND``, ``số 05``, ``Đề án 06``),
   years (``năm 2023``), durations (``6 tháng``) and grades (``cấp 3 các loại``) are text.
2. **One activity.** Bullets of the same unit and section with the same pattern in two or
   more months are one *recurring* activity, printed once in its latest wording (a
   pattern written twice in one month is two facts, never merged). Bullets worded
   otherwise from month to month are one activity too when every figure they quote is
   tied to an indicator (rule 3) and they share one; the wording is that of the latest
   of them that names all their indicators. Everything else is a *one-off*, printed once.
3. **Figures tied to an indicator.** A figure is the unit's indicator when, in every
   month the bullet was written, it equals the value the unit submitted for it that
   month and the words around it name it: the words after it start with its unit noun,
   name or an alias, or hold its unit noun among the first four, or the clause holds at
   least half of the words of its name. When several fit, the longest name match wins,
   then the most words shared with the text; a tie ties nothing.
4. **Stated for the period.** A recurring activity states each tied figure as the
   period's figure of its indicator (``report.period_figures``: the sum of the months or,
   for a running total, the latest value — the number of the figures annex). A one-off
   whose figures are all running totals ("hiện có …", "lũy kế …") is stated for the
   period too. A reference to the report month ("trong tháng 04/2023") becomes the
   period ("trong quý I năm 2023") — for running totals the month of the latest value
   ("đến hết tháng 12/2023") — and a bare "trong tháng" becomes "trong quý I", "trong 6
   tháng đầu năm", "trong 9 tháng", "trong năm". In a quarter a sentence with one summed
   figure adds the months' figures ("(tháng 01: 345; tháng 02: 496; tháng 03: 462)");
   a sum with months missing says which. A stated sentence drops its months' footnotes
   ("Gồm: …" lists what one month's figure held, not the period's).
5. **Everything else as written.** In a recurring activity an untied figure that differs
   between months is listed with its month ("01 (tháng 03), 03 (tháng 05) và 08 (tháng
   09)"), a month or quarter that differs is listed ("số 02/2023, 03/2023 và 12/2023",
   "quý I và III"). A one-off keeps its month's text and footnotes; when it quotes a
   figure it names its month ("(tháng 07/2023)"), and its bare "trong tháng" becomes
   "trong tháng 07/2023".
6. **Order and repeats.** Within a section, unit by unit in catalogue order: recurring
   activities (by first month), then one-offs (by month). A bullet whose every figure is
   tied to indicators the section already states for the period is left out (its
   figures are in those totals); a text printed already in the section is not printed
   again. A bullet is "chưa duyệt" when any of its months or any figure it states is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analytics.ytd import LAST, SUM
from core.catalog import Catalog, Indicator
from core.formatting import fmt_month, fmt_month_long, fmt_number
from core.messages import t
from core.months import MONTH, YEAR, Month, ReportPeriod
from core.numbers import parse_number_token
from core.text import normalize
from report import periods_text
from report.model import Bullet
from report.period_figures import PeriodFigure

FIGURE, MONTH_REF, QUARTER_REF = "figure", "month", "quarter"
_MASK = {FIGURE: "#", MONTH_REF: "@", QUARTER_REF: "%"}
MAX_MONTHS_LISTED = 3  # a period this short lists the months' figures of a summed sentence
NOUN_WINDOW = 4  # words after a figure in which the indicator's unit noun may stand
CONTEXT_WORDS = 8  # words before a figure compared with the indicator's name

_BLOB = re.compile(r"\d[\d.,/:\-–]*\d|\d")  # digits with the marks numbers and dates use
_QUARTER = re.compile(r"(?<!\w)quý\s+(IV|I{1,3})(?!\w)", re.IGNORECASE)
_FULL_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR_AFTER = re.compile(r"\s+năm\s+(\d{4})(?!\d)", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_TWO_WORDS_BEFORE = re.compile(r"(\w+)\s+(\w+)\W*$")
_GLUE = "/-–_&.,"  # "NĐ-CP", "Covid-19", "F1": part of a code, not a figure
_BARE_IN_MONTH = re.compile(r"\b(trong) tháng(?: này)?(?![\s ]*\d)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[;:.()]")
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)?")
# Words before a number that make it a name, not a figure: "số 05", "lần thứ 5", "đợt 1",
# "Đề án 06", "Thông tư 23" … ("tổng số 25" still counts). Compared with diacritics:
# "đăng ký 03 hợp đồng" counts, "kỳ 2" names.
_NAMING_WORDS = frozenset({
    "số", "khóa", "khoá", "đợt", "kỳ", "kì", "điều", "khoản", "quý", "ngày", "năm", "tuần",
    "giờ", "iso", "tcvn", "qcvn", "phiên", "chương", "tập", "khu", "lô", "tháng",
})
_NAMING_PAIRS = frozenset({
    "lần thứ", "đề án", "thông tư", "nghị định", "quyết định", "nghị quyết", "chỉ thị",
    "công văn", "kế hoạch", "chương trình", "giai đoạn", "tờ trình", "phụ lục", "thông báo",
})
_COUNTING_PAIRS = frozenset({"tổng số"})  # "tổng số 25 đơn vị" counts
_FUNCTION_WORDS = frozenset({"các", "và", "cho", "của", "tại", "trên", "theo", "với", "là"})
_TIME_NOUNS = frozenset({"năm", "tháng", "ngày", "giờ", "tuần", "quý", "phút", "h"})
_NAME_STOP_WORDS = frozenset({"duoc", "va", "cac", "cua", "tren", "trong", "cho", "ve", "da",
                              "theo", "tai", "voi", "nhung", "mot"})


# --- the bullets of a period --------------------------------------------------------------


@dataclass(frozen=True)
class MonthBullet:
    """One bullet of one unit's month, as the report's sources give it."""

    month: Month
    unit: str
    section: str
    text: str
    footnotes: tuple[str, ...] = ()
    approved: bool = True


@dataclass(frozen=True)
class Token:
    """A masked number in a bullet: a figure, or a month (``02/2023``)."""

    kind: str
    start: int  # span of the number as written (a month: ``MM/YYYY`` or ``MM năm YYYY``)
    end: int
    text: str
    value: float | None = None  # figures
    decimals: int = 0
    percent: bool = False
    month: Month | None = None  # months
    word_start: int | None = None  # start of "tháng" when the month is written after it
    tail: str = ""  # normalised words after the figure, up to the clause's end
    context: frozenset[str] = frozenset()  # normalised words of the clause before it
    clause: frozenset[str] = frozenset()  # every normalised word of the clause around it


def scan(text: str) -> list[Token]:
    """The masked numbers of ``text``, in order.

    >>> [(k.kind, k.text) for k in scan("Tiếp nhận 345 văn bản trong tháng 02/2023, số 05.")]
    [('figure', '345'), ('month', '02/2023')]
    >>> [(k.kind, k.text) for k in scan("Báo cáo quý III năm 2023")]
    [('quarter', 'III')]
    """
    tokens: list[Token] = []
    taken = 0
    for m in _BLOB.finditer(text):
        if m.start() < taken:
            continue
        token = _token(text, m.start(), m.end())
        if token is not None:
            tokens.append(token)
            taken = token.end
    tokens.extend(Token(QUARTER_REF, m.start(1), m.end(1), m.group(1).upper())
                  for m in _QUARTER.finditer(text))
    return sorted(tokens, key=lambda token: token.start)


def _token(text: str, s: int, e: int) -> Token | None:
    blob = text[s:e]
    if s and (text[s - 1].isalnum() or text[s - 1] in _GLUE):
        return None
    after = text[e:e + 2]
    if after[:1] in ("/", "-", "–") and after[1:2].isalnum():
        return None  # 163/2021/NQ-HĐND, 24-CT/TU: a document number
    if after[:1].isalpha():
        return None  # 8h30, 3D
    before = _words_before(text, s)
    month_year = _MONTH_YEAR.match(blob)
    if month_year and 1 <= int(month_year.group(1)) <= 12:
        month = Month(int(month_year.group(2)), int(month_year.group(1)))
        named = before[-1:] == ["tháng"]
        return Token(MONTH_REF, s, e, blob, month=month,
                     word_start=_word_start(text, s) if named else None)
    if _FULL_DATE.match(blob) or any(mark in blob for mark in "/:-–"):
        return None  # 20/01/1950, 18/5, 9001:2015, 2021-2025: text, not masked
    if before[-1:] == ["tháng"] and blob.isdigit() and 1 <= int(blob) <= 12:
        year = _YEAR_AFTER.match(text, e)
        if year is None:
            return None  # "tháng 5": a name
        month = Month(int(year.group(1)), int(blob))
        return Token(MONTH_REF, s, year.end(), text[s:year.end()], month=month,
                     word_start=_word_start(text, s))
    if _not_a_figure(blob, before, text, e):
        return None
    value = parse_number_token(blob)
    if value is None:
        return None  # 20.01.2023 and the like
    percent = text[e:e + 1] == "%" or text[e:e + 2] == " %"
    decimals = len(blob.rsplit(",", 1)[1]) if "," in blob else 0
    tail_start = e + (text[e:e + 2].index("%") + 1 if percent else 0)
    tail = _tail(text, tail_start)
    context = _context(text, s)
    return Token(FIGURE, s, e, blob, value, decimals, percent, tail=tail,
                 context=frozenset(context[-CONTEXT_WORDS:]),
                 clause=frozenset(context) | frozenset(tail.split()))


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def _words_before(text: str, pos: int) -> list[str]:
    """The one or two words right before ``pos``, lower case, diacritics kept."""
    two = _TWO_WORDS_BEFORE.search(text[max(0, pos - 40):pos])
    if two:
        return [_lower(two.group(1)), _lower(two.group(2))]
    one = _WORD_BEFORE.search(text[max(0, pos - 40):pos])
    return [_lower(one.group(1))] if one else []


def _word_start(text: str, pos: int) -> int:
    """Where the word "tháng" before ``pos`` starts."""
    head = text[:pos].rstrip()
    return head.casefold().rindex("tháng") if "tháng" in head.casefold() else pos


def _not_a_figure(blob: str, before: list[str], text: str, end: int) -> bool:
    if " ".join(before) in _COUNTING_PAIRS:
        return False
    if (before and before[-1] in _NAMING_WORDS) or " ".join(before) in _NAMING_PAIRS:
        return True
    next_word = _WORD.match(text[end:].lstrip())
    if before[-1:] == ["cấp"] and (next_word is None or _lower(next_word.group()) in
                                   _FUNCTION_WORDS or not text[end:end + 1].isspace()):
        return True  # a grade: "giống nấm cấp 3 các loại" (but "cấp 01 văn bằng" counts)
    if next_word and _lower(next_word.group()) in _TIME_NOUNS:
        return True  # 72 năm, 6 tháng đầu năm
    if len(blob) == 4 and blob.isdigit() and 1900 <= int(blob) <= 2100:
        return next_word is None or not text[end:end + 1].isspace()  # "Quý Mão 2023."
    return False


def _tail(text: str, pos: int) -> str:
    rest = text[pos:pos + 80]
    cut = _CLAUSE_END.search(rest)
    return normalize(rest[:cut.start()] if cut else rest)


def _context(text: str, pos: int) -> list[str]:
    head = text[max(0, pos - 160):pos]
    cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
    return normalize(head[cut:]).split()


def pattern(text: str, tokens: Sequence[Token] | None = None) -> str:
    """The bullet with its figures (``#``) and months (``@``) masked, case and spacing
    ignored, without a leading dash or a closing stop: the key of rule 1.

    >>> pattern("- Tiếp nhận 345 văn bản đến tháng 02/2023.")
    'tiếp nhận # văn bản đến tháng @'
    """
    tokens = scan(text) if tokens is None else tokens
    out, last = [], 0
    for token in tokens:
        out.append(text[last:token.start])
        out.append(_MASK[token.kind])
        last = token.end
    out.append(text[last:])
    masked = _SPACES.sub(" ", "".join(out)).strip().casefold()
    return masked.removeprefix("- ").rstrip(" .;")


# --- which indicator a figure is ------------------------------------------------------------


def _phrases(item: Indicator) -> tuple[str, ...]:
    """Words that name ``item`` right after a figure: unit noun, name head, aliases."""
    name = normalize(item.name)
    head = name.split(" duoc ", 1)[0]
    return tuple(p for p in dict.fromkeys([normalize(item.unit), head, name,
                                           *map(normalize, item.aliases)]) if p)


def _starts_with(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def _noun_fit(item: Indicator, token: Token) -> int:
    """How well the words around ``token`` name ``item`` (0: not at all): the length of the
    longest of its phrases the words after it start with; else 1 when its unit noun stands
    among the first words after it, or when the clause holds at least half (and two) of
    the words of its name ("cấp Giấy phép tiến hành công việc bức xạ … đối với 02 đơn
    vị")."""
    if token.percent or item.unit.strip() == "%":
        return 1 if token.percent and item.unit.strip() == "%" else 0
    best = max((len(p) for p in _phrases(item) if _starts_with(token.tail, p)), default=0)
    if best:
        return best
    window = " ".join(token.tail.split()[:NOUN_WINDOW])
    noun = normalize(item.unit)
    if noun and re.search(rf"(?<!\w){re.escape(noun)}(?!\w)", window):
        return 1
    name = _name_words(item, with_aliases=False)
    shared = len(name & token.clause)
    return 1 if shared >= 2 and 2 * shared >= len(name) else 0


def _name_words(item: Indicator, with_aliases: bool = True) -> frozenset[str]:
    noun = set(normalize(item.unit).split())
    names = [item.name, *item.aliases] if with_aliases else [item.name]
    words = " ".join(map(normalize, names)).split()
    return frozenset(w for w in words if w not in noun and w not in _NAME_STOP_WORDS)


def _equal(value: float, token: Token) -> bool:
    return abs(round(value, token.decimals) - (token.value or 0.0)) < 1e-9


def fitting(token: Token, values: dict[str, float], catalog: Catalog) -> dict[str, int]:
    """``code → fit`` of the indicators whose submitted value equals ``token`` and whose
    words follow it (rule 3, one month)."""
    out: dict[str, int] = {}
    for code, value in values.items():
        item = catalog.indicator_by_code.get(code)
        if item is None or not _equal(value, token):
            continue
        fit = _noun_fit(item, token)
        if fit:
            out[code] = fit
    return out


def tie(tokens: Sequence[Token], values: Sequence[dict[str, float]], catalog: Catalog
        ) -> str | None:
    """The indicator the same figure of several months is (rule 3), or None."""
    common: dict[str, int] | None = None
    for token, month_values in zip(tokens, values, strict=True):
        found = fitting(token, month_values, catalog)
        common = found if common is None else {c: min(f, found[c]) for c, f in common.items()
                                               if c in found}
        if not common:
            return None
    if not common:
        return None
    if len(common) == 1:
        return next(iter(common))
    context = tokens[-1].context

    def score(code: str) -> tuple[int, int]:
        return common[code], len(_name_words(catalog.indicator(code)) & context)

    ranked = sorted(common, key=score, reverse=True)
    return ranked[0] if score(ranked[0]) > score(ranked[1]) else None


# --- one activity ---------------------------------------------------------------------------

KEEP, TIED, LISTED, CURRENT = "keep", "tied", "listed", "current"


@dataclass
class _Seen:
    bullet: MonthBullet
    tokens: list[Token]


@dataclass
class _Slot:
    how: str
    tokens: list[Token]  # one per month written, oldest first
    months: list[Month]
    code: str | None = None


@dataclass
class Activity:
    """One activity of the period. ``seen``: its bullets of one pattern (oldest first),
    whose numbers are compared slot by slot; ``also``: earlier bullets worded otherwise
    that state the same figures (rule 2, reworded), merged in."""

    unit: str
    section: str
    seen: list[_Seen] = field(default_factory=list)
    also: list[MonthBullet] = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)

    @property
    def bullets(self) -> list[MonthBullet]:
        return sorted([*self.also, *(s.bullet for s in self.seen)], key=lambda b: b.month)

    @property
    def recurring(self) -> bool:
        return len(self.seen) + len(self.also) > 1

    @property
    def tied(self) -> frozenset[str]:
        return frozenset(s.code for s in self.slots if s.how == TIED)

    @property
    def fully_tied(self) -> bool:
        """Every figure it quotes is tied to an indicator (and it quotes one)."""
        figures = [s for s in self.slots if s.tokens[-1].kind == FIGURE]
        return bool(figures) and all(s.how == TIED for s in figures)


def _slots(activity: Activity, unit_values: dict[tuple[str, Month], dict[str, float]],
           figures: dict[str, PeriodFigure], catalog: Catalog) -> list[_Slot]:
    months = [s.bullet.month for s in activity.seen]
    slots = []
    for i in range(len(activity.seen[-1].tokens)):
        tokens = [s.tokens[i] for s in activity.seen]
        kind = tokens[-1].kind
        if kind == FIGURE:
            values = [unit_values.get((activity.unit, m), {}) for m in months]
            code = tie(tokens, values, catalog)
            if code is not None and code in figures:
                slots.append(_Slot(TIED, tokens, months, code))
                continue
        elif all(tok.month == m for tok, m in zip(tokens, months, strict=True)) \
                and tokens[-1].word_start is not None:
            slots.append(_Slot(CURRENT, tokens, months))
            continue
        same = len({tok.text for tok in tokens}) == 1
        slots.append(_Slot(KEEP if same else LISTED, tokens, months))
    return slots


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t("report.period_list", items=", ".join(items[:-1]), last=items[-1])


def _figure_text(value: float, item: Indicator, written: Token) -> str:
    """The period's figure written like the month's: ``07`` stays zero-padded."""
    padded = len(written.text) > 1 and written.text.startswith("0") and written.text.isdigit()
    if padded and float(value).is_integer() and 0 <= value < 10:
        return f"{int(value):02d}"
    return fmt_number(value, item.decimals)


def _month_like(written: Token, month: Month) -> str:
    """``month`` in the form ``written`` used: ``12/2023`` or ``12 năm 2023``."""
    if "/" in written.text:
        return fmt_month(month)
    return f"{month.month:02d} năm {month.year}"


def _month_name(month: Month) -> str:
    """``tháng 03``: a month inside the period's year."""
    return periods_text.short_label(ReportPeriod.of_month(month))


def _listed(slot: _Slot) -> str:
    if slot.tokens[-1].kind in (MONTH_REF, QUARTER_REF):
        return _and_list(list(dict.fromkeys(tok.text for tok in slot.tokens)))
    return _and_list([t("report.period_listed", value=tok.text, month=_month_name(m))
                      for tok, m in zip(slot.tokens, slot.months, strict=True)])


def in_period(period: ReportPeriod) -> str:
    """What "trong tháng" becomes: ``quý I``, ``6 tháng đầu năm``, ``9 tháng``, ``năm``."""
    return periods_text.short_label(period) if period.kind != YEAR else t("report.period_year")


def _replace_bare_month(text: str, words: str) -> str:
    return _BARE_IN_MONTH.sub(lambda m: f"{m.group(1)} {words}", text)


def _with_note(text: str, note: str) -> str:
    """``note`` before the closing stop: "… điều hành (tháng 01: 345; …)."."""
    body, stop = Bullet(text).split_stop()
    return f"{body} {note}{stop}"


@dataclass(frozen=True)
class Rendered:
    text: str
    approved: bool
    statement: bool  # stated for the period (rule 4), not a month's text as written


def is_statement(activity: Activity, figures: dict[str, PeriodFigure]) -> bool:
    """Rule 4: recurring, or a one-off whose figures are all running totals."""
    if activity.recurring:
        return True
    aggregations = {figures[code].indicator.aggregation for code in activity.tied}
    return activity.fully_tied and aggregations == {LAST}


def render(activity: Activity, period: ReportPeriod, figures: dict[str, PeriodFigure]
           ) -> Rendered:
    """The activity's one bullet (rules 4 and 5)."""
    latest = activity.seen[-1]
    slots = activity.slots
    tied = [s for s in slots if s.how == TIED]
    approved = all(b.approved for b in activity.bullets) and \
        all(figures[s.code].approved for s in tied)
    if not is_statement(activity, figures):
        return _as_written(latest, slots)
    aggregations = {figures[s.code].indicator.aggregation for s in tied}
    latest_data = max((figures[s.code].total.months_used[-1] for s in tied), default=None)
    text = latest.bullet.text.strip()
    edits: list[tuple[int, int, str]] = []
    for slot in slots:
        written = slot.tokens[-1]
        if slot.how == TIED:
            figure = figures[slot.code]
            edits.append((written.start, written.end,
                          _figure_text(figure.value, figure.indicator, written)))
        elif slot.how == LISTED:
            edits.append((written.start, written.end, _listed(slot)))
        elif slot.how == CURRENT:
            if aggregations == {LAST} and latest_data is not None:
                edits.append((written.start, written.end, _month_like(written, latest_data)))
            else:  # "tháng 04/2023" → "quý I năm 2023"
                edits.append((written.word_start, written.end, periods_text.long_label(period)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    text = _replace_bare_month(text, in_period(period))
    return Rendered(_period_notes(text, tied, period, figures), approved, True)


def _period_notes(text: str, tied: list[_Slot], period: ReportPeriod,
                  figures: dict[str, PeriodFigure]) -> str:
    summed = [figures[s.code] for s in tied if figures[s.code].indicator.aggregation == SUM]
    if len(summed) == 1 and len(tied) == 1 and len(period.months) <= MAX_MONTHS_LISTED:
        figure = summed[0]
        parts = [t("report.period_month_figure", month=_month_name(m),
                   value=fmt_number(figure.monthly[m], figure.indicator.decimals))
                 if m in figure.monthly else
                 t("report.period_month_no_data", month=_month_name(m))
                 for m in period.months]
        return _with_note(text, t("report.period_months_figures", items="; ".join(parts)))
    missing = sorted({m for figure in summed for m in figure.total.months_missing})
    if missing:
        return _with_note(text, t("report.period_missing_months",
                                  months=periods_text.month_list(missing)))
    return text


def _as_written(seen: _Seen, slots: list[_Slot]) -> Rendered:
    """A one-off as its month wrote it; a quoted figure gets its month (rule 5)."""
    month = seen.bullet.month
    written = seen.bullet.text.strip()
    label = fmt_month_long(month)
    text = _replace_bare_month(written, label)
    quotes_figure = any(s.tokens[-1].kind == FIGURE for s in slots)
    names_month = text != written or any(s.tokens[-1].month == month for s in slots)
    if quotes_figure and not names_month:
        text = _with_note(text, t("report.period_dated", month=label))
    return Rendered(text, seen.bullet.approved, False)


# --- the period ---------------------------------------------------------------------------


def activities_of(bullets: Iterable[MonthBullet],
                  unit_values: dict[tuple[str, Month], dict[str, float]],
                  figures: dict[str, PeriodFigure], catalog: Catalog) -> list[Activity]:
    """The period's activities (rule 2), in the order their first bullet came."""
    groups: dict[tuple[str, str, str], list[_Seen]] = {}
    for bullet in bullets:
        tokens = scan(bullet.text)
        key = (bullet.section, bullet.unit, pattern(bullet.text, tokens))
        groups.setdefault(key, []).append(_Seen(bullet, tokens))
    found: list[Activity] = []
    for (section, unit, _key), seen in groups.items():
        months = [s.bullet.month for s in seen]
        if len(set(months)) == len(months):
            found.append(Activity(unit, section, seen))
        else:  # the same pattern twice in a month: separate facts, never merged
            found.extend(Activity(unit, section, [s]) for s in seen)
    for activity in found:
        activity.slots = _slots(activity, unit_values, figures, catalog)
    return _merge_reworded(found)


def _months(activity: Activity) -> list[Month]:
    return [b.month for b in activity.bullets]


def _merge_reworded(found: list[Activity]) -> list[Activity]:
    """Activities of one unit and section whose figures are all tied and that share an
    indicator are one activity worded otherwise from month to month (rule 2), unless two
    of them sharing an indicator were written in the same month (two facts). It is
    printed in the wording of the latest of them that states every indicator of the
    group; when none does, they stay apart."""
    groups: list[list[Activity]] = []
    for activity in (a for a in found if a.fully_tied):
        joined = [g for g in groups if g[0].section == activity.section
                  and g[0].unit == activity.unit
                  and any(activity.tied & member.tied for member in g)]
        merged = [activity, *(m for g in joined for m in g)]
        groups = [g for g in groups if not any(g is j for j in joined)] + [merged]
    dropped: set[int] = set()
    for group in groups:
        if len(group) < 2 or any(a.tied & b.tied and set(_months(a)) & set(_months(b))
                                 for i, a in enumerate(group) for b in group[i + 1:]):
            continue  # alone, or the same figure twice in one month: separate facts
        union = frozenset().union(*(a.tied for a in group))
        covering = [a for a in group if a.tied == union]
        if not covering:
            continue
        wording = max(covering, key=lambda a: _months(a)[-1])
        first = min(group, key=lambda a: _months(a)[0])
        others = [b for a in group if a is not wording for b in a.bullets]
        first.seen, first.slots, first.also = wording.seen, wording.slots, others
        dropped |= {id(a) for a in group if a is not first}
    return [a for a in found if id(a) not in dropped]


def period_bullets(
    bullets: Sequence[MonthBullet], period: ReportPeriod,
    unit_values: dict[tuple[str, Month], dict[str, float]],
    figures: dict[str, PeriodFigure], catalog: Catalog, unit_rank: dict[str, int],
) -> dict[str, list[Bullet]]:
    """``section → bullets`` of a longer period (rules 1–6). ``bullets`` come month by
    month, unit by unit, in their written order; ``unit_values`` are the figures each unit
    submitted each month; ``figures`` the period's (``report.period_figures``)."""
    if period.kind == MONTH:
        raise ValueError("a month's bullets are printed as written")
    activities = activities_of(bullets, unit_values, figures, catalog)
    ordered = [a for _i, a in sorted(
        enumerate(activities),
        key=lambda ia: (unit_rank.get(ia[1].unit, 10**6), ia[1].unit, not ia[1].recurring,
                        ia[1].bullets[0].month, ia[0]))]
    statements = {id(a) for a in ordered if is_statement(a, figures)}
    stated_in: dict[str, set[str]] = {}  # section → indicators stated for the period
    for activity in ordered:
        if id(activity) in statements:
            stated_in.setdefault(activity.section, set()).update(activity.tied)
    out: dict[str, list[Bullet]] = {}
    stated: dict[str, set[str]] = {}
    printed: dict[str, set[str]] = {}
    for activity in ordered:
        section = activity.section
        done = stated.setdefault(section, set())
        restates = activity.tied <= (done if id(activity) in statements
                                     else stated_in.get(section, set()))
        if activity.fully_tied and restates:
            continue  # its figures are already stated for the period in this section
        rendered = render(activity, period, figures)
        key = _SPACES.sub(" ", rendered.text).casefold()
        if key in printed.setdefault(section, set()):
            continue
        printed[section].add(key)
        if rendered.statement:
            done |= activity.tied
        # A footnote lists what one month's figure consisted of ("Gồm: …"): it stays with
        # a bullet printed as written, never under a figure stated for the whole period.
        notes = [] if rendered.statement and activity.tied else \
            list(dict.fromkeys(n for b in activity.bullets for n in b.footnotes))
        out.setdefault(section, []).append(
            Bullet(rendered.text, notes, activity.unit, rendered.approved))
    return out
