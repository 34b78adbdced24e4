"""Fill a plan one post at a time, keeping the rules: the greedy baseline and the LP repair.

The same filler serves twice:
- the greedy baseline: pins first, then the minimums of the mix rules, then the best value
  per dollar while the budget lasts (what a careful analyst would do by hand);
- the live path's rounding: the LP solution rounded down, then repaired and filled in the
  LP's own order of preference.

"One post at a time" is the meaning, not the method: a run of posts is tried at once (the
plan after each of them, by cumulative sums) and the run is kept up to the first post that
does not fit, which is skipped. Posts the budget left can no longer pay for never fit again
and are dropped before each run. The plan is the one the post-by-post loop builds.
"""

from __future__ import annotations

import numpy as np

from planner.optimize.model import Model

EPS = 1e-6
MAX_PASSES = 20
RUN = 128  # posts tried at once


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
        self.kind = np.array([r.kind for r in rules], dtype=str)
        self.limit = np.array([r.limit for r in rules], dtype=float)
        # The rules a purchase can break, by kind: their rows and limits (as columns).
        self.caps = {
            kind: (rows := np.flatnonzero(self.kind == kind), self.limit[rows, None])
            for kind in ("max_count", "max_share", "min_share")
        }
        self.count = np.zeros(len(rules))
        self.group_spend = np.zeros(len(rules))

    def _after(self, cols: np.ndarray, inside: np.ndarray, run: bool = True) -> tuple:
        """Counts, group spends (rules x cols) and spend after buying each of `cols`: in turn
        (a run), or each alone. `inside`: the rules' members among `cols`."""
        cost = self.m.cost[cols]
        new = inside & (self.m.post[cols] == 1)
        if not run:
            return (
                self.count[:, None] + new,
                self.group_spend[:, None] + inside * cost,
                self.spend + cost,
            )
        # Summed from the state onward, in order: the same floats as buying one at a time.
        group_spend = np.concatenate([self.group_spend[:, None], inside * cost], axis=1)
        spend = np.concatenate([[self.spend], cost])
        count = self.count[:, None] + np.cumsum(new, axis=1)
        return count, np.cumsum(group_spend, axis=1)[:, 1:], np.cumsum(spend)[1:]

    def _fits(self, cols: np.ndarray, run: bool = True) -> tuple[np.ndarray, tuple]:
        """Whether each of `cols` fits once all the ones before it are bought (`run`), or
        fits the plan as it is; and the state after each."""
        inside = self.inside[:, cols]
        after = count, group_spend, spend = self._after(cols, inside, run)
        fit = spend <= self.budget + EPS
        later = self.m.post[cols] > 1
        if later.any():  # post j needs post j-1: bought, or earlier in the run
            prev = cols[later] - 1
            bought = self.chosen[prev]
            if run:
                where = np.full(len(self.chosen), len(cols))
                where[cols] = np.arange(len(cols))
                bought |= where[prev] < np.flatnonzero(later)
            fit[later] &= bought
        rows, limit = self.caps["max_count"]
        if len(rows):
            fit &= ~(count[rows] > limit + EPS).any(axis=0)
        # A share rule that is already broken cannot block a post that moves it the right way.
        rows, limit = self.caps["max_share"]
        if len(rows):
            fit &= ~((group_spend[rows] > limit * spend + EPS) & inside[rows]).any(axis=0)
        rows, limit = self.caps["min_share"]
        if len(rows):
            fit &= ~((group_spend[rows] < limit * spend - EPS) & ~inside[rows]).any(axis=0)
        return fit, after

    def _buy(self, cols: np.ndarray, after: tuple) -> None:
        """Buy the first len(cols) columns of a run whose state after each is `after`."""
        if not len(cols):
            return
        count, group_spend, spend = after
        last = len(cols) - 1
        self.count, self.group_spend = count[:, last], group_spend[:, last]
        self.spend = float(spend[last])
        self.chosen[cols] = True

    def start_from(self, cols: np.ndarray) -> None:
        self._buy(cols, self._after(cols, self.inside[:, cols]))

    def fill(self, cols: np.ndarray, until: int | None = None) -> None:
        """Buy each of `cols` in turn that fits then; with `until`, only until rule `until`
        is met."""
        todo = cols[~self.chosen[cols] & (self.upper[cols] >= 0.5)]
        while todo.size and not (until is not None and self._met(until)):
            todo = todo[self._may_fit(todo)]
            run = todo[:RUN]
            fit, after = self._fits(run)
            if not fit.all() and not fit[0]:
                # Skip to the first post that fits the plan as it is: nothing is bought in
                # between, so each one skipped is refused as it would be in turn.
                alone, _ = self._fits(run, run=False)
                todo = todo[int(np.argmax(alone)) if alone.any() else len(run) :]
                continue
            k = int(np.argmin(fit)) if not fit.all() else len(run)
            if until is not None:
                met = self._met_after(until, after)[:k]
                if met.any():
                    k = int(np.argmax(met)) + 1
            self._buy(run[:k], after)
            todo = todo[k + (k < len(run) and not fit[k]) :]  # a post that does not fit: skipped

    def _may_fit(self, cols: np.ndarray) -> np.ndarray:
        """False for columns that can never fit again: too dear for the budget left, or a new
        influencer in a group that has its most influencers."""
        ok = self.m.cost[cols] <= self.budget - self.spend + 2 * EPS
        full = (self.kind == "max_count") & (self.count + 1 > self.limit + EPS)
        if full.any():
            ok &= ~(self.inside[full][:, cols].any(axis=0) & (self.m.post[cols] == 1))
        return ok

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
            if kind in ("min_count", "min_share"):
                self.fill(order[self.inside[r, order]], until=r)
        # Passes until nothing more fits: a share rule may refuse a post early in a pass and
        # accept it once the plan has grown.
        for _ in range(MAX_PASSES):
            before = self.spend
            self.fill(order)
            if self.spend == before:
                break
        return self.chosen.astype(float)

    def _met(self, r: int) -> bool:
        return bool(self._met_after(r, (self.count[:, None], self.group_spend[:, None], None))[0])

    def _met_after(self, r: int, after: tuple) -> np.ndarray:
        count, group_spend, _ = after
        if self.kind[r] == "min_count":
            return count[r] >= self.limit[r] - EPS
        # Reserve the share of the whole budget, so the fill that follows cannot dilute it.
        return group_spend[r] >= self.limit[r] * self.budget - EPS


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
