"""Compare: 2 to 4 scenarios side by side, readable on a projector — KPIs with differences,
overlaid charts, and who is in one plan and not another."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.charts import compare as compare_charts
from planner.charts import style as chart_style
from planner.charts.outcome import outcome_distribution
from planner.comparison import MAX_SCENARIOS, MIN_SCENARIOS, kpi_table, overlap, roster_differences
from planner.deck import MIME, compare_deck
from planner.errors import StoreError
from planner.forecast import GOAL_METRIC
from planner.plan import Plan
from planner.simulate import outcome
from ui import session, style
from ui.scenarios import scenario_store
from ui.text import literal

CURRENT = "Current plan (unsaved)"


def choose() -> dict[str, Plan]:
    """The scenarios picked, by name, as saved; the current plan may join them."""
    found = scenario_store()
    infos = found.list() if found else []
    names = {i.name: i.id for i in infos}
    options = list(names)
    if session.last_plan() is not None and CURRENT not in names:
        options.append(CURRENT)
    picked = st.multiselect(
        f"Scenarios to compare ({MIN_SCENARIOS} to {MAX_SCENARIOS}; the first is the baseline)",
        options,
        # The two newest, the older first: the baseline, so differences read as what changed.
        default=options[:MIN_SCENARIOS][::-1] if len(options) >= MIN_SCENARIOS else [],
        max_selections=MAX_SCENARIOS,
        key="compare_picked",
        placeholder="Choose scenarios",
    )
    plans: dict[str, Plan] = {}
    for name in picked:
        if name == CURRENT:
            plans[name] = st.session_state[session.LAST_PLAN]
            continue
        scenario = found.get(names[name])
        plans[name] = scenario.plan.to_plan(scenario.brief)
    return plans


def render() -> None:
    big = bool(session.controls()["presentation"])
    try:
        plans = choose()
    except StoreError as err:  # ScenarioNotFound among them
        st.error(literal(str(err)), icon=":material/error:")
        return
    if len(plans) < MIN_SCENARIOS:
        st.info(
            "Pick at least two scenarios. Save scenarios on the Plan page with “Save "
            "scenario”; the current plan can join them without saving."
        )
        return
    overlap_cards(overlap(plans), big)
    st.subheader("Key figures")
    key_figures(kpi_table(plans), big)
    st.download_button(
        "Download deck",
        lambda: compare_deck(plans),  # made on the click only
        "scenarios_compared.pptx",
        MIME,
        key="download_compare_deck",
        on_click="ignore",
        icon=":material/slideshow:",
        help="A PowerPoint deck of these scenarios side by side, with editable charts.",
    )
    figures = {
        "compare_spend": compare_charts.spend_by_tier(plans),
        "compare_results": compare_charts.expected_results(plans),
        "compare_cpe": compare_charts.cost_per_engagement(plans),
    }
    left, right = st.columns(2)
    for column, key in ((left, "compare_spend"), (right, "compare_cpe")):
        with column:
            st.plotly_chart(chart_style.apply_presentation(figures[key], big), key=key)
    results = chart_style.apply_presentation(figures["compare_results"], big)
    st.plotly_chart(results, key="compare_results")
    st.plotly_chart(chart_style.apply_presentation(spread(plans), big), key="compare_outcomes")
    st.subheader("Who is in one plan and not another")
    differences = roster_differences(plans)
    if differences.empty:
        st.write("Every scenario picked the same influencers.")
        return
    st.dataframe(
        differences,
        hide_index=True,
        key="compare_roster",
        row_height=40 if big else None,
        column_config={
            **{name: st.column_config.CheckboxColumn(name) for name in plans},
            "followers": st.column_config.NumberColumn("Followers", format="compact"),
        },
    )


def spread(plans: dict[str, Plan]) -> go.Figure:
    """Each scenario's range of outcomes, of the first scenario's goal (one metric for all)."""
    metric = GOAL_METRIC[next(iter(plans.values())).brief.goal]
    draws = {name: outcome(p.rows, p.brief).draws(metric) for name, p in plans.items()}
    expected = {name: p.totals[metric] for name, p in plans.items()}
    return outcome_distribution(draws, expected, metric)


CARDS_PER_ROW = 4  # overlap cards side by side at most; 3 when presenting (larger labels)


def overlap_cards(shared: dict[str, int], big: bool) -> None:
    """How many influencers the scenarios share: the unit in the heading, each card's value
    just the number, so it fits its card at 1366 px and on a projector."""
    st.markdown("**Influencers** the scenarios share, and those in one scenario only")
    items = list(shared.items())
    per_row = 3 if big or len(items) > CARDS_PER_ROW else len(items)
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, (label, count) in zip(st.columns(per_row), row, strict=False):
            text = literal(label[:1].upper() + label[1:])
            column.metric(text, f"{count:,}", border=True, help=f"Influencers {text}")


KPI_FONT_PX = 14  # st.dataframe's cell font
BIG_KPI_FONT = "1.35rem"  # the table's font in presentation mode


def _column_px(texts, font_px: float = KPI_FONT_PX) -> int:
    """A column wide enough for its longest text (and header) at `font_px`, with padding."""
    longest = max((len(str(t)) for t in texts), default=0)
    return round(longest * font_px * 0.55) + 28


def key_figures(table: pd.DataFrame, big: bool) -> None:
    """The KPI table, nothing cut off: on screen a dataframe whose every column fits its
    longest text; when presenting an HTML table in a projector-sized font, which wraps."""
    if big:  # st.dataframe draws on a canvas at a fixed small font
        styled = table.style.set_table_styles(
            [
                {"selector": "th, td", "props": [("font-size", BIG_KPI_FONT)]},
                {"selector": "th.row_heading", "props": [("white-space", "nowrap")]},
            ]
        )
        st.table(styled)
        return
    # A difference column follows its scenario's: "vs baseline" says it all (the full name
    # is its tooltip). Wider than the screen, the table scrolls with the KPI names pinned.
    diffs = set(table.columns[2::2])
    config = {"_index": st.column_config.TextColumn(width=_column_px(table.index), pinned=True)}
    for col in table.columns:
        label = "vs baseline" if col in diffs else col
        config[col] = st.column_config.TextColumn(
            label, width=_column_px([label, *table[col]]), help=col
        )
    st.dataframe(table, key="compare_kpis", height="content", column_config=config)


style.header("Compare scenarios", "the sidebar")
style.presentation(session.controls()["presentation"])
render()
