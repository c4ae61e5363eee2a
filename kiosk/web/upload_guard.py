"""The server's gate in front of Streamlit's upload route (/_stcore/upload_file/<session>/<file>).

Streamlit accepts a file for any live session under any id and keeps it in memory until the session
ends. This ASGI middleware lets an upload through only when kiosk.web.upload_permits admits it: a session a
signed-in editor's page has shown an upload widget in, within that session's budget of files and bytes.
Everything else is refused before a byte of the body is read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.web.upload_permits import UploadPermits, UploadRefusal

log = logging.getLogger(__name__)

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/(?P<file>[^/]+)/?$")
_STATUS = {
    UploadRefusal.NOT_PERMITTED: 403,
    UploadRefusal.TOO_MANY_FILES: 413,
    UploadRefusal.TOO_MANY_BYTES: 413,
    UploadRefusal.SERVER_FULL: 503,
}


class UploadGuard:
    """`permits` says who may upload how much; `is_active` whether a session still lives (its files too)."""

    def __init__(self, app: ASGIApp, permits: Callable[[], UploadPermits], is_active: Callable[[str], bool]) -> None:
        self.app = app
        self.permits = permits
        self.is_active = is_active

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = UPLOAD_PATH.search(scope["path"]) if scope["type"] == "http" else None
        if match is None or scope["method"] not in ("PUT", "DELETE"):
            await self.app(scope, receive, send)
            return
        permits = self.permits()
        session_id, file_id = match["session"], match["file"]
        if scope["method"] == "DELETE":
            await self.app(scope, receive, _on_success(send, lambda: permits.release(session_id, file_id)))
            return
        size = _content_length(scope)
        if size is None:
            # A body without a length could only be measured by reading it; browsers always send one.
            await _refuse(send, 411, "Length Required")
            return
        permits.forget_ended(self.is_active)
        refusal = permits.admit(session_id, file_id, size)
        if refusal is not None:
            log.warning("upload refused (%s): %d bytes for session %s…", refusal.value, size, session_id[:8])
            await _refuse(send, _STATUS[refusal], refusal.value)
            return
        accepted = False

        async def watch(message: Message) -> None:
            nonlocal accepted
            if message["type"] == "http.response.start":
                accepted = 200 <= message["status"] < 300
            await send(message)

        try:
            await self.app(scope, _at_most(receive, size), watch)
        finally:
            if not accepted:
                permits.release(session_id, file_id)


def _content_length(scope: Scope) -> int | None:
    length: int | None = None
    for name, value in scope["headers"]:
        if name == b"transfer-encoding":
            return None
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                return None
    return length if length is not None and length >= 0 else None


def _at_most(receive: Receive, limit: int) -> Receive:
    """The body as received, ended at the length the upload was admitted for (the server does too)."""
    seen = 0

    async def limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            body: bytes = message.get("body", b"")
            if seen + len(body) >= limit:
                message = {**message, "body": body[: max(0, limit - seen)], "more_body": False}
            seen += len(message["body"])
        return message

    return limited


def _on_success(send: Send, then: Callable[[], None]) -> Send:
    async def watching(message: Message) -> None:
        if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
            then()
        await send(message)

    return watching


async def _refuse(send: Send, status: int, reason: str) -> None:
    body = reason.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
