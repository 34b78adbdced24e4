"""A real browser (Debian's Chromium through Playwright) against `streamlit run`.

Loads the app, moves the budget slider, sees a KPI change, downloads the CSV, and writes the
README's screenshots of the Plan page (normal and presentation mode). Saves two scenarios,
compares them, and opens the Share link in a fresh browser context to see the same plan.
Opens a page's own address first on a fresh server, and adopts a goal-seek budget.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pptx import Presentation

from bench.server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

SHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but no chromium: .ci/run must install Debian's chromium")
    pytest.skip(
        "no chromium installed (apt-get install chromium); browser tests skipped",
        allow_module_level=True,
    )


SERVER_LOG: list[Path] = []  # the running server's log file (set by the fixture)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    SERVER_LOG[:] = [tmp_path_factory.mktemp("server") / "streamlit.log"]
    with streamlit_server(SERVER_LOG[0]) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _kpi(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text()


def _wait_idle(page) -> None:
    """Until the script run is over and all five charts are drawn."""
    page.wait_for_timeout(500)
    # Generous: a cold server on a busy 2-core machine takes its time; the wait ends early.
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=180_000)
    try:
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=180_000
        )
    except PlaywrightTimeout:  # say what the page shows instead of the charts
        charts = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
        alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
        server = SERVER_LOG[0].read_text()[-3000:]
        raise AssertionError(
            f"{charts} charts after 180 s; the page says {alerts}; the server log ends:\n{server}"
        ) from None
    page.wait_for_timeout(1_000)  # let the charts finish their first paint


def _wait_for_new_kpi(page, before: str) -> None:
    """Until the first KPI differs from `before` and the page is idle again."""
    page.wait_for_function(
        "before => {"
        "  const kpi = document.querySelector('[data-testid=\"stMetricValue\"]');"
        "  return kpi !== null && kpi.innerText !== before;"  # null while the page redraws
        "}",
        arg=before,
        timeout=60_000,
    )
    _wait_idle(page)


def test_a_page_address_opened_first_on_a_fresh_server_is_the_app(server, browser):
    # First in this module, so the server has run no session yet: with the pages in a
    # `pages/` folder, Streamlit ran views like this one alone, without app.py.
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/compare")
    page.get_by_role("heading", name="Compare scenarios").wait_for(timeout=120_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_role("link", name="Budget frontier").count() == 1
    assert nav.get_by_role("link", name="app", exact=True).count() == 0
    page.close()


def test_budget_slider_changes_kpi_and_csv_downloads(server, browser, tmp_path):
    # Tall enough to hold the whole Plan page: Streamlit scrolls inside its own container.
    page = browser.new_page(viewport={"width": 1600, "height": 2600}, accept_downloads=True)
    page.goto(server)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    _wait_idle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "plan.png"), full_page=True)
    before = _kpi(page)

    # The budget slider's thumb is a range input: four stops right of $50k is $90k.
    thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input').first
    assert thumb.get_attribute("aria-valuetext") == "$50k"
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")
    _wait_for_new_kpi(page, before)
    assert _kpi(page) != before
    assert thumb.get_attribute("aria-valuetext") == "$90k"

    sidebar = page.locator('[data-testid="stSidebar"]')
    page.get_by_text("Presentation mode").click()
    sidebar.wait_for(state="hidden", timeout=60_000)  # fails if the controls stay
    _wait_idle(page)
    page.screenshot(path=str(SHOTS / "plan-presentation.png"), full_page=True)
    page.get_by_text("Presentation mode").click()
    sidebar.wait_for(state="visible", timeout=60_000)
    _wait_idle(page)

    page.get_by_role("link", name="Roster", exact=True).click()
    button = page.get_by_role("button", name="Download CSV")
    button.wait_for(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    target = tmp_path / "plan.csv"
    info.value.save_as(target)
    plan = pd.read_csv(target)
    assert {"handle", "posts", "cost", "expected_engagement"} <= set(plan.columns)
    assert len(plan) > 0
    assert 50_000 < plan["cost"].sum() <= 90_000  # spent within the new budget
    page.close()


def _save_scenario(page, name: str) -> None:
    page.get_by_role("button", name="Save scenario").click()
    # Typed and saved at once, without Enter: the name must still reach the save.
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(f"Saved as “{name}”.").wait_for(timeout=60_000)
    page.keyboard.press("Escape")  # closes the popover


def _set_budget(page, budget: int) -> None:
    before = _kpi(page)
    field = page.get_by_label("Exact budget (USD)")
    field.fill(str(budget))
    field.press("Enter")
    _wait_for_new_kpi(page, before)


def test_save_two_scenarios_compare_them_and_share_the_plan(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 2600}, accept_downloads=True)
    page.goto(server)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    _wait_idle(page)
    _save_scenario(page, "Pitch at 50k")
    _set_budget(page, 90_000)
    _save_scenario(page, "Pitch at 90k")
    at_90k = _kpi(page)

    # The address bar holds the brief: a fresh context (no session) shows the same plan.
    shared = browser.new_context(viewport={"width": 1600, "height": 2600})
    other = shared.new_page()
    # The address bar follows the controls (history.replaceState: no navigation to wait for).
    page.wait_for_function("location.search.includes('budget=90000')", timeout=60_000)
    other.goto(page.url)
    other.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    _wait_idle(other)
    assert _kpi(other) == at_90k
    shared.close()

    page.get_by_role("link", name="Compare", exact=True).click()
    # The older of the two newest scenarios is the first, the baseline; the KPI table is a
    # canvas (no text).
    page.get_by_text("Only in Pitch at 90k").wait_for(timeout=60_000)
    page.get_by_text("Only in Pitch at 50k").wait_for()
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=60_000
    )
    page.wait_for_timeout(1_000)
    page.get_by_text("Who is in one plan and not another").wait_for()
    page.screenshot(path=str(SHOTS / "compare.png"), full_page=True)
    deck = _download_deck(page, tmp_path / "compare.pptx")
    kpis = next(s for s in deck.slides if s.shapes.title.text == "Key figures, side by side")
    (table,) = [shape.table for shape in kpis.shapes if shape.has_table]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[1:] == ["Pitch at 50k", "Pitch at 90k", "Pitch at 90k vs Pitch at 50k"]
    page.close()


def _download_deck(page, target: Path):
    """Click "Download deck" (the deck is made on the click) and read the file it gives."""
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Download deck").click()
    info.value.save_as(target)
    return Presentation(str(target))


def test_the_plan_page_s_deck_is_the_plan_shown(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 2600}, accept_downloads=True)
    page.goto(server)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    _wait_idle(page)
    shown = re.search(r"([\d,]+) influencers, ([\d,]+) posts", page.inner_text("body"))
    assert shown, "the plan's summary line is missing"
    deck = _download_deck(page, tmp_path / "plan.pptx")
    assert "Budget $50,000" in deck.slides[0].placeholders[1].text_frame.text
    roster = [
        row.cells[0].text
        for s in deck.slides
        if s.shapes.title.text.startswith("The roster")
        for shape in s.shapes
        if shape.has_table
        for row in list(shape.table.rows)[1:]
    ]
    assert len(roster) == int(shown[1].replace(",", ""))
    titles = [s.shapes.title.text for s in deck.slides]
    assert "Spend by tier" in titles and "Micro vs macro, at the same budget" in titles
    page.close()


def test_adopting_the_least_budget_for_a_target_sets_the_plan_pages_controls(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 2600})
    page.goto(server)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    _wait_idle(page)
    page.get_by_role("link", name="Budget frontier", exact=True).click()
    target = page.get_by_label("Expected result to reach")
    target.fill("8000000")
    target.press("Enter")
    page.get_by_role("button", name="Find the least budget").click()
    answer = page.locator('[data-testid="stAlert"]').filter(has_text="reaches")
    answer.wait_for(timeout=120_000)
    budget = answer.inner_text().split("$", 1)[1].split()[0].replace(",", "")
    page.get_by_role("button", name="Adopt as the current plan").click()
    page.get_by_role("link", name=f"Budget set to ${int(budget):,}: open the Plan page").click()
    _wait_idle(page)
    # The controls show the adopted budget (they came back at their minimum once).
    assert page.get_by_label("Exact budget (USD)").input_value() == budget
    assert _kpi(page) == "8.00M"
    page.close()


def _capped_url(server: str) -> str:
    """The issue's brief as a share link: $40k, conversions, beauty, US + GB, micro at least
    60% of spend, no running cost (as when the issue was filed)."""
    from urllib.parse import urlencode

    from planner.brief import Brief
    from planner.share import to_query
    from tests.helpers.hard_briefs import CAPPED

    return f"{server}/?{urlencode(to_query(Brief.parse(CAPPED)))}"


def _spend(page) -> float:
    text = page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()
    return float(re.sub(r"[^0-9.]", "", text))


def test_the_plan_says_which_rule_holds_it_and_one_click_relaxes_it(server, browser):
    from tests.helpers.hard_briefs import MICRO_RULE

    page = browser.new_page(viewport={"width": 1600, "height": 3400})
    page.goto(_capped_url(server))
    _wait_idle(page)
    note = page.locator('[data-testid="stAlert"]').filter(has_text="budget is unspent")
    assert f"'{MICRO_RULE}' caps the plan at $12,655 ÷ 60% = $21,092" in note.inner_text()
    spend = _spend(page)
    assert round(spend / 100) == 211

    page.get_by_text("Explain the plan: what each rule costs").click()
    cost = page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text=f"{MICRO_RULE}: lower it to 55%"
    )
    cost.first.wait_for(timeout=120_000)
    assert "and the plan delivers 13 more conversions" in cost.first.inner_text()
    page.get_by_text("Where the budget went").wait_for(timeout=60_000)
    page.wait_for_timeout(1_000)  # the waterfall's first paint
    top = page.get_by_role("heading", name="Why this plan").bounding_box()
    assert top is not None
    clip = {"x": 0, "y": top["y"] - 16, "width": 1600, "height": 930}
    page.screenshot(path=str(SHOTS / "explain.png"), clip=clip)
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(has=cost.first)
    before = _kpi(page)
    row.last.get_by_role("button", name="Relax").click()
    _wait_for_new_kpi(page, before)
    assert _spend(page) > spend + 1_000


def test_the_country_picker_finds_uk_and_why_not_names_a_filter(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 2600})
    page.goto(server)
    _wait_idle(page)
    page.get_by_text("Targeting", exact=True).click()
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Audience countries")
    found = {"UK": "GB · United Kingdom", "United Kingdom": "GB · ", "usa": "US · United States"}
    for typed, label in found.items():
        picker.locator("input").click()
        page.keyboard.type(typed)
        wanted = page.get_by_role("option", name=re.compile("^" + re.escape(label)))
        wanted.first.wait_for(timeout=10_000)  # offered once the filter has run
        page.keyboard.press("Escape")
        picker.locator("input").fill("")
    page.goto(_capped_url(server))
    _wait_idle(page)
    page.get_by_role("link", name="Roster", exact=True).click()
    page.get_by_text("Why this influencer, or why not?").wait_for(timeout=60_000)
    page.locator('[data-testid="stSelectbox"]').last.click()
    page.keyboard.type("dreamy_lantern_2853")
    page.keyboard.press("Enter")
    said = page.locator('[data-testid="stAlert"]').filter(has_text="is out")
    said.wait_for(timeout=60_000)
    assert "outside the chosen niches (beauty)" in said.inner_text()
