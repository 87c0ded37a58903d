"""Benchmarks and the load test: they drive the real app in a real browser and print their figures
(they are not timed tests). Run one with ``python -m benchmarks.NAME``."""
