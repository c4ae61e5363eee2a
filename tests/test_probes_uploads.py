"""Probes of Streamlit's upload route in a real server: who may park files in its memory, and how much.

Streamlit keeps an uploaded file in memory until the browser deletes it or the session ends, and its
route takes a file for any live session under any id. Only a signed-in editor's page with an upload
widget opens it, within a budget per session (and per process); the tests flood and measure the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import uuid
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from benchmarks.st_client import Session
from tests.e2e.conftest import (
    Server,
    sign_in_staff,
    start_server,
    stop_server,
    wait_for_app,
)

MB = 1024 * 1024
SESSION_MB = 12
FILE_BYTES = 5 * MB
FLOOD = 16  # the number of 5 MB files each flood tries to park (80 MB)


@dataclass
class Running:
    server: Server
    pid: int


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    env = {"KIOSK_UPLOAD_SESSION_MB": str(SESSION_MB), "KIOSK_UPLOAD_SESSION_FILES": "5", "KIOSK_UPLOAD_TOTAL_MB": "40"}
    process, server = start_server(tmp_path_factory.mktemp("uploads"), env)
    yield Running(server, process.pid)
    stop_server(process)


def resident_mb(pid: int) -> float:
    """The server process's resident memory now (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _session_id(server: Server, query_string: str) -> tuple[str, Session]:
    """A tab's session id, as a stranger's own client learns it from the websocket; the tab stays open."""
    url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"
    session = Session(url, query_string=query_string)

    def open_it() -> None:
        asyncio.run(session.open())

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may run an event loop in this thread
        pool.submit(open_it).result(timeout=60)
    return session.session_id, session


def _client(server: Server, cookies: dict[str, str] | None = None) -> requests.Session:
    """A browser's cookies, or a stranger's: the XSRF check compares a cookie with a header, both his to write."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    client = requests.Session()
    client.cookies.update(cookies or {"_streamlit_xsrf": generate_xsrf_token_string()})
    client.headers["X-Xsrftoken"] = client.cookies.get("_streamlit_xsrf") or ""
    return client


def put_file(client: requests.Session, server: Server, session_id: str, size: int, file_id: str | None = None) -> int | None:
    """PUT one file as the browser does; the status, or None when the server cut the connection mid-body."""
    url = f"{server.base_url}/_stcore/upload_file/{session_id}/{file_id or uuid.uuid4()}"
    try:
        response = client.put(url, files={"file": ("x.zip", b"\0" * size, "application/zip")}, timeout=60)
    except requests.ConnectionError:
        return None
    return response.status_code


def test_a_strangers_session_can_park_no_upload_and_the_memory_stays_put(running: Running) -> None:
    server = running.server
    before = resident_mb(running.pid)
    statuses = []
    for query in ("kiosk=demo", "print=library-wifi&lang=ar", ""):
        session_id, _tab = _session_id(server, query)
        client = _client(server)
        statuses += [put_file(client, server, session_id, FILE_BYTES) for _ in range(FLOOD // 2)]
    grown = resident_mb(running.pid) - before
    assert set(statuses) <= {403, None}, statuses
    # 24 files of 5 MB would have been 120 MB held; refused before their bodies are read, they cost nothing.
    assert grown < 30, f"the server grew by {grown:.0f} MB"


def _editor_tab(browser, server: Server):  # type: ignore[no-untyped-def]
    """Rita signed in on the content packs tab; her session id (from the address her upload went to) and cookies."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    sign_in_staff(page, f"{server.base_url}/editor", username="rita", heading="Guider og oversettelser")
    page.get_by_role("tab", name="Innholdspakker").click()
    wait_for_app(page)
    pack = io.BytesIO()
    with zipfile.ZipFile(pack, "w") as zf:
        zf.writestr("nothing.txt", "x")
    with page.expect_request(lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT") as sent:
        page.locator(".st-key-pack-upload input[type=file]").set_input_files(
            files=[{"name": "pack.zip", "mimeType": "application/zip", "buffer": pack.getvalue()}]
        )
    session_id = sent.value.url.rstrip("/").split("/")[-2]
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    return context, page, session_id, cookies


def test_a_signed_in_editors_session_holds_uploads_only_within_its_budget(running: Running, browser) -> None:  # type: ignore[no-untyped-def]
    server = running.server
    context, page, session_id, cookies = _editor_tab(browser, server)
    try:
        client = _client(server, cookies)
        before = resident_mb(running.pid)
        ids = [str(uuid.uuid4()) for _ in range(FLOOD)]
        statuses = [put_file(client, server, session_id, FILE_BYTES, file_id) for file_id in ids]
        grown = resident_mb(running.pid) - before
        # 12 MB per session: the page's own small pack and two files of 5 MB; the rest refused.
        assert statuses[:2] == [204, 204], statuses
        assert set(statuses[2:]) <= {413, None}, statuses
        assert grown < SESSION_MB + 30, f"the server grew by {grown:.0f} MB"
        # A file the browser deletes makes room again.
        assert client.delete(f"{server.base_url}/_stcore/upload_file/{session_id}/{ids[0]}", timeout=10).status_code == 204
        assert put_file(client, server, session_id, FILE_BYTES) == 204
        # No length, no upload: a chunked body could only be measured by reading it.
        chunked = client.put(
            f"{server.base_url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
            data=iter([b"--x\r\n"]),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            timeout=10,
        )
        assert chunked.status_code == 411
        # Signed out, the same tab's session uploads nothing more.
        page.get_by_role("button", name="Logg ut").click()
        page.get_by_label("Brukernavn").wait_for(timeout=30_000)
        client.delete(f"{server.base_url}/_stcore/upload_file/{session_id}/{ids[1]}", timeout=10)
        assert put_file(client, server, session_id, 1000) in (403, None)
    finally:
        with contextlib.suppress(Exception):
            context.close()


def test_the_budget_counts_what_is_held_per_session_and_in_the_process() -> None:
    from kiosk.web.upload_permits import UploadBudget, UploadPermits, UploadRefusal

    now = [0.0]
    permits = UploadPermits(UploadBudget(session_bytes=10, session_files=2, total_bytes=15), clock=lambda: now[0])
    assert permits.admit("a", "f1", 1) is UploadRefusal.NOT_PERMITTED
    permits.permit("a", ttl_seconds=60)
    permits.permit("b", ttl_seconds=60)
    assert permits.admit("a", "f1", 6) is None
    assert permits.admit("a", "f1", 8) is None  # the same file again replaces, it does not add
    assert permits.admit("a", "f2", 3) is UploadRefusal.TOO_MANY_BYTES
    assert permits.admit("a", "f2", 2) is None
    assert permits.admit("a", "f3", 0) is UploadRefusal.TOO_MANY_FILES
    assert permits.admit("b", "g1", 6) is UploadRefusal.SERVER_FULL  # 10 held by a, 15 in all
    permits.release("a", "f1")
    assert permits.admit("b", "g1", 6) is None
    permits.revoke("b")
    assert permits.admit("b", "g2", 1) is UploadRefusal.NOT_PERMITTED
    now[0] = 61
    assert permits.admit("a", "f4", 1) is UploadRefusal.NOT_PERMITTED  # the page was last drawn too long ago
    permits.forget_ended(lambda session_id: session_id == "a")
    assert permits.held_bytes() == 2


def test_a_stranger_cannot_get_past_the_guard_by_the_address_or_the_length(running: Running) -> None:
    """Second round: the guard's own edges, as a stranger would try them."""
    server = running.server
    session_id, _tab = _session_id(server, "kiosk=demo")
    client = _client(server)
    base = f"{server.base_url}/_stcore/upload_file/{session_id}"
    body = {"files": {"file": ("x.zip", b"\0" * 1000, "application/zip")}, "timeout": 30}
    statuses = {
        "trailing slash": client.put(f"{base}/{uuid.uuid4()}/", **body).status_code,  # type: ignore[arg-type]
        "double slash": client.put(f"{server.base_url}//_stcore/upload_file/{session_id}/{uuid.uuid4()}", **body).status_code,  # type: ignore[arg-type]
        "encoded slash": client.put(f"{base}%2F{uuid.uuid4()}", **body).status_code,  # type: ignore[arg-type]
        "POST": client.post(f"{base}/{uuid.uuid4()}", **body).status_code,  # type: ignore[arg-type]
    }
    assert all(status != 204 and status < 500 for status in statuses.values()), statuses
    # A length that lies cannot buy room: the guard reads no further than the length it admitted.
    lying = client.put(
        f"{base}/{uuid.uuid4()}",
        data=b"--x\r\n" + b"\0" * 100_000,
        headers={"Content-Type": "multipart/form-data; boundary=x", "Content-Length": "10"},
        timeout=30,
    )
    assert lying.status_code in (400, 403)
