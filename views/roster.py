"""Roster: every candidate, pins and exclusions for the optimizer, the plan and downloads."""

import streamlit as st

from planner.calibration import DEFAULT_TIER_BANDS
from ui import roster_view, session
from ui.roster import show_in_use

roster_key, roster = session.current_roster()
st.title("Roster")
show_in_use()
brief = session.current_brief()
plan = session.current_plan(roster_key, roster, brief)
roster_view.candidates_editor(roster, plan, brief.tier_bands if brief else DEFAULT_TIER_BANDS)
roster_view.plan_section(plan)
