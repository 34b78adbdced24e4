"""A pitch deck to hand the client: a plan, or scenarios side by side, as a PowerPoint file.

    plan_deck(plan, mixes)      # the brief, the KPIs, charts, the roster, the method
    compare_deck({name: plan})  # the same for scenarios side by side

Made with python-pptx, so the client can edit every slide: the charts are PowerPoint's own
(their numbers open in its chart data sheet), not pictures, and the tables are tables. A plan's
slides: a title slide with the brief; the KPIs; spend by tier; the expected results with the
engagement band; micro vs macro (when the mixes are given); the roster, a table per slide; the
method and every assumption with its source (`calibration.sources`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from planner import calibration as cal
from planner.comparison import KPI_ROWS, kpi_table, kpi_text
from planner.forecast import GOAL_METRIC
from planner.plan import Plan
from planner.rules import ignored, ignoring
from planner.simulate import NO_SPREAD, spread_assumed
from planner.wording import metric_label, metric_noun, money, number

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ROWS_PER_SLIDE = 14  # roster or source rows per table slide: readable at 12 pt
TITLE, TITLE_ONLY = 0, 5  # the default template's layouts
LEFT, TOP = Inches(0.5), Inches(1.5)
WIDTH, HEIGHT = Inches(9), Inches(5.5)  # the content area of a 10 x 7.5 in slide
METHOD = (
    "Expected results per influencer: followers x the engagement rate (engagements), x the "
    "share who see a post (reach), x the click-through rate of the platform and format "
    "(clicks), x the conversion rate of the tier (conversions); each further post is worth "
    "less by the extra post factor.",
    "People are counted once across overlapping audiences: per country and category, "
    "N (1 - exp(-reach / N)) of the N people there.",
    "Spend is each influencer's fees plus the brand's running cost per influencer.",
    "P10 to P90: of 10,000 simulated campaigns, 8 in 10 land there; each influencer's results "
    "vary by their own spread, and all posts on a platform can rise or fall together.",
    "The roster is chosen by a mixed-integer model (PuLP, HiGHS and CBC) that maximises the "
    "goal within the budget and every rule; 'proven best' means no plan within the brief "
    "reaches more.",
)


def plan_deck(
    plan: Plan, mixes: dict[str, Plan | None] | None = None, *, title: str = "Campaign plan"
) -> bytes:
    """The deck of one plan; `mixes` (micro only, macro & mega only, best mix found: the Plan
    page's comparison) adds its slide."""
    deck = Presentation()
    _title_slide(deck, title, _brief_lines(plan))
    _kpi_slide(deck, "Key figures", pd.DataFrame({title: kpi_text(plan)}, index=KPI_ROWS))
    _chart_slide(
        deck,
        "Spend by tier",
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        list(plan.spend_by_tier),
        {"Spend ($)": list(plan.spend_by_tier.values())},
    )
    t, goal = plan.totals, GOAL_METRIC[plan.brief.goal]
    band = plan.band(goal)
    assumed = f" (spread assumed: {NO_SPREAD})" if spread_assumed(plan.rows) else ""
    _chart_slide(
        deck,
        f"Expected {metric_noun(goal)}, P10 to P90 of 10,000 simulated campaigns{assumed}",
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        ["P10", "Expected", "P90"],
        {metric_label(goal): [band["p10"], t[goal], band["p90"]]},
    )
    if mixes:
        shown = {name: p for name, p in mixes.items() if p is not None}
        _chart_slide(
            deck,
            "Micro vs macro, at the same budget",
            XL_CHART_TYPE.BAR_CLUSTERED,
            [ignoring(name, ignored(plan.brief, p.brief)) for name, p in shown.items()],
            {metric_label(goal): [p.totals[goal] for p in shown.values()]},
        )
    _roster_slides(deck, plan)
    _method_slides(deck)
    return _bytes(deck)


def compare_deck(plans: dict[str, Plan], *, title: str = "Scenarios compared") -> bytes:
    """The deck of scenarios side by side (name -> plan), in the given order."""
    deck = Presentation()
    _title_slide(deck, title, [f"{name}: {_brief_summary(p)}" for name, p in plans.items()])
    _kpi_slide(deck, "Key figures, side by side", kpi_table(plans))
    goals = {GOAL_METRIC[p.brief.goal] for p in plans.values()}
    for goal in sorted(goals):
        named = {n: p for n, p in plans.items() if GOAL_METRIC[p.brief.goal] == goal}
        bands = [p.band(goal) for p in named.values()]
        _chart_slide(
            deck,
            f"{metric_label(goal)}, with P10 and P90 of 10,000 simulated campaigns",
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            list(named),
            {
                "P10": [b["p10"] for b in bands],
                "Expected": [p.totals[goal] for p in named.values()],
                "P90": [b["p90"] for b in bands],
            },
        )
    tiers = list(dict.fromkeys(t for p in plans.values() for t in p.spend_by_tier))
    _chart_slide(
        deck,
        "Spend by tier",
        XL_CHART_TYPE.COLUMN_STACKED,
        list(plans),
        {t.capitalize(): [p.spend_by_tier.get(t, 0.0) for p in plans.values()] for t in tiers},
    )
    _method_slides(deck)
    return _bytes(deck)


def _bytes(deck: Deck) -> bytes:
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _brief_summary(plan: Plan) -> str:
    brief = plan.brief
    return f"{money(brief.budget)} for {metric_label(GOAL_METRIC[brief.goal]).lower()}"


def _brief_lines(plan: Plan) -> list[str]:
    brief = plan.brief
    lines = [
        f"Budget {money(brief.budget)}, goal: {metric_label(GOAL_METRIC[brief.goal]).lower()}",
        f"Countries: {_all(brief.countries)} · categories: {_all(brief.categories)} · "
        f"platforms: {_all(brief.platforms)}",
        f"Running cost {money(brief.cost_per_influencer)} per influencer · "
        f"{brief.max_posts} {brief.content_format}(s) each at most",
    ]
    if brief.max_influencers is not None:
        lines.append(f"At most {brief.max_influencers:,} influencers (the team's capacity)")
    return lines


def _all(items: Sequence[str]) -> str:
    return ", ".join(items) or "all"


def _title_slide(deck: Deck, title: str, lines: Sequence[str]) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = lines[0] if lines else ""
    for line in lines[1:]:
        body.add_paragraph().text = line
    for paragraph in body.paragraphs:
        paragraph.font.size = Pt(16)


def _titled(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = title
    return slide


def _kpi_slide(deck: Deck, title: str, table: pd.DataFrame) -> None:
    """The KPI table (comparison's): a header row of its columns, then a row per KPI."""
    rows = [["", *map(str, table.columns)]]
    rows += [[str(label), *map(str, values)] for label, *values in table.itertuples()]
    _table(_titled(deck, title), rows, size=11)


def _chart_slide(
    deck: Deck,
    title: str,
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
) -> None:
    data = CategoryChartData()
    data.categories = [str(c) for c in categories]
    for name, values in series.items():
        data.add_series(name, [0.0 if math.isnan(v) else float(v) for v in values])
    # python-pptx 1.0 annotates add_chart as taking ChartData and returning the Chart: it takes
    # any chart data (CategoryChartData is not a ChartData) and returns the graphic frame.
    shapes: Any = _titled(deck, title).shapes
    chart = shapes.add_chart(kind, LEFT, TOP, WIDTH, HEIGHT, data).chart
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.plots[0].has_data_labels = True
    chart.plots[0].data_labels.number_format = "#,##0"
    chart.plots[0].data_labels.number_format_is_linked = False


def roster_rows(plan: Plan) -> list[list[str]]:
    """The roster table: a header, then each chosen influencer."""
    goal = GOAL_METRIC[plan.brief.goal]
    header = ["Handle", "Platform", "Category", "Tier", "Followers", "Posts", "Cost"]
    rows = [[*header, metric_label(goal)]]
    for r in plan.rows.to_dict("records"):
        rows.append(
            [
                str(r["handle"]),
                str(r["platform"]),
                str(r["category"]),
                str(r["tier"]),
                f"{r['followers']:,.0f}",
                f"{r['posts']:,d}",
                money(r["cost"]),
                number(r[f"expected_{goal}"]),
            ]
        )
    return rows


def _roster_slides(deck: Deck, plan: Plan) -> None:
    header, *rows = roster_rows(plan)
    pages = _pages(rows)
    for n, page in enumerate(pages, 1):
        title = "The roster" + (f" ({n} of {len(pages)})" if len(pages) > 1 else "")
        _table(_titled(deck, title), [header, *page], size=10)


def _method_slides(deck: Deck) -> None:
    slide = _titled(deck, "Method")
    box = slide.shapes.add_textbox(LEFT, TOP, WIDTH, HEIGHT).text_frame
    box.word_wrap = True
    box.text = METHOD[0]
    for line in METHOD[1:]:
        box.add_paragraph().text = line
    for paragraph in box.paragraphs:
        paragraph.font.size = Pt(16)
        paragraph.space_after = Pt(10)
    rows = [
        [str(s["constant"]), f"{s['value']:g}", str(s["source"]), _yes(s["assumption"])]
        for s in cal.sources()
    ]
    pages = _pages(rows)
    for n, page in enumerate(pages, 1):
        title = f"Assumptions and their sources ({n} of {len(pages)})"
        header = ["Constant", "Value", "Source", "You set it"]
        _table(_titled(deck, title), [header, *page], size=9, widths=(2.6, 0.8, 4.7, 0.9))


def _yes(flag: object) -> str:
    return "yes" if flag else "no"


def _pages(rows: Sequence[list[str]]) -> list[Sequence[list[str]]]:
    return [rows[i : i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)] or [[]]


def _table(
    slide: Slide,
    rows: Sequence[Sequence[str]],
    *,
    size: int = 12,
    widths: Iterable[float] | None = None,
) -> None:
    """A native table of text, its first row the header."""
    columns = max(len(r) for r in rows)
    height = Emu(min(HEIGHT, Inches(0.37) * len(rows)))
    table = slide.shapes.add_table(len(rows), columns, LEFT, TOP, WIDTH, height).table
    if widths is not None:
        for j, inches in enumerate(widths):
            table.columns[j].width = Inches(inches)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)
