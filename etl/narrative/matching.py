"""Figures of a parsed report matched to catalogue sections and indicators.

A figure is scored against each indicator: its noun equal to the indicator's unit
or an alias (``07 dự án`` → unit "dự án"), an alias or the name inside the phrase
the number opens (``02 hồ sơ công bố hợp chuẩn``), and, at half weight, inside the
words leading up to it (``thẩm định công nghệ 07 …``, ``Ấn phẩm: 01 …``). Indicators
of the section the figure is printed in come first; another section's indicator
needs a much stronger match.

Each number has a role (``roles``: the period's value, a change, a running total, a
part, a target or rate, another period's figure). Of the numbers of one bullet that land
on the same indicator, those in the role the indicator takes (``figure_roles``) make its
figure — several are summed (``01 Đặc san, 01 Bản tin`` → 2 ấn phẩm) — and the others
stay beside it as context; numbers of other roles on no figure's indicator are loose
context. A figure is ``certain`` only when nothing about it needs a person (see
``FigureMatcher._mark_certain`` and docs/import.md).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from core.catalog import Catalog, Indicator
from core.catalog import Section as CatalogSection
from core.formatting import fmt_number
from core.messages import t
from core.months import MONTH, Month, ReportPeriod
from core.text import normalize
from etl.narrative.figures import NounLexicon, WrittenNumber, find_numbers, sentence_at
from etl.narrative.lexicon import PLURAL_WORDS, fold, lower
from etl.narrative.model import ContextNumber, Figure, Item, Section
from etl.narrative.roles import (
    CUMULATIVE,
    RATE,
    VALUE,
    Around,
    assign_roles,
    surroundings,
)

MIN_SCORE = 2.0  # below this a figure stays unmatched
OTHER_SECTION_MIN = 5.0  # an indicator of another section must match this well
TITLE_SIMILARITY = 0.8  # a section title this close to a catalogue title maps to it
IMPLIED_WINDOW = 60  # characters between the noun and the quoted name of one task
NAME_WORD_WEIGHT = 0.05  # per word of the indicator's name found near the number …
NAME_WORD_CAP = 0.45  # … never as much as one piece of real evidence (0.5)
NAME_STOP_WORDS = frozenset({"duoc", "va", "cua", "cac", "tren", "trong", "so", "kh&cn"})

_PUNCT = re.compile(r"[,;:()\[\]“”\"'!?…/.]+")
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
    role: str
    around: Around


@dataclass
class _Match:
    """One number of a bullet with its role and the indicator it matched."""

    ctx: _Context
    indicator: Indicator | None
    tied: list[Indicator]


def figure_roles(indicator: Indicator) -> tuple[str, ...]:
    """The roles a number may have to be this indicator's figure, preferred first.

    A count summed over months takes the period's value only; a running total
    (aggregation ``last``: "kinh phí đã giải ngân") is the cumulative figure, or failing
    that a plain number (never certain); a percentage also takes a rate ("đạt 45% kế
    hoạch").
    """
    if indicator.unit.strip() == "%":
        running = (CUMULATIVE,) if indicator.aggregation == "last" else ()
        return (VALUE, RATE, *running)  # "tỷ lệ giải ngân lũy kế đạt 60% dự toán"
    if indicator.aggregation == "last":
        return (CUMULATIVE, VALUE)
    return (VALUE,)


class FigureMatcher:
    """Finds and matches the figures of one report against the catalogue."""

    def __init__(self, catalog: Catalog, period: ReportPeriod | Month):
        self.period = ReportPeriod.of_month(period) if isinstance(period, Month) else period
        month = self.period.last_month
        self.indicators = [i for i in catalog.indicators if i.valid_in(month)]
        self.sections = catalog.ordered_sections(month)
        self.labels = {i.code: _label_keys(i) for i in self.indicators}
        self.nouns = {i.code: {key(i.unit), *(key(a) for a in i.aliases)} for i in self.indicators}
        self.lexicon = NounLexicon(i.unit for i in self.indicators)
        self.name_words = {i.code: set(key(i.name).split()) - NAME_STOP_WORDS
                           for i in self.indicators}
        self._strong: set[int] = set()  # ids of figures whose match had strong evidence

    def map_sections(self, sections: list[Section]) -> None:
        for section in sections:
            section.catalog_section = map_section(section.number, section.title, self.sections)

    def figures(self, sections: list[Section]) -> tuple[list[Figure], list[ContextNumber]]:
        """(figures, numbers that are context of no figure), in reading order."""
        found: list[Figure] = []
        loose: list[ContextNumber] = []
        for section in sections:
            for item in section.items:
                figures, context = self.item_figures(item, section)
                found.extend(figures)
                loose.extend(context)
        self._mark_certain(found)
        return found, loose

    def item_figures(self, item: Item, section: Section
                     ) -> tuple[list[Figure], list[ContextNumber]]:
        """The figures of one bullet (written ones, summed per indicator, then implied)
        and the numbers of other roles that stand beside no figure."""
        text = item.text
        numbers = find_numbers(text, self.lexicon)
        arounds = surroundings(text, numbers)
        roles = assign_roles(arounds, self.period)
        matches = []
        for around, role in zip(arounds, roles, strict=True):
            ctx = _context(text, around, role)
            indicator, tied = self._best(ctx, section.catalog_section)
            previous = matches[-1] if matches and around.gap is not None else None
            if (role != VALUE and indicator is None and previous is not None
                    and previous.indicator is not None
                    and fold(previous.ctx.number.noun or "") == fold(around.number.noun or "")):
                # "10 dự án: 04 dự án cấp tỉnh", "02 hồ sơ (kế hoạch năm là 30 hồ sơ)": a
                # number of another role with the noun of the one before is about it
                indicator, tied = previous.indicator, []
            matches.append(_Match(ctx, indicator, tied))

        placed: list[tuple[int, Figure]] = []  # (position in the text, figure)
        loose: list[ContextNumber] = []
        by_indicator: dict[str, list[_Match]] = {}
        for match in matches:
            if match.indicator is not None:
                by_indicator.setdefault(match.indicator.code, []).append(match)
            elif match.ctx.role == VALUE:
                placed.append((match.ctx.number.start, self._figure(text, section, [match])))
            else:
                loose.append(_context_number(text, section, match))
        for group in by_indicator.values():
            indicator = group[0].indicator
            assert indicator is not None
            takes = figure_roles(indicator)
            role = next((r for r in takes if any(m.ctx.role == r for m in group)), None)
            if role is None:
                loose.extend(_context_number(text, section, m) for m in group)
                continue
            chosen = [m for m in group if m.ctx.role == role]
            figure = self._figure(text, section, chosen, indicator)
            figure.role = role
            figure.context = [_context_number(text, section, m) for m in group
                              if m.ctx.role != role]
            if role == CUMULATIVE:
                figure.note = _join(figure.note, t("narrative.note_running_total"))
            elif indicator.aggregation == "last" and CUMULATIVE in takes:
                # a running total written without "lũy kế": maybe the period's own amount
                figure.note = _join(figure.note, t("narrative.note_running_total_plain"))
            placed.append((chosen[0].ctx.number.start, figure))
        figures = [f for _, f in sorted(placed, key=lambda pair: pair[0])]
        implied = self._implied(item, section, set(by_indicator))
        return figures + ([implied] if implied else []), loose

    def _figure(self, text: str, section: Section, chosen: list[_Match],
                indicator: Indicator | None = None) -> Figure:
        parts = []
        for match in chosen:
            n = match.ctx.number
            parts.append(Figure(
                value=n.value, unit_noun=n.noun, qualifier=n.qualifier,
                indicator=indicator.code if indicator else None,
                name=indicator.name if indicator else None,
                section=section.number, sentence=sentence_at(text, n.start),
                candidates=[i.code for i in match.tied],
            ))
        figure = parts[0] if len(parts) == 1 else _summed(parts, indicator)
        if indicator is not None and len(chosen) == 1 and self._evidence(
                indicator, chosen[0].ctx) and indicator.section == section.catalog_section:
            self._strong.add(id(figure))
        return figure

    def _mark_certain(self, figures: list[Figure]) -> None:
        """A figure is certain (docs/import.md) when nothing about it needs a person."""
        counts: dict[str, int] = {}
        for f in figures:
            if f.indicator:
                counts[f.indicator] = counts.get(f.indicator, 0) + 1
        by_code = {i.code: i for i in self.indicators}
        for f in figures:
            indicator = by_code.get(f.indicator or "")
            f.certain = bool(
                self.period.kind == MONTH and indicator is not None
                and id(f) in self._strong and counts[indicator.code] == 1
                and f.role == figure_roles(indicator)[0] and not f.implied
                and f.parts is None and f.qualifier is None and not f.context
                and not f.candidates)

    def _evidence(self, indicator: Indicator, ctx: _Context) -> bool:
        """Strong evidence: the noun is the indicator's unit (or an alias) and one of its
        labels stands in the phrase the number opens or in the words leading to it."""
        if not ctx.noun_key or ctx.noun_key not in self.nouns[indicator.code]:
            return False
        labels = self.labels[indicator.code]
        return any(contains(ctx.phrase_key, k) or contains(ctx.lead_key, k) for k in labels)

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


def _context(text: str, around: Around, role: str) -> _Context:
    """A number's noun, the phrase it opens and the words leading up to it, as keys."""
    n = around.number
    lead = around.lead.rstrip(" :")
    lead = lead[lead.rfind(":") + 1:]  # "…các chuyên mục: Cập nhật tin bài: 105" → label
    return _Context(n, key(n.noun or ""), key(text[n.start:around.phrase_end]), key(lead),
                    role, around)


def _context_number(text: str, section: Section, match: _Match) -> ContextNumber:
    """A number of another role, with the words that gave it its role."""
    ctx = match.ctx
    n = ctx.number
    end = n.noun_end if ctx.around.capped else ctx.around.phrase_end
    words = (ctx.around.lead + text[n.start:end]).strip(" ,;:(")
    return ContextNumber(
        role=ctx.role, value=n.value, unit_noun=n.noun, qualifier=n.qualifier,
        indicator=match.indicator.code if match.indicator else None,
        name=match.indicator.name if match.indicator else None,
        section=section.number, sentence=sentence_at(text, n.start), text=words)


def _join(first: str | None, second: str) -> str:
    return f"{first} {second}" if first else second


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


def _summed(parts: list[Figure], indicator: Indicator | None) -> Figure:
    if indicator is None:  # numbers are summed only on the indicator they share
        raise ValueError("summing needs an indicator")
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
