"""Why a brief has no plan: the smallest set of rules that conflict, and what would fix it.

A deletion filter over the brief's rules (budget, mix rules, pins) finds a set of rules that
cannot hold together and from which no rule can be dropped. Each rule in it then gets the
nearest value that would make the brief feasible, measured by solving the model again:
the least budget that meets every other rule, the most (or fewest) influencers a group can
have, and so on.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import highspy
import numpy as np
import pandas as pd

from planner.errors import Conflict, Fix
from planner.optimize.instance import has_solution, run
from planner.rules import describe
from planner.wording import money, money_up, round_up

if TYPE_CHECKING:
    from planner.brief import Brief
    from planner.optimize.instance import Bounds, Instance
    from planner.optimize.model import RuleRow

INF = highspy.kHighsInf
SOLVE_SECONDS = 5.0


def diagnose(
    instance: Instance, brief: Brief, bounds: Bounds, *, integer: bool = False
) -> Conflict:
    too_dear = np.flatnonzero(bounds.lower > bounds.upper)
    if too_dear.size:
        handles = instance.cands["handle"].to_numpy()[instance.model.cand[too_dear]]
        cost = float(instance.model.cost[too_dear].max())  # a first post: with the running cost
        running = brief.cost_per_influencer
        share = brief.max_share_per_influencer
        needed = math.ceil(100 * cost / brief.budget)  # whole percent, rounded up to be enough
        fixes = []
        if needed <= 100:
            fixes.append(
                Fix(
                    f"raise the max share per influencer to {needed}%",
                    {("max_share_per_influencer",): needed / 100},
                )
            )
        least = round_up(cost / share)
        fixes += [
            Fix(f"raise the budget to at least {money_up(least)}", {("budget",): least}),
            Fix(
                f"unpin {', '.join(handles)}",
                {("pinned",): [h for h in brief.pinned if h not in set(handles)]},
            ),
        ]
        return Conflict(
            ("pinned handles", "max share per influencer"),
            f"pinned {', '.join(handles)} cost up to {money(cost)} a post"
            + (f" with the running cost of {money(running)}" if running else "")
            + ", more than "
            f"{share:.0%} of the budget ({money(share * brief.budget)})",
            tuple(fixes),
        )
    return _Diagnosis(instance, brief, bounds, integer).conflict()


class _Diagnosis:
    def __init__(self, instance: Instance, brief: Brief, bounds: Bounds, integer: bool):
        self.instance, self.brief, self.bounds, self.integer = instance, brief, bounds, integer
        row = instance.model.problem.get_constraint_by_name
        self.rows = {name: row(name).index for name in [r.name for r in instance.model.rules]}
        self.rows["budget"] = instance.budget_row
        self.rules = {r.name: r for r in instance.model.rules}
        self.has_pins = bool(bounds.lower.any())

    def _solve(
        self,
        active: AbstractSet[str],
        objective: np.ndarray | None = None,
        col_upper: np.ndarray | None = None,
    ) -> float | None:
        """Solve with only `active` rules in force; the objective value, or None if infeasible."""
        lp = self.instance.lp()
        lower, upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
        upper[self.rows["budget"]] = self.brief.budget
        for name, row in self.rows.items():
            if name not in active:
                lower[row], upper[row] = -INF, INF
        lp.row_lower_, lp.row_upper_ = lower, upper
        lower = self.bounds.lower if "pins" in active else np.zeros_like(self.bounds.lower)
        # The cap per influencer is a share of the budget: it goes with the budget rule.
        if col_upper is None:
            col_upper = self.bounds.upper if "budget" in active else np.ones(len(lower))
        self.instance.set_columns(lp, lower, np.asarray(col_upper, dtype=float))
        cost = np.zeros(lp.num_col_)
        if objective is not None:  # over the y columns
            cost[: len(objective)] = objective
        lp.col_cost_ = cost
        if self.integer or objective is not None:
            self.instance.integer(lp)
        h = run(lp, SOLVE_SECONDS)
        if not has_solution(h):
            return None
        return float(h.getInfo().objective_function_value)

    def conflict(self) -> Conflict:
        everything = {*self.rules, *(["pins"] if self.has_pins else []), "budget"}
        active = set(everything)
        for name in [*self.rules, "pins", "budget"]:  # budget last: it is the usual fix
            if name in active and self._solve(active - {name}) is None:
                active.discard(name)
        conflicting = [n for n in ["budget", *self.rules, "pins"] if n in active]
        words = [self._words(n) for n in conflicting]
        fixes = [f for n in conflicting for f in self._fixes(n, everything)]
        least = self._least_budget(frozenset(everything)) if "budget" in active else None
        if least is not None and np.isfinite(least):
            others = [w for w in words if not w.startswith("the budget")]
            reason = (
                f"{' and '.join(others) or 'the rules'} cost at least {money_up(least)}; "
                f"the budget is {money(self.brief.budget)}"
            )
        else:  # (with the budget: even an unlimited budget would not help)
            reason = "these rules cannot hold together: " + "; ".join(words)
        return Conflict(tuple(words), reason, tuple(fixes))

    def _words(self, name: str) -> str:
        if name == "budget":
            return f"the budget of {money(self.brief.budget)}"
        if name == "pins":
            return f"the pinned handles ({', '.join(self.brief.pinned)})"
        r = self.rules[name]
        return describe(r.kind, r.group, r.member, r.limit)

    @functools.cache  # noqa: B019 (one diagnosis object per infeasible brief)
    def _least_budget(self, everything: frozenset[str]) -> float:
        """The least budget B with a plan keeping every other rule, where no influencer may
        cost more than the per-influencer share s of B.

        Between two thresholds t_k = (an influencer's cost) / s the cap admits the same
        influencers, so the least cost f(t_k) is fixed there, and B works from max(t_k, f(t_k))
        if that is below t_(k+1). f falls as k grows: binary search for the first such k.
        """
        rules, cost = everything - {"budget"}, self.instance.model.cost
        share = self.brief.max_share_per_influencer
        if share >= 1:
            least = self._solve(rules, cost, col_upper=np.ones_like(cost))
            return float("inf") if least is None else least
        spend = self.instance.model.spend_upto  # an influencer's cost with j posts
        thresholds = np.unique(spend / share)

        @functools.cache
        def least_cost(k: int) -> float:
            allowed = spend <= thresholds[k] * share * (1 + 1e-9)
            least = self._solve(rules, cost, col_upper=allowed.astype(float))
            return float("inf") if least is None else least

        def works(k: int) -> bool:
            following = thresholds[k + 1] if k + 1 < len(thresholds) else float("inf")
            return least_cost(k) < following

        low, high = 0, len(thresholds) - 1
        if not works(high):
            return float("inf")
        while low < high:
            mid = (low + high) // 2
            low, high = (low, mid) if works(mid) else (mid + 1, high)
        return max(float(thresholds[low]), least_cost(low))

    def _fixes(self, name: str, everything: set[str]) -> list[Fix]:
        if name == "budget":
            least = self._least_budget(frozenset(everything))
            if not np.isfinite(least):
                return []
            budget = round_up(least)
            return [Fix(f"raise the budget to at least {money_up(least)}", {("budget",): budget})]
        if name == "pins":
            return [Fix(f"unpin {', '.join(self.brief.pinned)}", {("pinned",): []})]
        r = self.rules[name]
        what = describe(r.kind, r.group, r.member, r.limit)
        if r.kind.endswith("share"):
            verb = "lower" if r.kind == "min_share" else "raise"
            return [Fix(f"{verb} the limit in '{what}'")]
        members = (r.inside & (self.instance.model.post == 1)).astype(float)
        sign = -1.0 if r.kind == "min_count" else 1.0  # HiGHS minimises
        best = self._solve(everything - {name}, sign * members)
        if best is None:
            return []
        reachable = round(sign * best)
        verb = "lower" if r.kind == "min_count" else "raise"
        if r.group == "plan":
            path: tuple[str, ...] = ("max_influencers",)
        else:
            path = (f"{r.group}_rules", self._member_key(r), r.kind)
        return [Fix(f"{verb} '{what}' to {reachable:,}", {path: reachable})]

    def _member_key(self, rule: RuleRow) -> str:
        """The brief's own key for the rule's group member (the model holds it as text)."""
        rules = self.brief.rule_groups()[rule.group]
        return next(k for k in rules if str(k) == rule.member)


def why_empty(cands: pd.DataFrame, brief: Brief) -> str:
    """Why the best plan for a feasible brief buys nothing (no minimum asks for anyone, and
    no post fits), and what to change; "" when some post does fit."""
    running = brief.cost_per_influencer
    cheapest = float(cands["unit_cost"].min()) + running if len(cands) else math.inf
    cap = brief.budget * brief.max_share_per_influencer
    if not math.isfinite(cheapest) or cheapest <= min(brief.budget, cap):
        return ""
    what = f"The cheapest {brief.content_format} of the candidates costs {money_up(cheapest)}"
    if running:
        what += f" with the running cost of {money(running)} per influencer"
    if cheapest > brief.budget:
        return f"{what}, more than the whole budget: raise the budget to at least that."
    return (
        f"{what}, more than one influencer may take ({brief.max_share_per_influencer:.0%} "
        f"of the budget, {money(cap)}): raise that cap to at least "
        f"{round_up(100 * cheapest / brief.budget)}% or the budget to at least "
        f"{money_up(cheapest / brief.max_share_per_influencer)}."
    )
