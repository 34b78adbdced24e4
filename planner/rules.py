"""Every rule of a brief in words, and a check of a finished plan against them.

The check reads only the plan's rows, independently of the optimizer's model, so tests and
the greedy baseline can tell whether a plan keeps its brief.
"""

from __future__ import annotations

import pandas as pd

from planner.brief import Brief
from planner.wording import money

TOL = 1e-6
PLURAL = {"category": "categories", "platform": "platforms"}


def describe(kind: str, group: str, member: str, limit: float) -> str:
    """A rule in the brand manager's words, e.g. 'at least 2 mega influencers'."""
    who = {"platform": f"influencers on {member}", "plan": "influencers in the plan"}.get(
        group, f"{member} influencers"
    )
    return {
        "min_count": f"at least {limit:,.0f} {who}",
        "max_count": f"at most {limit:,.0f} {who}",
        "min_share": f"at least {limit:.0%} of spend on {who}",
        "max_share": f"at most {limit:.0%} of spend on {who}",
    }[kind]


def violations(rows: pd.DataFrame, brief: Brief) -> list[str]:
    """The rules of the brief that the plan breaks, in words (empty when it keeps them all)."""
    out: list[str] = []
    spend = float(rows["cost"].sum())
    if spend > brief.budget * (1 + TOL):
        out.append(f"spends {money(spend)}, over the budget of {money(brief.budget)}")
    cap = brief.max_share_per_influencer * brief.budget
    for handle in rows.loc[rows["cost"] > cap * (1 + TOL), "handle"]:
        out.append(f"{handle} takes more than {brief.max_share_per_influencer:.0%} of the budget")
    if brief.max_influencers is not None and len(rows) > brief.max_influencers:
        limit = describe("max_count", "plan", "", brief.max_influencers)
        out.append(f"has {len(rows)} influencers, breaking '{limit}'")
    if (rows["posts"] > brief.max_posts).any() or (rows["posts"] < 1).any():
        out.append(f"posts per influencer must be 1 to {brief.max_posts}")
    chosen = set(rows["handle"])
    out += [f"pinned {h} is not in the plan" for h in brief.pinned if h not in chosen]
    out += [f"excluded {h} is in the plan" for h in brief.excluded if h in chosen]
    free = rows[~rows["handle"].isin(brief.pinned)]
    for column, allowed in (("category", brief.categories), ("platform", brief.platforms)):
        if allowed:
            out += [
                f"{h} is outside the chosen {PLURAL[column]}"
                for h in free.loc[~free[column].isin(allowed), "handle"]
            ]
    out += [
        f"{h} has more fake followers than allowed"
        for h in free.loc[free["fake_follower_share"] > brief.max_fake_share + TOL, "handle"]
    ]
    for group, rules in brief.rule_groups().items():
        for member, rule in rules.items():
            inside = rows[rows[group].astype(str) == str(member)]
            count = len(inside)
            # Shares of an empty plan hold vacuously, as in the model (0 >= share x 0).
            share = inside["cost"].sum() / spend if spend else None
            checks = (
                ("min_count", rule.min_count, count >= rule.min_count),
                ("max_count", rule.max_count, rule.max_count is None or count <= rule.max_count),
                ("min_share", rule.min_share, share is None or share >= rule.min_share - TOL),
                ("max_share", rule.max_share, share is None or share <= rule.max_share + TOL),
            )
            out += [
                f"breaks '{describe(kind, group, member, limit)}'"
                for kind, limit, ok in checks
                if not ok and limit is not None  # (no max_count: never broken)
            ]
    return out
