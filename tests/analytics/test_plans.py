"""One source of plans: the catalogue's target, or the allocation a unit reports — never
both for one indicator; every view (card, trends, report) asks the same function."""

from __future__ import annotations

import dataclasses

import pytest

from analytics.kpi import fetch_codes, kpi_cards
from analytics.series import all_series
from analytics.targets import Attainment, Plan, attainment, plan_codes, plan_for
from analytics.trends import trend_frame
from analytics.ytd import ytd
from core.catalog import CatalogError, load_catalog, parse_catalog
from core.months import Month
from tests.analytics.helpers import catalog, figures, indicator

SPENT = dataclasses.replace(indicator("SPENT", aggregation="last"), plan="BUDGET")
BUDGET = indicator("BUDGET", aggregation="last")
CAT = catalog([SPENT, BUDGET, indicator("X")], targets=[("X", 2023, 120.0)])
FRAME = figures([
    ("A", "2022-12", "BUDGET", 900.0), ("A", "2022-12", "SPENT", 880.0),
    ("A", "2023-01", "BUDGET", 1000.0), ("A", "2023-01", "SPENT", 30.0),
    ("A", "2023-02", "SPENT", 100.0),  # February: no allocation reported this month
    ("A", "2023-03", "BUDGET", 1200.0), ("A", "2023-03", "SPENT", 300.0),
    ("A", "2023-01", "X", 10.0), ("A", "2023-02", "X", 20.0),
])
SERIES = all_series(FRAME, CAT, ["SPENT", "BUDGET", "X"])


@pytest.mark.parametrize(("month", "value", "reported_in"), [
    ("2023-01", 1000.0, "2023-01"),
    ("2023-02", 1000.0, "2023-01"),  # the latest allocation of the year so far
    ("2023-03", 1200.0, "2023-03"),  # a raised allocation counts from its month
])
def test_reported_plan_is_the_latest_allocation_of_the_year(month, value, reported_in):
    plan = plan_for(CAT, "SPENT", Month.parse(month), SERIES)
    assert plan == Plan(2023, value, "BUDGET", Month.parse(reported_in),
                        CAT.indicator("BUDGET").name)
    assert plan.reported


def test_last_years_allocation_is_never_this_years_plan():
    frame = FRAME[FRAME["period"] != "2023-01"]
    plan = plan_for(CAT, "SPENT", Month(2023, 2), all_series(frame, CAT, ["BUDGET"]))
    assert plan.value is None and plan.source == "BUDGET"  # December 2022's 900 not taken


def test_reported_plan_without_its_series_is_unknown_not_zero():
    assert plan_for(CAT, "SPENT", Month(2023, 1), {}).value is None


def test_catalogue_target_for_other_indicators():
    assert plan_for(CAT, "X", Month(2023, 2), SERIES) == Plan(2023, 120.0)
    assert plan_for(CAT, "X", Month(2024, 2), SERIES) == Plan(2024, None)


def test_attainment_uses_the_one_plan():
    att = attainment(CAT, SERIES["SPENT"], Month(2023, 3), SERIES)
    assert att.ytd.value == 300.0 and att.target == 1200.0 and att.ratio == 0.25
    assert attainment(CAT, SERIES["SPENT"], Month(2023, 3)).ratio is None  # plan not given
    zero = Attainment(Plan(2023, 0.0), ytd(SERIES["X"], Month(2023, 2), "sum"))
    assert zero.ratio is None


def test_views_fetch_and_read_the_same_plan():
    assert plan_codes(CAT, ["SPENT", "X", "NOPE"]) == ["BUDGET"]
    assert set(fetch_codes(CAT, ["SPENT"])) == {"SPENT", "BUDGET"}
    card = kpi_cards(CAT, FRAME, Month(2023, 3), [CAT.indicator("SPENT")])[0]
    assert card.attainment.target == 1200.0 and card.attainment.ratio == 0.25
    trend = trend_frame(CAT, FRAME, ["SPENT"], Month(2023, 1), Month(2023, 3))
    assert trend["target"].tolist() == [1000.0, 1000.0, 1200.0]


def test_sample_catalogue_plans_disbursement_by_the_reported_allocation():
    cat = load_catalog()
    item = cat.indicator("KHTC_GIAINGAN")
    assert item.plan == "KHTC_DUTOAN"
    assert all(t.indicator != "KHTC_GIAINGAN" for t in cat.targets)
    # every other headline indicator keeps a catalogue target for 2023
    others = [i for i in cat.indicators if i.headline and not i.plan]
    assert others and all(cat.target(i.code, 2023) for i in others)


BASE_YAML = load_catalog().to_json()


def _yaml_with(indicator_changes: dict, targets: list | None = None) -> str:
    import yaml

    # the catalogue's lists, each entry copied (abbreviations and synonyms are not mappings)
    data = {"version": 1, **{k: [dict(x) if isinstance(x, dict) else x for x in v]
                             for k, v in BASE_YAML.items() if isinstance(v, list)}}
    for row in data["indicators"]:
        row.update(indicator_changes.get(row["code"], {}))
    if targets is not None:
        data["targets"] = targets
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(("changes", "targets", "field", "words"), [
    ({"KHTC_GIAINGAN": {"plan": "KHONG_CO"}}, None, "plan", "KHONG_CO"),
    ({"KHTC_GIAINGAN": {"plan": "KHTC_GIAINGAN"}}, None, "plan", "chỉ tiêu khác"),
    ({"KHTC_GIAINGAN": {"plan": "TTKT_KD_PTD"}}, None, "plan", "đơn vị tính"),
    ({"KHTC_DUTOAN": {"plan": "KHTC_GIAINGAN"}}, None, "plan", "chỉ tiêu khác"),  # a chain
    ({}, [{"indicator": "KHTC_GIAINGAN", "year": 2023, "value": 18500}], "indicator",
     "không đặt thêm kế hoạch"),  # two sources for one plan
])
def test_catalogue_refuses_a_second_source_or_a_bad_plan(changes, targets, field, words):
    with pytest.raises(CatalogError) as refused:
        parse_catalog(_yaml_with(changes, targets))
    assert refused.value.field == field and refused.value.line
    assert words in str(refused.value)


def test_plan_survives_the_database_round_trip(sqlite_engine):
    from store.catalog_store import export_yaml, read_catalog

    stored = read_catalog(sqlite_engine)
    assert stored.indicator("KHTC_GIAINGAN").plan == "KHTC_DUTOAN"
    assert stored.indicator("TTKT_KD_PTD").plan is None
    again = parse_catalog(export_yaml(sqlite_engine))
    assert again.indicator("KHTC_GIAINGAN").plan == "KHTC_DUTOAN"

