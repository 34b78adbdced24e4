"""Where the budget went: a waterfall from the budget through the fees by tier and the brand's
own running cost to what is left unspent."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.charts.style import INK, MUTED, fit, style, tier_color
from planner.plan import Plan
from planner.wording import money

UNSPENT = "#cbd5e1"  # what is left: a light grey, apart from the tiers' colours


def budget_waterfall(plan: Plan) -> go.Figure:
    """The budget, then each tier's fees and the running cost taken from it, then the unspent
    rest; bars float at the budget left after the steps before them, each tier in its colour
    (a plotly Waterfall colours by direction only)."""
    rows, budget = plan.rows, plan.brief.budget
    fees = rows.groupby("tier", observed=True)["fee"].sum()
    steps = [(str(tier), float(v), tier_color(str(tier))) for tier, v in fees.items() if v]
    running = float(rows["running_cost"].sum())
    if running:
        steps.append(("Running cost", running, MUTED))
    left = budget - float(rows["cost"].sum())
    labels, heights, bases, colors = ["Budget"], [budget], [0.0], [INK]
    remaining = budget
    for label, amount, color in steps:
        remaining -= amount
        labels.append(label)
        heights.append(amount)
        bases.append(remaining)
        colors.append(color)
    labels.append("Unspent")
    heights.append(left)
    bases.append(0.0)
    colors.append(UNSPENT)
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=heights,
            base=bases,
            marker_color=colors,
            text=[money(h, compact=True) for h in heights],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{x}</b>: %{text}<extra></extra>",
        )
    )
    running_words = ", the brand's running cost per influencer" if running else ""
    subtitle = (
        f"{money(budget, compact=True)} budget: fees by tier{running_words}, and "
        f"{money(left, compact=True)} unspent"
    )
    style(fig, "Where the budget went", subtitle, "", "USD")
    fig.update_yaxes(tickprefix="$", tickformat="~s", range=[0, budget * 1.15])
    fig.update_xaxes(type="category")
    return fit(fig, width="wide")
