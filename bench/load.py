"""Many users at once: concurrent browser sessions against one app server, per scenario store.

    python -m bench.load [--sessions 20] [--stores sqlite postgresql] [--pg-url URL]

For each store (SQLite in a fresh file; PostgreSQL at --pg-url or PLANNER_TEST_PG_URL, in a
fresh table set), `streamlit run app.py` serves the app and `--sessions` Chromium sessions
(Playwright, one browser context each) run at once, each: open the Plan page, type a budget,
switch the goal to reach, save a scenario under its own name, open Compare, and download the
roster CSV from the Roster page. Every step is timed from the action to the page's answer.
Prints p50 and p95 per step, the errors by step (a step that outlasts TIMEOUT is one), and
then checks the store: every save the page confirmed must be there, and no scenario twice.
The sessions' Chromium runs on the same machine as the server. Never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from playwright.async_api import Page, async_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from planner.scenarios.database import metadata
from planner.scenarios.store import Store

STEPS = ("open", "budget", "goal", "save", "compare", "csv")
TIMEOUT = 300_000  # ms: 20 sessions share 2 cores


async def _kpi(page: Page) -> str:
    return await page.locator('[data-testid="stMetricValue"]').first.inner_text()


async def _new_kpi(page: Page, before: str) -> None:
    await page.wait_for_function(
        "before => { const k = document.querySelector('[data-testid=\"stMetricValue\"]');"
        " return k !== null && k.innerText !== before; }",
        arg=before,
        timeout=TIMEOUT,
    )


async def session(
    browser, url: str, n: int, times: dict, errors: Counter, saved: set, tmp: Path
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 2000})
    context.set_default_timeout(TIMEOUT)  # every click and fill waits as long as the steps
    page = await context.new_page()
    step = "open"
    try:
        start = time.perf_counter()
        await page.goto(url)
        await page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=TIMEOUT)
        times["open"].append(time.perf_counter() - start)

        step, before, start = "budget", await _kpi(page), time.perf_counter()
        field = page.get_by_label("Exact budget (USD)")
        await field.fill(str(60_000 + 1_000 * n))  # never the default $50k: the KPI must move
        await field.press("Enter")
        await _new_kpi(page, before)
        times[step].append(time.perf_counter() - start)

        step, before, start = "goal", await _kpi(page), time.perf_counter()
        await page.get_by_role("radio", name="Reach", exact=True).click()  # the goal control
        await _new_kpi(page, before)
        times[step].append(time.perf_counter() - start)

        step, start = "save", time.perf_counter()
        await page.get_by_role("button", name="Save scenario").click()
        await page.get_by_label("Name", exact=True).fill(f"Load {n}")
        await page.get_by_role("button", name="Save", exact=True).click()
        await page.get_by_text(f"Saved as “Load {n}”.").wait_for(timeout=TIMEOUT)
        times[step].append(time.perf_counter() - start)
        saved.add(f"Load {n}")
        await page.keyboard.press("Escape")

        step, start = "compare", time.perf_counter()
        await page.get_by_role("link", name="Compare", exact=True).click()
        await page.get_by_role("heading", name="Compare scenarios").wait_for(timeout=TIMEOUT)
        times[step].append(time.perf_counter() - start)

        step, start = "csv", time.perf_counter()
        await page.get_by_role("link", name="Roster", exact=True).click()
        async with page.expect_download(timeout=TIMEOUT) as info:
            await page.get_by_role("button", name="Download CSV").click()
        await (await info.value).save_as(tmp / f"plan-{n}.csv")
        times[step].append(time.perf_counter() - start)
        if await page.locator('[data-testid="stException"]').count():
            errors["exception on the page"] += 1
    except Exception as err:  # counted per step: the run goes on with the other sessions
        errors[f"{step}: {type(err).__name__}"] += 1
    finally:
        await context.close()


async def drive(url: str, sessions: int, tmp: Path) -> tuple[dict, Counter, set]:
    """Per step, the seconds each session took; the errors by step; the scenarios whose save
    the page confirmed."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    saved: set[str] = set()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        await asyncio.gather(
            *(session(browser, url, n, times, errors, saved, tmp) for n in range(sessions))
        )
        await browser.close()
    return times, errors, saved


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def measure(store: str, db_url: str, sessions: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        start = time.perf_counter()
        with streamlit_server(tmp / "streamlit.log", {"PLANNER_DB_URL": db_url}) as url:
            times, errors, confirmed = asyncio.run(drive(url, sessions, tmp))
        wall = time.perf_counter() - start
    with Store(db_url) as saved:
        names = Counter(info.name for info in saved.list())
    lost = sorted(confirmed - set(names))  # the page said "Saved as" and the store has none
    twice = sorted(n for n, count in names.items() if count > 1)
    print(f"\n{store}: {sessions} sessions at once, {wall:.0f} s in all")
    print(f"{'step':<8} {'done':>5} {'p50_s':>7} {'p95_s':>7}")
    for step in STEPS:
        done = times.get(step, [])
        if done:
            print(f"{step:<8} {len(done):>5} {statistics.median(done):>7.2f} {p95(done):>7.2f}")
        else:
            print(f"{step:<8} {0:>5} {'-':>7} {'-':>7}")
    print(f"errors: {sum(errors.values())} {dict(errors) or ''}")
    print(
        f"store: {len(confirmed) - len(lost)} of the {len(confirmed)} saves confirmed on the "
        f"page found, lost {lost or 'none'}, saved more than once {twice or 'none'}"
    )


def _fresh_postgresql(url: str) -> str:
    """The PostgreSQL database emptied of the store's tables (the app creates them again)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--stores", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=os.environ.get("PLANNER_TEST_PG_URL"))
    args = parser.parse_args()
    for store in args.stores:
        if store == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                measure(store, f"sqlite:///{folder}/scenarios.db", args.sessions)
        elif args.pg_url:
            measure(store, _fresh_postgresql(args.pg_url), args.sessions)
        else:
            print(f"\n{store}: skipped (no --pg-url and no PLANNER_TEST_PG_URL)")


if __name__ == "__main__":
    main()
