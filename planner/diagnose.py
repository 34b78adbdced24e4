"""Why a brief has no plan: the smallest set of rules that conflict, and what would fix it.

A deletion filter over the brief's rules (budget, mix rules, pins) finds a set of rules that
cannot hold together and from which no rule can be dropped. Each rule in it then gets the
nearest value that would make the brief feasible, measured by solving the model again:
the least budget that meets every other rule, the most (or fewest) influencers a group can
have, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

from planner.rules import describe, money

if TYPE_CHECKING:
    from planner.brief import Brief
    from planner.optimizer import Bounds, Planner

INF = highspy.kHighsInf
SOLVE_SECONDS = 5.0


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot hold together, why, and changes that would make them hold."""

    rules: tuple[str, ...]
    reason: str
    fixes: tuple[str, ...]


class InfeasibleBriefError(ValueError):
    """No plan keeps every rule of the brief."""

    def __init__(self, conflict: Conflict):
        self.conflict = conflict
        fixes = "".join(f"\n  - {f}" for f in conflict.fixes)
        super().__init__(
            f"No plan keeps every rule of this brief: {conflict.reason}."
            + (f"\nTo fix it:{fixes}" if fixes else "")
        )

    @classmethod
    def single(cls, rule: str, reason: str, fix: str) -> InfeasibleBriefError:
        return cls(Conflict((rule,), reason, (fix,)))


def diagnose(planner: Planner, brief: Brief, bounds: Bounds, *, integer: bool = False) -> Conflict:
    too_dear = np.flatnonzero(bounds.lower > bounds.upper)
    if too_dear.size:
        handles = planner.cands["handle"].to_numpy()[planner.model.cand[too_dear]]
        cost = float(planner.model.cost[too_dear].max())
        share = brief.max_share_per_influencer
        return Conflict(
            ("pinned handles", "max share per influencer"),
            f"pinned {', '.join(handles)} cost up to {money(cost)} a post, more than "
            f"{share:.0%} of the budget ({money(share * brief.budget)})",
            (
                f"raise the max share per influencer to {cost / brief.budget:.0%}",
                f"unpin {', '.join(handles)}",
            ),
        )
    return _Diagnosis(planner, brief, bounds, integer).conflict()


class _Diagnosis:
    def __init__(self, planner: Planner, brief: Brief, bounds: Bounds, integer: bool):
        self.p, self.brief, self.bounds, self.integer = planner, brief, bounds, integer
        row = planner.model.problem.get_constraint_by_name
        self.rows = {name: row(name).index for name in [r.name for r in planner.model.rules]}
        self.rows["budget"] = row("budget").index
        self.rules = {r.name: r for r in planner.model.rules}
        self.has_pins = bool(bounds.lower.any())

    def _solve(self, active: set[str], objective: np.ndarray | None = None) -> float | None:
        """Solve with only `active` rules in force; the objective value, or None if infeasible."""
        lp = self.p.highs.getLp()
        lower, upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
        upper[self.rows["budget"]] = self.brief.budget
        for name, row in self.rows.items():
            if name not in active:
                lower[row], upper[row] = -INF, INF
        lp.row_lower_, lp.row_upper_ = lower, upper
        lp.col_lower_ = self.bounds.lower if "pins" in active else np.zeros_like(self.bounds.lower)
        # The cap per influencer is a share of the budget: it goes with the budget rule.
        lp.col_upper_ = self.bounds.upper if "budget" in active else np.ones(lp.num_col_)
        lp.col_cost_ = np.zeros(lp.num_col_) if objective is None else objective
        if self.integer or objective is not None:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", SOLVE_SECONDS)
        h.passModel(lp)
        h.run()
        if h.getInfo().primal_solution_status != 2:
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
        if "budget" in active:
            others = [w for w in words if not w.startswith("the budget")]
            reason = (
                f"{' and '.join(others) or 'the rules'} cost at least "
                f"{money(self._least_budget(everything))}; the budget is "
                f"{money(self.brief.budget)}"
            )
        else:
            reason = "these rules cannot hold together: " + "; ".join(words)
        return Conflict(tuple(words), reason, tuple(fixes))

    def _words(self, name: str) -> str:
        if name == "budget":
            return f"the budget of {money(self.brief.budget)}"
        if name == "pins":
            return f"the pinned handles ({', '.join(self.brief.pinned)})"
        r = self.rules[name]
        return describe(r.kind, r.group, r.member, r.limit)

    def _least_budget(self, everything: set[str]) -> float:
        least = self._solve(everything - {"budget"}, self.p.model.cost)
        return float("inf") if least is None else least

    def _fixes(self, name: str, everything: set[str]) -> list[str]:
        if name == "budget":
            least = self._least_budget(everything)
            return [f"raise the budget to at least {money(least)}"] if np.isfinite(least) else []
        if name == "pins":
            return [f"unpin some of {', '.join(self.brief.pinned)}"]
        r = self.rules[name]
        what = describe(r.kind, r.group, r.member, r.limit)
        if r.kind.endswith("share"):
            verb = "lower" if r.kind == "min_share" else "raise"
            return [f"{verb} the limit in '{what}'"]
        labels = self.p.cands[r.group].astype(str).to_numpy()[self.p.model.cand]
        members = ((labels == r.member) & (self.p.model.post == 1)).astype(float)
        sign = -1.0 if r.kind == "min_count" else 1.0  # HiGHS minimises
        best = self._solve(everything - {name}, sign * members)
        if best is None:
            return []
        reachable = round(sign * best)
        verb = "lower" if r.kind == "min_count" else "raise"
        return [f"{verb} '{what}' to {reachable}"]
