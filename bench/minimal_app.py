"""The baseline `python -m bench.browser` measures this app against: the least a Streamlit
page with the Plan page's budget slider can do. One select slider (the same stops), a metric
and two Plotly bar charts that follow it."""

import plotly.graph_objects as go
import streamlit as st

from ui.state import BUDGET_STOPS

budget = st.sidebar.select_slider(
    "Budget", BUDGET_STOPS, value=50_000, format_func=lambda b: f"${b / 1000:g}k"
)
st.metric("Spend", f"${budget * 0.98:,.0f}", border=True)
tiers = ["nano", "micro", "mid", "macro", "mega"]
left, right = st.columns(2)
with left:
    st.plotly_chart(go.Figure(go.Bar(x=tiers, y=[budget * s for s in (0.1, 0.3, 0.3, 0.2, 0.1)])))
with right:
    st.plotly_chart(go.Figure(go.Bar(x=tiers, y=[budget / 1000 * s for s in (5, 4, 3, 2, 1)])))
