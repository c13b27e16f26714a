"""Message keys built at run time exist in the catalogue for every value they can take.

A key such as ``t(f"auth.role_{role}")`` is invisible to a search for missing keys; a value
without its text is a KeyError on the page that shows it. Each family below takes its
values from the code's own constants (or, where the code has none, from running it), so a
new role, status or problem code without its Vietnamese text fails here. The last test
finds every ``t(f"…")`` in the code and fails when one is not covered.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import yaml

from analytics.completeness import STATES
from auth.permissions import ROLES
from core.catalog import Catalog, load_catalog
from core.messages import catalogue, read_messages
from core.months import HALF, Month, ReportPeriod, month_range
from core.months import KINDS as REPORT_KINDS
from core.numbers import QUALIFIERS, VALUE_KINDS
from core.settings_spec import SETTINGS
from etl.narrative.roles import ROLES as NARRATIVE_ROLES
from etl.template import GUIDE_KEYS
from report.followup import STATUSES as FOLLOWUP_STATUSES
from report.reminders import KINDS as REMINDER_KINDS
from report.reminders import LETTER_ASKS
from report.summary import PLAN_MODES, PLAN_PARTS
from store.catalog_admin import ADDED, CHANGED, REMOVED, diff_catalog
from store.submissions import SOURCES, STATUSES
from ui.admin_view import TABS as ADMIN_TABS
from ui.import_review import REVIEW_STATES

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("actions", "admin", "analytics", "auth", "bench", "cli", "core", "demo", "etl",
               "pages", "report", "store", "ui", "web")


def _catalogue_diff_values() -> tuple[set[str], set[str]]:
    """The kinds and changes ``diff_catalog`` reports, from diffs that add, remove and
    change rows of every kind (an empty catalogue against the real one and back)."""
    full = load_catalog()
    empty = Catalog(units=[], sections=[], indicators=[], targets=[])
    edited = Catalog(
        units=[replace(u, name=u.name + " (mới)") for u in full.units],
        sections=[replace(s, title=s.title + " (mới)") for s in full.sections],
        indicators=[replace(i, name=i.name + " (mới)") for i in full.indicators],
        targets=[replace(x, value=x.value + 1) for x in full.targets],
    )
    changes = diff_catalog(empty, full) + diff_catalog(full, empty) + diff_catalog(full, edited)
    kinds, what = {c.kind for c in changes}, {c.change for c in changes}
    assert what == {ADDED, REMOVED, CHANGED}
    return kinds, what


@cache
def _problem_codes() -> frozenset[str]:
    """Every code passed to ``etl.problems`` error()/warning()/problem() in the code: a
    string literal, or a module constant holding one (anything else fails the test, so
    no code can hide from it)."""
    codes: set[str] = set()
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        makers = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "etl.problems":
                for alias in node.names:
                    if alias.name in ("error", "warning", "problem"):
                        makers[alias.asname or alias.name] = alias.name
        if path.name == "problems.py" and path.parent.name == "etl":
            makers = {"error": "error", "warning": "warning"}  # problem() is the definition
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in makers):
                continue
            position = 1 if makers[node.func.id] == "problem" else 0
            arg = next((k.value for k in node.keywords if k.arg == "code"), None)
            if arg is None and len(node.args) > position:
                arg = node.args[position]
            codes.add(_string_value(arg, path))
    codes.discard("<parameter>")
    return frozenset(codes)


def _string_value(node: ast.expr | None, path: Path) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        if node.id == "code":  # the maker's own parameter (problem(), error() in problems.py)
            return "<parameter>"
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        value = getattr(module, node.id, None)
        if isinstance(value, str):
            return value
    pytest.fail(f"{path.relative_to(ROOT)}: a problem code that is not a literal or a "
                f"module constant ({ast.dump(node) if node else 'missing'})")


def _source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in SOURCE_DIRS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if "migrations" not in f.parts]


@cache
def _families() -> dict[str, set[str]]:
    """Prefix of a run-time key → the keys it can become."""
    kinds, changes = _catalogue_diff_values()
    return {
        "auth.role_": {f"auth.role_{r}" for r in ROLES},
        "admin.setting_": {f"admin.setting_{s.name}" for s in SETTINGS},
        "admin.tab_": {f"admin.tab_{name}" for name in ADMIN_TABS},
        "admin.kind_": {f"admin.kind_{k}" for k in kinds},
        "admin.change_": {f"admin.change_{c}" for c in changes},
        "report.kind_": {f"report.kind_{k}" for k in REPORT_KINDS},
        "report.period_half_": {f"report.period_half_{ReportPeriod.containing(HALF, m).index}"
                                for m in month_range(Month(2023, 1), Month(2023, 12))},
        "report.status_": {f"report.status_{s}" for s in FOLLOWUP_STATUSES},
        "report.reminder_state_": {f"report.reminder_state_{k}" for k in REMINDER_KINDS},
        "report.reminder_request_": {f"report.reminder_request_{k}" for k in REMINDER_KINDS},
        "report.reminder_letter_ask_": {f"report.reminder_letter_ask_{k}" for k in LETTER_ASKS},
        "report.summary_": {f"report.summary_{m}{p}" for m in PLAN_MODES for p in PLAN_PARTS},
        "upload.qualifier_": {f"upload.qualifier_{q}" for q in set(QUALIFIERS.values())},
        "upload.source_": {f"upload.source_{s}" for s in SOURCES},
        "dashboard.source_": {f"dashboard.source_{s}" for s in SOURCES},
        "provenance.source_": {f"provenance.source_{s}" for s in SOURCES},
        "dashboard.status_": {f"dashboard.status_{s}" for s in STATUSES},
        "dashboard.state_": {f"dashboard.state_{s}" for s in STATES},
        "etl.": {f"etl.{code}" for code in _problem_codes()},
        "narrative.role_": {f"narrative.role_{r}" for r in NARRATIVE_ROLES},
        "narrative.period_": {f"narrative.period_{k}" for k in REPORT_KINDS if k != HALF},
        "narrative.period_half_": {f"narrative.period_half_{i}" for i in (1, 2)},
        "narrative.ui_state_": {f"narrative.ui_state_{s}" for s in REVIEW_STATES},
        "template.value_error_": {f"template.value_error_{k}" for k in VALUE_KINDS},
    }


@pytest.mark.parametrize("prefix", sorted(_families()))
def test_every_value_of_a_run_time_key_has_its_text(prefix: str) -> None:
    keys = _families()[prefix]
    assert keys, f"no values found for {prefix}…: did the constant move?"
    assert sorted(keys - set(catalogue())) == []


def test_problem_codes_are_found_and_fixes_have_their_problem() -> None:
    codes = _problem_codes()
    assert len(codes) > 30 and {"unexpected", "more_problems", "month_locked"} <= codes
    fixes = {k.removesuffix("_fix") for k in catalogue() if k.startswith("etl.")
             and k.endswith("_fix")}
    assert sorted(fixes - set(catalogue())) == []


def test_template_guide_keys() -> None:
    assert len(GUIDE_KEYS) == 7 and set(GUIDE_KEYS) <= set(catalogue())


# Each t(f"…") or Key(f"…") in the code, by its literal prefix: the family that covers it.
_F_KEY = re.compile(r"""\b(?:t|Key)\(f["']([a-z_]+\.[a-z_]*)\{""")


def test_every_run_time_key_in_the_code_is_covered() -> None:
    found: dict[str, list[str]] = {}
    for path in _source_files():
        for prefix in _F_KEY.findall(path.read_text(encoding="utf-8")):
            found.setdefault(prefix, []).append(str(path.relative_to(ROOT)))
    assert found, "no t(f\"…\") found: did the pattern break?"
    uncovered = {p: where for p, where in found.items() if p not in _families()}
    assert uncovered == {}


def test_a_key_written_twice_in_an_area_file_is_refused() -> None:
    assert read_messages('a: "một"\nb: "hai"\n') == {"a": "một", "b": "hai"}
    assert read_messages("") == {}
    with pytest.raises(yaml.constructor.ConstructorError, match="'a' written twice"):
        read_messages('a: "một"\nb: "hai"\n# --- another stream ---\na: "một"\n')
