"""Indicator matching by code or by name (case-, diacritic- and spacing-insensitive)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from core.catalog import Catalog, Indicator
from core.months import Month
from core.text import normalize


@dataclass
class Match:
    indicator: Indicator | None
    candidates: list[Indicator]  # several when ambiguous
    suggestions: list[str]  # the candidates' names when ambiguous


class IndicatorMatcher:
    """Finds an indicator for a code or a label, preferring the given unit's indicators."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.by_code = {normalize(i.code): i for i in catalog.indicators}
        self.by_label: dict[str, list[Indicator]] = {}
        for ind in catalog.indicators:
            for label in (ind.name, *ind.aliases):
                key = normalize(label)
                bucket = self.by_label.setdefault(key, [])
                if ind not in bucket:
                    bucket.append(ind)

    def match(self, code: object, name: object, unit: str | None = None,
              month: Month | None = None) -> Match:
        code_key = normalize(code) if code is not None else ""
        if code_key and code_key in self.by_code:
            return Match(self.by_code[code_key], [self.by_code[code_key]], [])
        name_key = normalize(name) if name is not None else ""
        if not name_key and code_key and code_key in self.by_label:
            name_key = code_key  # a name typed in the code column
        found = list(self.by_label.get(name_key, [])) if name_key else []
        if len(found) > 1:
            found = self._narrow(found, unit, month)
        if len(found) == 1:
            return Match(found[0], found, [])
        if len(found) > 1:
            return Match(None, found, [i.name for i in found])
        # Nothing matched: the closest names (``suggest``) are worked out by the problem
        # list, and only for the problems it shows (a file may hold 100.000 such rows).
        return Match(None, [], [])

    def _narrow(self, found: list[Indicator], unit: str | None, month: Month | None
                ) -> list[Indicator]:
        if unit:
            own = [i for i in found if i.org_unit == unit]
            if own:
                found = own
        if month and len(found) > 1:
            valid = [i for i in found if i.valid_in(month)]
            if valid:
                found = valid
        return found

    def suggest(self, key: str, unit: str | None = None, limit: int = 3) -> list[str]:
        """Closest indicator names to ``key``, the unit's own first."""
        if not key:
            return []
        pool = [i for i in self.catalog.indicators if unit is None or i.org_unit == unit]
        pool = pool or self.catalog.indicators
        labels = {normalize(i.name): i.name for i in pool}
        for ind in pool:
            for alias in ind.aliases:
                labels.setdefault(normalize(alias), ind.name)
        close = difflib.get_close_matches(key, list(labels), n=limit * 3, cutoff=0.5)
        names: list[str] = []
        for label in close:
            if labels[label] not in names:
                names.append(labels[label])
        return names[:limit]


def matcher_for(catalog: Catalog) -> IndicatorMatcher:
    """One matcher per catalogue object (building it normalises every name and alias)."""
    found = catalog.__dict__.get("_etl_matcher")
    if found is None:
        found = IndicatorMatcher(catalog)
        catalog.__dict__["_etl_matcher"] = found
    return found
