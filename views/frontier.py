"""Budget frontier: what each budget buys, and the least budget that reaches a target."""

import streamlit as st

from ui import frontier_view, session, style

roster_key, roster = session.current_roster()
st.title("Budget frontier")
style.presentation(session.controls()["presentation"])
frontier_view.render(roster_key, roster)
