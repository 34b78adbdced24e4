"""Fill a plan one post at a time, keeping the rules: the greedy baseline and the LP repair.

The same filler serves twice:
- the greedy baseline: pins first, then the minimums of the mix rules, then the best value
  per dollar while the budget lasts (what a careful analyst would do by hand);
- the live path's rounding: the LP solution rounded down, then repaired and filled in the
  LP's own order of preference.
"""

from __future__ import annotations

import numpy as np

from planner.model import Model

EPS = 1e-6
MAX_PASSES = 20


class Filler:
    """Posts bought so far and the state of every rule, with a check before each purchase."""

    def __init__(self, model: Model, budget: float, upper: np.ndarray):
        self.m, self.budget, self.upper = model, budget, upper
        self.chosen = np.zeros(len(model.cost), dtype=bool)
        self.spend = 0.0
        rules = model.rules
        self.inside = np.array([r.inside for r in rules], dtype=bool).reshape(
            len(rules), len(model.cost)
        )
        self.kind = np.array([r.kind for r in rules])
        self.limit = np.array([r.limit for r in rules])
        self.count = np.zeros(len(rules))
        self.group_spend = np.zeros(len(rules))

    def _after(self, col: int) -> tuple[np.ndarray, np.ndarray, float]:
        inside = self.inside[:, col]
        first = self.m.post[col] == 1
        return (
            self.count + inside * first,
            self.group_spend + inside * self.m.cost[col],
            self.spend + self.m.cost[col],
        )

    def fits(self, col: int) -> bool:
        if self.chosen[col] or self.upper[col] < 0.5:
            return False
        if self.spend + self.m.cost[col] > self.budget + EPS:
            return False
        if self.m.post[col] > 1 and not self.chosen[col - 1]:
            return False
        if not len(self.kind):
            return True
        count, group_spend, spend = self._after(col)
        inside = self.inside[:, col]
        # A share rule that is already broken cannot block a post that moves it the right way.
        broken = (
            ((self.kind == "max_count") & (count > self.limit + EPS))
            | ((self.kind == "max_share") & (group_spend > self.limit * spend + EPS) & inside)
            | ((self.kind == "min_share") & (group_spend < self.limit * spend - EPS) & ~inside)
        )
        return not broken.any()

    def add(self, col: int) -> None:
        self.count, self.group_spend, self.spend = self._after(col)
        self.chosen[col] = True

    def start_from(self, cols: np.ndarray) -> None:
        for col in cols:
            self.add(int(col))

    def keeps_rules(self) -> bool:
        share = self.group_spend - self.limit * self.spend
        broken = (
            ((self.kind == "min_count") & (self.count < self.limit - EPS))
            | ((self.kind == "min_share") & (share < -EPS))
            | ((self.kind == "max_share") & (share > EPS))
        )
        return not broken.any()

    def complete(self, order: np.ndarray) -> np.ndarray:
        """Meet each minimum with the first members in `order`, then fill in that order."""
        for r, kind in enumerate(self.kind):
            if kind not in ("min_count", "min_share"):
                continue
            for col in order[self.inside[r, order]]:
                if self._met(r):
                    break
                if self.fits(col):
                    self.add(col)
        # Passes until nothing more fits: a share rule may refuse a post early in a pass and
        # accept it once the plan has grown.
        for _ in range(MAX_PASSES):
            before = self.spend
            for col in order[~self.chosen[order]]:
                if self.fits(col):
                    self.add(col)
            if self.spend == before:
                break
        return self.chosen.astype(float)

    def _met(self, r: int) -> bool:
        if self.kind[r] == "min_count":
            return self.count[r] >= self.limit[r] - EPS
        # Reserve the share of the whole budget, so the fill that follows cannot dilute it.
        return self.group_spend[r] >= self.limit[r] * self.budget - EPS


def by_value_per_dollar(model: Model) -> np.ndarray:
    ratio = model.value / np.maximum(model.cost, EPS)
    return np.lexsort((-model.value, -ratio))


def greedy(model: Model, budget: float, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The greedy baseline's columns: pins, minimums, then best value per dollar."""
    fill = Filler(model, budget, upper)
    fill.start_from(np.flatnonzero(lower > 0.5))
    return fill.complete(by_value_per_dollar(model))


def repair(model: Model, budget: float, upper: np.ndarray, x: np.ndarray) -> np.ndarray | None:
    """The LP solution rounded down, then completed in the LP's order; None if it fails."""
    fill = Filler(model, budget, upper)
    fill.start_from(np.flatnonzero(x > 1 - EPS))
    order = np.lexsort((-model.value / np.maximum(model.cost, EPS), -x))
    chosen = fill.complete(order)
    return chosen if fill.keeps_rules() else None
