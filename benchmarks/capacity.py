"""Capacity of one server: kiosks and staff tablets on one 2-core server, in growing floors.

Each floor is driven like the busy floor (benchmarks/busy_floor.py: a client that speaks Streamlit's
websocket protocol, no browser) and, in the same run, a bare Streamlit app with as many sessions.
For each floor: the kiosk's press round trip p95 (step to step, categories, help), the time from a
press of Call for help until a staff tablet shows the call, server CPU, and memory per session.
Targets: at 120 kiosks and 40 staff tablets the press p95 at most twice that of the smallest floor,
and a call on the staff page within 1 s (p95), no errors. `--two-servers` runs the kiosk as two server
processes behind nginx (deploy/nginx.conf) on one PostgreSQL (a throwaway cluster), for a library system
twice that size (240 x 80).

    python -m benchmarks.capacity [--seconds 60] [--floors 20x3,60x20,120x40]
    python -m benchmarks.capacity --two-servers --floors 20x3,240x80
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.busy_floor import THINK_SECONDS, Floor, Tally, _run_bare_app, _run_kiosk_app
from benchmarks.stats import p95

FLOORS = (Floor(20, 3), Floor(60, 20), Floor(120, 40))
TARGET_FLOORS = (Floor(120, 40), Floor(240, 80))
VISIBLE_TARGET_S = 1.0


def _floors(text: str) -> tuple[Floor, ...]:
    return tuple(Floor(*(int(n) for n in part.split("x"))) for part in text.split(","))


def _p95_ms(samples: list[float]) -> float:
    return p95([s * 1000 for s in samples]) if samples else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--floors", type=_floors, default=FLOORS)
    parser.add_argument("--two-servers", action="store_true", help="two server processes behind nginx on PostgreSQL")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.two_servers:
        from tests.postgres_cluster import PostgresCluster  # the tests' throwaway cluster (initdb, pg_ctl)

        cluster = PostgresCluster.start()
        try:
            return _measure(args.floors, args.seconds, lambda: cluster.url(cluster.create_database()), 2)
        finally:
            cluster.stop()
    return _measure(args.floors, args.seconds, lambda: None, 1)


def _measure(floors: tuple[Floor, ...], seconds: float, database: Callable[[], str | None], processes: int) -> int:
    rng = random.Random(1)
    where = "two server processes behind nginx on PostgreSQL" if processes == 2 else "one server process on SQLite"
    print(f"capacity: floors of kiosks x staff tablets, {seconds:g} s each, a press every 3-10 s, {where}")
    print("  floor      press p95   bare p95   visible p95   errors  CPU kiosk/bare   MB per session kiosk/bare")
    first_p95, met = None, True
    for floor in floors:
        with tempfile.TemporaryDirectory(prefix="capacity-") as tmp:
            kiosk = _run_kiosk_app(Path(tmp), seconds, rng, THINK_SECONDS, floor, database(), processes)
            bare, bare_cpu = _run_bare_app(Path(tmp), seconds, rng, THINK_SECONDS, floor)
        tally: Tally = kiosk["tally"]  # type: ignore[assignment]
        sessions = floor.kiosks + floor.staff
        press, bare_press = _p95_ms(tally.round_trips), _p95_ms(bare.round_trips)
        visible = _p95_ms(kiosk["visible"])  # type: ignore[arg-type]
        per_session = (float(kiosk["rss_peak_mb"]) - float(kiosk["rss_before_mb"])) / sessions  # type: ignore[arg-type]
        bare_per_session = (bare.rss_mb[1] - bare.rss_mb[0]) / sessions
        errors = len(tally.errors) + int(kiosk["lost"]) + int(kiosk["duplicated"])  # type: ignore[call-overload]
        print(
            f"  {floor.kiosks:>3} x {floor.staff:<3}  {press:7.0f} ms  {bare_press:7.0f} ms  {visible:9.0f} ms"
            f"   {errors:>5}   {kiosk['cpu']:5.1f}/{bare_cpu:5.1f} s   {per_session:5.2f} / {bare_per_session:5.2f}"
        )
        for error in tally.errors[:3]:
            print(f"             error: {error}")
        first_p95 = first_p95 or press
        if floor in TARGET_FLOORS:
            met = met and errors == 0 and press <= 2 * first_p95 and visible <= VISIBLE_TARGET_S * 1000
    verdict = "met" if met else "NOT MET"
    print(f"  target (at 120 x 40 and 240 x 80: press p95 <= 2x the first floor's, visible p95 <= 1 s, no errors): {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
