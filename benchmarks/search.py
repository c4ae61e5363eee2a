"""Search speed over 500 guides in 13 languages. Target: < 50 ms per query (p95).

Run: make bench  (or: python -m benchmarks.search)
"""

from __future__ import annotations

import statistics
import time

from kiosk.search import SearchIndex
from tests.search_fixtures import large_library

TARGET_MS = 50.0
QUERIES = [
    ("skatemelding", "nb"),
    ("tax return", "en"),
    ("flytte", "ar"),
    ("bankid mobil", "uk"),
    ("xyzzy", "so"),
    ("adresse ny", "pl"),
    ("kalinder", "sv"),
]
ROUNDS = 30


def main() -> int:
    library = large_library(500)
    started = time.perf_counter()
    index = SearchIndex(library)
    build_ms = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(ROUNDS):
        for query, language in QUERIES:
            started = time.perf_counter()
            index.search(query, language)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"search: 500 guides x 13 languages, {len(samples)} queries")
    print(f"  index build {build_ms:.0f} ms; per query p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms")
    ok = p95 < TARGET_MS
    print(f"  target p95 < {TARGET_MS:.0f} ms: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
