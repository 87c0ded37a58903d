"""Benchmarks that measure the real app in a real browser and print their figures (not timed tests)."""
