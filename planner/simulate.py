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

import numpy as np
import pandas as pd

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief

DRAWS = 10_000
SEED = 20261206
QUANTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}
NO_SPREAD = "no engagement_rate_sd in the roster"  # why a plan's spread is assumed, in words
FULL = 1 - 1e-6  # the most of its pool a part reaches: log(1 - 1) would be -inf (float32)


def factors(cv: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Lognormal draws of mean 1 with coefficient of variation `cv` (one per column), in
    float32 (half the time of float64)."""
    sd = np.sqrt(np.log1p(np.square(np.asarray(cv, np.float32))))
    z = rng.standard_normal(shape, dtype=np.float32)
    z *= sd
    z -= sd**2 / 2
    return np.exp(z, out=z)


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
    own *= shock[:, which]
    return own


class Outcome:
    """Draws of a plan's result, per metric, each drawn when first asked for (the KPI cards
    need only the goal's): `rows` are its plan_rows, with expected_<metric> per row."""

    def __init__(self, rows: pd.DataFrame, brief: Brief, draws: int, seed: int):
        self.rows, self.size = rows, draws
        # One row of factors per plan row (rows x draws): a cell's rows are gathered whole.
        self.factors = multipliers(rows, brief, draws, seed).T.copy() if len(rows) else None
        self.where = cells(rows, brief)
        self._drawn: dict[str, np.ndarray] = {}

    def draws(self, metric: str) -> np.ndarray:
        """The metric's total in each draw (float32: a hundredth of a percent is plenty)."""
        if metric not in self._drawn:
            self._drawn[metric] = self._draw(metric)
        return self._drawn[metric]

    def quantiles(self, metric: str) -> dict[str, float]:
        return quantiles(self.draws(metric))

    def _draw(self, metric: str) -> np.ndarray:
        m = self.factors
        if m is None:
            return np.zeros(self.size, np.float32)
        expected = self.rows[f"expected_{metric}"].to_numpy(np.float32)
        if metric not in PEOPLE_METRICS:
            return expected @ m
        where = self.where
        share = (where.amounts(expected) / where.pools[where.cell]).astype(np.float32)
        onto = np.zeros((len(where.pools), len(where.cell)), np.float32)
        onto[where.cell, np.arange(len(where.cell))] = 1.0
        return _people(m[where.row] * share[:, None], onto, where.pools)


def quantiles(draws: np.ndarray) -> dict[str, float]:
    """P10, P50 and P90 of some draws: {"p10": ..., "p50": ..., "p90": ...}."""
    values = np.quantile(draws, list(QUANTILES.values()))
    return dict(zip(QUANTILES, map(float, values), strict=True))


def outcome(rows: pd.DataFrame, brief: Brief, draws: int = DRAWS, seed: int = SEED) -> Outcome:
    """The plan's outcome over `draws` seeded draws (`rows`: its plan_rows)."""
    return Outcome(rows, brief, draws, seed)


def _people(seen: np.ndarray, onto: np.ndarray, pools: np.ndarray) -> np.ndarray:
    """People per draw, counted once in each cell: N (1 - prod(1 - seen)) over the parts in it
    (`seen`: parts x draws, each part's share of its pool, changed in place; `onto`: cells x
    parts, 1 where the part lies); a part that fills its whole pool reaches all of it but a
    millionth (FULL)."""
    np.minimum(seen, FULL, out=seen)
    np.negative(seen, out=seen)
    np.log1p(seen, out=seen)
    missed = onto @ seen  # the log of the share missed, per cell and draw
    return (-pools.astype(np.float32) @ np.expm1(missed)).astype(np.float32)


def spread_assumed(rows: pd.DataFrame) -> bool:
    """Whether no row of the plan gives its own spread (engagement_rate_sd), so every row's
    is RATE_CV, the assumption."""
    return not (rows["engagement_rate_sd"].to_numpy(float) > 0).any()
