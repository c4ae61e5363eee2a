"""The summary every benchmark reports."""

from __future__ import annotations

import statistics


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def summary_ms(samples_ms: list[float], digits: int = 0) -> str:
    """'p50 …, p95 …, max …' of samples in milliseconds."""
    p50, worst = statistics.median(samples_ms), max(samples_ms)
    return f"p50 {p50:.{digits}f} ms, p95 {p95(samples_ms):.{digits}f} ms, max {worst:.{digits}f} ms"
