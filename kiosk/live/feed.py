"""The latest digest of every live channel in this process, and the streams waiting for them to change.

The watcher thread publishes; each open live stream (an asyncio task on the server's loop) waits here for
one of its channels to change. Publishing wakes exactly the streams whose channels changed, through
their own loop: a stream costs nothing between changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(eq=False)
class _Waiter:
    channels: frozenset[str]
    loop: asyncio.AbstractEventLoop
    event: asyncio.Event = field(default_factory=asyncio.Event)


class LiveFeed:
    def __init__(self) -> None:
        # Which server process this is: a page drawn by another one (before a restart) is drawn again whole.
        self.boot = uuid.uuid4().hex
        self._lock = threading.Lock()
        self._digests: dict[str, str] = {}
        self._waiters: set[_Waiter] = set()
        self.published = threading.Event()  # set once the first digests are in (a stream's first message waits for it)

    def digests(self, channels: Iterable[str]) -> dict[str, str]:
        with self._lock:
            return {channel: self._digests[channel] for channel in channels if channel in self._digests}

    def publish(self, digests: Mapping[str, str]) -> set[str]:
        """Take new digests (from any thread); wake the streams of the channels that changed. Returns those."""
        with self._lock:
            changed = {channel for channel, digest in digests.items() if self._digests.get(channel) != digest}
            self._digests.update(digests)
            woken = [waiter for waiter in self._waiters if waiter.channels & changed]
        self.published.set()
        for waiter in woken:
            # A closed loop (the server is stopping) has nobody listening.
            with contextlib.suppress(RuntimeError):
                waiter.loop.call_soon_threadsafe(waiter.event.set)
        return changed

    async def wait(self, seen: Mapping[str, str | None], timeout: float) -> bool:
        """Until a digest differs from `seen` (True at once if one already does) or `timeout` seconds pass (False).
        None in `seen`: the channel had no digest yet (a kiosk that never called); its first one wakes the wait."""
        waiter = _Waiter(frozenset(seen), asyncio.get_running_loop())
        with self._lock:
            if any(self._digests.get(channel) != digest for channel, digest in seen.items()):
                return True  # published between the caller's read and now
            self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter.event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.discard(waiter)

    @property
    def streams(self) -> int:
        """How many streams wait right now (the doctor and the tests look)."""
        with self._lock:
            return len(self._waiters)
