"""A long day in short: 30 kiosks and 5 staff tablets on one server for an hour, a press every 20-60 s each.

Does the server's memory stay flat? Its resident memory is sampled every 10 s; the slope over the second
half of the run (after the caches and the first sessions have filled) is reported in MB per hour, with the
CPU each session cost. Target: at most 5 MB per hour.

    python -m benchmarks.soak [--minutes 60] [--floor 30x5] [--trace-memory DIR]

With --trace-memory the server takes a tracemalloc snapshot eight times in the run into DIR, and the run ends with
what grew most between the middle and the end (by line where it was allocated). Tracing slows the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.busy_floor import (
    Floor,
    Tally,
    _cpu_seconds,
    _drive,
    _prepare_kiosk_data,
    _rss_mb,
    _streamlit,
    _webhook_receiver,
    floor_sessions,
)
from kiosk.settings import PROJECT_ROOT

TARGET_MB_PER_HOUR = 5.0
THINK = (20.0, 60.0)
SAMPLE_SECONDS = 10.0


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per hour."""
    n = len(samples)
    if n < 2:
        return float("nan")
    mean_t = sum(t for t, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    spread = sum((t - mean_t) ** 2 for t, _ in samples)
    return 3600 * sum((t - mean_t) * (m - mean_m) for t, m in samples) / spread if spread else float("nan")


def _floor(text: str) -> Floor:
    kiosks, staff = (int(n) for n in text.split("x"))
    return Floor(kiosks, staff)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--floor", type=_floor, default=Floor(30, 5))
    parser.add_argument("--trace-memory", type=Path, help="a folder for the server's tracemalloc snapshots")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    floor: Floor = args.floor
    seconds = args.minutes * 60
    rng = random.Random(1)
    samples: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="soak-") as name, _webhook_receiver() as (hook, _received):
        tmp = Path(name)
        env = _prepare_kiosk_data(tmp, hook, floor)
        if args.trace_memory:
            args.trace_memory.mkdir(parents=True, exist_ok=True)
            env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent / "memory_trace"), env.get("PYTHONPATH", "")])
            env["KIOSK_BENCH_MEMORY_TRACE"] = str(args.trace_memory)
            env["KIOSK_BENCH_MEMORY_TRACE_SECONDS"] = str(max(60.0, seconds / 8))
        tally = Tally()
        with _streamlit(None, PROJECT_ROOT, env, tmp / "streamlit.log") as (process, port):
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            sessions = floor_sessions(url, floor, tally, rng, THINK)
            started = time.monotonic()
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(SAMPLE_SECONDS):
                    samples.append((time.monotonic() - started, _rss_mb(process.pid)))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            cpu = _cpu_seconds(process.pid)
            try:
                asyncio.run(_drive(sessions, seconds, tally))
            finally:
                stop.set()
                sampler.join()
            cpu = _cpu_seconds(process.pid) - cpu
    second_half = [(t, mb) for t, mb in samples if t >= seconds / 2]
    slope = slope_per_hour(second_half)
    count = floor.kiosks + floor.staff
    print(f"soak: {floor.kiosks} kiosks + {floor.staff} staff tablets for {args.minutes:g} min, a press every 20-60 s")
    print(f"  presses:              {len(tally.round_trips)} kiosk presses, {len(tally.errors)} errors")
    if samples:
        print(f"  server memory:        {samples[0][1]:.0f} MB at the start, {samples[-1][1]:.0f} MB at the end")
    print(f"  memory slope:         {slope:+.1f} MB per hour over the second half ({len(second_half)} samples)")
    print(f"  CPU per session:      {cpu / count:.2f} s in {args.minutes:g} min ({100 * cpu / seconds:.1f} % of a core in all)")
    load = os.getloadavg()
    print(f"  machine load (1/5 min): {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores")
    met = slope <= TARGET_MB_PER_HOUR and not tally.errors
    print(f"  target (slope <= {TARGET_MB_PER_HOUR:g} MB per hour, no errors): {'met' if met else 'NOT MET'}")
    for error in tally.errors[:3]:
        print(f"    {error}")
    if args.trace_memory:
        print_growth(args.trace_memory)
    return 0 if met else 1


def print_growth(folder: Path, top: int = 15) -> None:
    """What grew most between the snapshot in the middle of the run and the last one."""
    import tracemalloc

    snapshots = sorted(folder.glob("snapshot-*.trace"))
    if len(snapshots) < 2:
        print("  memory trace: fewer than two snapshots")
        return
    middle, last = (tracemalloc.Snapshot.load(str(path)) for path in (snapshots[len(snapshots) // 2], snapshots[-1]))
    print(f"  grew most between {snapshots[len(snapshots) // 2].name} and {snapshots[-1].name}:")
    for stat in last.compare_to(middle, "lineno")[:top]:
        print(f"    {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks  {stat.traceback[0]}")


if __name__ == "__main__":
    sys.exit(main())
