"""Plan: budget and goal in, the best roster and its forecast out, live."""

import streamlit as st

from ui import controls, plan_view, solve, style

roster = solve.sample_roster()
with st.sidebar:
    controls.render(roster)
top_left, top_right = st.columns([4, 1])
top_left.title("Campaign plan")
top_right.toggle(
    "Presentation mode",
    key="ctl_presentation",
    help="Hides the controls and enlarges numbers and charts for a projector.",
)
style.presentation(st.session_state["ctl_presentation"])
plan_view.render(solve.SAMPLE_KEY, roster)
