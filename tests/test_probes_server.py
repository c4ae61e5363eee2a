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


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?families=session"])
def test_the_servers_metrics_are_not_for_strangers(fresh: Server, path: str) -> None:
    response = requests.get(fresh.base_url + path, headers={"Accept": "application/openmetrics-text"}, timeout=10)
    assert response.status_code == 404
    assert "session" not in response.text.lower()
    assert requests.get(fresh.base_url + "/_stcore/health", timeout=10).ok  # the container's health check stays
