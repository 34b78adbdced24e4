"""Streamlit glue shared by the pages: state, cached calls into planner/, widgets, styles.

Logic lives in planner/; this package only turns widgets into a Brief and plans into screens.
"""
