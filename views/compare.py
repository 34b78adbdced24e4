"""Compare: 2 to 4 scenarios side by side, readable on a projector."""

from ui import compare_view, session, style

style.header("Compare scenarios", "the sidebar")
style.presentation(session.controls()["presentation"])
compare_view.render()
