"""The live stream: server-sent events that tell a screen's live parts their data changed.

GET /_kiosk/live?t=<ticket> answers with `text/event-stream`: at once the current digest of each channel
the ticket allows (a screen that reconnects after a restart or a network drop catches up with that),
then a message only when one of them changes. Its first event (`boot`) names the server process: a page
the browser still shows from before a restart is drawn again whole (the new process knows none of its
parts). Between changes a stream is an idle task on the event loop; a comment every KEEPALIVE_SECONDS
keeps proxies from closing it and tells the server when a tablet went away. The browser's EventSource
reconnects by itself (after `retry` ms) when the server restarts.

A staff tablet's open stream is its heartbeat: while it is connected the account counts as on the floor
for the branch it shows; the account is checked again at each heartbeat, and a disabled or signed-out
account's tablet is told to draw its page again (which then asks for the password).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Protocol

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kiosk.accounts.auth import still_valid
from kiosk.errors import StoreUnavailable
from kiosk.floor.live_queue import LiveQueue
from kiosk.floor.presence import Heartbeats
from kiosk.live.feed import LiveFeed
from kiosk.live.tickets import Ticket, read_ticket
from kiosk.live.watcher import LiveWatcher
from kiosk.settings import Settings

PATH = "/_kiosk/live"
KEEPALIVE_SECONDS = 20.0
RETRY_MS = 2000  # a restarted server is asked again after 2 s
SIGNED_OUT = "signed_out"
log = logging.getLogger(__name__)


class Runtime(Protocol):
    """What the stream needs of the server process's runtime (kiosk.runtime.Runtime, which sits above)."""

    @property
    def secret(self) -> bytes: ...
    @property
    def engine(self) -> Engine: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def queue(self) -> LiveQueue: ...
    @property
    def heartbeats(self) -> Heartbeats | None: ...
    @property
    def live(self) -> LiveWatcher | None: ...


def _message(data: dict[str, object]) -> str:
    return f"data: {json.dumps(data, sort_keys=True)}\n\n"


def _heartbeat(runtime: Runtime, ticket: Ticket) -> bool:
    """A staff tablet is alive: its account still signed in (False: tell it), its heartbeat recorded."""
    assert ticket.u is not None
    try:
        if still_valid(runtime.engine, ticket.u, ticket.g) is None:
            return False
        if runtime.heartbeats is not None:
            runtime.heartbeats.heard(ticket.u, ticket.b)
    except StoreUnavailable:
        log.warning("live stream: heartbeat of user %s not recorded, the database is busy", ticket.u)
    return True


async def _events(
    request: Request, runtime: Runtime, feed: LiveFeed, ticket: Ticket, channels: frozenset[str]
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    yield f"event: boot\ndata: {json.dumps(feed.boot)}\n\n"
    sent: dict[str, str] = {}
    every = float(runtime.settings.heartbeat_seconds)  # as often as a heartbeat is written at most
    next_heartbeat = 0.0
    while True:
        if ticket.u is not None and time.monotonic() >= next_heartbeat:
            if not await run_in_threadpool(_heartbeat, runtime, ticket):
                yield _message({SIGNED_OUT: True})
                return
            next_heartbeat = time.monotonic() + every
        current = feed.digests(channels)
        if current != sent:
            yield _message(dict(current))
            sent = current
        timeout = KEEPALIVE_SECONDS if ticket.u is None else min(KEEPALIVE_SECONDS, every)
        if not await feed.wait({channel: sent.get(channel) for channel in channels}, timeout):
            if await request.is_disconnected():
                return
            yield ": still here\n\n"


def live_route(runtime_of: Callable[[], Runtime]) -> Callable[[Request], object]:
    """The Starlette endpoint; `runtime_of` gives the process's runtime (built before the first request)."""

    async def live(request: Request) -> Response:
        runtime = runtime_of()
        ticket = read_ticket(runtime.secret, request.query_params.get("t", ""))
        if ticket is None or runtime.live is None:
            return Response(status_code=403)
        if ticket.k is not None:
            try:
                kiosk = await run_in_threadpool(runtime.queue.kiosk, ticket.k)
            except StoreUnavailable:
                return Response(status_code=503, headers={"retry-after": "2"})
            if kiosk is None:
                return Response(status_code=403)
        channels = ticket.channels()
        headers = {"cache-control": "no-store", "x-accel-buffering": "no"}  # nginx: pass each message on at once
        return StreamingResponse(
            _events(request, runtime, runtime.live.feed, ticket, channels), media_type="text/event-stream", headers=headers
        )

    return live
