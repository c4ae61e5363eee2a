"""The statistics page's queries on a realistic year in SQLite (python -m kiosk demo-data --events 1000000).

Targets: each query p95 <= 2 s for a year and <= 300 ms for a week. Also prints the whole page (every
table) for both ranges. The year is generated once into a temporary database (about a minute), or
read from KIOSK_BENCH_STATS_DB when set (a database made with demo-data).

Run: make bench  (or: python -m benchmarks.stats_queries [--events N])
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from benchmarks.stats import p95, summary_ms
from kiosk.content.loader import load_content
from kiosk.floor.inquiries import shipped_inquiry_config
from kiosk.settings import PROJECT_ROOT
from kiosk.stats.demo_data import generate
from kiosk.stats.queries import Query, StatsFilter
from kiosk.stats.tables import build_tables
from kiosk.store import make_engine, upgrade

TARGETS_MS = {"year": 2000.0, "week": 300.0}
ROUNDS = 5


def _queries(q: Query, order: dict[str, list[str]]) -> dict[str, Callable[[], object]]:
    return {
        "inquiries by category and channel": lambda: q.inquiries(["category", "channel"]),
        "inquiries by week": lambda: q.inquiries(["week"]),
        "inquiries by weekday and hour": lambda: q.inquiries(["weekday", "hour"]),
        "outcomes and referrals": lambda: q.inquiries(["outcome", "referral"]),
        "help calls (counts, median, p90)": q.help_calls,
        "help outside staffed hours": lambda: q.event_counts(["help_outside_hours"], ["weekday", "hour"]),
        "guides (started, finished, feedback)": q.guides,
        "funnel and stuck steps": lambda: q.steps(order),
        "languages": q.languages,
        "searches that found nothing": q.no_result_terms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args(argv or [])
    library, _ = load_content(PROJECT_ROOT / "content")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.environ.get("KIOSK_BENCH_STATS_DB") or str(Path(tmp) / "stats.db")
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        if not os.environ.get("KIOSK_BENCH_STATS_DB"):
            started = time.perf_counter()
            made = generate(engine, library, shipped_inquiry_config(), args.events)
            print(
                f"statistics: a year of demo data, {made.events} events, {made.visits} visits, {made.help_calls} help calls"
                f" ({time.perf_counter() - started:.0f} s to write)"
            )
        order = {slug: [s.id for s in g.steps] for slug, g in library.guides.items()}
        today = date.today()
        ok = True
        for label, days in (("year", 364), ("week", 6)):
            f = StatsFilter(start=today - timedelta(days=days), end=today)
            worst: list[tuple[float, str]] = []
            for name, run in _queries(Query(engine, f), order).items():
                samples = []
                for _ in range(ROUNDS):
                    started = time.perf_counter()
                    run()
                    samples.append((time.perf_counter() - started) * 1000)
                worst.append((p95(samples), name))
                print(f"  {label}: {name:<40} {summary_ms(samples)}")
            page = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                build_tables(engine, f, library, shipped_inquiry_config())
                page.append((time.perf_counter() - started) * 1000)
            slowest, which = max(worst)
            met = slowest <= TARGETS_MS[label]
            ok &= met
            print(f"  {label}: slowest query p95 {slowest:.0f} ms ({which}); whole page {summary_ms(page)}")
            print(f"  {label}: target per query p95 <= {TARGETS_MS[label]:.0f} ms: {'met' if met else 'NOT MET'}")
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
