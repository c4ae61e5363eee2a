"""The web server: Streamlit's ASGI app around app.py, with the runtime started before the first
request and security headers on every response. `python -m kiosk serve` runs this file.
"""

from __future__ import annotations

import functools
import logging
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.starlette import App
from streamlit.web.server.starlette import starlette_server

from kiosk.live.stream import PATH as LIVE_PATH
from kiosk.live.stream import live_route
from kiosk.runtime import Runtime, runtime_for
from kiosk.settings import PROJECT_ROOT, get_settings

log = logging.getLogger(__name__)

# Streamlit's own scripts and styles are inline or from 'self'; nothing may come from, go to, or frame
# the kiosk from elsewhere (an outside picture in text, a page that frames the staff queue).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # blob: the on-screen keyboard (a Streamlit component) is the page's own script, imported from a blob
        # URL the page makes itself; nothing from elsewhere.
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), geolocation=(), payment=(), usb=()",
}


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (the websocket has no headers to protect)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def send_without_delay() -> None:
    """Every connection the server accepts sends each message at once (TCP_NODELAY).

    Streamlit binds its listening socket itself, with protocol 0, so asyncio does not switch Nagle's
    algorithm off for the connections (it only does for IPPROTO_TCP sockets). A rerun is forty small
    websocket messages; with Nagle on, all but the first waited for the browser's delayed ACK: 40 ms
    on every press (make bench). Linux hands the option on from the listening socket to each accepted one.
    """
    bind: Callable[..., socket.socket] | None = getattr(starlette_server, "_bind_socket", None)
    if bind is None or getattr(bind, "sends_without_delay", False):
        if bind is None:
            log.warning("Streamlit's socket binding has changed: replies may wait for delayed ACKs")
        return

    @functools.wraps(bind)
    def bind_without_delay(*args: Any, **kwargs: Any) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    bind_without_delay.sends_without_delay = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_without_delay


@asynccontextmanager
async def start_runtime(_app: App) -> AsyncIterator[dict[str, Any] | None]:
    # Before the first request: migrations run and the dispatcher delivers and escalates even if
    # nobody opens a page after a restart.
    runtime = runtime_for(get_settings())
    log.info(
        "runtime ready: dispatcher %s, content watching %s", "running" if runtime.dispatcher else "off", runtime.content.watching
    )
    yield None
    runtime.close()


def _runtime() -> Runtime:
    return runtime_for(get_settings())


app = App(
    PROJECT_ROOT / "app.py",
    lifespan=start_runtime,
    middleware=[Middleware(SecurityHeaders)],
    # The live parts of the pages hear of changes here (server-sent events), instead of asking every second.
    routes=[Route(LIVE_PATH, live_route(_runtime))],
)
