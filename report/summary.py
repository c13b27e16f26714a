"""The summary opening part I: a few short paragraphs in the Department's register, chosen
by stated rules from the report's figures (``report.figures``), every number traceable to
them.

It is a function of ``(period, figures)``: ``gather_facts`` selects what to say,
``summary_text`` words it (message catalogue ``report.summary_*``, numbers by
``core.formatting``), ``build_summary`` does both. Months, quarters, halves, nine months
and years use the same rules; the wording names the period.

What it says, paragraph by paragraph (``docs/report.md``, "The summary"):

1. who reported: the units due in the period that sent their reports, and the names of
   those that did not (for a longer period, with the number of months missing);
2. the key figures: every headline indicator (catalogue ``headline``) with a value, in
   catalogue order; a count is written as the body writes it (``07 dự án``); a running
   total (aggregation ``last``) is said as "lũy kế", with its year to date against the
   year's plan where there is one;
3. the material moves against the same period last year (``analytics.material``: the
   rule shared with the overview's "Biến động đáng chú ý"): rises, then falls, largest
   first, at most three of each, each with its change in the indicator's unit and the
   percentage to one decimal. Against last year because that is comparable for every
   kind of period and for running totals (year to date against year to date); a month
   against the month before is seasonal (Tết, year end) and the overview shows it;
4. the plans: with the year still running, the run-rate outlook (``analytics.outlook``)
   of every indicator with a plan — those at risk (under 95%) and those ahead (105% and
   more) named, largest gap first, at most three each, the others counted; once the
   year is over (December, the year report), the attainment itself.

Not said: internal checks (outliers, versions not yet approved, a running total that
fell): those go to the report page's "Cần kiểm tra trước khi ký" panel
(``report.checks``), never into the document.

Length: at most ``WORD_LIMIT`` words for a month (``PERIOD_WORD_LIMIT`` for longer
periods); when the text would run over, it is shortened in a fixed order until it fits:
the plans' and the moves' lists down to one name each (the rest counted: "và 02 chỉ tiêu
khác"), then the moves' paragraph left out, then the plans' paragraph, then the missing
units counted instead of named (the checks panel names them), then key figures from the
last.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from analytics.material import LIST_SIZE, Move, material_moves
from analytics.outlook import whole_percent
from analytics.period_figures import IndicatorFigures
from analytics.ytd import LAST
from core.catalog import Indicator
from core.formatting import fmt_count, fmt_month_long, fmt_number
from core.messages import t
from core.months import MONTH, Month, ReportPeriod
from report.figures import ReportFigures, number, percent
from report.periods_text import long_label

WORD_LIMIT = 180  # a month
PERIOD_WORD_LIMIT = 240  # a quarter, half, nine months or year
AT_RISK_BELOW = 95  # whole percent of the plan, as the text says it
AHEAD_FROM = 105
REACHED_FROM = 100.0  # the year's final attainment, in percent
PARAGRAPH = "\n"  # paragraphs of the summary text (and of an edited draft)
# The plans' paragraph: report.summary_<mode><part> for every mode and part.
PLAN_MODES = OUTLOOK, RESULT = ("outlook", "result")
PLAN_PARTS = ("", "_item", "_ahead", "_behind", "_others", "_all")


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    value: float | None  # None: no data in the period
    end: Month  # the period's last month
    months_missing: int = 0  # a sum over a longer period with months missing
    plan_ratio: float | None = None  # running totals: year to date against the plan


@dataclass(frozen=True)
class PlanStanding:
    """An indicator against its year's plan: ``ratio`` the outlook (``final`` False) or
    the year's result (``final`` True)."""

    indicator: Indicator
    ratio: float
    final: bool

    @property
    def percent(self) -> int:
        """The outlook as the whole percent the text says ("khoảng 104%"), half up."""
        return whole_percent(self.ratio)

    @property
    def result_percent(self) -> float:
        """The final attainment in percent, as printed (one decimal)."""
        return round(self.ratio * 100, 1)


@dataclass
class SummaryFacts:
    period: ReportPeriod
    expected_units: int = 0
    reported_units: int = 0
    missing_units: list[tuple[str, int]] = field(default_factory=list)  # name, months
    key_figures: list[KeyFigure] = field(default_factory=list)
    compared: bool = False  # some indicator could be compared with last year
    rises: list[Move[Indicator]] = field(default_factory=list)
    falls: list[Move[Indicator]] = field(default_factory=list)
    final: bool = False  # the year is over: results, not outlooks
    behind: list[PlanStanding] = field(default_factory=list)  # at risk / not reached
    ahead: list[PlanStanding] = field(default_factory=list)  # ahead / reached
    others: int = 0  # plans neither behind nor ahead (outlooks about on plan)

    @property
    def monthly(self) -> bool:
        return self.period.kind == MONTH


# --- facts ---------------------------------------------------------------------------------


def _key_figure(f: IndicatorFigures, period: ReportPeriod) -> KeyFigure:
    item = f.indicator
    monthly = period.kind == MONTH
    missing = 0 if monthly or item.aggregation == LAST else len(f.total.months_missing)
    ratio = f.attainment.ratio if item.aggregation == LAST else None
    return KeyFigure(item, f.value, period.last_month, missing if f.value is not None else 0,
                     ratio)


def _standings(figures: dict[str, IndicatorFigures], final: bool
               ) -> tuple[list[PlanStanding], list[PlanStanding], int]:
    """(behind, ahead, on plan): the named lists, largest gap first, and how many are
    neither (by the plan rules of the module docstring)."""
    standings: list[PlanStanding] = []
    for f in figures.values():
        if final:
            if f.attainment.ratio is not None and f.attainment.ytd.complete:
                standings.append(PlanStanding(f.indicator, f.attainment.ratio, True))
        elif f.outlook is not None:
            standings.append(PlanStanding(f.indicator, f.outlook.ratio, False))
    if final:
        behind = [s for s in standings if s.result_percent < REACHED_FROM]
        ahead = [s for s in standings if s.result_percent >= REACHED_FROM]
    else:
        behind = [s for s in standings if s.percent < AT_RISK_BELOW]
        ahead = [s for s in standings if s.percent >= AHEAD_FROM]
    behind.sort(key=lambda s: (s.ratio, s.indicator.code))
    ahead.sort(key=lambda s: (-s.ratio, s.indicator.code))
    return behind, ahead, len(standings) - len(behind) - len(ahead)


def gather_facts(period: ReportPeriod, figures: ReportFigures) -> SummaryFacts:
    """What the summary of ``period`` says, chosen from ``figures`` by the module's rules."""
    facts = SummaryFacts(period, len(figures.expected_units), figures.reported_units)
    facts.missing_units = [(figures.unit_name(u), figures.missing_months[u])
                           for u in figures.expected_units if u in figures.missing_months]
    facts.key_figures = [_key_figure(f, period) for f in figures.indicators.values()
                         if f.indicator.headline]
    changes = [(f.indicator, f.last_year, f.indicator.unit)
               for f in figures.indicators.values() if f.last_year is not None]
    facts.compared = bool(changes)
    facts.rises, facts.falls = material_moves(changes)
    facts.final = period.last_month.month == 12
    facts.behind, facts.ahead, facts.others = _standings(figures.indicators, facts.final)
    return facts


# --- words ---------------------------------------------------------------------------------


def _units(facts: SummaryFacts, named: bool) -> str | None:
    if not facts.expected_units:
        return None
    period = long_label(facts.period)
    if not facts.missing_units:
        return t("report.summary_units_all", period=period,
                 count=fmt_count(facts.expected_units))
    if named:
        names = [name if facts.monthly else t("report.summary_unit_months", name=name,
                                              count=fmt_count(n))
                 for name, n in facts.missing_units]
        missing = ", ".join(names)
    else:
        missing = t("report.summary_units_count", count=fmt_count(len(facts.missing_units)))
    return t("report.summary_units_some", period=period,
             reported=fmt_count(facts.reported_units),
             expected=fmt_count(facts.expected_units), units=missing)


def _key_item(k: KeyFigure) -> str:
    item = k.indicator
    if k.value is None:
        return t("report.summary_key_missing", name=item.name)
    value = number(item, k.value)
    if item.aggregation == LAST:
        end = fmt_month_long(k.end)
        if k.plan_ratio is not None:
            return t("report.summary_key_running_plan", name=item.name, value=value,
                     noun=item.unit, percent=percent(k.plan_ratio), end=end)
        return t("report.summary_key_running", name=item.name, value=value, noun=item.unit,
                 end=end)
    if k.months_missing:
        return t("report.summary_key_incomplete", name=item.name, value=value,
                 noun=item.unit, count=fmt_count(k.months_missing))
    return t("report.summary_key_item", name=item.name, value=value, noun=item.unit)


def _key(facts: SummaryFacts, size: int) -> str | None:
    items = facts.key_figures[:size]
    if not items:
        return None
    return t("report.summary_key", items="; ".join(map(_key_item, items)))


def _move_item(move: Move[Indicator]) -> str:
    item, comp = move.key, move.comparison
    verb = t("report.summary_rise") if comp.change > 0 else t("report.summary_fall")
    return t("report.summary_move", name=item.name, verb=verb,
             change=number(item, abs(comp.change)), noun=item.unit,
             percent=percent(abs(comp.ratio)))


def _moves(facts: SummaryFacts, size: int) -> str | None:
    if not facts.compared or size == 0:  # 0: left out for length (never "no move")
        return None
    moves = facts.rises[:size] + facts.falls[:size]
    if not moves:
        return t("report.summary_moves_none")
    return t("report.summary_moves", items="; ".join(map(_move_item, moves)))


def _standing_item(s: PlanStanding) -> str:
    if s.final:
        return t("report.summary_result_item", name=s.indicator.name,
                 percent=fmt_number(s.result_percent, 1))
    return t("report.summary_outlook_item", name=s.indicator.name, percent=s.percent)


def _named(items: list[PlanStanding], size: int) -> str:
    shown = ", ".join(map(_standing_item, items[:size]))
    if len(items) > size:
        shown = t("report.summary_and_more", items=shown, count=fmt_count(len(items) - size))
    return shown


def _plans(facts: SummaryFacts, size: int) -> str | None:
    mode = RESULT if facts.final else OUTLOOK
    if size == 0 or not (facts.behind or facts.ahead or facts.others):
        return None
    if not (facts.behind or facts.ahead):
        return t(f"report.summary_{mode}_all", count=fmt_count(facts.others))
    parts = []
    if facts.ahead:
        parts.append(t(f"report.summary_{mode}_ahead", items=_named(facts.ahead, size)))
    if facts.behind:
        parts.append(t(f"report.summary_{mode}_behind", items=_named(facts.behind, size)))
    if facts.others:
        parts.append(t(f"report.summary_{mode}_others", count=fmt_count(facts.others)))
    return t(f"report.summary_{mode}", parts="; ".join(parts))


@dataclass(frozen=True)
class _Sizes:
    """How many items each list may name (shrunk, in order, to fit the word limit)."""

    plans: int = LIST_SIZE
    moves: int = LIST_SIZE  # the material-move rule gives at most LIST_SIZE of each
    key: int = 10**6
    units_named: bool = True


def _shrinking(facts: SummaryFacts):
    """The list sizes to try, from the full text down to the shortest: the plans' and the
    moves' lists down to one name each, then without the moves, then without the plans,
    then the missing units counted instead of named, then the key figures from the last."""
    sizes = _Sizes(key=len(facts.key_figures))
    yield sizes
    for name, floor in (("plans", 1), ("moves", 1), ("moves", 0), ("plans", 0)):
        while getattr(sizes, name) > floor:
            sizes = replace(sizes, **{name: getattr(sizes, name) - 1})
            yield sizes
    sizes = replace(sizes, units_named=False)
    yield sizes
    while sizes.key > 0:
        sizes = replace(sizes, key=sizes.key - 1)
        yield sizes


def _compose(facts: SummaryFacts, sizes: _Sizes) -> str | None:
    paragraphs = [_units(facts, sizes.units_named), _key(facts, sizes.key),
                  _moves(facts, sizes.moves), _plans(facts, sizes.plans)]
    kept = [p for p in paragraphs if p]
    return PARAGRAPH.join(kept) if kept else None


def word_count(text: str) -> int:
    return len(text.split())


def word_limit(period: ReportPeriod) -> int:
    return WORD_LIMIT if period.kind == MONTH else PERIOD_WORD_LIMIT


def summary_text(facts: SummaryFacts) -> str | None:
    """The summary for ``facts``, paragraphs separated by a line break (None when there is
    nothing to say), within the period's word limit."""
    limit = word_limit(facts.period)
    text = None
    for sizes in _shrinking(facts):
        text = _compose(facts, sizes)
        if text is None or word_count(text) <= limit:
            return text
    return text


def build_summary(period: ReportPeriod, figures: ReportFigures) -> str | None:
    """The summary of ``period`` from the report's ``figures``."""
    return summary_text(gather_facts(period, figures))
