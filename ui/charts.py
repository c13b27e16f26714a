"""Plotly with Vietnamese defaults, and the table-with-downloads shown under every chart.

Numbers use ``,`` as decimal mark and ``.`` for thousands (``separators=",."``); months are
shown as ``01/2023``; gaps stay gaps (``connectgaps=False``); plotly's English mode bar is
hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.periods import to_month, to_period
from analytics.series import Join
from core.export import to_csv_bytes, to_xlsx_bytes
from core.formatting import fmt_month, fmt_number
from core.messages import t
from ui import responsive

CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}
SEPARATORS = ",."
PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#a23b72", "#6b6b6b", "#c0392b", "#17a2b8",
           "#8e6c3a")


def month_x(index: Sequence[pd.Period]) -> list[pd.Timestamp]:
    """Monthly periods as timestamps on the first day (a date axis keeps real spacing)."""
    return [p.to_timestamp() for p in index]


def base_layout(fig: go.Figure, height: int = 380, y_title: str | None = None) -> go.Figure:
    fig.update_layout(
        separators=SEPARATORS,
        height=height,
        margin=dict(l=8, r=8, t=24, b=8),
        legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0,
                    font=dict(size=11)),  # long Vietnamese names must fit a phone
        hovermode="x unified",
        font=dict(family="Arial, sans-serif", size=13),
    )
    fig.update_xaxes(tickformat="%m/%Y", hoverformat="%m/%Y", title_text=None)
    fig.update_yaxes(title_text=y_title, tickformat=",~r", rangemode="tozero")
    return fig


CLICKABLE_LAYOUT = ("closest", "event+select")


def clickable(fig: go.Figure) -> go.Figure:
    """``fig`` with a click selecting the one nearest point (for :func:`show_clickable`)."""
    hovermode, clickmode = CLICKABLE_LAYOUT
    return fig.update_layout(hovermode=hovermode, clickmode=clickmode)


def show_clickable(fig: go.Figure, key: str) -> str | None:
    """Draw ``fig`` so that a click on a point selects it; returns the clicked point's
    ``customdata`` (text the caller put on each point), None when nothing was clicked.

    A click selects the nearest point (``hovermode="closest"``: one point, not every line
    at that month). A figure already :func:`clickable` is not changed."""
    if (fig.layout.hovermode, fig.layout.clickmode) != CLICKABLE_LAYOUT:
        clickable(fig)
    event = st.plotly_chart(fig, config=CONFIG, key=key, width="stretch", on_select="rerun",
                            selection_mode="points")
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if isinstance(data, str) and data:
            return data
    return None


def clickable_points(links: Sequence[str | None]) -> tuple[str, dict[str, object]]:
    """The hover text (month, value, "click for the origin") and the trace arguments that
    carry one link per point (``""`` for a gap) for :func:`show_clickable`."""
    hover = "%{x|%m/%Y}: %{y:,~r}<br><i>" + t("provenance.chart_hover") + "</i>"
    return hover, {"customdata": [[link or ""] for link in links]}


def line(fig: go.Figure, index: Sequence[pd.Period], values: Sequence[float], name: str,
         color_index: int, dash: str | None = None, shape: str = "linear",
         links: Sequence[str | None] | None = None) -> None:
    """One line; ``links`` (one per point, None for a gap) makes its points clickable: the
    hover says so and :func:`show_clickable` returns the clicked point's link."""
    hover, extra = ("%{y:,~r}", {}) if links is None else clickable_points(links)
    fig.add_trace(go.Scatter(
        x=month_x(index), y=list(values), name=name, mode="lines+markers",
        connectgaps=False, line=dict(color=PALETTE[color_index % len(PALETTE)], dash=dash,
                                     shape=shape),
        marker=dict(size=5 if links is None else 7), hovertemplate=hover, **extra,
    ))


def year_breaks(index: Sequence[pd.Period], values: Sequence[float]
                ) -> tuple[list[pd.Period], list[float | None]]:
    """A gap before every January, so a year-to-date line never climbs from December down
    to the new year's first month."""
    periods: list[pd.Period] = []
    out: list[float | None] = []
    for i, (period, value) in enumerate(zip(index, values, strict=True)):
        if i and period.month == 1:
            periods.append(period)
            out.append(None)
        periods.append(period)
        out.append(value)
    return periods, out


def mark_joins(fig: go.Figure, joins: Sequence[Join], names: dict[str, str]) -> None:
    """A dotted vertical line where a line continues under a successor code."""
    for join in joins:
        x = to_period(join.month).to_timestamp()
        fig.add_vline(x=x, line=dict(color="#888", dash="dot", width=1))
        fig.add_annotation(x=x, y=1, yref="paper", showarrow=False, xanchor="left",
                           text=t("dashboard.join_marker",
                                  new=names.get(join.to_code, join.to_code)),
                           font=dict(size=11, color="#555"))


def display_frame(frame: pd.DataFrame, decimals: dict[str, int | None] | None = None
                  ) -> pd.DataFrame:
    """A copy for the screen: numbers as Vietnamese text, months as ``01/2023``, gaps empty."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(
                out[column]):
            places = (decimals or {}).get(column)
            out[column] = out[column].map(lambda v, p=places: fmt_number(v, p))
        elif len(out) and isinstance(out[column].iloc[0], pd.Period):
            out[column] = out[column].map(lambda p: fmt_month(to_month(p)))
    return out


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for downloads: months as ``01/2023`` text, numbers kept as numbers (whole
    numbers as integers, so a count reads ``5749`` and not ``5749.0``)."""
    out = frame.copy()
    for column in out.columns:
        if len(out) and isinstance(out[column].iloc[0], pd.Period):
            out[column] = out[column].map(lambda p: fmt_month(to_month(p)))
        elif pd.api.types.is_float_dtype(out[column]):
            present = out[column].dropna()
            if (present == present.round()).all():
                out[column] = out[column].astype("Int64")
    return out


def table_with_downloads(frame: pd.DataFrame, file_stem: str, key: str,
                         links: Sequence[str | None] | None = None) -> None:
    """The chart's numbers as a table, with Excel and CSV downloads of the same numbers.

    ``links`` (one per row, None where the row has no figure) adds a last column leading
    to each row's origin; the downloads keep the numbers only."""
    shown = display_frame(frame)
    config = {}
    if links is not None:
        label = t("provenance.col_origin")
        shown[label] = [link or "" for link in links]  # no figure: no link, never None
        config[label] = st.column_config.LinkColumn(label,
                                                    display_text=t("provenance.see_origin"))
    responsive.table(shown, column_config=config)
    download_buttons(export_frame(frame), file_stem, key)


def download_buttons(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """Excel and CSV downloads of ``frame`` (numbers stay numbers, text is made safe).

    The files are built only when clicked (a callable), so a rerun does not pay for them.
    """
    left, right = st.columns(2)
    with left:
        st.download_button(t("dashboard.download_excel"), lambda: to_xlsx_bytes(frame),
                           file_name=f"{file_stem}.xlsx", key=f"{key}_xlsx",
                           mime="application/vnd.openxmlformats-officedocument"
                                ".spreadsheetml.sheet", icon=":material/download:",
                           on_click="ignore")
    with right:
        st.download_button(t("dashboard.download_csv"), lambda: to_csv_bytes(frame),
                           file_name=f"{file_stem}.csv", key=f"{key}_csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore")
