"""The server's connections send each message at once: a rerun's many small messages never wait for an ACK."""

from __future__ import annotations

import socket

from streamlit.web.server.starlette import starlette_server

from kiosk.server import send_without_delay


def _accepted_nodelay() -> int:
    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
    try:
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as _client:
            listener.setblocking(True)
            accepted, _ = listener.accept()
            with accepted:
                return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        listener.close()


def test_connections_the_kiosk_server_accepts_have_nagle_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    # Streamlit as it ships: Nagle's algorithm on, so each press waited 40 ms for the browser's delayed ACK.
    assert _accepted_nodelay() == 0
    send_without_delay()
    assert _accepted_nodelay() == 1
    send_without_delay()  # twice (the server module is imported again by `streamlit run`): wrapped once
    assert starlette_server._bind_socket.__wrapped__.__name__ == "_bind_socket"  # type: ignore[attr-defined]
