"""Every rule of a brief in words, and a check of a finished plan against them.

The check reads only the plan's rows, independently of the optimizer's model, so tests and
the greedy baseline can tell whether a plan keeps its brief.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from planner.brief import Brief
from planner.errors import Fix
from planner.wording import money

TOL = 1e-6
PLURAL = {"category": "categories", "platform": "platforms"}
SHARE_STEP = 0.05  # a share rule, cap or fake-follower cap relaxes by 5 percentage points
BUDGET_STEP = 0.05  # the budget grows by 5%, rounded up to a round sum (`round_step`)


def members(group: str, member: str) -> str:
    """A group's influencers in words: 'mega influencers', 'influencers on tiktok'."""
    return {"platform": f"influencers on {member}", "plan": "influencers in the plan"}.get(
        group, f"{member} influencers"
    )


def describe(kind: str, group: str, member: str, limit: float) -> str:
    """A rule in the brand manager's words, e.g. 'at least 2 mega influencers' ('at most 1
    influencer in the plan')."""
    who = members(group, member)
    if kind.endswith("count") and limit == 1:
        who = who.replace("influencers", "influencer", 1)
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


@dataclass(frozen=True)
class Relaxation:
    """One rule of the brief, in words, and the change that relaxes it by one step."""

    rule: str  # "at least 60% of spend on micro influencers"
    fix: Fix  # "lower it to 55%", with the brief field it changes
    kind: str = "mix"  # "budget", "mix" (counts, shares, caps), "targeting" or "pin"
    group: str = ""  # a mix rule's group ("tier", "platform", "category") and member
    member: str = ""
    limit: str = ""  # a mix rule's "min_count", "max_count", "min_share" or "max_share"


def round_step(amount: float) -> int:
    """`amount` rounded up to 1, 2, 2.5 or 5 times a power of ten ($1,850 -> $2,000, $2,001 ->
    $2,500), in whole dollars."""
    if amount <= 1:
        return 1
    power = 10 ** math.floor(math.log10(amount))
    return next(math.ceil(m * power) for m in (1, 2, 2.5, 5, 10) if m * power >= amount - 1e-9)


def _share_up(value: float) -> float:
    return round(min(1.0, value + SHARE_STEP), 4)


def relaxations(brief: Brief) -> Iterator[Relaxation]:
    """Every rule the brief sets, each with its relaxation by one step."""
    step = round_step(brief.budget * BUDGET_STEP)
    yield Relaxation(
        f"the budget of {money(brief.budget)}",
        Fix(
            f"raise the budget to {money(brief.budget + step)}", {("budget",): brief.budget + step}
        ),
        "budget",
    )
    cap = brief.max_share_per_influencer
    if cap < 1:
        yield Relaxation(
            f"at most {cap:.0%} of the budget on one influencer",
            Fix(
                f"raise it to {_share_up(cap):.0%}", {("max_share_per_influencer",): _share_up(cap)}
            ),
        )
    if brief.max_influencers is not None:
        n = brief.max_influencers
        yield Relaxation(
            describe("max_count", "plan", "", n),
            Fix(f"raise it to {n + 1:,}", {("max_influencers",): n + 1}),
        )
    for group, rules in brief.rule_groups().items():
        for member, rule in rules.items():
            yield from _mix_relaxations(group, member, rule.model_dump())
    for field, what in (("categories", "niches"), ("platforms", "platforms")):
        chosen = getattr(brief, field)
        if chosen:
            yield Relaxation(
                f"only these {what}: {', '.join(chosen)}",
                Fix(f"allow every one of the {what}", {(field,): []}),
                "targeting",
            )
    fake = brief.max_fake_share
    if fake < 1:
        yield Relaxation(
            f"at most {fake:.0%} fake followers",
            Fix(f"raise the cap to {_share_up(fake):.0%}", {("max_fake_share",): _share_up(fake)}),
            "targeting",
        )
    for handle in brief.pinned:
        others = [h for h in brief.pinned if h != handle]
        yield Relaxation(f"{handle} pinned", Fix(f"unpin {handle}", {("pinned",): others}), "pin")


def _mix_relaxations(group: str, member: str, rule: dict) -> Iterator[Relaxation]:
    path = (f"{group}_rules", member)
    steps = {
        "min_count": (rule["min_count"] > 0, "lower", rule["min_count"] - 1),
        "max_count": (
            rule["max_count"] is not None,
            "raise",
            (rule["max_count"] or 0) + 1,
        ),
        "min_share": (
            rule["min_share"] > 0,
            "lower",
            round(max(0.0, rule["min_share"] - SHARE_STEP), 4),
        ),
        "max_share": (rule["max_share"] < 1, "raise", _share_up(rule["max_share"])),
    }
    for limit, (present, verb, value) in steps.items():
        if present:
            shown = f"{value:.0%}" if limit.endswith("share") else f"{value:,}"
            yield Relaxation(
                describe(limit, group, member, rule[limit]),
                Fix(f"{verb} it to {shown}", {(*path, limit): value}),
                group=group,
                member=member,
                limit=limit,
            )


def ignored(brief: Brief, other: Brief) -> list[str]:
    """The rules of `brief`, in words, that `other` (an alternative drawn beside its plan: micro
    only, say) does not keep. A rule that `other`'s closed tiers (at most 0) imply is kept: an
    upper limit on a closed tier, or a minimum share of the one tier left open (all of the
    spend is there)."""
    kept = {r.rule for r in relaxations(other)}
    open_tiers = [t for t in brief.tier_bands if _open(other, "tier", t)]
    out = []
    for r in relaxations(brief):
        if r.limit.startswith("max_") and not _open(other, r.group, r.member):
            continue
        if r.limit == "min_share" and r.group == "tier" and open_tiers == [r.member]:
            continue
        if r.rule not in kept:
            out.append(r.rule)
    return out


def ignoring(name: str, rules: list[str]) -> str:
    """An alternative's name with how many of the brief's rules it ignores: 'Micro only
    (ignores 1 rule)'; the name alone when it ignores none."""
    count = len(rules)
    return f"{name} (ignores {count} rule{'s' if count > 1 else ''})" if count else name


def _open(brief: Brief, group: str, member: str) -> bool:
    """Whether the brief lets the plan have any influencer of this group member."""
    rule = brief.rule_groups()[group].get(member)
    return rule is None or rule.max_count != 0
