"""Hard 0/1 knapsack families as rosters, and the dynamic program that solves them exactly.

The families are Pisinger's ("Where are the hard knapsack problems?", 2005), with costs and
values whole numbers in 1..r and the budget half the total cost:
- strongly correlated: value = cost + r/10;
- inverse strongly correlated: cost = value + r/10;
- subset sum: value = cost.
As a roster each item is an influencer whose one post costs its cost and brings its value in
engagements (followers = 100 x value at a 1% engagement rate); the brief has no running cost,
no rules, one post each. Shared by tests/test_exact.py (against `best_value`) and bench/exact.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.brief import Brief
from planner.roster.schema import validate_roster

FAMILIES = ("strongly correlated", "inverse strongly correlated", "subset sum")


def knapsack(family: str, items: int, r: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, int]:
    """(costs, values, budget) of one instance of the family."""
    rng = np.random.default_rng(seed)
    drawn = rng.integers(1, r + 1, items)
    if family == "strongly correlated":
        costs, values = drawn, drawn + r // 10
    elif family == "inverse strongly correlated":
        costs, values = drawn + r // 10, drawn
    elif family == "subset sum":
        costs, values = drawn, drawn.copy()
    else:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    return costs, values, int(costs.sum() // 2)


def best_value(costs: np.ndarray, values: np.ndarray, budget: int) -> float:
    """The most value within the budget: the dynamic program over whole-dollar budgets."""
    best = np.zeros(budget + 1)
    for cost, value in zip(costs, values, strict=True):
        if cost <= budget:
            best[cost:] = np.maximum(best[cost:], best[: budget + 1 - cost] + value)
    return float(best[budget])


def as_roster(costs: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """One influencer per item: one post costs the item's cost and brings its value."""
    return validate_roster(
        pd.DataFrame(
            {
                "handle": [f"k{i:05d}" for i in range(len(costs))],
                "platform": "instagram",
                "category": "beauty",
                "followers": 100 * np.asarray(values, dtype=np.int64),
                "engagement_rate": 0.01,
                "cost_per_post": np.asarray(costs, dtype=float),
            }
        )
    )


def as_brief(budget: int) -> Brief:
    """The brief whose plan is the knapsack: engagement, no running cost, no rules."""
    return Brief(budget=budget, goal="engagement", cost_per_influencer=0, max_influencers=None)
