"""The Plan page in a real browser against the least Streamlit page that does the same:
`python -m bench.browser [--steps 8] [--visits 3]`.

Serves `app.py` and `bench/minimal_app.py` (one budget slider with the same stops, a Spend
metric, two Plotly bars) side by side and drives both in headless Chromium (Playwright) the
same way, one after the other at each measure so both see the same load:
- first visit: from a fresh browser context's navigation to every chart drawn (the app's
  six, the minimal app's two), after one visit each to warm the server;
- a budget step: ArrowRight on the slider's thumb (a new budget every step), timed in the
  page from the key press to the Spend card's new value, and to the last change inside any
  chart once the page has been still for a second.
Prints the medians, the app's over the minimal app's, and the issue's targets. Never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

APPS = {"app": ("app.py", 6), "minimal": ("bench/minimal_app.py", 2)}  # script, charts
TARGETS = {"first visit": 1.5, "spend card": 2.0, "charts": 3.0}  # most app / minimal
TIMEOUT = 180_000  # ms
QUIET_MS = 1_000  # the page is settled once no chart has changed for this long
VIEWPORT = {"width": 1600, "height": 2600}  # the whole Plan page, as the browser tests

# Watches the page: when a key goes down, when the Spend card's value first differs after it,
# and when anything inside a Plotly chart last changed.
WATCH = """() => {
  const spend = () => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      const label = m.querySelector('[data-testid="stMetricLabel"]');
      if (label && label.innerText.trim() === 'Spend') {
        const v = m.querySelector('[data-testid="stMetricValue"]');
        return v ? v.innerText : null;
      }
    }
    return null;
  };
  const w = {t0: null, before: null, card: null, chart: null, last: performance.now()};
  window.__bench = w;
  document.addEventListener('keydown', () => {
    w.t0 = performance.now(); w.before = spend(); w.card = null; w.chart = null;
  }, true);
  new MutationObserver(records => {
    const now = performance.now();
    w.last = now;
    if (w.t0 === null) return;
    if (w.card === null) {  // (only until found: the lookup costs the page time)
      const value = spend();
      if (value !== null && value !== w.before) w.card = now;
    }
    if (records.some(r => r.target.closest && r.target.closest('.js-plotly-plot'))) {
      w.chart = now;
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true});
}"""
DRAWN = """n => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const drawn = plots.filter(p => p.querySelector('.main-svg')).length;
  return drawn >= n ? performance.now() : false;
}"""


def _idle(page: Page) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT)


def first_visit(browser: Browser, url: str, charts: int) -> float:
    """Seconds from a fresh context's navigation until `charts` charts are drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        drawn = page.wait_for_function(DRAWN, arg=charts, timeout=TIMEOUT, polling="raf")
        return float(drawn.json_value()) / 1000
    finally:
        context.close()


def open_for_steps(browser: Browser, url: str, charts: int) -> Page:
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(url)
    page.wait_for_function(DRAWN, arg=charts, timeout=TIMEOUT)
    _idle(page)
    page.evaluate(WATCH)
    return page


def step(page: Page) -> tuple[float, float]:
    """One ArrowRight on the budget slider: seconds to the Spend card's new value, and to the
    charts' last change."""
    thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input').first
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => window.__bench.card !== null", timeout=TIMEOUT)
    _idle(page)
    page.wait_for_function(
        f"() => window.__bench.chart !== null && performance.now() - window.__bench.last > "
        f"{QUIET_MS}",
        timeout=TIMEOUT,
    )
    w = page.evaluate("() => window.__bench")
    return (w["card"] - w["t0"]) / 1000, (w["chart"] - w["t0"]) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browser")
    parser.add_argument("--steps", type=int, default=8, help="budget steps per app")
    parser.add_argument("--visits", type=int, default=3, help="first visits per app")
    args = parser.parse_args()
    if CHROMIUM is None:
        raise SystemExit("no chromium on this machine (apt-get install chromium)")
    seconds: dict[str, dict[str, list[float]]] = {
        name: {measure: [] for measure in TARGETS} for name in APPS
    }
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        urls = {
            name: stack.enter_context(streamlit_server(Path(tmp) / f"{name}.log", script=script))
            for name, (script, _) in APPS.items()
        }
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for visit in range(args.visits + 1):  # the first warms each server
            for name, (_, charts) in APPS.items():
                took = first_visit(browser, urls[name], charts)
                if visit:
                    seconds[name]["first visit"].append(took)
        pages = {name: open_for_steps(browser, urls[name], n) for name, (_, n) in APPS.items()}
        for _ in range(args.steps):
            for name, page in pages.items():
                card, charts_s = step(page)
                seconds[name]["spend card"].append(card)
                seconds[name]["charts"].append(charts_s)
        browser.close()
    print(
        f"{'measure':<12} {'app_s':>7} {'minimal_s':>9} {'ratio':>6} {'target':>7}  "
        "runs (app | minimal)"
    )
    for measure, target in TARGETS.items():
        app, minimal = (statistics.median(seconds[n][measure]) for n in APPS)
        runs = " | ".join(" ".join(f"{s:.2f}" for s in seconds[n][measure]) for n in APPS)
        print(
            f"{measure:<12} {app:>7.2f} {minimal:>9.2f} {app / minimal:>6.1f} "
            f"{'<=' + format(target, 'g') + 'x':>7}  {runs}"
        )


if __name__ == "__main__":
    main()
