"""The briefs the benchmarks and the README figures are measured on."""

from planner.brief import Brief

SIMPLE = Brief(budget=50_000)
# Counts per tier, a budget share, category minimums, a platform cap, a per-influencer cap.
CONSTRAINED = Brief(
    budget=200_000,
    tier_rules={
        "micro": {"min_share": 0.4, "min_count": 20},
        "macro": {"min_count": 3, "max_count": 10},
        "mega": {"max_count": 2},
    },
    platform_rules={"tiktok": {"max_share": 0.4}},
    category_rules={"beauty": {"min_count": 5}, "fitness": {"min_count": 5}},
    max_share_per_influencer=0.1,
)
# The people-counting goals: reach and conversions count each person once per audience cell.
REACH = Brief(budget=50_000, goal="reach")
CONVERSIONS = Brief(budget=50_000, goal="conversions")
# The plan-explains-itself issue's brief: micro at least 60% of spend, with 48 targeted micro
# influencers costing $12,655 in all, holds the plan at $21,092 of $40,000 (no running cost, as
# when the issue was filed).
CAPPED = Brief(
    budget=40_000,
    goal="conversions",
    categories=["beauty"],
    countries=["US", "GB"],
    tier_rules={"micro": {"min_share": 0.6}},
    cost_per_influencer=0,
)
BRIEFS = {
    "simple": SIMPLE,
    "constrained": CONSTRAINED,
    "reach": REACH,
    "conversions": CONVERSIONS,
}
