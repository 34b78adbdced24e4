"""Plan: budget and goal in, the best roster and its forecast out, live."""

import streamlit as st

from ui import controls, plan_view, share_view, solve, style
from ui.widgets import bound, store

roster = solve.sample_roster()
with st.sidebar:
    controls.render(roster)
top_left, top_right = st.columns([4, 1])
top_left.title("Campaign plan")
with top_right:
    bound(
        st.toggle,
        "Presentation mode",
        "presentation",
        help="Hides the controls and enlarges numbers and charts for a projector.",
    )
    share_view.share_link(solve.SAMPLE_KEY)
style.presentation(store()["presentation"])
share_view.show_notes(solve.SAMPLE_KEY)
plan_view.render(solve.SAMPLE_KEY, roster)
