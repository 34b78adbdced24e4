"""The Plan page's tables of rates, in percent: click-through by platform and format,
conversion of clicks by tier, and brand fit by niche. Each shows the rate in use; its control
holds only the cells set over the default (the published table, or the one rate for all)."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pandas as pd
import streamlit as st

from planner import calibration as cal
from ui.session import WIDGET, controls, set_value
from ui.state import TIERS, percent

Cell = Callable[[str, str], str]  # (row, column) -> the key of that cell in the brief's map


def _table_key(name: str, shown: pd.DataFrame) -> str:
    """A key per content: a table drawn anew whenever what it shows changes."""
    return f"{WIDGET}{name}_{zlib.crc32(shown.to_json().encode()):08x}"


def _edited(name: str, key: str, defaults: pd.DataFrame, cell: Cell) -> None:
    held = dict(controls()[name])
    for pos, changes in st.session_state[key]["edited_rows"].items():
        row = defaults.index[int(pos)]
        for column, pct in changes.items():
            if pct is None or round(pct, 10) == defaults.loc[row, column]:
                held.pop(cell(row, column), None)  # back to the default
            else:
                held[cell(row, column)] = float(pct)
    set_value(name, held)


def percent_table(label: str, name: str, defaults: pd.DataFrame, cell: Cell, help: str) -> None:
    """An editable table over `defaults` (percents) showing the control's cells where set."""
    held = controls()[name]
    shown = defaults.copy()
    for row in shown.index:
        for column in shown.columns:
            shown.loc[row, column] = held.get(cell(row, column), shown.loc[row, column])
    st.caption(label, help=help)
    key = _table_key(name, shown)
    st.data_editor(
        shown,
        key=key,
        on_change=_edited,
        args=(name, key, defaults, cell),
        column_config={
            column: st.column_config.NumberColumn(
                column.capitalize(), min_value=0.0, max_value=100.0, step=0.01, format="%.2f%%"
            )
            for column in shown.columns
        },
    )


def _by_source(figures: dict[str, cal.Figure]) -> str:
    """The figures behind a table, from planner/calibration.py: one clause per source, e.g.
    'nano 2.41%, micro 2.18%: lookfluence ... (C); mid 1.80%: Assumption: ...'."""
    clauses: dict[str, list[str]] = {}
    for label, figure in figures.items():
        clauses.setdefault(figure.source, []).append(f"{label} {figure.value:.2%}")
    return "; ".join(f"{', '.join(cells)}: {source}" for source, cells in clauses.items())


def _base(one_for_all: float | None, published: float) -> float | None:
    return one_for_all if one_for_all is not None else percent(published)


def click_through() -> None:
    one = controls()["ctr_pct"]
    defaults = pd.DataFrame(
        {
            fmt: [_base(one, cal.ctr_figure(p, fmt).value) for p in cal.PLATFORMS]
            for fmt in cal.FORMATS
        },
        index=pd.Index(cal.PLATFORMS, name="platform"),
    )
    percent_table(
        "Click-through rate by platform and format (% of people reached; the brief's format "
        "is used)",
        "ctr_cells",
        defaults,
        lambda platform, fmt: f"{platform}/{fmt}",
        _by_source({f"{p}/{f}": cal.ctr_figure(p, f) for p in cal.PLATFORMS for f in cal.FORMATS}),
    )


def conversion() -> None:
    one = controls()["cvr_pct"]
    defaults = pd.DataFrame(
        {"conversion": [_base(one, cal.cvr_figure(t).value) for t in TIERS]},
        index=pd.Index(TIERS, name="tier"),
    )
    percent_table(
        "Conversion rate by tier (% of clicks)",
        "cvr_tiers",
        defaults,
        lambda tier, _: tier,
        "Trust falls as audiences grow. " + _by_source({t: cal.cvr_figure(t) for t in TIERS}),
    )


def category_fit(roster: pd.DataFrame) -> None:
    categories = sorted(roster["category"].unique())
    defaults = pd.DataFrame(
        {"fit": [100.0] * len(categories)}, index=pd.Index(categories, name="category")
    )
    percent_table(
        "Brand fit by niche (% of the audience that cares about the product)",
        "fit_pct",
        defaults,
        lambda category, _: category,
        "Multiplies engagement, reach, clicks and conversions of that niche's influencers "
        "(not earned media value, the ad cost of the impressions). 0% leaves a niche out.",
    )
