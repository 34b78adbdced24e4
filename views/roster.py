"""Roster: every candidate, pins and exclusions for the optimizer, the plan and downloads."""

import streamlit as st

from planner.calibration import DEFAULT_TIER_BANDS
from ui import plan_view, roster_source, roster_view, session

roster_key, roster = session.current_roster()
st.title("Roster")
roster_source.in_use()
brief = plan_view.current_brief()
plan = plan_view.current_plan(roster_key, roster, brief)
roster_view.candidates_editor(roster, plan, brief.tier_bands if brief else DEFAULT_TIER_BANDS)
roster_view.plan_section(plan)
