"""Probes of a freshly started real server as a stranger meets it: routes it should not offer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.e2e.conftest import Server, start_server, stop_server


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("fresh"))
    yield server
    stop_server(process)


@pytest.mark.parametrize(
    "path",
    ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?families=session", "//_stcore/metrics", "/_stcore/metrics%2F"],
)
def test_the_servers_metrics_are_not_for_strangers(fresh: Server, path: str) -> None:
    response = requests.get(fresh.base_url + path, headers={"Accept": "application/openmetrics-text"}, timeout=10)
    assert response.status_code == 404
    assert "session" not in response.text.lower()
    assert requests.get(fresh.base_url + "/_stcore/health", timeout=10).ok  # the container's health check stays


def _first_request(tmp_path, query_string: str, page_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What the very first page a fresh server draws shows (headings, buttons, fields)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.st_client import Session, element_text

    process, server = start_server(tmp_path)
    try:
        shown: list[str] = []
        url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"
        keep = ("heading", "button", "text_input", "markdown")
        session = Session(
            url,
            query_string=query_string,
            page_name=page_name,
            on_element=lambda e, k: shown.append(element_text(e, k)) if k in keep else None,
        )

        async def look() -> None:
            await session.open()
            await session.close()

        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, look()).result(timeout=90)
        return shown
    finally:
        stop_server(process)


def test_a_fresh_servers_first_request_for_the_editor_with_a_printed_guide_gets_the_guide(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Streamlit ran scripts in a folder named pages/ itself on a process's first request: the sign-in form."""
    shown = _first_request(tmp_path, "print=library-wifi&lang=nb", "editor")
    assert not any(text.startswith("Logg inn") for text in shown), shown
    assert any("Koble til bibliotekets trådløse nett" in text for text in shown), shown


def test_a_fresh_servers_first_request_for_a_page_script_from_a_kiosk_gets_the_kiosk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shown = _first_request(tmp_path, "kiosk=demo", "pages/editor.py")
    assert any("Call for help" in text for text in shown), shown
    assert not any(text.startswith("Logg inn") for text in shown)
