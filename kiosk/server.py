"""The web server: Streamlit's ASGI app around app.py, with the runtime started before the first
request and security headers on every response. `python -m kiosk serve` runs this file.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.starlette import App

from kiosk.runtime import runtime_for
from kiosk.settings import PROJECT_ROOT, get_settings

log = logging.getLogger(__name__)

# Streamlit's own scripts and styles are inline or from 'self'; nothing may come from, go to, or frame
# the kiosk from elsewhere (an outside picture in text, a page that frames the staff queue).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
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


app = App(PROJECT_ROOT / "app.py", lifespan=start_runtime, middleware=[Middleware(SecurityHeaders)])
