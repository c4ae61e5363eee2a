"""Busy floor: 20 kiosks and 3 staff tablets pressing at random on one real server for 3 minutes.

A real `streamlit run` server (private data dir and content copy in a temp dir), 20 kiosks and
3 staff accounts made with `python -m kiosk`, a generic webhook to a receiver on 127.0.0.1.
Driver: benchmarks.st_client, which speaks Streamlit's own websocket protocol (BackMsg/ForwardMsg)
like the browser's frontend does, without a browser. 23 Chromium tabs would need more CPU than the
2-core machine has and would measure the browser; this way the figures are the server's.
Then a bare Streamlit app (a button and an `st.fragment(run_every=1)`) under the same sessions and
presses gives the framework's own floor, measured in the same run so machine noise cancels out.

Targets: 0 errors, 0 lost or duplicated calls, 0 duplicated notifications, p95 press -> visible
on the staff page <= 2 s.
Run: make bench  (or: python -m benchmarks.busy_floor --seconds 20; default 180, or BUSY_FLOOR_SECONDS)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import text
from streamlit.proto.Element_pb2 import Element

from benchmarks.st_client import Session, user_key
from benchmarks.stats import p95, summary_ms
from kiosk.accounts.auth import Role, add_user
from kiosk.settings import PROJECT_ROOT
from kiosk.store import make_engine
from kiosk.store.branches import Branch, save_branch
from kiosk.store.kiosks import WEEKDAYS, Kiosk, StaffedHours, issue_key, save_kiosk


@dataclass(frozen=True)
class Floor:
    kiosks: int = 20
    staff: int = 3


BUSY = Floor()
PORTS = range(18600, 18700)  # the range this machine's benchmarks may use
PASSWORD = "correct horse battery"
CLK_TCK = os.sysconf("SC_CLK_TCK")
ACCEPT = re.compile(r"^(accept|done)-(\d+)$")
Think = tuple[float, float]
THINK_SECONDS: Think = (3.0, 10.0)  # a citizen reads the screen between presses; --think 1-4 saturates 2 cores
HELP_CHANCE = 0.1  # per kiosk press: about one call per kiosk per minute, more than 3 staff clear
CANCEL_CHANCE = 0.25  # per kiosk press while its call is open, once it has waited CANCEL_AFTER
CANCEL_AFTER = 3.0  # seconds: long enough for a staff tablet to have shown the call
BARE_APP = """
import streamlit as st
st.button("Press", key="press")
@st.fragment(run_every=1)
def queue():
    st.button("In fragment", key="fragment-press")
    st.write("tick")
queue()
"""


@dataclass
class Press:
    kiosk_id: str
    at: float  # time.monotonic() when the BackMsg went out


@dataclass
class Tally:
    """What all sessions of one server saw."""

    client_cpu: float = 0.0  # this process's CPU seconds while driving: it shares the 2 cores with the server
    round_trips: list[float] = field(default_factory=list)  # press -> script finished, kiosk or bare presses
    errors: list[str] = field(default_factory=list)
    help_presses: list[Press] = field(default_factory=list)
    first_seen: dict[int, float] = field(default_factory=dict)  # call id -> first staff delta showing it
    ended_at: float = 0.0  # when the sessions stopped watching
    rss_mb: tuple[float, float] = (0.0, 0.0)  # the server's resident memory before and at its peak


# -- server ----------------------------------------------------------------------------------


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _kiosk_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    command = [sys.executable, "-m", "kiosk", *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, input=stdin, text=True, check=True, capture_output=True).stdout


# Each kiosk opens its setup address (with its key) once, as staff do when they set it up.
KIOSK_KEYS: dict[str, str] = {}


# A municipality's floors: each branch has up to 20 kiosks, and the staff tablets are spread over the branches
# (each shows its own branch, as a tablet on the floor does). 120 kiosks and 40 tablets: 6 branches, 6-7 tablets each.
KIOSKS_PER_BRANCH = 20


def branch_of_kiosk(n: int) -> str:
    return f"bench-branch-{1 + (n - 1) // KIOSKS_PER_BRANCH}"


def branch_of_tablet(floor: Floor, name: str) -> str:
    branches = max(1, -(-floor.kiosks // KIOSKS_PER_BRANCH))
    return f"bench-branch-{1 + (int(name.removeprefix('bench')) - 1) % branches}"


def tablet_headers(floor: Floor, name: str) -> dict[str, str]:
    """The tablet's branch cookie, as the branch chooser leaves it on a tablet (kiosk.ui.staff.branch_chooser)."""
    return {"Cookie": f"staff_branch={branch_of_tablet(floor, name)}"}


def _prepare_kiosk_data(tmp: Path, webhook_url: str, floor: Floor, database_url: str | None = None) -> dict[str, str]:
    """Private data dir and content copy, the floor's kiosks staffed around the clock in branches of 20, and its
    staff accounts (`database_url`: another database than the SQLite file in the data dir)."""
    content = tmp / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    env = os.environ | {
        "KIOSK_DATA_DIR": str(tmp / "var"),
        "KIOSK_CONTENT_DIR": str(content),
        "KIOSK_WEBHOOK_URL": webhook_url,
        "KIOSK_KIOSK_CALL_LIMIT": "1000",  # the benchmark presses far more often than a real visitor
    }
    if database_url:
        env["KIOSK_DATABASE_URL"] = database_url
    _kiosk_cli(env, "setup", "--demo")  # the CLI once: migrations, signing key, demo data
    # Kiosks and accounts in this process: a hundred CLI starts would take minutes on a loaded machine.
    engine = make_engine(database_url or f"sqlite:///{tmp / 'var' / 'kiosk.db'}")
    always = StaffedHours(weekly={day: [("00:00", "23:59")] for day in WEEKDAYS})
    for n in range(1, floor.kiosks + 1, KIOSKS_PER_BRANCH):
        name = f"Benk filial {1 + (n - 1) // KIOSKS_PER_BRANCH}"
        save_branch(engine, Branch(id=branch_of_kiosk(n), name=name, staffed_hours=always))
    for n in range(1, floor.kiosks + 1):
        kiosk = Kiosk(id=_kiosk_id(n), display_name=_kiosk_name(n), location="", branch_id=branch_of_kiosk(n))
        save_kiosk(engine, kiosk)
        KIOSK_KEYS[_kiosk_id(n)] = issue_key(engine, _kiosk_id(n))
    for name in _staff_names(floor):
        add_user(engine, name, name, Role.STAFF, PASSWORD)
    engine.dispose()
    return env


def client_host(n: int) -> str:
    """A loopback address of its own for session `n` (127.x.y.1): each screen looks like a host of its own."""
    return f"127.{1 + n // 250}.{n % 250}.1"


def _kiosk_id(n: int) -> str:
    return f"bench-{n:02d}"


def _kiosk_name(n: int) -> str:
    return f"Benk {n:02d}"


def _staff_names(floor: Floor) -> list[str]:
    return [f"bench{n}" for n in range(1, floor.staff + 1)]


# The kiosk's production settings (.streamlit/config.toml), given to both servers so the floor is the
# same framework configured the same way.
FRAMEWORK_FLAGS = ["--runner.postScriptGC", "false", "--server.fileWatcherType", "none"]
# `streamlit run SCRIPT`, with the kiosk server's sockets (no Nagle delay, kiosk.server.send_without_delay).
BARE_SERVE = (
    f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r}); from kiosk.server import send_without_delay;"
    " send_without_delay(); from streamlit.web import cli; cli.main(['run', *sys.argv[1:]], prog_name='streamlit')"
)


@contextmanager
def _streamlit(script: str | None, cwd: Path, env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`script` under `streamlit run`, or None for the kiosk as production serves it (`python -m kiosk serve`)."""
    port = _free_port()
    serve = [sys.executable, "-m", "kiosk", "serve"] if script is None else [sys.executable, "-c", BARE_SERVE, script]
    command = [*serve, "--server.port", str(port), "--server.address", "127.0.0.1", *FRAMEWORK_FLAGS]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(process, port, log)
        yield process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_healthy(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 180  # a loaded machine, or a server under tracemalloc, starts slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in 180 s")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_seconds(pid: int) -> float:
    # utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def _peak_rss(pid: int) -> Iterator[list[float]]:
    """[before, peak] resident memory of the server in MB while the block runs (sampled each second)."""
    found = [_rss_mb(pid), 0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            found[1] = max(found[1], _rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield found
    finally:
        stop.set()
        sampler.join()


# -- webhook receiver ------------------------------------------------------------------------


@contextmanager
def _webhook_receiver() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A generic-webhook target on 127.0.0.1 that keeps every JSON body it is sent."""
    received: list[dict[str, object]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                received.append(json.loads(body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


# -- sessions --------------------------------------------------------------------------------


async def _kiosk_session(url: str, n: int, until: float, tally: Tally, rng: random.Random, think: Think) -> None:
    """A citizen: picks a language, browses guides, now and then calls for help and sometimes cancels."""
    kiosk_id = _kiosk_id(n)
    session = Session(url, query_string=f"kiosk={kiosk_id}&key={KIOSK_KEYS[kiosk_id]}", source_address=client_host(n))
    await session.open()
    called_at: float | None = None
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*think))
        if session.enabled("help-call"):
            called_at = None  # the call was closed (by staff, or by this kiosk)
        key = _kiosk_choice(session, rng, called_at)
        if key is None:
            continue
        if key == "help-call":
            called_at = time.monotonic()
            tally.help_presses.append(Press(kiosk_id, called_at))
        tally.round_trips.append(await session.press(key))
        _collect_errors(session, tally, kiosk_id)
    _collect_errors(session, tally, kiosk_id)  # the call status refreshes by itself too
    await session.close()


def _kiosk_choice(session: Session, rng: random.Random, called_at: float | None) -> str | None:
    enabled = [key for key in session.widgets if session.enabled(key)]
    languages = [key for key in enabled if key.startswith("tile-lang-")]
    if languages:
        return rng.choice(languages)
    waited = time.monotonic() - called_at if called_at is not None else 0.0
    if "help-cancel" in enabled and waited > CANCEL_AFTER and rng.random() < CANCEL_CHANCE:
        return "help-cancel"
    if "help-call" in enabled and rng.random() < HELP_CHANCE:
        return "help-call"
    moves = [key for key in enabled if key.startswith(("tile-cat-", "tile-guide-")) or key in ("begin", "step-next", "nav-back")]
    return rng.choice(moves) if moves else None


async def _staff_session(url: str, floor: Floor, username: str, until: float, tally: Tally, rng: random.Random) -> None:
    """A staff tablet: signs in, its queue refreshes itself; accepts calls and later finishes its own."""

    def watch(element: Element, kind: str) -> None:
        # By the buttons' keys, not the card containers': those keys are being changed.
        match = ACCEPT.match(user_key(element.button.id) or "") if kind == "button" else None
        if match:
            tally.first_seen.setdefault(int(match.group(2)), time.monotonic())

    host = client_host(1000 + int(username.removeprefix("bench")))
    session = Session(url, on_element=watch, source_address=host, headers=tablet_headers(floor, username))
    await session.open()
    await session.submit("Logg inn", {"Brukernavn": username, "Passord": PASSWORD})
    if "sign-out" not in session.widgets:  # the sidebar's "Logg ut": signed in
        tally.errors.append(f"{username}: sign-in failed")
        return
    mine: dict[int, float] = {}  # call id -> when this staff member will be done with it
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        key = _staff_choice(session, rng, mine)
        if key is not None:
            await session.press(key)
            _collect_errors(session, tally, username)
    _collect_errors(session, tally, username)  # the queue's own refreshes can fail too
    await session.close()


def _staff_choice(session: Session, rng: random.Random, mine: dict[int, float]) -> str | None:
    now = time.monotonic()
    for call_id, done_at in list(mine.items()):
        if f"done-{call_id}" in session.widgets and now >= done_at:
            del mine[call_id]
            return f"done-{call_id}"
        if f"done-{call_id}" not in session.widgets and f"accept-{call_id}" not in session.widgets:
            del mine[call_id]  # cancelled by the visitor, or taken by a colleague
    waiting = [key for key in session.widgets if key.startswith("accept-")]
    if waiting and rng.random() < 0.5:
        key = rng.choice(waiting)
        mine[int(key.split("-")[1])] = now + rng.uniform(5.0, 15.0)
        return key
    return None


async def _bare_session(url: str, until: float, tally: Tally, rng: random.Random, think: Think) -> None:
    session = Session(url)
    await session.open()
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*think))
        tally.round_trips.append(await session.press("press"))
        _collect_errors(session, tally, "bare")
    await session.close()


def _collect_errors(session: Session, tally: Tally, who: str) -> None:
    tally.errors += [f"{who}: {text}" for text in session.exceptions]
    session.exceptions.clear()
    if "recover-start-over" in session.widgets:  # the kiosk's catch-all: an exception it turned into a kind message
        tally.errors.append(f"{who}: kiosk screen failed")


async def _guarded(name: str, session: Awaitable[None], tally: Tally) -> None:
    """A session that dies (websocket closed, a run that never finishes) is an error, not a crash."""
    try:
        await session
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        tally.errors.append(f"{name}: {type(exc).__name__}: {exc}")


async def _drive(sessions: list[tuple[str, Callable[[float], Awaitable[None]]]], seconds: float, tally: Tally) -> None:
    until = time.monotonic() + seconds
    cpu = _own_cpu_seconds()
    await asyncio.gather(*(_guarded(name, start(until), tally) for name, start in sessions))
    tally.ended_at = until
    tally.client_cpu = _own_cpu_seconds() - cpu


# -- checks ----------------------------------------------------------------------------------


def _calls_by_kiosk(database_url: str) -> dict[str, list[int]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, kiosk_id FROM help_calls WHERE kiosk_id LIKE 'bench-%' ORDER BY id")).all()
    finally:
        engine.dispose()
    calls: dict[str, list[int]] = defaultdict(list)
    for call_id, kiosk_id in rows:
        calls[kiosk_id].append(call_id)
    return calls


def _lost_and_duplicated(presses: list[Press], calls: dict[str, list[int]]) -> tuple[int, int]:
    pressed = Counter(press.kiosk_id for press in presses)
    lost = sum(max(0, count - len(calls.get(kiosk, []))) for kiosk, count in pressed.items())
    duplicated = sum(max(0, len(ids) - pressed.get(kiosk, 0)) for kiosk, ids in calls.items())
    return lost, duplicated


# A call pressed this close to the end may not reach a staff tablet before the tablets stop watching.
TOO_LATE_TO_SEE = 3.0


def _visible_after(
    presses: list[Press], calls: dict[str, list[int]], first_seen: dict[int, float], ended_at: float
) -> tuple[list[float], int]:
    """Press -> first staff delta with that call: the n-th press of a kiosk made its n-th call."""
    by_kiosk: dict[str, list[Press]] = defaultdict(list)
    for press in presses:
        by_kiosk[press.kiosk_id].append(press)
    delays, unseen = [], 0
    for kiosk, kiosk_presses in by_kiosk.items():
        ids = calls.get(kiosk, [])
        if len(ids) != len(kiosk_presses):
            continue  # counted as lost or duplicated instead
        for press, call_id in zip(kiosk_presses, ids, strict=True):
            if call_id in first_seen:
                delays.append(first_seen[call_id] - press.at)
            elif press.at < ended_at - TOO_LATE_TO_SEE:
                unseen += 1
    return delays, unseen


def _log_problems(log: Path) -> Counter[str]:
    """The last line of each traceback in the server log: the app shows only a redacted message."""
    problems: Counter[str] = Counter()
    for block in log.read_text(errors="replace").split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith(" ")]
        problems[lines[0][:200] if lines else "?"] += 1
    return problems


def _duplicated_notifications(received: list[dict[str, object]]) -> int:
    sent = Counter((body.get("call_id"), body.get("event")) for body in received)
    return sum(count - 1 for count in sent.values() if count > 1)


# -- the two runs ----------------------------------------------------------------------------


def floor_sessions(
    url: str, floor: Floor, tally: Tally, rng: random.Random, think: Think
) -> list[tuple[str, Callable[[float], Awaitable[None]]]]:
    """A kiosk session per kiosk and a staff session per account, each with a random stream of its own."""
    sessions: list[tuple[str, Callable[[float], Awaitable[None]]]] = [
        (_kiosk_id(n), lambda until, n=n: _kiosk_session(url, n, until, tally, random.Random(rng.random()), think))
        for n in range(1, floor.kiosks + 1)
    ]
    sessions += [
        (name, lambda until, name=name: _staff_session(url, floor, name, until, tally, random.Random(rng.random())))
        for name in _staff_names(floor)
    ]
    return sessions


@contextmanager
def _kiosk_servers(tmp: Path, env: dict[str, str], processes: int) -> Iterator[tuple[list[int], int]]:
    """The kiosk as production serves it: one process, or two behind nginx (deploy/nginx.conf). Yields the
    server processes' pids and the port the sessions connect to."""
    if processes == 1:
        with _streamlit(None, PROJECT_ROOT, env, tmp / "streamlit.log") as (process, port):
            yield [process.pid], port
        return
    from tests.proxy import nginx_in_front_of  # the tested proxy set-up, as the tests start it

    with (
        _streamlit(None, PROJECT_ROOT, env, tmp / "streamlit.log") as (first, first_port),
        _streamlit(None, PROJECT_ROOT, env, tmp / "streamlit-2.log") as (second, second_port),
        nginx_in_front_of(f"127.0.0.1:{first_port}", f"127.0.0.1:{second_port}") as proxy,
    ):
        yield [first.pid, second.pid], int(proxy.rsplit(":", 1)[1])


def _run_kiosk_app(
    tmp: Path,
    seconds: float,
    rng: random.Random,
    think: Think,
    floor: Floor = BUSY,
    database_url: str | None = None,
    processes: int = 1,
) -> dict[str, object]:
    with _webhook_receiver() as (hook_url, received):
        env = _prepare_kiosk_data(tmp, hook_url, floor, database_url)
        tally = Tally()
        with _kiosk_servers(tmp, env, processes) as (pids, port):
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            sessions = floor_sessions(url, floor, tally, rng, think)
            cpu = sum(_cpu_seconds(pid) for pid in pids)
            with _peak_rss(pids[0]) as rss:
                asyncio.run(_drive(sessions, seconds, tally))
            cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu
            time.sleep(3)  # the outbox dispatcher polls twice a second: let the last notifications out
        calls = _calls_by_kiosk(database_url or f"sqlite:///{tmp / 'var' / 'kiosk.db'}")
        log_problems = _log_problems(tmp / "streamlit.log")
        notifications = list(received)
    lost, duplicated = _lost_and_duplicated(tally.help_presses, calls)
    visible, unseen = _visible_after(tally.help_presses, calls, tally.first_seen, tally.ended_at)
    return {
        "tally": tally,
        "cpu": cpu,
        "calls": sum(len(ids) for ids in calls.values()),
        "lost": lost,
        "duplicated": duplicated,
        "visible": visible,
        "unseen": unseen,
        "notifications": notifications,
        "log_problems": log_problems,
        "rss_before_mb": rss[0],
        "rss_peak_mb": rss[1],
    }


def _run_bare_app(tmp: Path, seconds: float, rng: random.Random, think: Think, floor: Floor = BUSY) -> tuple[Tally, float]:
    script = tmp / "bare_app.py"
    script.write_text(BARE_APP)
    tally = Tally()
    with _streamlit(script.name, tmp, dict(os.environ), tmp / "bare.log") as (process, port):
        url = f"ws://127.0.0.1:{port}/_stcore/stream"
        sessions: list[tuple[str, Callable[[float], Awaitable[None]]]] = [
            (f"bare-{n}", lambda until: _bare_session(url, until, tally, random.Random(rng.random()), think))
            for n in range(floor.kiosks + floor.staff)
        ]
        cpu = _cpu_seconds(process.pid)
        with _peak_rss(process.pid) as rss:
            asyncio.run(_drive(sessions, seconds, tally))
        cpu = _cpu_seconds(process.pid) - cpu
    tally.rss_mb = (rss[0], rss[1])
    return tally, cpu


def _ms(samples: list[float]) -> str:
    return summary_ms([seconds * 1000 for seconds in samples]) if samples else "no samples"


def _report(seconds: float, think: Think, kiosk: dict[str, object], bare: Tally, bare_cpu: float) -> int:
    tally: Tally = kiosk["tally"]  # type: ignore[assignment]
    visible: list[float] = kiosk["visible"]  # type: ignore[assignment]
    notifications: list[dict[str, object]] = kiosk["notifications"]  # type: ignore[assignment]
    errors = tally.errors + bare.errors
    dup_notes = _duplicated_notifications(notifications)
    new_notes = len({body.get("call_id") for body in notifications if body.get("event") == "new"})
    print(
        f"busy floor: {BUSY.kiosks} kiosks + {BUSY.staff} staff tablets for {seconds:g} s,"
        f" a press every {think[0]:g}-{think[1]:g} s"
        " (Streamlit websocket client, no browser)"
    )
    print(f"  errors:                      {len(errors)}")
    for message, count in Counter(error.split(": ", 1)[-1][:120] for error in errors).most_common(3):
        print(f"    {count} x {message}")
    print(f"  help presses / call rows:    {len(tally.help_presses)} / {kiosk['calls']}")
    print(f"  lost / duplicated calls:     {kiosk['lost']} / {kiosk['duplicated']}")
    print(f"  notifications:               {len(notifications)} received, {new_notes} calls announced, {dup_notes} duplicated")
    print(f"  press -> visible on staff:   {_ms(visible)} ({len(visible)} calls, {kiosk['unseen']} never shown)")
    print(f"  kiosk press round trip:      {_ms(tally.round_trips)} ({len(tally.round_trips)} presses)")
    print(f"  bare Streamlit round trip:   {_ms(bare.round_trips)} ({len(bare.round_trips)} presses, same sessions)")
    print(f"  server CPU:                  kiosk app {kiosk['cpu']:.1f} s, bare app {bare_cpu:.1f} s (of {seconds:g} s)")
    print(f"  driver CPU (this process):   {tally.client_cpu:.1f} s, {bare.client_cpu:.1f} s")
    problems: Counter[str] = kiosk["log_problems"]  # type: ignore[assignment]
    print(f"  tracebacks in the server log: {sum(problems.values())}")
    for line, count in problems.most_common(5):
        print(f"    {count} x {line}")
    print(f"  machine load (1/5 min):      {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    ok = not errors and not kiosk["lost"] and not kiosk["duplicated"] and not dup_notes and bool(visible) and p95(visible) <= 2.0
    median = statistics.median(visible) if visible else float("nan")
    print(
        f"  targets (0 errors, 0 lost/duplicated, 0 duplicated notifications, p95 visible <= 2 s; p50 {median:.2f} s): "
        f"{'met' if ok else 'NOT MET'}"
    )
    return 0 if ok else 1


def _think(text: str) -> Think:
    low, high = (float(part) for part in text.split("-"))
    return low, high


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BUSY_FLOOR_SECONDS", 180)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=_think, default=THINK_SECONDS, help="seconds between a session's presses, e.g. 1-4")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="busy-floor-") as tmp:
        kiosk = _run_kiosk_app(Path(tmp), args.seconds, rng, args.think)
        bare, bare_cpu = _run_bare_app(Path(tmp), args.seconds, rng, args.think)
    return _report(args.seconds, args.think, kiosk, bare, bare_cpu)


if __name__ == "__main__":
    sys.exit(main())
