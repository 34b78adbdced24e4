"""Chart builders: each figure shows the plan's numbers, in the tier colours, and serialises."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from planner.brief import Brief, MixRule
from planner.charts import frontier as frontier_chart
from planner.charts import plan as charts
from planner.charts import style as chart_style
from planner.charts.budget import budget_waterfall
from planner.charts.outcome import outcome_distribution
from planner.optimize.frontier import FrontierPoint
from planner.optimize.mixes import BEST_MIX, MACRO_ONLY, MICRO_ONLY, alternatives
from planner.optimize.optimizer import Planner
from planner.roster.sample import generate_roster
from planner.simulate import outcome
from planner.wording import number

BRIEF = Brief(budget=30_000)


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return generate_roster(1500, 7)


@pytest.fixture(scope="module")
def planner(roster) -> Planner:
    return Planner(roster, BRIEF)


@pytest.fixture(scope="module")
def plan(planner):
    return planner.plan()


@pytest.fixture(scope="module")
def mix_plans(roster) -> dict:
    return {name: Planner(roster, b).plan() for name, b in alternatives(BRIEF).items()}


def all_figures(planner, plan, mix_plans) -> dict[str, go.Figure]:
    return {
        "budget": charts.budget_by_tier(plan),
        "scatter": charts.candidates_scatter(planner.cands, plan, "engagement"),
        "per_dollar": charts.result_per_dollar_by_tier(plan, planner.cands, "engagement"),
        "followers": charts.followers_distribution(plan),
        "mix": charts.mix_comparison(mix_plans, "engagement"),
        "waterfall": budget_waterfall(plan),
    }


def plain(text: str) -> str:
    """A title as read: `fit` wraps long ones with <br>."""
    return text.replace("<br>", " ")


def tier_colours(fig: go.Figure) -> list[tuple[str, str]]:
    """(tier, colour) for every tier-coloured mark: per-bar colour lists and per-tier traces."""
    pairs = []
    for trace in fig.data:
        colour = trace.marker.color
        if isinstance(colour, tuple | list):
            pairs += list(zip(trace.x, colour, strict=True))
        elif trace.legendgroup:
            pairs.append((trace.legendgroup, colour))
    return pairs


def highlighted(fig: go.Figure) -> list[go.Scatter]:
    return [t for t in fig.data if t.type == "scatter" and t.showlegend]


def faded(fig: go.Figure) -> list[go.Scatter]:
    return [t for t in fig.data if t.type == "scatter" and not t.showlegend]


# --- colours ---------------------------------------------------------------------------------


def test_standard_tiers_have_distinct_fixed_colours():
    assert list(chart_style.TIER_COLORS) == ["nano", "micro", "mid", "macro", "mega"]
    assert len(set(chart_style.TIER_COLORS.values())) == 5
    for tier, colour in chart_style.TIER_COLORS.items():
        assert chart_style.tier_color(tier) == colour
        assert chart_style.tier_color(tier.upper()) == colour


def test_custom_tier_colours_are_deterministic_and_from_the_palette():
    names = ["starter", "rising", "established", "icon"]
    first = [chart_style.tier_color(n) for n in names]
    assert first == [chart_style.tier_color(n) for n in names]
    assert set(first) <= set(chart_style.EXTRA_COLORS)
    assert not set(first) & set(chart_style.TIER_COLORS.values())


def test_every_builder_uses_the_same_colour_for_the_same_tier(planner, plan, mix_plans):
    seen: dict[str, set[str]] = {}
    for name, fig in all_figures(planner, plan, mix_plans).items():
        pairs = tier_colours(fig)
        if name == "waterfall":  # its budget, running cost and unspent bars are no tier's
            pairs = [(t, c) for t, c in pairs if t not in ("Budget", "Running cost", "Unspent")]
        assert pairs, f"{name} has no tier-coloured marks"
        for tier, colour in pairs:
            seen.setdefault(tier, set()).add(colour)
    assert set(seen) == set(chart_style.TIER_COLORS)
    assert seen == {t: {c} for t, c in chart_style.TIER_COLORS.items()}


# --- common presentation -----------------------------------------------------------------------


def test_figures_have_titles_axis_titles_with_units_and_serialise(planner, plan, mix_plans):
    for name, fig in all_figures(planner, plan, mix_plans).items():
        assert isinstance(fig, go.Figure)
        assert fig.layout.title.text, name
        assert fig.layout.template.layout.paper_bgcolor == "white", name  # plotly_white
        y_titles = [fig.layout[k].title.text for k in fig.layout if k.startswith("yaxis")]
        assert all(y_titles), name
        json.loads(fig.to_json())
    figs = all_figures(planner, plan, mix_plans)
    assert "($)" in plain(figs["budget"].layout.yaxis.title.text)
    assert "$" in figs["scatter"].layout.xaxis.title.text
    assert "engagements" in plain(figs["scatter"].layout.yaxis.title.text).lower()
    assert "per $" in plain(figs["per_dollar"].layout.yaxis.title.text)
    assert "followers" in figs["followers"].layout.xaxis.title.text.lower()
    mix = figs["mix"].layout
    assert [mix.yaxis.title.text, mix.yaxis2.title.text, mix.yaxis3.title.text] == [
        "Influencers",
        "Cost ($)",
        "Expected engagements",
    ]


def test_metric_labels_follow_the_goal(planner, plan):
    scatter = charts.candidates_scatter(planner.cands, plan, "reach")
    assert plain(scatter.layout.yaxis.title.text).startswith("Expected people reached per post")
    per_dollar = charts.result_per_dollar_by_tier(plan, planner.cands, "reach")
    assert plain(per_dollar.layout.title.text) == "People reached per $ by tier"
    assert plain(per_dollar.layout.yaxis.title.text) == "Expected people reached per $ spent"
    mix = charts.mix_comparison({BEST_MIX: plan}, "conversions")
    assert mix.layout.yaxis3.title.text == "Expected conversions"


# --- budget by tier ----------------------------------------------------------------------------


def test_budget_bars_equal_the_plan_spend_per_tier_in_band_order(plan):
    fig = charts.budget_by_tier(plan)
    (bar,) = fig.data
    spend = {t: v for t, v in plan.spend_by_tier.items() if v > 0}
    assert list(bar.x) == list(spend)  # band order, empty tiers left out
    assert list(bar.y) == pytest.approx(list(spend.values()))
    total = sum(spend.values())
    for text, value in zip(bar.text, spend.values(), strict=True):
        assert text.startswith("$") and f"{value / total:.0%}" in text
    assert fig.layout.yaxis.tickprefix == "$"


# --- candidates scatter ------------------------------------------------------------------------


def test_scatter_highlights_exactly_the_chosen_influencers(planner, plan, monkeypatch):
    monkeypatch.setattr(charts, "MAX_FADED", len(planner.cands))  # every dot drawn
    fig = charts.candidates_scatter(planner.cands, plan, "engagement")
    assert "sample" not in fig.layout.title.subtitle.text
    chosen = highlighted(fig)
    handles = [h for t in chosen for h in t.customdata[:, 0]]
    assert sorted(handles) == sorted(plan.rows["handle"])
    for trace in chosen:
        assert trace.marker.size > max(t.marker.size for t in faded(fig))
        assert trace.marker.opacity > 0.9 and trace.marker.line.width > 0
        assert "customdata[0]" in trace.hovertemplate and "Followers" in trace.hovertemplate
    n_faded = sum(len(t.x) for t in faded(fig))
    assert n_faded + len(handles) == len(planner.cands)  # nothing thinned
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"


def test_scatter_points_are_cost_and_one_post_result(planner, plan):
    fig = charts.candidates_scatter(planner.cands, plan, "engagement")
    by_handle = planner.cands.set_index("handle")
    for trace in fig.data:
        rows = by_handle.loc[list(trace.customdata[:, 0])]
        assert np.allclose(trace.x, rows["unit_cost"]) and np.allclose(trace.y, rows["engagement"])
        assert set(rows["tier"].astype(str)) <= {trace.legendgroup}


def test_scatter_draws_a_labelled_band_per_tier(planner, plan):
    fig = charts.candidates_scatter(planner.cands, plan, "engagement")
    boxes = {s.name: s for s in fig.layout.shapes if s.type == "rect"}
    assert set(boxes) == set(chart_style.TIER_COLORS)
    # Each label is an annotation (drawn over the dots) at its box's upper right corner.
    labels = {a.text.strip("<b>/"): a for a in fig.layout.annotations}
    assert set(labels) == set(boxes)
    for tier, box in boxes.items():
        assert labels[tier].x == pytest.approx(math.log10(box.x1))  # log axes: log10 units
        assert labels[tier].y == pytest.approx(math.log10(box.y1))
        assert labels[tier].font.color == chart_style.TIER_COLORS[tier] and labels[tier].bgcolor
    mid = planner.cands[planner.cands["tier"] == "mid"]
    assert boxes["mid"].x0 == pytest.approx(mid["unit_cost"].quantile(0.1))
    assert boxes["mid"].y1 == pytest.approx(mid["engagement"].quantile(0.9))
    assert boxes["mid"].fillcolor == chart_style.TIER_COLORS["mid"]


def test_scatter_thins_unchosen_points_to_a_stated_sample_but_keeps_every_chosen(planner, plan):
    base = planner.cands
    copies = [base] + [base.assign(handle=base["handle"] + f"_{i}") for i in range(1, 34)]
    big = pd.concat(copies, ignore_index=True)
    assert len(big) >= 50_000
    fig = charts.candidates_scatter(big, plan, "engagement")
    assert sum(len(t.x) for t in highlighted(fig)) == len(plan.rows)
    n_faded = sum(len(t.x) for t in faded(fig))
    assert n_faded == charts.MAX_FADED
    unchosen = len(big) - len(plan.rows)
    assert f"a sample of {charts.MAX_FADED:,} of the {unchosen:,} not chosen" in (
        fig.layout.title.subtitle.text.replace("<br>", " ")
    )
    again = charts.candidates_scatter(big, plan, "engagement")
    assert [list(t.customdata[:, 0]) for t in faded(fig)] == [
        list(t.customdata[:, 0]) for t in faded(again)
    ]  # deterministic sample
    assert len(fig.to_json()) < 5_000_000


# --- result per dollar -------------------------------------------------------------------------


def test_result_per_dollar_bars_and_candidate_medians(planner, plan):
    fig = charts.result_per_dollar_by_tier(plan, planner.cands, "engagement")
    bars, medians = fig.data
    rows = plan.rows
    for tier, y in zip(bars.x, bars.y, strict=True):
        in_tier = rows[rows["tier"] == tier]
        assert y == pytest.approx(in_tier["expected_engagement"].sum() / in_tier["cost"].sum())
    cands = planner.cands
    for tier, y in zip(medians.x, medians.y, strict=True):
        in_tier = cands[cands["tier"] == tier]
        assert y == pytest.approx((in_tier["engagement"] / in_tier["unit_cost"]).median())
    assert list(medians.x) == list(chart_style.TIER_COLORS)
    # The optimizer buys the better-than-median accounts.
    median = dict(zip(medians.x, medians.y, strict=True))
    assert all(y > median[t] for t, y in zip(bars.x, bars.y, strict=True))
    assert [c for c in bars.marker.color] == [chart_style.TIER_COLORS[t] for t in bars.x]


# --- followers distribution --------------------------------------------------------------------


def test_followers_histogram_counts_every_chosen_influencer_by_tier(plan):
    fig = charts.followers_distribution(plan)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == len(plan.rows)
    for trace in bars:
        assert sum(trace.y) == plan.count_by_tier[trace.legendgroup]
    assert fig.layout.barmode == "stack"
    ticks = dict(zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext, strict=True))
    assert ticks[4] == "10k" and ticks[6] == "1M"  # log10 axis labelled in followers


def test_followers_histogram_marks_each_tier_threshold(plan):
    fig = charts.followers_distribution(plan)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    thresholds = {t: v for t, v in plan.brief.tier_bands.items() if v > 0}
    assert sorted(s.x0 for s in lines) == pytest.approx(
        [math.log10(v) for v in thresholds.values()]
    )
    assert all(s.line.dash == "dash" for s in lines)
    labels = [a.text for a in fig.layout.annotations]
    assert "micro ≥ 10k" in labels and "mega ≥ 1M" in labels


def test_followers_histogram_with_custom_tiers(roster):
    bands = {"small": 0, "medium": 50_000, "large": 2_000_000}
    plan = Planner(roster, Brief(budget=20_000, tier_bands=bands)).plan()
    fig = charts.followers_distribution(plan)
    assert {t.legendgroup for t in fig.data} <= set(bands)
    assert all(t.marker.color == chart_style.tier_color(t.legendgroup) for t in fig.data)
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == 2


# --- mix comparison ----------------------------------------------------------------------------


def totals_trace(fig: go.Figure, col: int) -> go.Scatter:
    axis = "x" if col == 1 else f"x{col}"
    return next(t for t in fig.data if t.type == "scatter" and t.xaxis == axis)


def test_mix_comparison_shows_count_cost_and_result_per_plan(mix_plans):
    fig = charts.mix_comparison(mix_plans, "engagement")
    names = list(mix_plans)
    assert names == [MICRO_ONLY, MACRO_ONLY, BEST_MIX]
    expected = [
        [len(p.rows) for p in mix_plans.values()],
        [p.totals["cost"] for p in mix_plans.values()],
        [p.totals["engagement"] for p in mix_plans.values()],
    ]
    for col, want in enumerate(expected, start=1):
        trace = totals_trace(fig, col)
        assert list(trace.x) == names
        assert list(trace.y) == pytest.approx(want)
        assert all(trace.text) and trace.mode == "text"
    assert totals_trace(fig, 2).text[0].startswith("$")
    stacked = [t for t in fig.data if t.type == "bar" and t.xaxis == "x3"]
    assert sum(np.array(t.y, float) for t in stacked) == pytest.approx(expected[2])
    assert fig.layout.barmode == "stack"
    assert sum(t.showlegend is not False for t in fig.data if t.type == "bar") == len(stacked)


@pytest.mark.parametrize("goal", ["reach", "conversions"])
def test_people_results_by_tier_add_up_to_the_people_counted_once(roster, goal):
    """The micro vs macro chart and the per-dollar bars count each person once, as the KPI
    card does: their tiers add up to the plan's total, below the gross sum of its rows."""
    brief = Brief(budget=30_000, goal=goal)
    plans = {name: Planner(roster, b).plan() for name, b in alternatives(brief).items()}
    fig = charts.mix_comparison(plans, goal)
    want = [p.totals[goal] for p in plans.values()]
    assert list(totals_trace(fig, 3).y) == pytest.approx(want, rel=1e-9)
    best = plans[BEST_MIX]
    assert best.totals[goal] < best.rows[f"expected_{goal}"].sum()  # overlap: gross is more
    bars, _ = charts.result_per_dollar_by_tier(best, Planner(roster, brief).cands, goal).data
    cost = best.rows.groupby("tier", observed=True)["cost"].sum()
    per_tier = [y * cost[t] for t, y in zip(bars.x, bars.y, strict=True)]
    assert sum(per_tier) == pytest.approx(best.totals[goal], rel=1e-9)


def test_mix_comparison_marks_an_impossible_plan(mix_plans):
    plans = {**mix_plans, MACRO_ONLY: None}
    fig = charts.mix_comparison(plans, "engagement")
    for col in (1, 2, 3):
        trace = totals_trace(fig, col)
        assert trace.y[1] is None and trace.text[1] == ""
    notes = [a for a in fig.layout.annotations if "No plan" in a.text]
    assert len(notes) == 3 and {a.x for a in notes} == {1}
    assert {a.yref for a in notes} == {"y domain", "y2 domain", "y3 domain"}
    for trace in fig.data:
        if trace.type == "bar":
            assert trace.y[1] is None
    assert list(fig.layout.xaxis.categoryarray) == list(plans)
    json.loads(fig.to_json())


def test_mix_comparison_with_no_plan_at_all():
    fig = charts.mix_comparison({MICRO_ONLY: None, BEST_MIX: None}, "clicks")
    assert len([a for a in fig.layout.annotations if "No plan" in a.text]) == 6
    assert fig.layout.title.text
    json.loads(fig.to_json())


# --- presentation mode -------------------------------------------------------------------------


def test_apply_presentation_enlarges_fonts_and_markers_in_place(planner, plan):
    fig = charts.candidates_scatter(planner.cands, plan, "engagement")
    sizes = [t.marker.size for t in fig.data]
    out = chart_style.apply_presentation(fig)
    assert out is fig
    assert fig.layout.title.font.size == 28
    assert fig.layout.xaxis.title.font.size == 18 and fig.layout.yaxis.title.font.size == 18
    assert all(t.marker.size > s for t, s in zip(fig.data, sizes, strict=True))
    enlarged = [t.marker.size for t in fig.data]
    chart_style.apply_presentation(fig)  # a second call changes nothing
    assert [t.marker.size for t in fig.data] == enlarged
    mix = chart_style.apply_presentation(charts.mix_comparison({BEST_MIX: plan}, "engagement"))
    assert all(mix.layout[f"yaxis{i}"].title.font.size == 18 for i in ("", "2", "3"))
    json.loads(mix.to_json())


def test_budget_frontier_draws_each_series_the_bound_band_and_the_budgets():
    points = [
        FrontierPoint(1_000, None, None, None, 10.0, None),
        FrontierPoint(2_000, 50.0, 60.0, 40.0, 20.0, 30.0),
        FrontierPoint(4_000, 90.0, 95.0, None, 30.0, 60.0),
    ]
    fig = frontier_chart.budget_frontier(points, "reach", 2_000, seek=(3_000, 80.0))
    traces = {t.name: t for t in fig.data}
    assert list(traces["Best mix found"].y) == [None, 50.0, 90.0], "no plan: a gap in the line"
    assert list(traces["Greedy baseline"].y) == [None, 40.0, None]
    bound = traces[frontier_chart.BOUND]
    assert list(bound.y) == [None, 60.0, 95.0] and bound.fill == "tonexty"
    order = [t.name for t in fig.data]  # the band fills down to the best mix, drawn over the rest
    assert order.index(frontier_chart.BOUND) == order.index("Best mix found") + 1
    assert order.index("Best mix found") > max(
        order.index(n) for n in ("Greedy baseline", "Micro only", "Macro & mega only")
    )
    assert traces["Best mix found"].legendrank < (traces["Greedy baseline"].legendrank or 1000)
    assert traces["Micro only"].line.color == chart_style.tier_color("micro")
    assert traces["Macro & mega only"].line.color == chart_style.tier_color("macro")
    star = traces["Least budget for the target"]
    assert (list(star.x), list(star.y)) == ([3_000], [80.0])
    (now,) = fig.layout.shapes
    assert now.x0 == now.x1 == 2_000 and "$2k" in now.label.text
    assert fig.layout.xaxis.type == "log" and "reached" in fig.layout.yaxis.title.text
    chart_style.apply_presentation(fig)
    json.loads(fig.to_json())


# --- layout: title, legend and margins from what each figure shows ----------------------------


def title_block_px(fig: go.Figure) -> float:
    """The title and subtitle's bottom edge, px from the top (as `fit` estimates it)."""
    layout = fig.layout
    lines = plain(layout.title.text) != layout.title.text
    sub = layout.title.subtitle
    sub_lines = sub.text.count("<br>") + 1 if sub.text else 0
    return (
        chart_style.PAD
        + layout.title.font.size * 1.3 * (1 + lines)
        + (sub.font.size or 0) * (0.4 + 1.3 * sub_lines)
    )


def check_layout(name: str, fig: go.Figure) -> None:
    layout, height = fig.layout, fig.layout.height
    assert layout.title.yref == "container" and layout.title.yanchor == "top", name
    wrapped = plain(layout.title.text) != layout.title.text
    shift = layout.title.font.size * 1.3 * wrapped  # a wrapped title is anchored by its last line
    assert (1 - layout.title.y) * height == pytest.approx(chart_style.PAD + shift), name
    top = title_block_px(fig)
    assert layout.margin.t > top, f"{name}: the plot area starts under the subtitle"
    if layout.showlegend:
        legend = layout.legend
        assert legend.orientation == "h" and legend.yref == "container", name
        if legend.yanchor == "top":  # under the subtitle, above the plot area
            assert (1 - legend.y) * height >= top, f"{name}: legend over the subtitle"
        else:  # at the bottom edge, under the x axis and its labels
            assert legend.yanchor == "bottom"
            assert legend.y * height == pytest.approx(chart_style.PAD)
            legend_top = chart_style.PAD + (legend.font.size or layout.font.size) * 1.3 + 10
            axis = layout.xaxis
            under_axis = (axis.tickfont.size or layout.font.size) * 1.3
            under_axis += (axis.title.font.size or layout.font.size) * 1.5 if axis.title.text else 0
            assert layout.margin.b - legend_top >= under_axis, f"{name}: legend on the x axis"
    for key in [k for k in layout if k.startswith("yaxis")]:
        text = layout[key].title.text or ""
        plot = height - layout.margin.t - layout.margin.b
        size = layout[key].title.font.size or layout.font.size
        longest = max((len(line) for line in text.split("<br>")), default=0)
        assert longest * size * chart_style.CHAR <= plot, (
            f"{name}: {key} title taller than the plot"
        )


def test_every_figure_leaves_room_for_title_legend_and_axis_titles(planner, plan, mix_plans):
    points = [
        FrontierPoint(b, b * 90.0, b * 95.0, b * 80.0, b * 20.0, b * 60.0) for b in (1e4, 1e5)
    ]
    figs = {
        **all_figures(planner, plan, mix_plans),
        "frontier": frontier_chart.budget_frontier(points, "engagement", 50_000),
    }
    for name, fig in figs.items():
        check_layout(name, fig)
        before_t, before_h = fig.layout.margin.t, fig.layout.height
        chart_style.apply_presentation(fig)
        check_layout(f"{name} (presenting)", fig)
        assert fig.layout.height > before_h, name
        assert fig.layout.margin.t > before_t, f"{name}: larger fonts, a larger top margin"


def test_long_y_titles_wrap_to_the_plot_height_when_presenting(planner, plan):
    fig = chart_style.apply_presentation(charts.candidates_scatter(planner.cands, plan, "reach"))
    text = fig.layout.yaxis.title.text
    assert "<br>" in text and plain(text) == "Expected people reached per post (log scale)"


def test_scatter_and_frontier_labels_stay_out_of_the_title(planner, plan):
    points = [
        FrontierPoint(b, b * 90.0, b * 95.0, b * 80.0, b * 20.0, b * 60.0) for b in (1e4, 1e5)
    ]
    fig = frontier_chart.budget_frontier(points, "engagement", 50_000)
    (now,) = fig.layout.shapes
    assert now.label.textangle == 0 and now.label.yanchor == "top"  # level, inside the plot
    scatter = charts.candidates_scatter(planner.cands, plan, "engagement")
    assert all(a.yref in (None, "y") for a in scatter.layout.annotations)  # on the data


def test_followers_threshold_labels_do_not_overlap_or_run_off(plan):
    fig = charts.followers_distribution(plan)
    assert fig.layout.title.subtitle.text.startswith(f"{len(plan.rows)} influencers")
    labels = {a.text: a for a in fig.layout.annotations}
    mega, macro = labels["mega ≥ 1M"], labels["macro ≥ 500k"]
    assert mega.yshift != macro.yshift, "close thresholds: one row each"
    assert mega.xanchor == "right" or mega.x < fig.layout.xaxis.range[1] - 1
    rows = 1 + max(round((a.yshift - 2) / chart_style.BAND_ROW) for a in labels.values())
    assert fig.layout.meta["fit"]["top_rows"] == rows
    assert all(a.yanchor == "bottom" and a.y == 1 for a in labels.values())  # above the bars


def test_the_budget_waterfall_adds_up_to_the_budget(roster):
    """Budget = each tier's fees + the running cost + what is unspent; each step floats at the
    budget left after the steps before it, in its tier's colour."""
    brief = BRIEF.model_copy(update={"cost_per_influencer": 300.0})
    plan = Planner(roster, brief).plan(27_500)
    bar = budget_waterfall(plan).data[0]
    labels, heights, bases = list(bar.x), list(bar.y), list(bar.base)
    fees = plan.rows.groupby("tier", observed=True)["fee"].sum()
    assert labels == ["Budget", *fees.index.astype(str), "Running cost", "Unspent"]
    assert heights[0] == 27_500 and bases[0] == 0
    assert heights[1:-2] == pytest.approx(list(fees))
    assert heights[-2] == pytest.approx(300.0 * len(plan.rows))
    assert heights[-1] == pytest.approx(27_500 - plan.totals["cost"])
    assert sum(heights[1:]) == pytest.approx(27_500)
    for i in range(1, len(heights) - 1):
        assert bases[i] == pytest.approx(27_500 - sum(heights[1 : i + 1]))
    assert list(bar.marker.color)[1] == chart_style.tier_color(str(fees.index[0]))


def test_the_mix_chart_says_which_rules_an_alternative_ignores_and_why_it_wins(roster):
    """Micro at least 95% of spend, micro costing little in all: macro & mega only spends the
    budget and beats the plan, and the subtitle says it ignores the micro rule."""
    brief = BRIEF.model_copy(
        update={"tier_rules": {"micro": MixRule(min_share=0.95)}, "categories": ["beauty"]}
    )
    plans = {name: Planner(roster, b).plan() for name, b in alternatives(brief).items()}
    assert plans[MACRO_ONLY].objective > plans[BEST_MIX].objective
    subtitle = plain(charts.mix_comparison(plans, "engagement").layout.title.subtitle.text)
    assert f"{MACRO_ONLY} delivers the most" in subtitle
    rule = "'at least 95% of spend on micro influencers'"
    assert f"{MACRO_ONLY} ignores {rule}" in subtitle
    assert f"{MICRO_ONLY} ignore" not in subtitle  # all micro: it keeps a micro minimum share
    # With no rule for an alternative to ignore, nothing is said.
    free = plain(
        charts.mix_comparison(mix_plans_of(roster), "engagement").layout.title.subtitle.text
    )
    assert "ignore" not in free


def mix_plans_of(roster) -> dict:
    return {name: Planner(roster, b).plan() for name, b in alternatives(BRIEF).items()}


def test_the_range_of_outcomes_shows_every_draw_and_names_p10_and_p90(plan):
    drawn = outcome(plan.rows, plan.brief).draws("engagement")
    fig = outcome_distribution({"This plan": drawn}, {"This plan": 123.0}, "engagement")
    (line,) = fig.data
    assert sum(line.y) == pytest.approx(99.0, abs=0.05)  # the middle 99% of the draws
    p10, p90 = np.quantile(drawn, [0.1, 0.9])
    assert line.name == (
        f"This plan: P10 {number(p10, compact=True)} – P90 {number(p90, compact=True)}"
    )
    lines = sorted(shape.x0 for shape in fig.layout.shapes)
    assert lines == pytest.approx(sorted([p10, 123.0, p90]))
    check_layout("outcome", fig)
    two = outcome_distribution({"A": drawn, "B": drawn * 2}, {"A": 1.0, "B": 2.0}, "reach")
    assert [t.name.split(":")[0] for t in two.data] == ["A", "B"] and not two.layout.shapes
