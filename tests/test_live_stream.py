"""The live stream in a real server: who may listen, what a screen hears first, that a change is pushed at
once, that a staff tablet's stream is its heartbeat, and that a disabled account's tablet is told."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from kiosk.accounts.auth import load_or_create_secret
from kiosk.live.tickets import kiosk_ticket, staff_ticket
from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import Server, start_server, stop_server

PATH = "/_kiosk/live"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("live"), {"KIOSK_PRESENCE_STALE_SECONDS": "90"})
    yield server
    stop_server(process)


def _secret(server: Server) -> bytes:
    return load_or_create_secret(server.data_dir)


class Messages(queue.Queue[dict[str, object]]):
    """A stream's digest messages as they arrive; `boots`: its `boot` events (which process serves it)."""

    def __init__(self) -> None:
        super().__init__()
        self.boots: list[str] = []


@contextmanager
def _stream(server: Server, ticket: str) -> Iterator[Messages]:
    """The stream's messages as they arrive, read on a thread."""
    answer = requests.get(f"{server.base_url}{PATH}", params={"t": ticket}, stream=True, timeout=(5, 60))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    messages = Messages()

    def read() -> None:
        event = None
        try:
            for line in answer.iter_lines(decode_unicode=True):
                if not line:
                    event = None  # a blank line ends an event
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "boot":
                    messages.boots.append(json.loads(line[5:]))
                elif line.startswith("data:"):
                    messages.put(json.loads(line[5:]))
        except (requests.RequestException, AttributeError):
            pass  # the test closed the answer under the reader

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield messages
    finally:
        answer.close()


def _kiosk(server: Server, code: str) -> str:
    """Run `code` against the server's database in another process (as a kiosk or a colleague would)."""
    prelude = (
        "from kiosk.settings import get_settings; from kiosk.store import make_engine;"
        "from kiosk.visit.journey import new_visit_id;"
        "engine = make_engine(get_settings().effective_database_url);"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=PROJECT_ROOT, env=server.env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _user_id(server: Server, username: str) -> int:
    code = (
        f"from kiosk.accounts.auth import list_users;print(next(u.id for u in list_users(engine) if u.username == {username!r}))"
    )
    return int(_kiosk(server, code))


@pytest.mark.parametrize("ticket", ["", "forged", "a" * 2000])
def test_a_stream_without_a_ticket_signed_here_is_refused(live_server: Server, ticket: str) -> None:
    answer = requests.get(f"{live_server.base_url}{PATH}", params={"t": ticket}, timeout=5)
    assert answer.status_code == 403
    assert "text/event-stream" not in answer.headers.get("content-type", "")


def test_a_ticket_signed_with_another_key_is_refused(live_server: Server) -> None:
    answer = requests.get(f"{live_server.base_url}{PATH}", params={"t": kiosk_ticket(b"x" * 32, "demo")}, timeout=5)
    assert answer.status_code == 403


def test_a_ticket_for_an_unknown_kiosk_is_refused(live_server: Server) -> None:
    answer = requests.get(f"{live_server.base_url}{PATH}", params={"t": kiosk_ticket(_secret(live_server), "nowhere")}, timeout=5)
    assert answer.status_code == 403


def _call_from(server: Server, kiosk_id: str) -> None:
    _kiosk(
        server,
        "from kiosk.floor.calls import request_help;"
        f"request_help(engine, visit_id=new_visit_id(), kiosk_id={kiosk_id!r}, language='nb', guide=None, step=None)",
    )


def test_a_kiosk_hears_its_own_call_and_nothing_of_another_kiosks(live_server: Server) -> None:
    # A kiosk of its own at the same branch: the other tests' calls are not in its channel.
    _kiosk(
        live_server,
        "from kiosk.store.kiosks import Kiosk, save_kiosk;"
        "save_kiosk(engine, Kiosk(id='stream-a', display_name='A', location='', branch_id='hovedbiblioteket'));"
        "save_kiosk(engine, Kiosk(id='stream-b', display_name='B', location='', branch_id='hovedbiblioteket'))",
    )
    with _stream(live_server, kiosk_ticket(_secret(live_server), "stream-a")) as messages:
        first = messages.get(timeout=10)
        assert set(first) == {"notices"}, "a screen that (re)connects catches up at once; no call yet, no call channel"
        # Before the digests: which process serves the stream (a page drawn by another is drawn again whole).
        assert len(messages.boots) == 1 and len(messages.boots[0]) == 32
        with _stream(live_server, kiosk_ticket(_secret(live_server), "stream-b")) as other:
            other.get(timeout=10)
            assert other.boots == messages.boots, "one process, one name"
        _call_from(live_server, "stream-b")
        with pytest.raises(queue.Empty):
            messages.get(timeout=4)  # another kiosk's call changes nothing this one shows: nothing is sent
        _call_from(live_server, "stream-a")
        changed = messages.get(timeout=10)
        assert "kiosk:stream-a" in changed, "its own first call wakes a stream that had no call channel yet"
        assert "notices" not in changed or changed["notices"] == first["notices"]
        with pytest.raises(queue.Empty):
            messages.get(timeout=3)  # nothing more happened: nothing more is sent


def test_a_staff_tablets_stream_is_its_heartbeat_and_ends_when_the_account_is_disabled(live_server: Server) -> None:
    secret = _secret(live_server)
    _kiosk(
        live_server,
        "from kiosk.accounts.auth import add_user, Role; add_user(engine, 'ola', 'Ola', Role.STAFF, 'correct horse battery')",
    )
    ola = _user_id(live_server, "ola")
    on_shift = (
        "from datetime import timedelta; from kiosk.floor.presence import on_shift;"
        "print(sorted(p.name for p in on_shift(engine, timedelta(seconds=90), 'nb')))"
    )
    assert "Ola" not in _kiosk(live_server, on_shift)
    with _stream(live_server, staff_ticket(secret, ola, 0, "hovedbiblioteket")) as messages:
        assert set(messages.get(timeout=10)) == {"floor:hovedbiblioteket"}
        assert "Ola" in _kiosk(live_server, on_shift), "an open tablet counts as on the floor"
        _kiosk(live_server, "from kiosk.accounts.auth import set_disabled; set_disabled(engine, 'ola')")
        while messages.get(timeout=30).get("signed_out") is not True:
            pass  # floor changes (Ola leaving the floor list) may come first
