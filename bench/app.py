"""How long the Plan page takes to re-plan and redraw after a change, through AppTest.

`python -m bench.app` prints medians of the full script run (plan, greedy baseline, micro and
macro alternatives, five charts) after a budget change (the cached Planner re-solves from its
warm basis) and after a mix-rule change (three new Planners are built).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.state import BUDGET_STOPS

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def main() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    budgets = [b for b in BUDGET_STOPS if 20_000 <= b <= 400_000]
    budget_runs = []
    for budget in budgets:
        at.select_slider(key="w_budget_slider").set_value(budget)
        budget_runs.append(timed(at))
    rule_runs = []
    for minimum in range(1, 8):
        at.number_input(key="w_min_macro").set_value(minimum)
        rule_runs.append(timed(at))
    print(f"budget change: median {statistics.median(budget_runs):.3f} s over {len(budget_runs)}")
    print(f"mix-rule change: median {statistics.median(rule_runs):.3f} s over {len(rule_runs)}")


if __name__ == "__main__":
    main()
