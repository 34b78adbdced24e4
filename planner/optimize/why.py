"""Why an influencer is out of the plan, or in it.

Out: the first of the brief's filters that drops them (`instance.filters`: excluded, niche,
platform, fake followers, a closed group, an audience outside the target countries); else the
fee at which the plan would take them, found by re-planning with their fee lowered (bisection
to within 1% of their list fee or $10, whichever is more, in whole dollars), and whom they
would displace.
In: their result per dollar against the other candidates', and the minimum rules they help
to meet.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from planner.audience import PEOPLE_METRICS
from planner.brief import Brief
from planner.forecast import GOAL_METRIC, per_post
from planner.optimize.explain import share_cap, unspent
from planner.optimize.instance import candidates, filters
from planner.plan import Plan
from planner.rules import describe
from planner.wording import metric_noun, money, number

ReplanRoster = Callable[[pd.DataFrame], Plan]  # plans the brief on a changed roster
FEE_TOLERANCE = (0.01, 10.0)  # the fee is found to within 1% of the list fee, or $10


@dataclass(frozen=True)
class WhyOut:
    """Why a candidate is not in the plan, and at what fee it would be."""

    handle: str
    reason: str
    fee: float | None = None  # the fee per piece at which a re-plan takes them
    list_fee: float | None = None
    displaced: tuple[str, ...] = ()  # in the plan now, out of the plan at that fee
    refused_fee: float | None = None  # the least fee tried at which a re-plan left them out
    replans: int = 0


def filtered_out(roster: pd.DataFrame, brief: Brief, handle: str) -> str:
    """The filter of the brief that drops this roster row, in words ("" if none does)."""
    row = per_post(roster[roster["handle"] == handle], brief)
    if row.empty:
        raise KeyError(handle)
    if row["handle"].isin(brief.pinned).all():
        return ""
    for f in filters(row, brief):
        if not f.keeps.all():
            country = str(row["audience_country"].iloc[0])
            if f.stage == "goal" and brief.countries and country not in brief.countries:
                targets = f"the target countries ({', '.join(brief.countries)})"
                if not country:
                    return f"its audience country is not given, so it counts for none of {targets}"
                return f"its audience is in {country}, outside {targets}"
            return f"it is {f.why_out}"
    return ""


def why_out(roster: pd.DataFrame, plan: Plan, handle: str, replan: ReplanRoster) -> WhyOut:
    """Why `handle` (a roster row not in `plan`) is out: a filter, or the fee at which
    `replan` (the plan's brief on a roster) takes them."""
    brief = plan.brief
    reason = filtered_out(roster, brief, handle)
    if reason:
        return WhyOut(handle, reason)
    column = f"cost_per_{brief.content_format}"
    at = roster.index[roster["handle"] == handle][0]
    list_fee = float(roster[column].to_numpy(float)[roster.index.get_loc(at)])
    count = 0

    def plan_at(fee: float) -> Plan:
        nonlocal count
        count += 1
        changed = roster.copy()
        changed.at[at, column] = fee
        return replan(changed)

    free = plan_at(0.0)
    if handle not in set(free.rows["handle"]):
        running = brief.cost_per_influencer
        return WhyOut(
            handle,
            "even at a fee of $0 the plan found leaves them out"
            + (f" (the running cost of {money(running)} still counts)" if running else ""),
            list_fee=list_fee,
            replans=count,
        )
    low, high, taken = 0.0, list_fee, free
    step = max(FEE_TOLERANCE[0] * list_fee, FEE_TOLERANCE[1])
    while high - low > step:
        mid = float(math.floor((low + high) / 2))  # whole dollars, as a fee is agreed
        if mid <= low:
            break
        found = plan_at(mid)
        if handle in set(found.rows["handle"]):
            low, taken = mid, found
        else:
            high = mid
    displaced = tuple(sorted(set(plan.rows["handle"]) - set(taken.rows["handle"])))
    metric = metric_noun(GOAL_METRIC[brief.goal])
    gain = taken.objective - plan.objective
    held = share_cap(plan, candidates(roster, brief)[0]) if unspent(plan) else None
    own = per_post(roster.loc[[at]], brief).iloc[0]  # with its tier
    member = held and str(own[held.relaxation.group])
    why = (
        f" (with budget left, '{held.rule}' leaves too little room for them)"
        if held is not None and member != held.relaxation.member
        else ""
    )
    return WhyOut(
        handle,
        f"at {money(list_fee)} a {brief.content_format} the plan found leaves them out{why}; "
        f"at {money(low)} a re-plan takes them"
        + (f", in place of {', '.join(displaced)}" if displaced else "")
        + (f", for {number(gain)} more {metric}" if number(gain) != "0" else ""),
        low,
        list_fee,
        displaced,
        high,
        count,
    )


def why_in(plan: Plan, cands: pd.DataFrame, handle: str) -> str:
    """Why `handle` is in the plan: its result per dollar among the candidates', and the
    minimum rules (or the pin) it helps to meet."""
    brief = plan.brief
    metric = GOAL_METRIC[brief.goal]
    row = plan.rows[plan.rows["handle"] == handle].iloc[0]
    per_dollar = cands["value"] / (cands["unit_cost"] + brief.cost_per_influencer)
    own = float(row["value"]) / (float(row["unit_cost"]) + brief.cost_per_influencer)
    rank = int((per_dollar > own).sum()) + 1
    in_plan = per_dollar[cands["handle"].isin(plan.rows["handle"])]
    once = " (before counting people once)" if metric in PEOPLE_METRICS else ""
    words = [
        f"{number(own * 1000)} {metric_noun(metric)} per $1,000 on a first "
        f"{brief.content_format}{once}, number {rank:,} of "
        f"{len(cands):,} candidates; the plan's influencers' median is "
        f"{number(float(in_plan.median()) * 1000)}"
    ]
    if handle in brief.pinned:
        words.append("pinned in the brief")
    helps = [
        describe(kind, group, member, getattr(rule, kind))
        for group, rules in brief.rule_groups().items()
        for member, rule in rules.items()
        if str(row[group]) == str(member)
        for kind in ("min_count", "min_share")
        if getattr(rule, kind) > 0
    ]
    if helps:
        words.append("helps to meet " + " and ".join(f"'{h}'" for h in helps))
    return "; ".join(words)
