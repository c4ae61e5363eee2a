"""A real HTTP server on 127.0.0.1 that records what it receives and can be told to fail or stall."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.local_http import QuietHandler, serving


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    fail_first: int = 0  # answer 503 to this many requests first
    delay_seconds: float = 0.0  # stall each answer this long
    ok_status: int = 200  # the answer once it accepts (202 and 204 are acceptances too)
    received: list[Received] = field(default_factory=list)
    attempts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"received {len(self.received)} of {count} requests in {timeout} s")


@contextmanager
def http_receiver(fail_first: int = 0, delay_seconds: float = 0.0, ok_status: int = 200) -> Iterator[Receiver]:
    receiver = Receiver(url="", fail_first=fail_first, delay_seconds=delay_seconds, ok_status=ok_status)

    class Handler(QuietHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            with receiver.lock:
                receiver.attempts += 1
                failing = receiver.attempts <= receiver.fail_first
                if not failing:
                    receiver.received.append(Received(self.path, dict(self.headers), body, time.monotonic()))
            self.send_response(503 if failing else receiver.ok_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    with serving(Handler) as base:
        receiver.url = f"{base}/hook"
        yield receiver


@dataclass
class Hanging:
    url: str
    connections: list[socket.socket] = field(default_factory=list)


@contextmanager
def hanging_receiver() -> Iterator[Hanging]:
    """A target that accepts connections and never answers (the review's 'hanging notification target')."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    state = Hanging(url=f"http://127.0.0.1:{listener.getsockname()[1]}/hook")
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            state.connections.append(conn)  # held open, never read, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in state.connections:
            conn.close()
        listener.close()
