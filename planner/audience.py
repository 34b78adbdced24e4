"""People counted once: audience cells, the pool of people in each, and the people a plan reaches.

An audience lives in cells, one per audience country and category ("US/food"). A person is a
person across platforms, so an Instagram and a TikTok account of one niche and country share a
cell. Within a cell of N people, audiences overlap at random (the media planner's Sainsbury
formula, docs/calibration.md: audience overlap):

    people = N (1 - prod_i (1 - r_i / N))

where r_i is influencer i's expected result in the cell over all its posts. Reach counts the
people who see a post, clicks the people who click, conversions the people who buy: each
saturates that way inside its cell. Engagements are events and stay summed.

A row's cells: with countries targeted, its forecast already holds only its audience in its
main country (`audience_country_share`), and all of it lies in that country's cell; with none
targeted, that share lies there and the rest in its category's ELSEWHERE cell.

A cell's pool is the brief's `audience_pools["US/food"]`, else the country's people on social
media x the share who follow influencers x a niche's share of them (calibration: the last an
assumption). Either is then x the niche's `category_fit`, as its reach is: the people who care,
in a pool of the people who care.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import calibration as cal
from planner.brief import Brief

ELSEWHERE = "elsewhere"  # the cell of an audience outside its main country (no targeting)
PEOPLE_METRICS = ("reach", "clicks", "conversions")  # counted as people, once per cell


@dataclass(frozen=True)
class Cells:
    """Which cells each row's audience lies in: one part per (row, cell), with the share of
    the row's result that lies there. Only cells with people in them (pool > 0)."""

    names: np.ndarray  # "US/food", ... per cell
    pools: np.ndarray  # people per cell
    row: np.ndarray  # row position of each part
    cell: np.ndarray  # cell of each part
    share: np.ndarray  # share of the row's result in that cell

    def amounts(self, results: np.ndarray) -> np.ndarray:
        """Each part's result, from each row's result (over all its posts)."""
        return np.asarray(results, float)[self.row] * self.share

    def people_by_cell(self, results: np.ndarray) -> np.ndarray:
        """People per cell: N (1 - prod(1 - r / N)) of the rows' results in it."""
        seen = np.minimum(self.amounts(results) / self.pools[self.cell], 1.0)
        with np.errstate(divide="ignore"):  # a row that reaches its whole pool: log 0
            missed = np.bincount(self.cell, weights=np.log1p(-seen), minlength=len(self.names))
        return -self.pools * np.expm1(missed)

    def people(self, results: np.ndarray) -> float:
        return float(self.people_by_cell(results).sum())

    def people_by_row(self, results: np.ndarray) -> np.ndarray:
        """Each row's part of the people: its cells' people split in proportion to the rows'
        results there, so they sum to `people` (who saw two posts counts once, split)."""
        amounts = self.amounts(results)
        summed = np.bincount(self.cell, weights=amounts, minlength=len(self.names)).astype(float)
        each = np.divide(
            self.people_by_cell(results), summed, where=summed > 0, out=np.zeros_like(summed)
        )
        parts = amounts * each[self.cell]
        return np.bincount(self.row, weights=parts, minlength=len(results)).astype(float)


def pool(name: str, brief: Brief) -> float:
    """People in one cell ("US/food"): the brief's, else the default; x the niche's fit."""
    country, category = name.split("/", 1)
    people = brief.audience_pools.get(name) or default_pool(country)
    return people * brief.fit(category)


def default_pool(country: str) -> float:
    """The default pool of one niche in a country (or ELSEWHERE), before the niche's fit."""
    if country == ELSEWHERE:
        millions = cal.ELSEWHERE_PEOPLE_M
    else:
        millions = cal.COUNTRY_PEOPLE_M.get(country, cal.OTHER_COUNTRY_PEOPLE_M)
    return millions.value * 1e6 * cal.FOLLOW_INFLUENCERS.value * cal.NICHE_SHARE.value


def cells(rows: pd.DataFrame, brief: Brief) -> Cells:
    """The cells of these rows' audiences under the brief's targeting."""
    n = len(rows)
    country = rows["audience_country"].astype(str).to_numpy()
    category = rows["category"].astype(str).to_numpy()
    keys = np.char.add(np.char.add(country.astype(str), "/"), category.astype(str))
    position, share = np.arange(n), np.ones(n)
    if not brief.countries:
        home = rows["audience_country_share"].to_numpy(float)
        away = np.char.add(f"{ELSEWHERE}/", category.astype(str))
        keys = np.concatenate([keys, away])
        position, share = np.tile(position, 2), np.concatenate([home, 1 - home])
    names, inverse = np.unique(keys, return_inverse=True)
    pools = np.array([pool(str(name), brief) for name in names], float)
    keep = (share > 0) & (pools[inverse] > 0)  # (a niche of fit 0 has no one to reach)
    used, cell = np.unique(inverse[keep], return_inverse=True)
    return Cells(names[used], pools[used], position[keep], cell, share[keep])
