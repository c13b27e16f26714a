"""The catalogue (org units, sections, indicators, targets) loaded from YAML and validated.

The YAML seeds an empty database; after that the database is the truth and
``store.catalog`` exports it back. A broken file is refused with a message that
names the line and the field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from core.messages import t
from core.months import Month
from core.numbers import COUNT, VALUE_KINDS
from core.terms import Terms, words

CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog.yaml"

UNIT_KINDS = ("province", "department", "unit")
AGGREGATIONS = ("sum", "last")
DIRECTIONS = ("up", "down", "neutral")


class CatalogError(ValueError):
    """A catalogue problem: ``line`` and ``field`` say where, the text says what to fix."""

    def __init__(self, message: str, line: int | None = None, field_name: str | None = None):
        super().__init__(message)
        self.line = line
        self.field = field_name


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    kind: str
    parent: str | None
    sections: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    aliases: tuple[str, ...] = ()  # other names in titles ("Chi cục TĐC")

    def valid_in(self, month: Month) -> bool:
        return _valid(self.valid_from, self.valid_to, month)


@dataclass(frozen=True)
class Abbreviation:
    """A short form and what it stands for (``PTĐ`` → ``phương tiện đo``)."""

    short: str
    full: str


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    parent: str | None
    order: int
    valid_from: date | None
    valid_to: date | None

    def valid_in(self, month: Month) -> bool:
        return _valid(self.valid_from, self.valid_to, month)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    aliases: tuple[str, ...]
    unit: str
    section: str
    org_unit: str
    aggregation: str
    direction: str
    decimals: int
    headline: bool
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    # The indicator whose reported value is this one's yearly plan (the allocated budget
    # for the disbursed budget); such an indicator has no targets of its own.
    plan: str | None = None
    # count (whole things) | amount (money, kg: decimals allowed) | percent
    value_kind: str = COUNT

    def valid_in(self, month: Month) -> bool:
        return _valid(self.valid_from, self.valid_to, month)


@dataclass(frozen=True)
class Target:
    indicator: str
    year: int
    value: float


def _valid(start: date | None, end: date | None, month: Month) -> bool:
    """Valid in a month when the validity overlaps any day of it."""
    if start is not None and start > month.last_day:
        return False
    return not (end is not None and end < month.first_day)


@dataclass
class Catalog:
    units: list[OrgUnit]
    sections: list[Section]
    indicators: list[Indicator]
    targets: list[Target] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    # Units of measure that mean the same; the first of a group is the one the others mean.
    measure_synonyms: list[tuple[str, ...]] = field(default_factory=list)

    @cached_property
    def terms(self) -> Terms:
        """The abbreviations and measure synonyms, compiled for matching."""
        return Terms([(a.short, a.full) for a in self.abbreviations], self.measure_synonyms)

    @cached_property
    def unit_by_code(self) -> dict[str, OrgUnit]:
        return {u.code: u for u in self.units}

    @cached_property
    def section_by_code(self) -> dict[str, Section]:
        return {s.code: s for s in self.sections}

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def unit(self, code: str) -> OrgUnit:
        return self.unit_by_code[code]

    def indicator(self, code: str) -> Indicator:
        return self.indicator_by_code[code]

    def reporting_units(self, month: Month | None = None) -> list[OrgUnit]:
        """Units that submit (kind ``unit``), valid in ``month`` when given, in section order."""
        units = [u for u in self.units if u.kind == "unit" and (month is None or u.valid_in(month))]
        return sorted(units, key=lambda u: self._first_section_order(u))

    def _first_section_order(self, unit: OrgUnit) -> int:
        orders = [self.section_by_code[s].order for s in unit.sections if s in self.section_by_code]
        return min(orders) if orders else 10**6

    def indicators_for(self, unit: str, month: Month | None = None) -> list[Indicator]:
        """A unit's indicators valid in ``month`` (all when None), in catalogue order."""
        return [
            i for i in self.indicators
            if i.org_unit == unit and (month is None or i.valid_in(month))
        ]

    def ordered_sections(self, month: Month | None = None) -> list[Section]:
        secs = [s for s in self.sections if month is None or s.valid_in(month)]
        return sorted(secs, key=lambda s: s.order)

    def target(self, indicator: str, year: int) -> float | None:
        for tg in self.targets:
            if tg.indicator == indicator and tg.year == year:
                return tg.value
        return None

    def to_json(self) -> dict[str, Any]:
        """The shape printed by ``python -m etl catalog --json``."""

        def row(obj: Any) -> dict[str, Any]:
            data = asdict(obj)
            for key, value in data.items():
                if isinstance(value, date):
                    data[key] = value.isoformat()
                elif isinstance(value, tuple):
                    data[key] = list(value)
            return data

        return {
            "units": [row(u) for u in self.units],
            "sections": [row(s) for s in self.sections],
            "indicators": [row(i) for i in self.indicators],
            "targets": [row(tg) for tg in self.targets],
            "abbreviations": [row(a) for a in self.abbreviations],
            "measure_synonyms": [list(group) for group in self.measure_synonyms],
        }


# --- loading with line numbers ------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and of each of its keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {str(k.value): v.start_mark.line + 1 for k, v in node.value}
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    # An impossible date such as 2023-02-30 stays text, so the field reader reports it
    # with its line and field instead of a bare ValueError escaping the loader.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _Reader:
    """Reads typed fields of one YAML mapping and raises CatalogError naming line and field."""

    def __init__(self, path: Path, item: Any, where: str, line: int):
        if not isinstance(item, dict):
            raise CatalogError(
                t("catalog.not_mapping", path=path.name, line=line, where=where), line, None
            )
        self.path, self.item, self.where = path, item, where

    def line(self, name: str) -> int:
        return self.item.get("__lines__", {}).get(name, self.item.get("__line__", 0))

    def fail(self, name: str, problem: str) -> CatalogError:
        line = self.line(name)
        return CatalogError(
            t("catalog.bad_field", path=self.path.name, line=line, where=self.where,
              field=name, problem=problem),
            line,
            name,
        )

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.item.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(name, t("catalog.missing"))
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.fail(name, t("catalog.not_text"))
        return str(value).strip()

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.item.get(name, default)
        if value not in options:
            raise self.fail(name, t("catalog.not_choice", options=", ".join(options)))
        return str(value)

    def day(self, name: str) -> date | None:
        value = self.item.get(name)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(name, t("catalog.not_date")) from None

    def integer(self, name: str, default: int | None = None) -> int:
        value = self.item.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(name, t("catalog.not_integer"))
        return value

    def number(self, name: str) -> float:
        value = self.item.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise self.fail(name, t("catalog.not_number"))
        return float(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.item.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, t("catalog.not_bool"))
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.item.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise self.fail(name, t("catalog.not_list"))
        return tuple(str(v).strip() for v in value)


def _items(path: Path, data: dict[str, Any], key: str, required: bool = True) -> list[Any]:
    items = data.get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list) or (required and not items):
        line = data.get("__lines__", {}).get(key, 1)
        raise CatalogError(t("catalog.missing_list", path=path.name, line=line, key=key), line, key)
    return items


def parse_catalog(text: str, path: Path = CATALOG_PATH) -> Catalog:
    """Parse and validate catalogue YAML text; raises CatalogError naming line and field."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise CatalogError(t("catalog.yaml_syntax", path=path.name, line=line), line) from None
    if not isinstance(data, dict):
        raise CatalogError(t("catalog.not_mapping", path=path.name, line=1, where="catalog"), 1)

    units = []
    for item in _items(path, data, "units"):
        r = _Reader(path, item, "units", getattr(item, "get", lambda *_: 0)("__line__", 0))
        units.append(OrgUnit(
            code=r.text("code"), name=r.text("name"), kind=r.choice("kind", UNIT_KINDS, "unit"),
            parent=r.text("parent", required=False), sections=r.texts("sections"),
            valid_from=r.day("valid_from"), valid_to=r.day("valid_to"),
            successor=r.text("successor", required=False), aliases=r.texts("aliases"),
        ))
    sections = []
    for item in _items(path, data, "sections"):
        r = _Reader(path, item, "sections", getattr(item, "get", lambda *_: 0)("__line__", 0))
        sections.append(Section(
            code=r.text("code"), title=r.text("title"), parent=r.text("parent", required=False),
            order=r.integer("order"), valid_from=r.day("valid_from"), valid_to=r.day("valid_to"),
        ))
    indicators = []
    for item in _items(path, data, "indicators"):
        r = _Reader(path, item, "indicators", getattr(item, "get", lambda *_: 0)("__line__", 0))
        indicators.append(Indicator(
            code=r.text("code"), name=r.text("name"), aliases=r.texts("aliases"),
            unit=r.text("unit"), section=r.text("section"), org_unit=r.text("org_unit"),
            aggregation=r.choice("aggregation", AGGREGATIONS, "sum"),
            direction=r.choice("direction", DIRECTIONS, "up"), decimals=r.integer("decimals", 0),
            headline=r.flag("headline"), valid_from=r.day("valid_from"), valid_to=r.day("valid_to"),
            successor=r.text("successor", required=False), plan=r.text("plan", required=False),
            value_kind=r.choice("value_kind", VALUE_KINDS, COUNT),
        ))
    targets = []
    for item in _items(path, data, "targets", required=False):
        r = _Reader(path, item, "targets", getattr(item, "get", lambda *_: 0)("__line__", 0))
        targets.append(Target(indicator=r.text("indicator"), year=r.integer("year"),
                              value=r.number("value")))

    abbreviations = []
    for item in _items(path, data, "abbreviations", required=False):
        r = _Reader(path, item, "abbreviations", getattr(item, "get", lambda *_: 0)("__line__", 0))
        abbreviations.append(Abbreviation(short=r.text("short"), full=r.text("full")))
    catalog = Catalog(units, sections, indicators, targets, abbreviations,
                      _measure_groups(path, data))
    _check_references(path, data, catalog)
    _check_terms(path, data, catalog)
    return catalog


def _measure_groups(path: Path, data: dict[str, Any]) -> list[tuple[str, ...]]:
    """``measure_synonyms``: lists of two or more names of one unit of measure."""
    groups = []
    line = data.get("__lines__", {}).get("measure_synonyms", 1)
    for group in _items(path, data, "measure_synonyms", required=False):
        if not isinstance(group, list) or len(group) < 2 or not all(
                isinstance(v, (str, int)) and str(v).strip() for v in group):
            raise CatalogError(t("catalog.bad_measure_group", path=path.name, line=line),
                               line, "measure_synonyms")
        groups.append(tuple(str(v).strip() for v in group))
    return groups


def _check_terms(path: Path, data: dict[str, Any], catalog: Catalog) -> None:
    """An abbreviation is written once and stands for something else than itself; a unit
    of measure is in one synonym group only."""
    raw = data.get("abbreviations") or []
    seen: set[tuple[str, ...]] = set()
    for index, abbr in enumerate(catalog.abbreviations):
        key = tuple(p for p, _ in words(abbr.short))
        item = raw[index]
        reader = _Reader(path, item, "abbreviations", item.get("__line__", 0))
        if key in seen:
            raise reader.fail("short", t("catalog.duplicate_code", code=abbr.short))
        if key == tuple(p for p, _ in words(abbr.full)):
            raise reader.fail("full", t("catalog.abbreviation_same"))
        seen.add(key)
    line = data.get("__lines__", {}).get("measure_synonyms", 1)
    terms: set[tuple[str, ...]] = set()
    for group in catalog.measure_synonyms:
        for term in group:
            key = tuple(p for p, _ in words(term))
            if key in terms:
                raise CatalogError(t("catalog.measure_twice", path=path.name, line=line,
                                     term=term), line, "measure_synonyms")
            terms.add(key)


def _check_references(path: Path, data: dict[str, Any], catalog: Catalog) -> None:
    """Codes unique, every reference points at something that exists, dates in order."""
    raw = {key: data.get(key) or [] for key in ("units", "sections", "indicators", "targets")}

    def fail(key: str, index: int, name: str, problem: str) -> CatalogError:
        item = raw[key][index]
        return _Reader(path, item, key, item.get("__line__", 0)).fail(name, problem)

    for key, objs in (("units", catalog.units), ("sections", catalog.sections),
                      ("indicators", catalog.indicators)):
        seen: set[str] = set()
        for index, obj in enumerate(objs):
            if obj.code in seen:
                raise fail(key, index, "code", t("catalog.duplicate_code", code=obj.code))
            seen.add(obj.code)
            if obj.valid_from and obj.valid_to and obj.valid_to < obj.valid_from:
                raise fail(key, index, "valid_to", t("catalog.dates_reversed"))

    units, sections = catalog.unit_by_code, catalog.section_by_code
    for index, unit in enumerate(catalog.units):
        if unit.parent and unit.parent not in units:
            raise fail("units", index, "parent", t("catalog.unknown_ref", code=unit.parent))
        if unit.successor and unit.successor not in units:
            raise fail("units", index, "successor", t("catalog.unknown_ref", code=unit.successor))
        for code in unit.sections:
            if code not in sections:
                raise fail("units", index, "sections", t("catalog.unknown_ref", code=code))
    for index, sec in enumerate(catalog.sections):
        if sec.parent and sec.parent not in sections:
            raise fail("sections", index, "parent", t("catalog.unknown_ref", code=sec.parent))
    indicators = catalog.indicator_by_code
    for index, ind in enumerate(catalog.indicators):
        if ind.section not in sections:
            raise fail("indicators", index, "section", t("catalog.unknown_ref", code=ind.section))
        if ind.org_unit not in units:
            raise fail("indicators", index, "org_unit", t("catalog.unknown_ref", code=ind.org_unit))
        if ind.section not in units[ind.org_unit].sections:
            raise fail("indicators", index, "section",
                       t("catalog.section_not_of_unit", section=ind.section, unit=ind.org_unit))
        if ind.successor and ind.successor not in indicators:
            raise fail("indicators", index, "successor",
                       t("catalog.unknown_ref", code=ind.successor))
        if ind.plan:
            _check_plan(ind, indicators, lambda problem, i=index: fail(
                "indicators", i, "plan", problem))
    seen_targets: set[tuple[str, int]] = set()
    for index, tg in enumerate(catalog.targets):
        if tg.indicator not in indicators:
            raise fail("targets", index, "indicator", t("catalog.unknown_ref", code=tg.indicator))
        if indicators[tg.indicator].plan:
            raise fail("targets", index, "indicator",
                       t("catalog.target_of_reported_plan", code=tg.indicator,
                         plan=indicators[tg.indicator].plan))
        if (tg.indicator, tg.year) in seen_targets:
            raise fail("targets", index, "year",
                       t("catalog.duplicate_target", code=tg.indicator, year=tg.year))
        seen_targets.add((tg.indicator, tg.year))


def _check_plan(ind: Indicator, indicators: dict[str, Indicator], fail: Any) -> None:
    """A reported plan is another indicator of the same unit noun, itself not planned by a
    third one (one step, so the plan of a plan never has to be looked up)."""
    plan = indicators.get(ind.plan)
    if plan is None:
        raise fail(t("catalog.unknown_ref", code=ind.plan))
    if plan.code == ind.code or plan.plan:
        raise fail(t("catalog.plan_chain", code=ind.plan))
    if plan.unit != ind.unit:
        raise fail(t("catalog.plan_unit", code=ind.plan, plan_unit=plan.unit, unit=ind.unit))


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate the catalogue YAML (default ``data/catalog.yaml``)."""
    p = Path(path) if path else CATALOG_PATH
    return parse_catalog(p.read_text(encoding="utf-8"), p)
