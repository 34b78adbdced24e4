"""Goal seek: the least budget whose plan reaches a target (engagements, reach, clicks or
conversions) and keeps every rule of the brief.

Its own model, built from `planner.optimize.model.build` and solved as a MIP by HiGHS:

    minimise    B                                   (B: the budget, a continuous column)
    subject to  sum cost x y                <= B    (the budget row, its limit now B)
                spend on influencer i       <= s B  (the per-influencer cap, s < 1 only)
                sum value x y               >= N    (the target)
                every mix rule, pins and post order as in the planning model

The per-influencer cap is a share s of the budget, and the budget is what is sought, so the
cap is kept exactly, as a share of B: the least budget is max(plan spend, largest
influencer's spend / s), and with s = 1 simply the plan's spend. (Dropping the cap would
answer a different brief; the cap at the brief's own budget would be too tight or too loose.)
The rows stay linear because B is a column.

Solved by HiGHS with presolve off (its presolve spent 6 of 7 seconds on the dense rows of a
3,000-row knapsack) to the optimizer's OPTIMAL_GAP (0.01%; 1e-6 took over 30 s on briefs with
rules and proved nothing a budget rounded to dollars could use). The LP relaxation runs first
when the cap binds: its least budget bounds B from below, which drops the cap rows of every
influencer too cheap to ever reach the cap (a cap-only brief on the sample: 8 s to 1.8 s).
The same LP with no target tells the budget frontier below which budget a brief has no plan.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from numbers import Real

import highspy
import numpy as np
import pandas as pd

from planner.brief import MAX_BUDGET, Brief
from planner.errors import (
    BriefError,
    Conflict,
    Fix,
    InfeasibleBriefError,
    SolverTimeLimitError,
)
from planner.forecast import GOAL_METRIC
from planner.optimize.highs import new_highs
from planner.optimize.instance import Instance, chosen_columns, has_solution, run
from planner.optimize.model import Model
from planner.optimize.optimizer import OPTIMAL_GAP, Planner
from planner.optimize.saturation import CUT_ERROR, ROUNDS
from planner.plan import Method, Plan, Status
from planner.wording import metric_noun, money_up

INF = highspy.kHighsInf
TARGET_MARGIN = 1e-9  # the target row asks this much more, so float sums still reach N
GOAL_SEEK_SECONDS = 30.0  # solver seconds a goal seek may take unless the caller says otherwise
METRIC_GOAL = {metric: goal for goal, metric in GOAL_METRIC.items()}


@dataclass(frozen=True)
class LeastBudget:
    """A solved least-budget model: the plan's columns, its budget and what was proven."""

    chosen: np.ndarray  # 0/1 per model column
    budget: float  # the least budget of this plan: max(spend, largest spend / share)
    lower: float  # proven lower bound on the least budget of any plan
    optimal: bool  # proven least to the dollar


def least_budget(
    instance: Instance,
    *,
    target: float | None = None,
    time_limit: float = GOAL_SEEK_SECONDS,
    gap: float = OPTIMAL_GAP,
) -> LeastBudget | None:
    """Solve the least-budget MIP on a copy of the instance's HiGHS LP (its objective and
    bounds replaced). Returns None when no plan keeps the rules (and reaches `target`) at any
    budget; raises SolverTimeLimitError when the time limit stops HiGHS before it finds any
    plan.
    """
    model, n, share = instance.model, instance.columns, instance.brief.max_share_per_influencer
    b = n + instance.extra_columns  # the budget column, when the cap binds
    h = _least_model(instance, target)
    for option, value in (("time_limit", float(time_limit)), ("mip_rel_gap", float(gap))):
        h.setOptionValue(option, value)
    if share < 1:
        # The LP's least budget bounds B from below; an influencer that costs at most s x that
        # bound can never break its cap, so its row goes (fewer rows: faster MIP nodes).
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return None
        low = h.getInfo().objective_function_value * (1 - 1e-9)
        spend = np.bincount(model.cand, weights=model.cost)
        first_cap = h.getNumRow() - len(spend)
        idle = np.flatnonzero(spend <= share * low) + first_cap
        h.deleteRows(len(idle), idle.astype(np.int32))
        h.changeColBounds(b, low, INF)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for _ in range(ROUNDS):  # a people goal: solved again while its plan's cells claim more
        h.run()
        if not instance.tighten(h):
            break
    status, info = h.getModelStatus(), h.getInfo()
    if not has_solution(h):
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        raise SolverTimeLimitError(time_limit, "plan that reaches the target")
    chosen = chosen_columns(h, n)
    budget = plan_budget(model, chosen, share)
    lower = max(0.0, min(budget, float(info.mip_dual_bound)))
    # Proven least to the dollar the plan's budget is rounded up to: the relative gap HiGHS
    # stopped at is no such proof on its own ($5 at $50,000).
    optimal = status == highspy.HighsModelStatus.kOptimal and budget - lower < 1.0
    return LeastBudget(chosen, budget, lower, optimal)


def least_budget_bound(instance: Instance, *, target: float | None = None) -> float | None:
    """The LP relaxation of `least_budget`: a lower bound on the least budget, in one LP
    solve; None when even the relaxation has no solution (then no budget has a plan)."""
    h = _least_model(instance, target)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return max(0.0, float(h.getInfo().objective_function_value))


def _least_model(instance: Instance, target: float | None) -> highspy.Highs:
    """The least-budget model, relaxed (the caller sets integrality for the MIP)."""
    model, n, budget_row = instance.model, instance.columns, instance.budget_row
    share = instance.brief.max_share_per_influencer
    lp = instance.lp()
    b = lp.num_col_  # the budget column, when the cap binds
    lp.col_cost_ = np.zeros(b)
    lp.offset_ = 0.0
    instance.set_columns(lp, instance.pins.astype(float), np.ones(n))
    lp.integrality_ = []
    # Presolve spends seconds on the dense rows (6 s of 7 on a 3,000-row knapsack).
    h = new_highs(presolve="off")
    h.passModel(lp)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    if target is not None:  # (people: the cuts may claim up to CUT_ERROR more than reached)
        cols, coefs = instance.goal_terms()
        margin = TARGET_MARGIN + (CUT_ERROR if model.people is not None else 0.0)
        h.addRow(target * (1 + margin), INF, len(cols), cols, coefs)
    if share >= 1:  # the least budget is the spend: minimise it, the budget row is free
        h.changeColsCost(n, np.arange(n, dtype=np.int32), model.cost.astype(float))
        h.changeRowBounds(budget_row, -INF, INF)
    else:  # B, the budget: the objective, and the limit of the budget row and of the caps
        h.addCol(1.0, 0.0, INF, 0, np.array([], np.int32), np.array([], float))
        h.changeCoeff(budget_row, b, -1.0)
        h.changeRowBounds(budget_row, -INF, 0.0)
        _add_cap_rows(h, model, share, b)  # the last rows
    return h


def _add_cap_rows(h: highspy.Highs, model: Model, share: float, b: int) -> None:
    """One row per candidate, in candidate order: the cost of its bought posts - share x B
    <= 0 (B: column b)."""
    order = np.argsort(model.cand, kind="stable")
    group = model.cand[order]
    firsts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    rows = len(firsts)
    # Each row holds the candidate's columns, then B: B goes before each next row's start.
    index = np.append(np.insert(order, firsts[1:], b), b).astype(np.int32)
    value = np.append(np.insert(model.cost[order], firsts[1:], -share), -share)
    starts = (firsts + np.arange(rows)).astype(np.int32)
    h.addRows(rows, np.full(rows, -INF), np.zeros(rows), len(index), starts, index, value)


def plan_budget(model: Model, chosen: np.ndarray, share: float) -> float:
    """The least budget that allows these columns: the spend, or more if the cap binds."""
    spend = float(model.cost @ chosen)
    if share >= 1 or not chosen.any():
        return spend
    per_influencer = np.bincount(model.cand, weights=model.cost * chosen)
    return max(spend, float(per_influencer.max()) / share)


def least_budget_for(
    roster: pd.DataFrame,
    brief: Brief,
    target: float,
    *,
    metric: str | None = None,
    time_limit: float = GOAL_SEEK_SECONDS,
    gap: float = OPTIMAL_GAP,
) -> Plan:
    """The plan with the least budget that reaches `target` of `metric` (default: the brief's
    goal) and keeps every rule of the brief; the brief's own budget is ignored.

    The plan's brief is the given brief with the goal set to `metric` and the budget set to
    the least budget rounded up to a whole dollar: the plan's cost, unless the per-influencer
    cap needs more (an influencer worth $10,000 under a 20% cap needs a $50,000 budget).
    status is "optimal" when HiGHS proved the budget least to the dollar (it stops at the
    relative `gap`, which may leave more), "feasible" otherwise; `bound` is NaN (the metric was not
    maximised). Rows worth nothing toward the metric are left out, as the optimizer does.

    Raises InfeasibleBriefError when no budget reaches the target (the message says the most a
    plan keeping the rules can reach) or when the rules cannot hold together at any budget;
    BriefError for a target that is not a positive number or an unknown metric;
    SolverTimeLimitError when the time limit passes before any plan is found.
    """
    start = time.perf_counter()
    metric = GOAL_METRIC[brief.goal] if metric is None else str(metric)
    if metric not in METRIC_GOAL:
        raise BriefError(f"metric must be one of {', '.join(METRIC_GOAL)}, not {metric!r}")
    if not (isinstance(target, Real) and math.isfinite(target) and target > 0):
        raise BriefError(f"the target must be a positive number, not {target!r}")
    sought = brief.model_copy(update={"goal": METRIC_GOAL[metric]})
    instance = Instance(roster, sought)
    found = least_budget(instance, target=float(target), time_limit=time_limit, gap=gap)
    if found is None:
        raise _unreachable(roster, instance, float(target), metric, time_limit)
    budget = math.ceil(round(found.budget, 6))  # micro-dollar noise must not add a dollar
    if budget > MAX_BUDGET:
        raise InfeasibleBriefError.single(
            "budget",
            f"reaching {target:,.0f} {metric} needs a budget of {money_up(budget)}, more than "
            f"the largest a brief allows ({money_up(MAX_BUDGET)})",
            "lower the target",
        )
    return instance.plan_for(
        found.chosen,
        sought.with_budget(max(budget, 1)),
        status=Status.OPTIMAL if found.optimal else Status.FEASIBLE,
        method=Method.GOAL_SEEK,
        bound=float("nan"),  # no bound on the metric: the budget was minimised
        solve_seconds=time.perf_counter() - start - instance.build_seconds,
    )


def _unreachable(
    roster: pd.DataFrame, instance: Instance, target: float, metric: str, time_limit: float
) -> InfeasibleBriefError:
    """Why no budget reaches the target: the rules conflict, or the most they allow is less."""
    brief, lp = instance.brief, instance.lp()
    lp.col_cost_ = -instance.objective()  # HiGHS minimises
    instance.set_columns(lp, instance.pins.astype(float), np.ones(instance.columns))
    instance.integer(lp)
    lower, upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
    lower[instance.budget_row], upper[instance.budget_row] = -INF, INF  # any budget
    lp.row_lower_, lp.row_upper_ = lower, upper
    h = run(lp, time_limit)
    for _ in range(ROUNDS):  # a people goal: solved again while its plan's cells claim more
        if not instance.tighten(h):
            break
        h.run()
    info = h.getInfo()
    if not has_solution(h):
        # The rules conflict whatever the budget: let the optimizer's diagnosis name them.
        try:
            Planner(roster, brief.with_budget(MAX_BUDGET)).plan()
        except InfeasibleBriefError as err:
            return err
        return InfeasibleBriefError.single(
            "rules", "the rules of the brief cannot hold together", "loosen the rules"
        )
    proven = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    # (The plan's own value: for a people goal, the people it reaches, not what the cuts claim.)
    most = instance.value(chosen_columns(h, instance.columns)) if proven else -info.mip_dual_bound
    words, noun = ("is" if proven else "is at most"), metric_noun(metric)
    return InfeasibleBriefError(
        Conflict(
            (f"a target of {target:,.0f} {noun}",),
            f"the most {noun} a plan keeping every rule can reach, at any budget, {words} "
            f"{most:,.0f}, below the target of {target:,.0f}",
            (
                Fix(f"lower the target to at most {math.floor(most):,} {noun}"),
                Fix("loosen the rules or widen the targeting"),
            ),
        )
    )
