"""Search speed over 500 guides in 13 languages. Target: < 50 ms per query (p95).

Run: make bench  (or: python -m benchmarks.search)
"""

from __future__ import annotations

import time

from benchmarks.stats import p95, summary_ms
from kiosk.content.search import SearchIndex
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
    print(f"search: 500 guides x 13 languages, {len(samples)} queries")
    print(f"  index build {build_ms:.0f} ms; per query {summary_ms(samples, digits=1)}")
    ok = p95(samples) < TARGET_MS
    print(f"  target p95 < {TARGET_MS:.0f} ms: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
