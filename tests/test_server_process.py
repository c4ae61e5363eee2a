"""The server process itself: what runs before anyone opens a page, and what no client can throw away."""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.floor.calls import request_help
from kiosk.notify.outbox import Outbox, Target, TargetKind
from kiosk.settings import PROJECT_ROOT
from kiosk.store import make_engine
from kiosk.store.kiosks import seed_demo
from kiosk.visit.journey import new_visit_id
from tests.e2e.conftest import start_server, stop_server
from tests.http_receiver import http_receiver


def test_notifications_are_delivered_after_a_restart_before_anyone_opens_a_page(tmp_path: Path) -> None:
    with http_receiver() as receiver:
        process, server = start_server(tmp_path, {"KIOSK_WEBHOOK_URL": receiver.url})
        try:
            # A kiosk on another server process (or before the restart) left a call with a pending notification.
            engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
            outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
            call = request_help(
                engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None, outbox=outbox
            )
            [delivered] = receiver.wait_for(1, timeout=15)
            assert delivered.json()["call_id"] == call.id
        finally:
            stop_server(process)


def _dispatchers() -> int:
    return sum(thread.name == "kiosk-dispatcher" for thread in threading.enumerate())


def test_a_clients_clear_cache_keeps_the_runtime_and_its_one_dispatcher(engine: Engine) -> None:
    import streamlit as st

    from kiosk.runtime import _RUNTIMES

    seed_demo(engine)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    at.query_params["kiosk"] = "demo"
    at.run()
    runtimes, dispatchers = dict(_RUNTIMES), _dispatchers()
    for _ in range(5):
        # What Streamlit does for a browser's "clear_cache" message, which any anonymous client may send.
        st.cache_data.clear()
        st.cache_resource.clear()
        at.run()
    assert not at.exception
    assert runtimes == _RUNTIMES
    assert _dispatchers() == dispatchers


def test_closing_the_runtimes_ends_their_threads_and_the_next_page_builds_a_fresh_one(settings) -> None:  # type: ignore[no-untyped-def]
    """What the test suite does after each test that ran a page, and the server at its shutdown: a runtime
    left behind kept three threads polling its database (hundreds by the end of the suite)."""
    from kiosk.runtime import _RUNTIMES, close_runtimes, runtime_for

    def threads() -> set[str]:
        return {t.name for t in threading.enumerate() if t.name in {"kiosk-dispatcher", "live-watcher", "content-watch"}}

    close_runtimes()
    assert not threads()
    first = runtime_for(settings)
    assert threads() == {"kiosk-dispatcher", "live-watcher", "content-watch"}
    close_runtimes()
    assert not threads() and not _RUNTIMES
    assert first.engine.pool.checkedout() == 0
    second = runtime_for(settings)
    assert second is not first and threads() == {"kiosk-dispatcher", "live-watcher", "content-watch"}


def test_odd_websocket_messages_from_a_stranger_change_nothing(tmp_path: Path) -> None:
    """Clear-cache floods, debug messages, garbage frames and unknown widgets from a plain kiosk session."""
    import asyncio

    import requests
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from benchmarks.st_client import Session

    with http_receiver() as receiver:
        process, server = start_server(tmp_path, {"KIOSK_WEBHOOK_URL": receiver.url})
        try:
            url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"

            async def stranger() -> list[str]:
                session = Session(url, query_string="kiosk=demo")
                await session.open()
                assert session._ws is not None
                for field in ["clear_cache"] * 30 + ["debug_disconnect_websocket", "debug_shutdown_runtime"]:
                    msg = BackMsg()
                    setattr(msg, field, True)
                    await session._ws.send(msg.SerializeToString())
                await session._ws.send(b"\x00\xff not a protobuf \xff")
                await session.close()
                # A new visitor still gets the kiosk, and a press of an unknown widget is ignored.
                visitor = Session(url, query_string="kiosk=demo")
                await visitor.open()
                await visitor.press("tile-lang-en")
                await visitor.rerun([], "")
                await visitor.close()
                return visitor.exceptions

            # In a thread of its own: Playwright's sync API may already run an event loop in this one.
            with ThreadPoolExecutor(1) as pool, contextlib.suppress(websockets.ConnectionClosed):
                exceptions = pool.submit(asyncio.run, stranger()).result(timeout=120)
            assert process.poll() is None, "the server is still running"
            assert requests.get(f"{server.base_url}/_stcore/health", timeout=5).ok
            assert exceptions == []
            # One dispatcher still: a call's notification arrives once.
            engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
            outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
            request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="en", guide=None, step=None, outbox=outbox)
            receiver.wait_for(1, timeout=15)
            time.sleep(2)  # a second dispatcher would deliver within its half-second poll
            assert len(receiver.received) == 1
        finally:
            stop_server(process)
