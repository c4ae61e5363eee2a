"""The launcher's private line to its browser: the DevTools protocol over `--remote-debugging-pipe`.

No port is opened: the browser reads commands on its fd 3 and writes answers on fd 4, which only the
launcher holds. With DeveloperToolsAvailability 2 no page can be inspected over it, but the browser's own
commands still work: which tabs exist, open one, close one. That is all the launcher needs.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from typing import Any

Event = Callable[[str, dict[str, Any]], None]


class PipeClosed(Exception):
    """The browser has gone (its end of the pipe closed)."""


class DevToolsPipe:
    """Commands out on one pipe, answers and events in on the other (NUL-separated JSON)."""

    def __init__(self, to_browser: int, from_browser: int, on_event: Event) -> None:
        self._out = to_browser
        self._in = from_browser
        self._on_event = on_event
        self._next_id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, tuple[threading.Event, list[dict[str, Any]]]] = {}
        self.closed = threading.Event()
        self._reader = threading.Thread(target=self._read, name="devtools-pipe", daemon=True)
        self._reader.start()

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10.0) -> dict[str, Any]:
        """Send a command and wait for its answer; PipeClosed when the browser has gone."""
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            done = threading.Event()
            box: list[dict[str, Any]] = []
            self._waiting[message_id] = (done, box)
        data = json.dumps({"id": message_id, "method": method, "params": params or {}}).encode() + b"\0"
        try:
            os.write(self._out, data)
        except OSError as exc:
            raise PipeClosed(str(exc)) from exc
        if not done.wait(timeout) or not box:
            self._waiting.pop(message_id, None)
            raise PipeClosed(f"no answer to {method}")
        answer = box[0]
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error'].get('message', answer['error'])}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def _read(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = os.read(self._in, 65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    self._dispatch(json.loads(raw))
        except OSError:
            pass
        finally:
            self.closed.set()
            for done, _box in list(self._waiting.values()):
                done.set()  # an empty box: the caller sees PipeClosed

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            waiting = self._waiting.pop(int(message["id"]), None)
            if waiting:
                waiting[1].append(message)
                waiting[0].set()
        elif "method" in message:
            self._on_event(str(message["method"]), message.get("params", {}))

    def close(self) -> None:
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
