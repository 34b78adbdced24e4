"""Benchmarks: `python -m bench` (or `make bench`) prints figures as medians; never asserts."""
