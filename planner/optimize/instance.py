"""One problem instance: a roster and the structure of one brief, as the optimizer sees it.

The candidates (rows that could be chosen, with their forecasts), the PuLP model over them,
its HiGHS LP (columns in model order), the budget row, the pinned columns, what the
per-influencer cap allows at a budget, and how a solution's columns become posts and a plan.
`Planner` (the live and exact paths), the diagnosis of an impossible brief, the goal seek and
the budget frontier all work on this one surface, so none of them reaches into another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd

from planner.brief import Brief
from planner.errors import InfeasibleBriefError
from planner.forecast import per_post
from planner.optimize.highs import new_highs, pulp_highs
from planner.optimize.model import Model, build
from planner.optimize.saturation import ROUNDS
from planner.plan import Plan, make_plan

PRIMAL = 4  # HiGHS simplex_strategy: the primal simplex (the cold LP; see Planner)
SOLUTION_KNOWN = 2  # HiGHS primal_solution_status: a feasible solution is known
OPTIMAL = highspy.HighsModelStatus.kOptimal
INFEASIBLE = highspy.HighsModelStatus.kInfeasible


@dataclass
class Bounds:
    """Column bounds at one budget: pins below, the per-influencer cap above."""

    lower: np.ndarray
    upper: np.ndarray


class Instance:
    """Candidates, model and HiGHS LP of one roster and brief structure (any budget).

    The HiGHS model is built, not solved: `highs` is ready for the primal simplex with
    presolve off (measured at 50k rows: presolve of the dense share rows took 10 s of a 12 s
    cold LP; without it the primal simplex takes 1.2 s).
    """

    def __init__(self, roster: pd.DataFrame, brief: Brief):
        start = time.perf_counter()
        self.brief = brief
        self.cands, self.pruned = candidates(roster, brief)
        if self.cands.empty:
            raise InfeasibleBriefError.single(*_why_no_candidates(roster, brief))
        self.model: Model = build(self.cands, brief)
        problem = self.model.problem
        solver = pulp_highs(mip=False, presolve="off", simplex_strategy=PRIMAL)
        solver.createAndConfigureSolver(problem)
        solver.buildSolverModel(problem)
        self.highs: highspy.Highs = problem.solverModel
        if any(v.index != c for c, v in enumerate(self.model.variables)) or (
            self.highs.getNumCol() != self.columns + self.extra_columns
        ):
            raise RuntimeError("solver columns are not in model order")
        self.budget_row: int = problem.get_constraint_by_name("budget").index
        pinned = self.cands["handle"].isin(brief.pinned).to_numpy()[self.model.cand]
        self.pins: np.ndarray = pinned & (self.model.post == 1)  # columns that must be 1
        self.build_seconds = time.perf_counter() - start

    @property
    def columns(self) -> int:
        """The y columns (influencer i's post j bought), first in the LP."""
        return len(self.model.variables)

    @property
    def extra_columns(self) -> int:
        """The continuous columns after them: a people goal's z and v per cell."""
        return 0 if self.model.people is None else self.model.people.extra_columns

    def value(self, chosen: np.ndarray) -> float:
        """The chosen y columns' expected result toward the goal (people: de-duplicated,
        exactly, not as the cuts claim)."""
        if self.model.people is not None:
            return self.model.people.people(chosen)
        return float(self.model.value @ chosen)

    def goal_terms(self) -> tuple[np.ndarray, np.ndarray]:
        """The goal as LP columns and their coefficients: the y columns' values, or for a
        people goal the cells' people columns (z)."""
        people = self.model.people
        if people is None:
            cols = np.flatnonzero(self.model.value > 0)
            return cols.astype(np.int32), self.model.value[cols].astype(float)
        cols = np.arange(people.first, people.first + len(people.pools), dtype=np.int32)
        return cols, np.ones(len(cols))

    def tighten(self, h: highspy.Highs, *also: highspy.Highs, exact: bool = False) -> bool:
        """Add to h (and to `also`) the tangent cuts its solution calls for (a people goal's
        cells that claim more than CUT_ERROR above the people they reach; `exact`: see
        `People.cuts_for`); whether it did. The caller solves again."""
        if self.model.people is None or not has_solution(h):
            return False
        count, index, coefs, limit = self.model.people.cuts_for(
            np.asarray(h.getSolution().col_value), exact=exact
        )
        starts = np.arange(0, 2 * count, 2, dtype=np.int32)
        for solver in (h, *also):
            solver.addRows(
                count, np.full(count, -highspy.kHighsInf), limit, 2 * count, starts, index, coefs
            )
        return count > 0

    def resolve(self) -> highspy.HighsModelStatus:
        """Solve the warm LP again, afresh once if the simplex stalls, then with the cuts a
        people goal's solution calls for until it calls for none (at most ROUNDS times)."""
        h = self.highs
        h.run()
        if h.getModelStatus() not in (OPTIMAL, INFEASIBLE):
            # The simplex can stall ("Unknown": seen from the cold primal start of a small
            # macro-only model with a running cost): that proves nothing, so solve afresh.
            h.clearSolver()
            h.run()
        for _ in range(ROUNDS):
            if h.getModelStatus() != OPTIMAL or not self.tighten(h):
                break
            h.run()
        return h.getModelStatus()

    def objective(self) -> np.ndarray:
        """The goal as a cost per LP column, to maximise."""
        cost = np.zeros(self.columns + self.extra_columns)
        cols, coefs = self.goal_terms()
        cost[cols] = coefs
        return cost

    def set_columns(self, lp: highspy.HighsLp, lower: np.ndarray, upper: np.ndarray) -> None:
        """Set the bounds of the y columns; the other columns keep theirs."""
        lp.col_lower_ = np.concatenate([lower, np.asarray(lp.col_lower_)[self.columns :]])
        lp.col_upper_ = np.concatenate([upper, np.asarray(lp.col_upper_)[self.columns :]])

    def integer(self, lp: highspy.HighsLp) -> None:
        """Make the y columns integer (the people goal's z and v stay continuous)."""
        kinds = highspy.HighsVarType
        lp.integrality_ = [kinds.kInteger] * self.columns + [kinds.kContinuous] * (
            lp.num_col_ - self.columns
        )

    def cap_allows(self, budget: float) -> np.ndarray:
        """1 for the columns the per-influencer cap allows at this budget (an influencer's
        spend with j posts, running cost included, at most that share of it), else 0."""
        cap = self.brief.max_share_per_influencer * budget
        return (self.model.spend_upto <= cap * (1 + 1e-9)).astype(float)

    def bounds(self, budget: float) -> Bounds:
        return Bounds(lower=self.pins.astype(float), upper=self.cap_allows(budget))

    def lp(self) -> highspy.HighsLp:
        """A copy of the model's LP, as the warm solver holds it now, to change and re-solve."""
        return self.highs.getLp()

    def posts(self, chosen: np.ndarray) -> pd.Series:
        """Posts bought per candidate, from the chosen columns."""
        counts = np.bincount(self.model.cand, weights=chosen, minlength=len(self.cands))
        return pd.Series(counts, index=self.cands.index).round().astype(int)

    def plan_for(self, chosen: np.ndarray, brief: Brief, **facts) -> Plan:
        """The plan of these columns under `brief` (this structure, any budget); `facts` are
        make_plan's: status, method, bound, solve_seconds, ..."""
        return make_plan(
            self.cands,
            self.posts(chosen),
            brief,
            candidates=len(self.cands),
            pruned=self.pruned,
            **{"build_seconds": self.build_seconds, **facts},
        )


def has_solution(h: highspy.Highs) -> bool:
    """Whether HiGHS knows a solution that keeps every row (whatever stopped it)."""
    return h.getInfo().primal_solution_status == SOLUTION_KNOWN


def fractional(x: np.ndarray) -> np.ndarray:
    """Per column: whether it is more than 1e-6 from a whole number."""
    return np.abs(x - np.round(x)) > 1e-6


def chosen_columns(h: highspy.Highs, n: int) -> np.ndarray:
    """HiGHS's solution as 0/1 over the first n columns (binaries read with a tolerance)."""
    return (np.asarray(h.getSolution().col_value)[:n] > 0.5).astype(float)


def run(lp: highspy.HighsLp, seconds: float, **options: float | str) -> highspy.Highs:
    """Solve `lp` (as its integrality says) within `seconds` in a new HiGHS instance with
    these options; the solved instance."""
    h = new_highs(time_limit=float(seconds), **options)
    h.passModel(lp)
    h.run()
    return h


WORTHLESS = (  # why a row is worth nothing toward the goal
    "its audience is outside the target countries, its niche's fit is 0%, or a rate the goal "
    "needs (click-through, conversion) is 0%"
)


@dataclass(frozen=True)
class Filter:
    """One of the brief's filters over the per-post rows: the rows it keeps, why a row it
    drops is out (in words), and the stage of the brief it belongs to with the fix for a
    brief it leaves with no candidate."""

    stage: str  # "targeting", "mix rules" or "goal"
    keeps: pd.Series
    why_out: str
    fix: str


def filters(rows: pd.DataFrame, brief: Brief) -> list[Filter]:
    """The brief's filters in the order they are reported (`rows`: forecast.per_post's)."""
    closed = {
        group: [member for member, rule in rules.items() if rule.max_count == 0]
        for group, rules in brief.rule_groups().items()
    }
    everyone = pd.Series(True, index=rows.index)
    targeting = "widen the targeting"
    out = [
        Filter("targeting", ~rows["handle"].isin(brief.excluded), "excluded", targeting),
        Filter(
            "targeting",
            rows["category"].isin(brief.categories) if brief.categories else everyone,
            f"outside the chosen niches ({', '.join(brief.categories)})",
            targeting,
        ),
        Filter(
            "targeting",
            rows["platform"].isin(brief.platforms) if brief.platforms else everyone,
            f"outside the chosen platforms ({', '.join(brief.platforms)})",
            targeting,
        ),
        Filter(
            "targeting",
            rows["fake_follower_share"] <= brief.max_fake_share,
            f"over the fake-follower cap of {brief.max_fake_share:.0%}",
            targeting,
        ),
    ]
    for group, members in closed.items():
        if members:
            out.append(
                Filter(
                    "mix rules",
                    ~rows[group].astype(str).isin(members),
                    f"in a {group} closed by 'at most 0' ({', '.join(members)})",
                    "allow at least one influencer in some tier, platform or category",
                )
            )
    out.append(
        Filter(
            "goal",
            rows["value"] > 0,
            f"worth nothing toward {brief.goal.value}: {WORTHLESS}",
            "widen the countries or set the fits and rates above 0%",
        )
    )
    return out


def candidates(roster: pd.DataFrame, brief: Brief) -> tuple[pd.DataFrame, int]:
    """Rows that could be chosen, with per-post forecasts; and how many were pruned.

    Pruned: what `filters` drops: excluded handles, rows outside the targeted categories and
    platforms, audiences with too many fake followers, rows in a group that a rule closes (at
    most 0 influencers), and rows worth nothing toward the goal (audience outside the target
    countries, a niche whose category_fit is 0). Pinned handles stay whatever the filters say
    (a pin in a closed group is reported as a conflict).
    """
    missing = sorted(set(brief.pinned) - set(roster["handle"]))
    if missing:
        raise InfeasibleBriefError.single(
            "pinned handles",
            f"pinned handles not in the roster: {', '.join(missing)}",
            "unpin them or add them to the roster",
        )
    rows = per_post(roster, brief)
    keep = np.logical_and.reduce([f.keeps.to_numpy() for f in filters(rows, brief)])
    keep |= rows["handle"].isin(brief.pinned).to_numpy()
    return rows[keep], int((~keep).sum())


def _why_no_candidates(roster: pd.DataFrame, brief: Brief) -> tuple[str, str, str]:
    """The first filter that leaves no candidate: (rule, reason, fix)."""
    rows = per_post(roster, brief)
    keep = pd.Series(True, index=rows.index)
    for f in filters(rows, brief):
        keep &= f.keeps
        if not keep.any():
            reason = {
                "targeting": "no influencer matches the targeting (categories, platforms, "
                "fake-follower cap, exclusions)",
                "mix rules": "every influencer left is in a group closed by 'at most 0'",
                "goal": f"no influencer left is worth anything toward {brief.goal.value}: "
                + WORTHLESS,
            }[f.stage]
            return f.stage, reason, f.fix
    return "targeting", "no influencer can be chosen", "widen the targeting"
