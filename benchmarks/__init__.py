"""Benchmarks that print their figures: ``python -m benchmarks.NAME``."""
