"""The plan's outcome as a distribution: seeded, vectorised draws of what each influencer
delivers, and P10 / P50 / P90 of every goal metric.

In each draw, every chosen influencer's results are its expected results times two lognormal
factors of mean 1:
    its own      coefficient of variation engagement_rate_sd / engagement_rate (the roster's
                 spread over recent posts; RATE_CV, an assumption, where the roster has none)
    its platform's, common to every influencer on it in that draw (an algorithm change):
                 coefficient of variation brief.platform_shock (PLATFORM_SHOCK_CV, assumption)
Engagements and earned media are summed; reach, clicks and conversions count people once in
each audience cell (planner.audience), from the drawn results. A lognormal of mean 1 and
coefficient of variation c has log-sd sqrt(log(1 + c^2)) and log-mean -log-sd^2 / 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief
from planner.forecast import METRICS

DRAWS = 10_000
SEED = 20261206
QUANTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}


@dataclass(frozen=True)
class Outcome:
    """Draws of the plan's result per metric (metric -> one value per draw)."""

    draws: dict[str, np.ndarray]

    def quantiles(self, metric: str) -> dict[str, float]:
        values = np.quantile(self.draws[metric], list(QUANTILES.values()))
        return dict(zip(QUANTILES, map(float, values), strict=True))


def factors(cv: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Lognormal draws of mean 1 with coefficient of variation `cv` (one per column)."""
    sd = np.sqrt(np.log1p(np.square(np.asarray(cv, float))))
    return np.exp(rng.standard_normal(shape) * sd - sd**2 / 2)


def row_cv(rows: pd.DataFrame) -> np.ndarray:
    """Each row's coefficient of variation: its engagement_rate_sd over its rate, or RATE_CV
    where the roster gives none."""
    rate = rows["engagement_rate"].to_numpy(float)
    sd = rows["engagement_rate_sd"].to_numpy(float)
    own = np.divide(sd, rate, out=np.zeros_like(rate), where=rate > 0)
    return np.where(sd > 0, own, cal.RATE_CV.value)


def multipliers(
    rows: pd.DataFrame, brief: Brief, draws: int = DRAWS, seed: int = SEED
) -> np.ndarray:
    """(draws x rows) factors on each row's expected results: its own, times its platform's."""
    rng = np.random.default_rng(seed)
    own = factors(row_cv(rows), (draws, len(rows)), rng)
    platforms, which = np.unique(rows["platform"].astype(str).to_numpy(), return_inverse=True)
    shock = factors(np.full(len(platforms), brief.platform_shock), (draws, len(platforms)), rng)
    return own * shock[:, which]


def outcome(rows: pd.DataFrame, brief: Brief, draws: int = DRAWS, seed: int = SEED) -> Outcome:
    """Draws of a plan's totals (`rows`: its plan_rows, with expected_<metric> per row)."""
    if rows.empty:
        return Outcome({metric: np.zeros(draws) for metric in METRICS})
    m = multipliers(rows, brief, draws, seed)
    where = cells(rows, brief)
    per_part = m[:, where.row]  # each (row, cell) part's factor, shared by the people metrics
    onto = np.zeros((len(where.cell), len(where.pools)))
    onto[np.arange(len(where.cell)), where.cell] = 1.0
    out = {}
    for metric in METRICS:
        expected = rows[f"expected_{metric}"].to_numpy(float)
        if metric in PEOPLE_METRICS:
            share = where.amounts(expected) / where.pools[where.cell]  # of its pool, expected
            out[metric] = _people(per_part * share, onto, where.pools)
        else:
            out[metric] = m @ expected
    return Outcome(out)


def _people(seen: np.ndarray, onto: np.ndarray, pools: np.ndarray) -> np.ndarray:
    """People per draw, counted once in each cell: N (1 - prod(1 - seen)) over the parts in it
    (`seen`: each part's share of its pool per draw, changed in place; `onto`: part -> cell);
    a part that fills its whole pool reaches all of it (within 1e-12)."""
    np.minimum(seen, 1 - 1e-12, out=seen)
    np.negative(seen, out=seen)
    np.log1p(seen, out=seen)
    return (-pools * np.expm1(seen @ onto)).sum(axis=1)


def spread_assumed(rows: pd.DataFrame) -> bool:
    """Whether no row of the plan gives its own spread (engagement_rate_sd), so every row's
    is RATE_CV, the assumption."""
    return not (rows["engagement_rate_sd"].to_numpy(float) > 0).any()
