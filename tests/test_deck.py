"""The pitch deck, read back with python-pptx and rendered by LibreOffice: native charts whose
numbers are the plan's, the KPIs and the roster as tables, every slide showing something."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from planner.brief import Brief
from planner.comparison import kpi_text
from planner.deck import ROWS_PER_SLIDE, compare_deck, plan_deck
from planner.optimize.mixes import alternatives
from planner.optimize.optimizer import optimize
from planner.roster.schema import validate_roster
from planner.wording import number
from tests.helpers.cli import run_cli

SOFFICE, PDFTOPPM = shutil.which("soffice"), shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return validate_roster(pd.read_csv("data/influencers.csv"))


@pytest.fixture(scope="module")
def plan(roster):
    return optimize(roster, Brief(budget=50_000))


@pytest.fixture(scope="module")
def mixes(roster, plan):
    return {name: optimize(roster, b) for name, b in alternatives(plan.brief).items()}


def charts(deck) -> dict[str, object]:
    """Slide title -> its chart."""
    return {
        s.shapes.title.text: shape.chart
        for s in deck.slides
        for shape in s.shapes
        if shape.has_chart
    }


def tables(deck, prefix: str) -> list[list[list[str]]]:
    """The tables of the slides whose title starts with `prefix`, as rows of cell texts."""
    return [
        [[c.text for c in row.cells] for row in shape.table.rows]
        for s in deck.slides
        if s.shapes.title.text.startswith(prefix)
        for shape in s.shapes
        if shape.has_table
    ]


def test_the_plan_deck_holds_native_charts_of_the_plan_s_numbers(plan, mixes):
    deck = Presentation(io.BytesIO(plan_deck(plan, mixes)))
    found = charts(deck)
    spend = found["Spend by tier"]
    assert spend.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(spend.plots[0].categories) == list(plan.spend_by_tier)
    assert list(spend.series[0].values) == pytest.approx(list(plan.spend_by_tier.values()))
    band = found["Expected engagements, P10 to P90 of 10,000 simulated campaigns"]
    assert list(band.plots[0].categories) == ["P10", "Expected", "P90"]
    b = plan.band("engagement")
    expected = [b["p10"], plan.totals["engagement"], b["p90"]]
    assert list(band.series[0].values) == pytest.approx(expected)
    mix = found["Micro vs macro, at the same budget"]
    assert mix.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert dict(zip(mix.plots[0].categories, mix.series[0].values, strict=True)) == pytest.approx(
        {name: p.totals["engagement"] for name, p in mixes.items()}
    )


def test_a_roster_without_engagement_rate_sd_says_its_spread_is_assumed(roster):
    no_sd = validate_roster(roster.drop(columns="engagement_rate_sd"))
    plan = optimize(no_sd, Brief(budget=20_000))
    found = charts(Presentation(io.BytesIO(plan_deck(plan))))
    (title,) = [t for t in found if t.startswith("Expected engagements")]
    assert title.endswith("(spread assumed: no engagement_rate_sd in the roster)")
    b = plan.band("engagement")
    assert b["p10"] < plan.totals["engagement"] < b["p90"]  # the assumed spread: a real range


def test_the_plan_deck_s_tables_are_the_brief_kpis_roster_and_sources(plan):
    deck = Presentation(io.BytesIO(plan_deck(plan, title="Spring launch")))
    assert deck.slides[0].shapes.title.text == "Spring launch"
    assert "Budget $50,000" in deck.slides[0].placeholders[1].text_frame.text
    (kpis,) = tables(deck, "Key figures")
    assert [row[1] for row in kpis[1:]] == kpi_text(plan)
    pages = tables(deck, "The roster")
    assert len(pages) == -(-len(plan.rows) // ROWS_PER_SLIDE)
    handles = [row[0] for page in pages for row in page[1:]]
    assert handles == plan.rows["handle"].tolist()
    goal = [row[-1] for page in pages for row in page[1:]]
    assert goal == [number(v) for v in plan.rows["expected_engagement"]]
    sources = [row for page in tables(deck, "Assumptions") for row in page[1:]]
    assert sources and all(row[2] for row in sources)  # every constant names its source


def test_the_compare_deck_sets_the_scenarios_side_by_side(roster, plan):
    plans = {"$50k": plan, "$80k": optimize(roster, Brief(budget=80_000))}
    deck = Presentation(io.BytesIO(compare_deck(plans)))
    spend = charts(deck)["Spend by tier"]
    assert spend.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    assert list(spend.plots[0].categories) == list(plans)
    for series in spend.series:
        tier = series.name.lower()
        assert list(series.values) == pytest.approx([p.spend_by_tier[tier] for p in plans.values()])
    (kpis,) = tables(deck, "Key figures")
    assert kpis[0][1:3] == list(plans) and "$80k vs $50k" in kpis[0]
    result = charts(deck)["Expected engagements, with P10 and P90 of 10,000 simulated campaigns"]
    values = {series.name: list(series.values) for series in result.series}
    assert list(values) == ["P10", "Expected", "P90"]
    assert values["P10"] == pytest.approx([p.band("engagement")["p10"] for p in plans.values()])
    assert values["Expected"] == pytest.approx([p.totals["engagement"] for p in plans.values()])
    assert values["P90"] == pytest.approx([p.band("engagement")["p90"] for p in plans.values()])


def test_the_cli_writes_the_deck(tmp_path):
    out = tmp_path / "deck.pptx"
    result = run_cli(
        "deck", "--roster", "data/influencers.csv", "--budget", "30000", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(out))
    assert "Micro vs macro, at the same budget" in charts(deck)
    assert "Budget $30,000" in deck.slides[0].placeholders[1].text_frame.text


needs_office = pytest.mark.skipif(
    (SOFFICE is None or PDFTOPPM is None) and os.environ.get("CI") != "true",
    reason="no LibreOffice or pdftoppm (apt-get install libreoffice-impress poppler-utils)",
)


@needs_office
def test_libreoffice_opens_the_deck_and_every_slide_shows_something(tmp_path, plan, mixes):
    assert SOFFICE and PDFTOPPM, ".ci/run must install libreoffice-impress and poppler-utils"
    path = tmp_path / "deck.pptx"
    path.write_bytes(plan_deck(plan, mixes))
    slides = len(Presentation(str(path)).slides)
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice's profile, not the user's
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    subprocess.run(
        [PDFTOPPM, "-r", "30", "-png", str(tmp_path / "deck.pdf"), str(tmp_path / "s")], check=True
    )
    pages = sorted(tmp_path.glob("s-*.png"))
    assert len(pages) == slides
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"))
        below_title = pixels[pixels.shape[0] // 5 :]  # the content, under the title
        assert (below_title < 200).mean() > 0.005, f"{page.name} shows nothing below its title"


def test_the_deck_s_mixes_say_how_many_of_the_plan_s_rules_they_ignore(roster):
    brief = Brief(budget=20_000, tier_rules={"micro": {"min_share": 0.3}})
    plan = optimize(roster, brief)
    mixes = {name: optimize(roster, b) for name, b in alternatives(brief).items()}
    mix = charts(Presentation(io.BytesIO(plan_deck(plan, mixes))))[
        "Micro vs macro, at the same budget"
    ]
    assert list(mix.plots[0].categories) == [
        "Micro only",  # all micro: it keeps the micro share
        "Macro & mega only (ignores 1 rule)",
        "Best mix found",
    ]
