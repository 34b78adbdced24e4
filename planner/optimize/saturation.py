"""De-duplicated people inside the MILP: tangent cuts of each cell's saturation curve.

In a cell of N people, the people reached are N (1 - prod_i (1 - r_i / N)) (planner.audience).
With x_i = -N log(1 - r_i / N) (about r_i for a small audience), that is exactly

    people = N (1 - exp(-v / N)),   v = sum of x_i over the influencers in the plan,

concave and increasing in v, a linear function of the plan's columns. The model bounds a
column z (the cell's people) by tangents of that curve at points t_k of u = v / N:

    z - exp(-t_k) v <= N (1 - exp(-t_k) (1 + t_k))

The tangents lie above the curve, so the model's optimum bounds the true one from above (its
bound is a valid bound on the de-duplicated goal). No binaries. The model starts with tangents
spaced so that between two of them they claim at most START_ERROR more than the curve
(relative): about 30 rows per cell where one at CUT_ERROR everywhere would take 350, and made
the MIP 10x slower. Where a solution's cell claims more than CUT_ERROR above the curve, the
tangent at that point is added (`People.cuts_for`, Kelley's cutting planes) and the model is
solved again: the plan's own cells end within CUT_ERROR, and the cuts stay for later budgets.
(This is exact in the influencers' own reaches, where the issue's sketch, a curve in their
summed reach, would drop the product's correction. Its LP needs the model's gross rows,
people <= summed reach, or a fraction of an account near its cell's size claims the cell.)
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

CUT_ERROR = 1e-5  # the most a solved model may claim above the people it reaches (relative)
START_ERROR = 1e-3  # the same, for the tangents the model starts with
ROUNDS = 20  # at most this many rounds of added cuts per solve (the LP takes 2-6)


def saturated(v: np.ndarray, pools: np.ndarray) -> np.ndarray:
    """People N (1 - exp(-v / N)) of each cell, from its exposure v."""
    return -pools * np.expm1(-np.asarray(v, float) / pools)


def exposure(before: np.ndarray, after: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """What a column adds to its cell's v when the influencer's result in the cell goes from
    `before` to `after`: -N log(1 - after / N) + N log(1 - before / N)."""
    cap = 1 - 1e-12  # a result that fills the whole pool: everyone, at a finite v

    def x(r: np.ndarray) -> np.ndarray:
        return -pool * np.log1p(-np.minimum(r / pool, cap))

    return x(after) - x(before)


def _overclaim(a: float, b: float) -> float:
    """The relative excess of the tangents at a < b over 1 - e^-u, where they cross."""
    ea, eb = math.exp(-a), math.exp(-b)
    u = (ea * (1 + a) - eb * (1 + b)) / (ea - eb)
    return (1 - ea * (1 + a) + ea * u) / -math.expm1(-u) - 1


@cache
def tangent_points(error: float) -> np.ndarray:
    """Points u = v / N, from 0 to where 1 - e^-u is within `error` of 1, each as far from
    the one before as keeps the tangents within `error` of the curve."""
    end = math.log(1 / error)
    points = [0.0]
    while points[-1] < end:
        a, step = points[-1], 4 * error
        while a + step < end and _overclaim(a, a + step) <= error:
            step *= 2
        low, high = a + step / 2, min(a + step, end)
        if _overclaim(a, high) <= error:
            low = high
        for _ in range(40):
            if high - low <= 1e-12 * max(1.0, high):
                break
            mid = (low + high) / 2
            low, high = (mid, high) if _overclaim(a, mid) <= error else (low, mid)
        points.append(max(low, a + 1e-12))
    return np.array(points)


def tangents(pool: np.ndarray | float, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slopes and limits of the tangent rows z - slope x v <= limit at points t = v / N."""
    slope = np.exp(-t)
    return slope, pool * (1 - slope * (1 + t))


def start_cuts(pool: float, most: float) -> tuple[np.ndarray, np.ndarray]:
    """The tangents one cell starts with, its v at most `most`: those of the START_ERROR
    points up to the first at or beyond most / N."""
    t = tangent_points(START_ERROR)
    return tangents(pool, t[: int(np.searchsorted(t, most / pool)) + 1])
