"""Streamlit routes a public kiosk server does not offer: answered 404 before Streamlit sees them.

`/_stcore/metrics` tells anyone how many sessions are open and how much the caches hold; nothing in the
kiosk needs it, and a stranger should not learn when the floor is busy.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

CLOSED = re.compile(r"/_stcore/metrics/?$")


class ClosedRoutes:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and CLOSED.search(scope["path"]):
            body = b"Not Found"
            headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 404, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
