"""Plotly figure builders, no streamlit: how every figure looks (`style`), the Plan page's
charts (`plan`), the budget frontier (`frontier`) and Compare's overlays (`compare`)."""
