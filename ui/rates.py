"""The Plan page's tables of rates, in percent: click-through by platform and format,
conversion of clicks by tier, and brand fit by niche; and the people in each audience cell.
Each shows the value in use; its control holds only the cells set over the default (the
published table, or the one rate for all)."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from planner import calibration as cal
from planner.audience import default_pool
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
        for column, value in changes.items():
            if value is None or round(value, 10) == defaults.loc[row, column]:
                held.pop(cell(row, column), None)  # back to the default
            else:
                held[cell(row, column)] = float(value)
    set_value(name, held)


def in_use(roster: pd.DataFrame) -> str:
    """What the tables hold while they are not drawn: the defaults (or the one rate for all),
    and how many of the cells they would show are set over them, per table."""
    held = controls()
    countries = held["countries"]
    cells = roster["audience_country"].astype(str) + "/" + roster["category"].astype(str)
    shown = {  # control -> (its table, whether a held cell is one the table shows)
        "ctr_cells": ("click-through", lambda key: True),
        "cvr_tiers": ("conversion", lambda key: key in TIERS),
        "fit_pct": ("brand fit", lambda key: key in set(roster["category"].astype(str))),
        "pools": (
            "audience size",
            lambda key: key in set(cells) and (not countries or key.split("/")[0] in countries),
        ),
    }
    counts = {label: sum(map(is_shown, held[name])) for name, (label, is_shown) in shown.items()}
    rates = [
        f"{held[name]:g}% {what} for all" if held[name] is not None else f"the published {what}"
        for name, what in (("ctr_pct", "click-through"), ("cvr_pct", "conversion"))
    ]
    if held["ctr_pct"] is None and held["cvr_pct"] is None:
        rates = ["the published click-through", "conversion"]
    text = f"Tables in use: {rates[0]} and {rates[1]} rates"
    set_cells = ", ".join(f"{label} {n}" for label, n in counts.items() if n)
    if set_cells:
        return f"{text}; cells set over them: {set_cells}."
    return f"{text}, a brand fit of 100% for every niche and the default audience sizes."


def _percent(column: str) -> ColumnConfig:
    return st.column_config.NumberColumn(
        column.capitalize(), min_value=0.0, max_value=100.0, step=0.01, format="%.2f%%"
    )


def table_over_defaults(
    label: str,
    name: str,
    defaults: pd.DataFrame,
    cell: Cell,
    help: str,
    config: Callable[[str], ColumnConfig] = _percent,
) -> None:
    """An editable table over `defaults` (percents, or as `config` says per column) showing
    the control's cells where set."""
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
        column_config={column: config(column) for column in shown.columns},
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
    table_over_defaults(
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
    table_over_defaults(
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
    table_over_defaults(
        "Brand fit by niche (% of the audience that cares about the product)",
        "fit_pct",
        defaults,
        lambda category, _: category,
        "Multiplies engagement, reach, clicks and conversions of that niche's influencers "
        "(not earned media value, the ad cost of the impressions). 0% leaves a niche out.",
    )


def _people(_: str) -> ColumnConfig:
    return st.column_config.NumberColumn("People", min_value=1.0, step=1_000.0, format="localized")


def audience_pools(roster: pd.DataFrame, countries: list[str]) -> None:
    """People in each audience cell (country/niche) of the roster, in the targeted countries."""
    where = roster[["audience_country", "category"]].astype(str).drop_duplicates()
    if countries:
        where = where[where["audience_country"].isin(countries)]
    names = sorted(where["audience_country"] + "/" + where["category"])
    defaults = pd.DataFrame(
        {"people": [default_pool(n.split("/", 1)[0]) for n in names]},
        index=pd.Index(names, name="audience cell"),
    )
    table_over_defaults(
        "People in each audience (country/niche), before brand fit",
        "pools",
        defaults,
        lambda name, _: name,
        "Reach, clicks and conversions count each person once: influencers in one cell share "
        "its people at random. Default: "
        + "; ".join(
            f"{fig.source} ({fig.value:g})" for fig in (cal.FOLLOW_INFLUENCERS, cal.NICHE_SHARE)
        )
        + ", x the country's people on social media (the Method page). A smaller pool means "
        "more overlap: set it from a vendor's audience report where you have one.",
        config=_people,
    )
