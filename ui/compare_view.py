"""The Compare page's body: 2 to 4 scenarios side by side — KPIs with differences, overlaid
charts, and who is in one plan and not another."""

from __future__ import annotations

import streamlit as st

from planner import charts, compare_charts
from planner.comparison import MAX_SCENARIOS, MIN_SCENARIOS, kpi_table, overlap, roster_differences
from planner.plan import Plan
from planner.store import ScenarioNotFound, StoreError
from ui.scenarios import store
from ui.text import literal
from ui.widgets import store as controls

CURRENT = "Current plan (unsaved)"


def choose() -> dict[str, Plan]:
    """The scenarios picked, by name, as saved; the current plan may join them."""
    found = store()
    infos = found.list() if found else []
    names = {i.name: i.id for i in infos}
    options = list(names)
    if st.session_state.get("last_plan") is not None and CURRENT not in names:
        options.append(CURRENT)
    picked = st.multiselect(
        f"Scenarios to compare ({MIN_SCENARIOS} to {MAX_SCENARIOS}; the first is the baseline)",
        options,
        default=options[:MIN_SCENARIOS] if len(options) >= MIN_SCENARIOS else [],
        max_selections=MAX_SCENARIOS,
        key="compare_picked",
        placeholder="Choose scenarios",
    )
    plans: dict[str, Plan] = {}
    for name in picked:
        if name == CURRENT:
            plans[name] = st.session_state["last_plan"]
            continue
        scenario = found.get(names[name])
        plans[name] = scenario.plan.to_plan(scenario.brief)
    return plans


def render() -> None:
    big = bool(controls()["presentation"])
    try:
        plans = choose()
    except (ScenarioNotFound, StoreError) as err:
        st.error(literal(str(err)), icon=":material/error:")
        return
    if len(plans) < MIN_SCENARIOS:
        st.info(
            "Pick at least two scenarios. Save scenarios on the Plan page with “Save "
            "scenario”; the current plan can join them without saving."
        )
        return
    shared = overlap(plans)
    for column, (label, count) in zip(st.columns(len(shared)), shared.items(), strict=True):
        column.metric(literal(label[:1].upper() + label[1:]), f"{count} influencers", border=True)
    st.subheader("Key figures")
    st.dataframe(
        kpi_table(plans), key="compare_kpis", row_height=48 if big else None, height="content"
    )
    figures = {
        "compare_spend": compare_charts.spend_by_tier(plans),
        "compare_results": compare_charts.expected_results(plans),
        "compare_cpe": compare_charts.cost_per_engagement(plans),
    }
    left, right = st.columns(2)
    for column, key in ((left, "compare_spend"), (right, "compare_cpe")):
        with column:
            st.plotly_chart(_sized(figures[key], big), key=key)
    st.plotly_chart(_sized(figures["compare_results"], big), key="compare_results")
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


def _sized(fig, big: bool):
    return charts.apply_presentation(fig) if big else fig
