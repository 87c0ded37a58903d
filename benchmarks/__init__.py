"""Benchmarks run against the real app (``python -m benchmarks.load``)."""
