"""Which indicator a row names: by code, by name, by a remembered name, or by its words.

The first rule that answers wins (docs/etl.md, "Names as people write them"):

1. **code** — the code column (or, without a code, the name column) holds an indicator
   code (case and spacing ignored).
2. **name** — the name (or, when the row has no name, the code column's text) is an
   indicator's name or alias, compared without case, diacritics or extra spaces. Several
   indicators with that name: the unit's own, then those valid in the month; still
   several is ambiguous.
3. **remembered** — the unit's analyst mapped this name to an indicator once
   (``remembered_name``). It never overrides rules 1 and 2.
4. **content words** (``auto``) — the label's content words (``core.terms``: abbreviations
   written out, stop words dropped, any order, case and diacritics ignored) against each
   name and alias of the candidates (the unit's own indicators valid in the month; every
   indicator when the unit is not known). Score: the Dice coefficient
   ``2·|L∩C| / (|L|+|C|)`` of the label's words L and the catalogue name's words C, the
   best name of each indicator. A candidate is *strong* when every word of the label is in
   the name (L ⊆ C) and the score is at least ``STRONG``. The best candidate is accepted —
   shown as "ghép tự động" for review — when it is strong, the sheet's unit of measure (if
   any) agrees with the indicator's, and it is unique: with score 1 (exactly the label's
   words), no other indicator valid in the month has score 1; below 1, every other one
   scores at least ``MARGIN`` less. Otherwise nothing is accepted and the closest
   indicators are suggested.

Suggestions are ranked by ``max(score, similarity)``, where similarity is difflib's ratio
of the two names written out in their own order (it forgives a typo; it counts only from
``LETTERS_MIN``), keeping those at or above ``SUGGEST_MIN``; ties go to the unit's own
indicators, then those valid in the month, then catalogue order. A label shaped like a
code (``TTKT_KD_PDT``) is compared with the codes too. They are ranked only when read
(``Match.suggestions``): the problem of an unknown row defers them (``etl.problems.Later``)
so that only the problems a file's list shows pay for them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial

from core.catalog import Catalog, Indicator
from core.months import Month
from core.text import normalize
from etl.problems import Later, Problem, error, resolved, warning

CODE, NAME, REMEMBERED, AUTO = "code", "name", "remembered", "auto"
STRONG = 0.75  # least score of an accepted match (with every label word in the name)
MARGIN = 0.15  # how far every other indicator must stay below an accepted one
SUGGEST_MIN = 0.5  # least rank of a suggestion
LETTERS_MIN = 0.75  # least letter similarity that counts (below it, any two names look alike)
SUGGESTIONS = 3
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_.\-][A-Za-z0-9]+)+$")


@dataclass
class Match:
    """What a row names: ``indicator`` with ``how`` it was found, or the ranked
    ``suggestions`` (several equally named indicators are ``candidates``)."""

    indicator: Indicator | None
    how: str | None = None  # CODE, NAME, REMEMBERED, AUTO; None when nothing was accepted
    candidates: list[Indicator] = field(default_factory=list)  # ambiguous by name
    label: str = ""  # the text that was matched
    # Ranks the closest indicators when nothing was accepted. Called only when
    # ``suggestions`` is first read: a file may hold 100.000 unknown rows of which the
    # problem list shows a few (``unmatched_problem`` defers it with ``Later``).
    rank: Callable[[], list[Indicator]] | None = field(default=None, repr=False,
                                                       compare=False)

    @property
    def ambiguous(self) -> bool:
        return self.indicator is None and len(self.candidates) > 1

    @cached_property
    def suggestions(self) -> list[Indicator]:
        """The candidates when ambiguous, else the closest indicators, best first."""
        if self.ambiguous:
            return list(self.candidates)
        if self.indicator is None and self.rank is not None:
            ranked = self.rank()
            self.rank = None  # let the matcher and its scores go
            return ranked
        return []


@dataclass(frozen=True)
class _Label:
    indicator: int  # index into catalog.indicators
    words: frozenset[str]
    text: str  # written out, words in their order, no diacritics


def dice(label: frozenset[str], name: frozenset[str]) -> float:
    """``2·|L∩C| / (|L|+|C|)``: 1 for the same words, 0 for none in common.

    >>> dice(frozenset("ab"), frozenset("abc"))
    0.8
    """
    if not label or not name:
        return 0.0
    return 2 * len(label & name) / (len(label) + len(name))


class IndicatorMatcher:
    """Finds the indicator of a code or a label (module docstring: the rules)."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.terms = catalog.terms
        self.by_raw_code = {i.code: i for i in catalog.indicators}
        self.by_code = {normalize(i.code): i for i in catalog.indicators}
        self._by_label: dict[str, list[Indicator]] | None = None
        self._labels: list[_Label] | None = None
        self._index: dict[str, list[int]] = {}
        # (unit, month) → the indicators a row of that unit-month may be: every row of a
        # sheet asks for the same pool, and a catalogue has thousands of indicators
        self._pools: dict[tuple[str | None, Month | None], frozenset[int]] = {}

    # --- the indexes, built when first needed (a file of codes never needs them) --------

    @property
    def by_label(self) -> dict[str, list[Indicator]]:
        if self._by_label is None:
            by_label: dict[str, list[Indicator]] = {}
            for ind in self.catalog.indicators:
                for label in (ind.name, *ind.aliases):
                    bucket = by_label.setdefault(normalize(label), [])
                    if ind not in bucket:
                        bucket.append(ind)
            self._by_label = by_label
        return self._by_label

    @property
    def labels(self) -> list[_Label]:
        if self._labels is None:
            labels = []
            for n, ind in enumerate(self.catalog.indicators):
                for text in (ind.name, *ind.aliases):
                    words = self.terms.content(text)
                    if words:
                        labels.append(_Label(n, words, self._written(text)))
            for i, label in enumerate(labels):
                for word in label.words:
                    self._index.setdefault(word, []).append(i)
            self._labels = labels
        return self._labels

    def _written(self, text: object) -> str:
        return " ".join(self.terms.plain_words(text))

    # --- matching -------------------------------------------------------------------------

    def match(self, code: object, name: object, unit: str | None = None,
              month: Month | None = None, measure: object = None,
              remembered: Mapping[str, str] | None = None) -> Match:
        """The indicator a row names (code cell, name cell, the sheet's unit of measure).

        ``remembered`` maps a normalised name to an indicator code for the row's unit.
        """
        if isinstance(code, str) and code in self.by_raw_code:
            ind = self.by_raw_code[code]
            return Match(ind, CODE, [ind], label=code)
        code_key = normalize(code) if code is not None else ""
        if code_key in self.by_code:
            ind = self.by_code[code_key]
            return Match(ind, CODE, [ind], label=str(code))
        name_text = str(name).strip() if name is not None else ""
        if not normalize(name_text) and code_key:
            name_text = str(code).strip()  # a name typed in the code column
        key = normalize(name_text)
        if not key:
            return Match(None)
        if key in self.by_code:  # a code typed in the name column
            ind = self.by_code[key]
            return Match(ind, CODE, [ind], label=name_text)
        found = self._narrow(list(self.by_label.get(key, [])), unit, month)
        if len(found) == 1:
            return Match(found[0], NAME, found, label=name_text)
        if found:
            return Match(None, None, found, label=name_text)
        if remembered and key in remembered and remembered[key] in self.by_raw_code:
            ind = self.by_raw_code[remembered[key]]
            return Match(ind, REMEMBERED, [ind], label=name_text)
        return self._by_words(name_text, unit, month, measure)

    def _narrow(self, found: list[Indicator], unit: str | None, month: Month | None
                ) -> list[Indicator]:
        if len(found) < 2:
            return found
        if unit:
            own = [i for i in found if i.org_unit == unit]
            if own:
                found = own
        if month and len(found) > 1:
            valid = [i for i in found if i.valid_in(month)]
            if valid:
                found = valid
        return found

    def scores(self, text: object) -> dict[int, tuple[float, bool]]:
        """Indicator index → (best score, strong) over its names, for the label ``text``;
        only indicators sharing a content word with it."""
        words = self.terms.content(text)
        labels = self.labels
        best: dict[int, tuple[float, bool]] = {}
        seen: set[int] = set()
        for word in words:
            for i in self._index.get(word, ()):
                if i in seen:
                    continue
                seen.add(i)
                label = labels[i]
                score = dice(words, label.words)
                strong = score >= STRONG and words <= label.words
                if (score, strong) > best.get(label.indicator, (0.0, False)):
                    best[label.indicator] = (score, strong)
        return best

    def _pool(self, unit: str | None, month: Month | None) -> frozenset[int]:
        key = (unit, month)
        if key not in self._pools:
            self._pools[key] = frozenset(
                n for n, ind in enumerate(self.catalog.indicators)
                if (unit is None or ind.org_unit == unit)
                and (month is None or ind.valid_in(month)))
        return self._pools[key]

    def _by_words(self, text: str, unit: str | None, month: Month | None,
                  measure: object) -> Match:
        scores = self.scores(text)
        indicators = self.catalog.indicators
        allowed = self._pool(unit, month)
        pool = [n for n in scores if n in allowed]
        if pool:
            top = max(pool, key=lambda n: (scores[n][0], -n))
            score, strong = scores[top]
            # Rivals: any unit's indicators, but not those retired (or not yet valid).
            rivals = [s for n, (s, _) in scores.items() if n != top
                      and (month is None or indicators[n].valid_in(month))]
            # The only indicator with exactly the label's words wins over one that differs
            # by a word; short of that, every other must stay MARGIN below.
            unique = all(s < 1.0 for s in rivals) if score == 1.0 else \
                all(s <= score - MARGIN for s in rivals)
            if strong and unique and self.terms.agree(measure, indicators[top].unit):
                return Match(indicators[top], AUTO, [indicators[top]], label=text)
        # Nothing accepted: the closest names are ranked only if someone reads them.
        return Match(None, None, [], label=text, rank=partial(self.suggest, text, unit, month))

    def suggest(self, text: object, unit: str | None = None, month: Month | None = None,
                scores: dict[int, tuple[float, bool]] | None = None,
                limit: int = SUGGESTIONS) -> list[Indicator]:
        """The indicators closest to ``text``, best first (module docstring: the rank)."""
        written = self._written(text)
        if not written:
            return []
        scores = self.scores(text) if scores is None else scores
        indicators = self.catalog.indicators
        own = [n for n, ind in enumerate(indicators) if unit is None or ind.org_unit == unit]
        pool = own or list(range(len(indicators)))
        wanted = set(pool)
        rank: dict[int, float] = {n: s for n, (s, _) in scores.items() if n in wanted}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(written)
        for label in self.labels:
            if label.indicator not in wanted:
                continue
            matcher.set_seq1(label.text)
            if matcher.real_quick_ratio() < LETTERS_MIN or matcher.quick_ratio() < LETTERS_MIN:
                continue
            ratio = matcher.ratio()
            if ratio >= LETTERS_MIN and ratio > rank.get(label.indicator, 0.0):
                rank[label.indicator] = ratio
        if _CODE_LIKE.match(str(text).strip()):  # a mistyped code: codes are close too
            for n in pool:
                ratio = difflib.SequenceMatcher(None, str(text).strip().upper(),
                                                indicators[n].code).ratio()
                if ratio >= LETTERS_MIN and ratio > rank.get(n, 0.0):
                    rank[n] = ratio
        ranked = sorted(
            (n for n, r in rank.items() if r >= SUGGEST_MIN),
            key=lambda n: (-round(rank[n], 6), indicators[n].org_unit != unit,
                           not (month is None or indicators[n].valid_in(month)), n))
        return [indicators[n] for n in ranked[:limit]]

    def measure_agrees(self, ind: Indicator, measure: object) -> bool:
        """Whether the sheet's unit of measure (blank: yes) fits the indicator's."""
        return self.terms.agree(measure, ind.unit)


def matcher_for(catalog: Catalog) -> IndicatorMatcher:
    """One matcher per catalogue object (building it normalises every code)."""
    found = catalog.__dict__.get("_etl_matcher")
    if found is None:
        found = IndicatorMatcher(catalog)
        catalog.__dict__["_etl_matcher"] = found
    return found


@dataclass(frozen=True)
class UnmatchedName:
    """A name a file uses that matched no indicator: one per unit and name."""

    unit: str
    label: str
    sheet: str | None
    row: int | None
    codes: tuple[str, ...]  # the suggestions, best first


UNMATCHED_CODES = ("unknown_indicator", "ambiguous_indicator")


def unmatched_names(problems: Iterable[Problem]) -> list[UnmatchedName]:
    """The distinct names (per unit, compared as ``normalize`` does) the unknown and
    ambiguous rows of a file name, in file order: what the upload page asks about."""
    found: dict[tuple[str, str], UnmatchedName] = {}
    for p in problems:
        unit, label = p.params.get("unit"), p.params.get("label")
        if p.code not in UNMATCHED_CODES or not unit or not label:
            continue
        key = (str(unit), normalize(label))
        if key not in found:
            codes = resolved(p).params.get("codes")  # a listed problem is resolved already
            found[key] = UnmatchedName(str(unit), str(label), p.sheet, p.row,
                                       tuple(codes or ()))  # type: ignore[arg-type]
    return list(found.values())


def _suggestion_names(match: Match) -> str:
    return "; ".join(i.name for i in match.suggestions) or "—"


def _suggestion_codes(match: Match) -> list[str]:
    return [i.code for i in match.suggestions]


def unmatched_problem(match: Match, where: tuple[str, int, str], unit: str | None
                      ) -> Problem:
    """The error of a row whose indicator was not found: ambiguous (several indicators have
    that name) or unknown, with the suggestions' names for people and codes for programs
    (the upload page's picker). An unknown row's suggestions are ranked only when the
    problem is listed (``etl.problems.listed`` resolves its ``Later`` parameters)."""
    if match.ambiguous:
        options = match.candidates
        return error("ambiguous_indicator", *where, label=match.label,
                     options="; ".join(i.name for i in options),
                     codes=[i.code for i in options], unit=unit)
    return error("unknown_indicator", *where, label=match.label,
                 suggestions=Later(_suggestion_names, match),
                 codes=Later(_suggestion_codes, match), unit=unit)


def review_match(matcher: IndicatorMatcher, match: Match, measure: object,
                 where: tuple[str, int, str]) -> Problem | None:
    """What to tell about a found indicator: an error when the sheet's unit of measure
    disagrees with the indicator's (the figure may be in other units), a warning when it
    was matched by its words ("ghép tự động", to be reviewed), else nothing."""
    ind = match.indicator
    if ind is None:
        return None
    if not matcher.measure_agrees(ind, measure):
        return error("measure_mismatch", *where, label=match.label, name=ind.name,
                     measure=str(measure).strip(), expected=ind.unit)
    if match.how == AUTO:
        return warning("auto_matched", *where, label=match.label, name=ind.name,
                       indicator=ind.code)
    return None
