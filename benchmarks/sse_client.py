"""A server-sent-events reader on asyncio's own streams (what a browser's EventSource does, minus reconnecting).

HTTP/1.0, so the answer is the plain stream until the server closes it: no chunked encoding to undo.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator


async def read_events(host: str, port: int, path: str, local_host: str | None = None) -> AsyncIterator[str]:
    """The `data:` of each unnamed event (what a browser's `onmessage` gets), as they arrive (from `local_host`,
    when given); named events (the stream's `boot`) are skipped."""
    reader, writer = await asyncio.open_connection(host, port, local_addr=(local_host, 0) if local_host else None)
    try:
        writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = (await reader.readline()).decode()
        if " 200 " not in status:
            raise OSError(f"live stream refused: {status.strip()}")
        while (await reader.readline()).strip():
            pass  # the headers
        data: list[str] = []
        named = False
        while line := await reader.readline():
            text = line.decode().rstrip("\r\n")
            if text.startswith("event:"):
                named = text[6:].strip() != "message"
            elif text.startswith("data:"):
                data.append(text[5:].strip())
            elif not text:
                if data and not named:
                    yield "\n".join(data)
                data, named = [], False
    finally:
        writer.close()
