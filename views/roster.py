"""Roster: every candidate, pins and exclusions for the optimizer, the plan and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.calibration import DEFAULT_TIER_BANDS
from planner.export import plan_csv, plan_xlsx, shown_table
from planner.forecast import tiers
from planner.plan import Plan
from ui import explain, session
from ui.columns import column_config
from ui.roster import editor_key, fresh_editor, show_in_use
from ui.widgets import bound, choose_many

SHOWN = [
    "pin",
    "exclude",
    "in_plan",
    "handle",
    "name",
    "platform",
    "category",
    "tier",
    "audience_country",
    "followers",
    "engagement_rate",
    "cost_per_post",
    "fake_follower_share",
]


def _apply_edits(handles: list[str]) -> None:
    """Turn the editor's ticked boxes into the brief's pinned and excluded handles."""
    values = session.controls()
    pinned, excluded = set(values["pinned"]), set(values["excluded"])
    for row, change in st.session_state[editor_key()]["edited_rows"].items():
        handle = handles[int(row)]
        for column, on in change.items():
            mine, other = (pinned, excluded) if column == "pin" else (excluded, pinned)
            if on:
                mine.add(handle)
                other.discard(handle)  # a handle cannot be both pinned and excluded
            else:
                mine.discard(handle)
    values["pinned"], values["excluded"] = sorted(pinned), sorted(excluded)
    fresh_editor()  # its row numbers follow the filters


def filtered(roster: pd.DataFrame, bands: dict[str, int]) -> pd.DataFrame:
    view = roster.assign(tier=tiers(roster["followers"], bands).astype(str))
    search = bound(st.text_input, "Search handle or name", "search", placeholder="e.g. sunny_fox")
    filters = (
        ("Platform", "f_platform", "platform", sorted(view["platform"].unique())),
        ("Niche", "f_category", "category", sorted(view["category"].unique())),
        ("Tier", "f_tier", "tier", list(bands)),
    )
    picks = {}
    for column, (label, name, field, options) in zip(st.columns(3), filters, strict=True):
        with column:
            picks[field] = choose_many(label, name, options)
    if search:
        text = search.casefold()
        view = view[
            view["handle"].str.casefold().str.contains(text, regex=False)
            | view["name"].str.casefold().str.contains(text, regex=False)
        ]
    for column, picked in picks.items():
        if picked:
            view = view[view[column].isin(picked)]
    return view


def candidates_editor(roster: pd.DataFrame, plan: Plan | None, bands: dict[str, int]) -> None:
    view = filtered(roster, bands)
    chosen = set(plan.rows["handle"]) if plan is not None else set()
    values = session.controls()
    view = view.assign(
        pin=view["handle"].isin(values["pinned"]),
        exclude=view["handle"].isin(values["excluded"]),
        in_plan=view["handle"].isin(chosen),
    )[SHOWN].reset_index(drop=True)
    st.caption(
        f"{len(view):,} of {len(roster):,} candidates · "
        f"{len(values['pinned'])} pinned · "
        f"{len(values['excluded'])} excluded"
    )
    st.data_editor(
        view,
        key=editor_key(),
        hide_index=True,
        height=420,
        disabled=[c for c in SHOWN if c not in ("pin", "exclude")],
        on_change=_apply_edits,
        args=(view["handle"].tolist(),),
        column_config={
            **column_config(SHOWN),
            "pin": st.column_config.CheckboxColumn("Pin", help="Must be in the plan"),
            "exclude": st.column_config.CheckboxColumn("Exclude", help="Never in the plan"),
            "in_plan": st.column_config.CheckboxColumn("In plan"),
        },
    )


def plan_section(plan: Plan | None) -> None:
    st.subheader("Chosen plan")
    if plan is None:
        st.info("No plan yet: open the Plan page and set a brief that can be met.")
        return
    table = shown_table(plan)
    st.dataframe(
        table, hide_index=True, key="plan_table", column_config=column_config(list(table.columns))
    )
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        "Download CSV",
        plan_csv(plan),
        "influencer_plan.csv",
        "text/csv",
        key="download_csv",
        icon=":material/download:",
    )
    right.download_button(
        "Download Excel",
        plan_xlsx(plan),
        "influencer_plan.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_xlsx",
        icon=":material/table:",
    )


roster_key, roster = session.current_roster()
st.title("Roster")
show_in_use()
brief = session.current_brief()
plan = session.current_plan(roster_key, roster, brief)
candidates_editor(roster, plan, brief.tier_bands if brief else DEFAULT_TIER_BANDS)
plan_section(plan)
explain.why_panel(roster_key, roster, plan)
