"""An idle floor: 120 kiosks on their screens, 40 signed-in staff tablets and 15 open calls, nobody pressing.

What an evening with nothing happening costs the server. The kiosk server is measured, then, in the same
run, a bare Streamlit app (one button, nothing live) holding as many idle sessions: the framework's floor.
Sessions are driven by benchmarks.st_client (Streamlit's websocket protocol, and the live stream followed
as the browser's live.js follows it). Target: the kiosk server's CPU at most 3 % of a core while idle.

    python -m benchmarks.idle_floor [--seconds 120] [--floor 120x40] [--calls 15]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
from pathlib import Path

from benchmarks.busy_floor import (
    KIOSK_KEYS,
    PASSWORD,
    Floor,
    _cpu_seconds,
    _kiosk_id,
    _prepare_kiosk_data,
    _rss_mb,
    _staff_names,
    _streamlit,
    _webhook_receiver,
    tablet_headers,
)
from benchmarks.st_client import Session
from kiosk.settings import PROJECT_ROOT

TARGET_PERCENT = 3.0
SETTLE_SECONDS = 10.0  # after the last session opened: the calls' redraws and first heartbeats are done
IDLE_BARE_APP = """
import streamlit as st
st.button("Press", key="press")
"""


def _floor(text: str) -> Floor:
    kiosks, staff = (int(n) for n in text.split("x"))
    return Floor(kiosks, staff)


async def _open_kiosk(url: str, n: int, call: bool) -> Session:
    kiosk_id = _kiosk_id(n)
    session = Session(url, query_string=f"kiosk={kiosk_id}&key={KIOSK_KEYS[kiosk_id]}")
    await session.open()
    await session.press(next(key for key in session.widgets if key.startswith("tile-lang-")))  # home: the notices
    if call:
        await session.press("help-call")  # waits, with the live status
    return session


async def _open_tablet(url: str, floor: Floor, username: str) -> Session:
    session = Session(url, headers=tablet_headers(floor, username))
    await session.open()
    await session.submit("Logg inn", {"Brukernavn": username, "Passord": PASSWORD})
    return session


async def _hold(opened: list[Session], pid: int, seconds: float) -> tuple[float, int, int]:
    """Sessions open, nothing pressed: the server's CPU seconds, messages sent and live redraws meanwhile."""
    await asyncio.sleep(SETTLE_SECONDS)
    received = sum(session.received for session in opened)
    live = sum(session.live_reruns for session in opened)
    cpu = _cpu_seconds(pid)
    await asyncio.sleep(seconds)
    cpu = _cpu_seconds(pid) - cpu
    return cpu, sum(s.received for s in opened) - received, sum(s.live_reruns for s in opened) - live


async def _kiosk_floor(url: str, pid: int, floor: Floor, calls: int, seconds: float) -> tuple[float, int, int, list[str]]:
    opened: list[Session] = []
    # A few at a time: 160 first runs at once would measure the start, not the evening.
    for start in range(1, floor.kiosks + 1, 10):
        numbers = range(start, min(start + 10, floor.kiosks + 1))
        opened += await asyncio.gather(*(_open_kiosk(url, n, n <= calls) for n in numbers))
    names = _staff_names(floor)
    for start in range(0, len(names), 5):  # each sign-in is a memory-hard password check
        opened += await asyncio.gather(*(_open_tablet(url, floor, name) for name in names[start : start + 5]))
    try:
        cpu, received, live = await _hold(opened, pid, seconds)
    finally:
        errors = [error for session in opened for error in session.exceptions]
        await asyncio.gather(*(session.close() for session in opened))
    return cpu, received, live, errors


async def _bare_floor(url: str, pid: int, sessions: int, seconds: float) -> tuple[float, int]:
    opened = [Session(url) for _ in range(sessions)]
    for start in range(0, sessions, 10):
        await asyncio.gather(*(session.open() for session in opened[start : start + 10]))
    try:
        cpu, received, _ = await _hold(opened, pid, seconds)
    finally:
        await asyncio.gather(*(session.close() for session in opened))
    return cpu, received


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--floor", type=_floor, default=Floor(120, 40))
    parser.add_argument("--calls", type=int, default=15)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    floor: Floor = args.floor
    random.seed(1)
    with tempfile.TemporaryDirectory(prefix="idle-floor-") as name, _webhook_receiver() as (hook, _received):
        tmp = Path(name)
        env = _prepare_kiosk_data(tmp, hook, floor)
        with _streamlit(None, PROJECT_ROOT, env, tmp / "streamlit.log") as (process, port):
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            cpu, received, live, errors = asyncio.run(_kiosk_floor(url, process.pid, floor, args.calls, args.seconds))
            rss = _rss_mb(process.pid)
        script = tmp / "bare_app.py"
        script.write_text(IDLE_BARE_APP)
        with _streamlit(script.name, tmp, dict(os.environ), tmp / "bare.log") as (process, port):
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            bare_cpu, bare_received = asyncio.run(_bare_floor(url, process.pid, floor.kiosks + floor.staff, args.seconds))
            bare_rss = _rss_mb(process.pid)
    percent, bare_percent = 100 * cpu / args.seconds, 100 * bare_cpu / args.seconds
    print(
        f"idle floor: {floor.kiosks} kiosks, {floor.staff} staff tablets, {args.calls} open calls,"
        f" nobody pressing, {args.seconds:g} s"
    )
    print(f"  server CPU:        kiosk {percent:.2f} % of a core ({cpu:.2f} s), bare app {bare_percent:.2f} % ({bare_cpu:.2f} s)")
    print(f"  messages sent:     kiosk {received}, bare {bare_received}; live redraws {live}")
    print(f"  server memory:     kiosk {rss:.0f} MB, bare {bare_rss:.0f} MB")
    print(f"  errors:            {len(errors)}" + "".join(f"\n    {error}" for error in errors[:3]))
    load = os.getloadavg()
    print(f"  machine load (1/5 min): {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores")
    met = percent <= TARGET_PERCENT and not errors
    print(f"  target (kiosk server CPU <= {TARGET_PERCENT:g} % of a core while idle, no errors): {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
