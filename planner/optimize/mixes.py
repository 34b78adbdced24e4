"""The pitch question: micro only, macro only, or the best mix found, at the same budget?"""

from __future__ import annotations

from planner.brief import Brief, MixRule
from planner.rules import ignored

MICRO_ONLY = "Micro only"
MACRO_ONLY = "Macro & mega only"
BEST_MIX = "Best mix found"  # the plan itself, any tiers: proven best or within its gap
SMALL_TIERS = ("micro",)
BIG_TIERS = ("macro", "mega")


def only_tiers(brief: Brief, tiers: tuple[str, ...]) -> Brief:
    """The brief with every other tier closed (at most 0 influencers), other rules kept but
    the kept tiers' shares.

    Pins are dropped: they are choices for the real plan, and a pinned celebrity would make
    "micro only" impossible rather than tell what micro alone can do.
    """
    rules = {
        tier: _counts_only(brief.tier_rules.get(tier)) if tier in tiers else MixRule(max_count=0)
        for tier in brief.tier_bands
    }
    return brief.model_copy(update={"tier_rules": rules, "pinned": []})


def _counts_only(rule: MixRule | None) -> MixRule:
    """A kept tier's counts stay; its shares were meant for the mixed plan ("micro at most 90%
    of spend" would leave "micro only" empty)."""
    if rule is None:
        return MixRule()
    return MixRule(min_count=rule.min_count, max_count=rule.max_count)


def alternatives(brief: Brief) -> dict[str, Brief]:
    """Micro only, macro and mega only, and the brief itself, at the same budget.

    A minimum on a closed tier is dropped with the tier: "micro only" cannot also have two
    mega influencers.
    """
    present = tuple(brief.tier_bands)
    return {
        MICRO_ONLY: only_tiers(brief, tuple(t for t in SMALL_TIERS if t in present)),
        MACRO_ONLY: only_tiers(brief, tuple(t for t in BIG_TIERS if t in present)),
        BEST_MIX: brief,
    }


def ignored_by_mix(brief: Brief) -> dict[str, list[str]]:
    """Per alternative (micro only, macro and mega only), the brief's rules it does not keep,
    in words: what an honest comparison says beside it."""
    return {
        name: ignored(brief, alt) for name, alt in alternatives(brief).items() if name != BEST_MIX
    }
