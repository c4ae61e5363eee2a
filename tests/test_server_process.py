"""The server process itself: what runs before anyone opens a page, and what no client can throw away."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.help import request_help
from kiosk.journey import new_visit_id
from kiosk.notify import Outbox, Target, TargetKind
from kiosk.settings import PROJECT_ROOT
from kiosk.store import make_engine
from kiosk.store.kiosks import seed_demo
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
