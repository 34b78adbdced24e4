"""Benchmarks: `python -m bench` (or `make bench`) prints figures as medians; never asserts.

`python -m bench.solvers` is the solver comparison: PuLP's bundled CBC against HiGHS on the full
MIP of a brief, with each plan's gap to the LP bound.
"""
