"""Figures of a parsed report matched to catalogue sections and indicators.

A figure is scored against each indicator: its noun equal to the indicator's unit
or an alias (``07 dự án`` → unit "dự án"), an alias or the name inside the phrase
the number opens (``02 hồ sơ công bố hợp chuẩn``), and, at half weight, inside the
words leading up to it (``thẩm định công nghệ 07 …``, ``Ấn phẩm: 01 …``). Indicators
of the section the figure is printed in come first; another section's indicator
needs a much stronger match. Several numbers of one bullet that land on the same
indicator are summed (``01 Đặc san, 01 Bản tin`` → 2 ấn phẩm).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from core.catalog import Catalog, Indicator
from core.catalog import Section as CatalogSection
from core.formatting import fmt_number
from core.messages import t
from core.months import Month
from core.text import normalize
from etl.narrative.figures import (
    NounLexicon,
    WrittenNumber,
    find_numbers,
    sentence_at,
    sentence_spans,
)
from etl.narrative.lexicon import PLURAL_WORDS, fold, lower
from etl.narrative.model import Figure, Item, Section

MIN_SCORE = 2.0  # below this a figure stays unmatched
OTHER_SECTION_MIN = 5.0  # an indicator of another section must match this well
TITLE_SIMILARITY = 0.8  # a section title this close to a catalogue title maps to it
IMPLIED_WINDOW = 60  # characters between the noun and the quoted name of one task
NAME_WORD_WEIGHT = 0.05  # per word of the indicator's name found near the number …
NAME_WORD_CAP = 0.45  # … never as much as one piece of real evidence (0.5)
NAME_STOP_WORDS = frozenset({"duoc", "va", "cua", "cac", "tren", "trong", "so", "kh&cn"})

_PUNCT = re.compile(r"[,;:()\[\]“”\"'!?…/.]+")
_PHRASE_END = re.compile(r"[,;()]|[.!?…](?=\s|$)")
_QUOTED = re.compile(r"“[^”]+”|\"[^\"]+\"")


def key(text: str) -> str:
    """Matching form: no diacritics, lower case, punctuation as spaces."""
    return " ".join(_PUNCT.sub(" ", normalize(text)).split())


def contains(haystack_key: str, needle_key: str) -> bool:
    return bool(needle_key) and f" {needle_key} " in f" {haystack_key} "


def map_section(number: str, title: str, sections: list[CatalogSection]) -> str | None:
    """The catalogue section a printed heading stands for: same title, a close title,
    else the same number."""
    wanted = key(title)
    by_title = {key(s.title): s.code for s in sections}
    if wanted in by_title:
        return by_title[wanted]
    close = difflib.get_close_matches(wanted, list(by_title), n=1, cutoff=TITLE_SIMILARITY)
    if close:
        return by_title[close[0]]
    return next((s.code for s in sections if s.code == number), None)


@dataclass
class _Context:
    number: WrittenNumber
    noun_key: str
    phrase_key: str
    lead_key: str


class FigureMatcher:
    """Finds and matches the figures of one report against the catalogue."""

    def __init__(self, catalog: Catalog, month: Month):
        self.indicators = [i for i in catalog.indicators if i.valid_in(month)]
        self.sections = catalog.ordered_sections(month)
        self.labels = {i.code: _label_keys(i) for i in self.indicators}
        self.nouns = {i.code: {key(i.unit), *(key(a) for a in i.aliases)} for i in self.indicators}
        self.lexicon = NounLexicon(i.unit for i in self.indicators)
        self.name_words = {i.code: set(key(i.name).split()) - NAME_STOP_WORDS
                           for i in self.indicators}

    def map_sections(self, sections: list[Section]) -> None:
        for section in sections:
            section.catalog_section = map_section(section.number, section.title, self.sections)

    def figures(self, sections: list[Section]) -> list[Figure]:
        found: list[Figure] = []
        for section in sections:
            for item in section.items:
                found.extend(self.item_figures(item, section))
        return found

    def item_figures(self, item: Item, section: Section) -> list[Figure]:
        """The figures of one bullet: written ones (summed per indicator), then implied."""
        text = item.text
        contexts = _contexts(text, find_numbers(text, self.lexicon))
        figures: list[Figure] = []
        by_indicator: dict[str, list[Figure]] = {}
        first_at: dict[str, int] = {}  # where the indicator's first figure sits in ``figures``
        for ctx in contexts:
            indicator, tied = self._best(ctx, section.catalog_section)
            n = ctx.number
            figure = Figure(
                value=n.value, unit_noun=n.noun, qualifier=n.qualifier,
                indicator=indicator.code if indicator else None,
                name=indicator.name if indicator else None,
                section=section.number, sentence=sentence_at(text, n.start),
                candidates=[i.code for i in tied],
            )
            if indicator and indicator.code in by_indicator:
                by_indicator[indicator.code].append(figure)
                continue
            if indicator:
                by_indicator[indicator.code] = [figure]
                first_at[indicator.code] = len(figures)
            figures.append(figure)
        for code, parts in by_indicator.items():
            if len(parts) > 1:
                figures[first_at[code]] = _summed(parts, self._indicator(code))
        implied = self._implied(item, section, set(by_indicator))
        return figures + ([implied] if implied else [])

    def _indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def _pool(self, catalog_section: str | None) -> tuple[list[Indicator], list[Indicator]]:
        if catalog_section is None:
            return self.indicators, []
        own = [i for i in self.indicators if i.section == catalog_section]
        return own, [i for i in self.indicators if i.section != catalog_section]

    def _best(self, ctx: _Context, catalog_section: str | None
              ) -> tuple[Indicator | None, list[Indicator]]:
        own, others = self._pool(catalog_section)
        for pool, minimum in ((own, MIN_SCORE), (others, OTHER_SECTION_MIN)):
            scored = sorted(((self._score(i, ctx), n, i) for n, i in enumerate(pool)),
                            key=lambda row: (-row[0], row[1]))
            if not scored or scored[0][0] < minimum:
                continue
            tied = [i for s, _, i in scored if abs(s - scored[0][0]) < 0.01]
            if len(tied) > 1:
                return None, tied
            return scored[0][2], []
        return None, []

    def _score(self, indicator: Indicator, ctx: _Context) -> float:
        score = 3.0 if ctx.noun_key and ctx.noun_key in self.nouns[indicator.code] else 0.0
        labels = self.labels[indicator.code]
        in_phrase = max((len(k.split()) for k in labels if contains(ctx.phrase_key, k)), default=0)
        in_lead = max((len(k.split()) for k in labels if contains(ctx.lead_key, k)), default=0)
        if in_phrase:
            score += 1 + in_phrase
        if in_lead:
            score += 0.5 * (1 + in_lead)
        else:
            # Weaker: every word of a label in the lead, not side by side
            # ("cấp Giấy phép tiến hành công việc bức xạ" holds "giấy phép bức xạ").
            words = set(ctx.lead_key.split())
            scattered = max((len(k.split()) for k in labels
                             if len(k.split()) >= 2 and set(k.split()) <= words), default=0)
            if scattered:
                score += 0.25 * (1 + scattered)
        # Tie-breaker: words of the indicator's name around the number.
        around = set(ctx.lead_key.split()) | set(ctx.phrase_key.split())
        shared = len(self.name_words[indicator.code] & around)
        return score + min(NAME_WORD_WEIGHT * shared, NAME_WORD_CAP)

    def _implied(self, item: Item, section: Section, matched: set[str]) -> Figure | None:
        """One task named in quotes with no number: "nghiệm thu … nhiệm vụ … “Tên”" → 1.

        Only when the bullet quotes exactly one name, a unit noun of the section
        stands just before it in the singular, and exactly one indicator with that
        unit has a label in the bullet.
        """
        if section.catalog_section is None:
            return None
        text = item.text
        quotes = _QUOTED.findall(text)
        if len(quotes) != 1:
            return None
        q = text.index(quotes[0])
        own = [i for i in self.indicators
               if i.section == section.catalog_section and i.code not in matched]
        window = lower(text[max(0, q - IMPLIED_WINDOW):q])
        noun = _last_noun(window, {lower(i.unit) for i in own})
        if noun is None:
            return None
        item_key = key(text)
        hits = [i for i in own if lower(i.unit) == noun
                and any(contains(item_key, k) for k in self.labels[i.code])]
        if len(hits) != 1:
            return None
        indicator = hits[0]
        return Figure(
            value=1, unit_noun=indicator.unit, qualifier=None, indicator=indicator.code,
            name=indicator.name, section=section.number, sentence=sentence_at(text, q),
            implied=True, note=t("narrative.implied_note"),
        )


def _label_keys(indicator: Indicator) -> list[str]:
    return [k for k in {key(indicator.name), *(key(a) for a in indicator.aliases)} if k]


def _contexts(text: str, numbers: list[WrittenNumber]) -> list[_Context]:
    """For each number: its noun, the phrase it opens and the words leading up to it."""
    contexts = []
    previous_end = 0
    for index, n in enumerate(numbers):
        following = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
        stop = _PHRASE_END.search(text, n.noun_end)
        phrase_end = min(stop.start() if stop else len(text), following)
        clause_start = max(text.rfind(";", 0, n.start) + 1, previous_end,
                           _sentence_start(text, n.start))
        lead = text[clause_start:n.start].rstrip(" :")
        lead = lead[lead.rfind(":") + 1:]  # "…các chuyên mục: Cập nhật tin bài: 105" → label
        contexts.append(_Context(n, key(n.noun or ""), key(text[n.start:phrase_end]), key(lead)))
        previous_end = max(phrase_end, n.noun_end)
    return contexts


def _sentence_start(text: str, pos: int) -> int:
    return next((start for start, end in sentence_spans(text) if start <= pos < end), 0)


def _last_noun(window: str, nouns: set[str]) -> str | None:
    """The unit noun standing last in ``window`` (lower case), unless a plural word precedes it."""
    best: tuple[int, str] | None = None
    for noun in nouns:
        for m in re.finditer(rf"(?<!\w){re.escape(noun)}(?!\w)", window):
            if best is None or m.start() > best[0]:
                best = (m.start(), noun)
    if best is None:
        return None
    before = window[:best[0]].split()
    if before and (before[-1] in PLURAL_WORDS or " ".join(before[-2:]) in PLURAL_WORDS):
        return None
    return best[1]


def _summed(parts: list[Figure], indicator: Indicator) -> Figure:
    """One figure for several numbers of a bullet that belong to one indicator."""
    first = parts[0]
    nouns = {fold(p.unit_noun or "") for p in parts}
    sentences: list[str] = []
    for p in parts:
        if p.sentence not in sentences:
            sentences.append(p.sentence)
    values = [p.value for p in parts]
    total = sum(values)
    return Figure(
        value=total,
        unit_noun=first.unit_noun if len(nouns) == 1 else indicator.unit,
        qualifier=next((p.qualifier for p in parts if p.qualifier), None),
        indicator=indicator.code, name=indicator.name, section=first.section,
        sentence=" ".join(sentences), parts=values,
        note=t("narrative.summed_note", parts=" + ".join(fmt_number(v) for v in values),
               total=fmt_number(total)),
    )
