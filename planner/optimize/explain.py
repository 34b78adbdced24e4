"""What each binding rule of a brief costs the plan, and which rule leaves budget unspent.

Every rule the brief sets (the budget, the per-influencer cap, the team's capacity, each mix
rule, the niche and platform filters, the fake-follower cap, each pin) is relaxed by one step
(`relaxations`) and the brief planned again. Three verdicts, each a proof or said to be none:
- binds: the relaxed plan reaches more than the plan's own proven bound, so no plan under
  the rule does as well: the rule, not the search, holds the plan back;
- free: the relaxed brief's proven bound is no more than the plan reaches, so loosening the
  rule one step cannot help;
- not settled: between the two (the plans' gaps overlap), or no plan of the relaxed brief in
  the time limit, or no proven bound for the plan.
Measured by re-planning, not from LP duals: the model is a MIP, where duals say nothing of a
step.

The audience countries are not relaxed: they say where the product is sold, and so what counts
as a result (an audience elsewhere is worth nothing), not a rule the plan could break.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from planner.brief import Brief
from planner.errors import PlannerError
from planner.forecast import GOAL_METRIC
from planner.optimize.optimizer import Planner
from planner.plan import RESOLUTION, Plan
from planner.rules import Relaxation, describe, members, relaxations
from planner.wording import metric_noun, money, number

Replan = Callable[[Brief], Plan]  # plans a brief on the roster of the plan being explained
UNSPENT_LEFT = 0.01  # budget left over counts as unspent past this share of the budget
SPENDS_MORE = 0.01  # a relaxed plan spends more when by this share of the unspent budget
NEAR_CAP = 0.1  # a share caps the plan when at most this share of the unspent lies below it


@dataclass(frozen=True)
class RuleCost:
    """A rule that binds: what relaxing it one step gains, and the relaxed plan."""

    relaxation: Relaxation
    plan: Plan  # the plan of the relaxed brief
    gain: float  # in the goal's unit
    share: float  # the gain relative to the plan's result (inf for a plan delivering nothing)
    extra_spend: float  # what the relaxed plan spends more

    @property
    def kind(self) -> str:
        return self.relaxation.kind


@dataclass(frozen=True)
class Explanation:
    """The binding rules, most costly first, the rules that do not bind, and why budget is
    left unspent."""

    costs: list[RuleCost]
    free: list[Relaxation]  # proven: loosened one step, no plan does better
    unsettled: list[Relaxation]  # neither proven: within the plans' gaps, or no plan in time
    unspent_why: str  # "" when nothing worth saying is left unspent
    seconds: float  # wall time of the re-plans
    replans: int


def explain(plan: Plan, replan: Replan, cands: pd.DataFrame) -> Explanation:
    """Relax each rule of the plan's brief one step and plan again (`replan`): the rules that
    bind, most costly first, those proven free, those not settled, and why budget is left
    unspent (`cands`: the plan's candidates)."""
    start, brief = time.perf_counter(), plan.brief
    costs: list[RuleCost] = []
    free: list[Relaxation] = []
    unsettled: list[Relaxation] = []
    replans = 0
    for relaxation in relaxations(brief):
        replans += 1
        try:
            relaxed = replan(relaxation.fix.apply(brief))
        except PlannerError:  # no plan in time: nothing proven either way
            unsettled.append(relaxation)
            continue
        if relaxed.objective > plan.bound + RESOLUTION / 2:  # (False for a NaN bound)
            gain = relaxed.objective - plan.objective
            extra = relaxed.totals["cost"] - plan.totals["cost"]
            share = gain / plan.objective if plan.objective > 0 else math.inf
            costs.append(RuleCost(relaxation, relaxed, gain, share, extra))
        elif relaxed.bound <= plan.objective + RESOLUTION / 2:
            free.append(relaxation)
        else:
            unsettled.append(relaxation)
    costs.sort(key=lambda c: -c.gain)
    why = unspent_why(plan, cands, costs)
    return Explanation(costs, free, unsettled, why, time.perf_counter() - start, replans)


def unspent(plan: Plan) -> float:
    """The budget the plan leaves unspent, where that is more than UNSPENT_LEFT of it; else 0."""
    left = plan.brief.budget - plan.totals["cost"]
    return left if left > UNSPENT_LEFT * plan.brief.budget else 0.0


def unspent_why(plan: Plan, cands: pd.DataFrame, costs: list[RuleCost] | None = None) -> str:
    """Why budget is left unspent ("" when little is): a minimum share whose group cannot take
    more (all it could buy, divided by the share, caps the plan); else no one left out that
    costs so little; else, with `costs` (explain's), the binding rule whose relaxed plan spends
    the most more, mix rules before targeting. Without `costs`, "" where only they can tell."""
    left = unspent(plan)
    if not left:
        return ""
    brief, spent = plan.brief, plan.totals["cost"]
    said = f"{money(left)} of the {money(brief.budget)} budget is unspent"
    capped = share_cap(plan, cands)
    if capped is not None:
        return f"{said}: {capped.why}"
    cheapest = _cheapest_addition(plan, cands)
    if cheapest is None:
        return f"{said}: every candidate the targeting allows is in the plan, with every post."
    if cheapest > left:
        return (
            f"{said}: nothing left to buy costs that little (the cheapest, another influencer "
            f"with the running cost or another post, costs {money(cheapest)})."
        )
    if costs is None:
        return ""
    order = {"mix": 0, "pin": 1, "targeting": 2}
    spenders = sorted(
        (c for c in costs if c.kind != "budget" and c.extra_spend > SPENDS_MORE * left),
        key=lambda c: (order[c.kind], -c.extra_spend),
    )
    if not spenders:
        return f"{said}: no rule is proven to hold it (Explain the plan lists what is not settled)."
    c = spenders[0]
    return (
        f"{said}: '{c.relaxation.rule}' holds the plan at {money(spent)}. Relaxed one step "
        f"({c.relaxation.fix}), the plan spends {money(c.extra_spend)} more and delivers "
        f"{number(c.gain)} more {metric_noun(GOAL_METRIC[brief.goal])}."
    )


def _cheapest_addition(plan: Plan, cands: pd.DataFrame) -> float | None:
    """The least a plan could spend more: a candidate left out (with the running cost) or
    another post of one in it; None when there is nothing left to buy."""
    brief, rows = plan.brief, plan.rows
    out = cands[~cands["handle"].isin(rows["handle"])]
    more_posts = rows.loc[rows["posts"] < brief.max_posts, "unit_cost"]
    options = [
        *([float(out["unit_cost"].min()) + brief.cost_per_influencer] if len(out) else []),
        *([float(more_posts.min())] if len(more_posts) else []),
    ]
    return min(options, default=None)


@dataclass(frozen=True)
class ShareCap:
    """A minimum share that caps the plan's spend: the rule, in words, why, and the change
    that loosens it one step."""

    relaxation: Relaxation
    why: str  # "the 48 micro influencers ... caps the plan at $12,655 ÷ 60% = $21,092."
    cap: float

    @property
    def rule(self) -> str:
        return self.relaxation.rule


def share_cap(plan: Plan, cands: pd.DataFrame) -> ShareCap | None:
    """The minimum share that caps the plan's spend, or None: a group whose every candidate,
    with every post, costs A in all lets a plan with at least a share s of its spend there
    spend A / s at most; the lowest such cap, where the plan's unspent budget is nearly all
    above it."""
    brief, spent = plan.brief, plan.totals["cost"]
    left = brief.budget - spent
    most = cands["unit_cost"] * brief.max_posts + brief.cost_per_influencer
    found: list[ShareCap] = []
    for group, rules in brief.rule_groups().items():
        for member, rule in rules.items():
            if rule.min_share <= 0:
                continue
            inside = cands[group].astype(str) == str(member)
            available = float(most[inside].sum())
            cap = available / rule.min_share
            if cap - spent <= NEAR_CAP * left:
                what = describe("min_share", group, member, rule.min_share)
                why = (
                    f"the {int(inside.sum()):,} {members(group, member)} the targeting allows "
                    f"cost {money(available)} in all, so '{what}' caps the plan at "
                    f"{money(available)} ÷ {rule.min_share:.0%} = {money(cap)}."
                )
                loosen = next(
                    r
                    for r in relaxations(brief)
                    if (r.group, r.member, r.limit) == (group, str(member), "min_share")
                )
                found.append(ShareCap(loosen, why, cap))
    return min(found, key=lambda c: c.cap, default=None)


def replanner(roster: pd.DataFrame, time_limit: float | None = None) -> Replan:
    """Plans briefs on `roster`, one Planner per brief structure (a budget step re-solves
    warm): `explain`'s `replan` outside the app, whose own caches do this."""
    planners: dict[str, Planner] = {}

    def replan(brief: Brief) -> Plan:
        key = brief.structure()
        if key not in planners:
            planners[key] = Planner(roster, brief)
        planner = planners[key]
        if time_limit is None:
            return planner.plan(brief.budget)
        return planner.plan(brief.budget, time_limit=time_limit)

    return replan
