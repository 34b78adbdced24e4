"""Compare: 2 to 4 scenarios side by side, readable on a projector."""

from ui import compare_view, style
from ui.widgets import store

style.header("Compare scenarios", "the sidebar")
style.presentation(store()["presentation"])
compare_view.render()
