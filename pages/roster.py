"""Roster: every candidate, pins and exclusions for the optimizer, the plan and downloads."""

import streamlit as st

from planner.calibration import DEFAULT_TIER_BANDS
from ui import plan_view, roster_view, solve

roster = solve.sample_roster()
st.title("Roster")
brief = plan_view.current_brief()
plan = plan_view.current_plan(solve.SAMPLE_KEY, roster, brief)
roster_view.candidates_editor(roster, plan, brief.tier_bands if brief else DEFAULT_TIER_BANDS)
roster_view.plan_section(plan)
