"""Which address the sign-in throttle counts, in each topology of docs/deploy.md, with a real server (and
nginx with deploy/nginx.conf) and clients on other loopback addresses (127.0.0.x stands for another machine).

Every client here writes its own X-Forwarded-For naming a stranger's address; what the server believed is
read back from the throttle's row for a user name used once.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from ipaddress import ip_address, ip_network
from pathlib import Path

import pytest
import yaml

from benchmarks.st_client import Session
from kiosk.settings import PROJECT_ROOT, Settings
from tests.e2e.conftest import Server, start_server, stop_server
from tests.proxy import nginx_in_front_of

FORGED = "198.51.100.66"  # the address a client claims for himself
CLIENT = "127.0.0.5"  # another machine on the network
PROXY = "127.0.0.1"  # nginx on the kiosk server's own host connects from here


def believed(base_url: str, server: Server, source: str) -> str:
    """One wrong sign-in from `source` with a forged header: the address the throttle counted it under."""
    username = f"probe-{uuid.uuid4().hex[:8]}"

    async def attempt() -> None:
        url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        session = Session(url, headers={"X-Forwarded-For": FORGED}, source_address=source)
        await session.open()
        await session.submit("Logg inn", {"Brukernavn": username, "Passord": "not the password"})
        await session.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, attempt()).result(timeout=90)
    with sqlite3.connect(server.data_dir / "kiosk.db") as db:
        rows = db.execute("SELECT client FROM sign_in_throttle WHERE username = ? AND client != '*'", (username,)).fetchall()
    assert len(rows) == 1, rows
    return str(rows[0][0])


def _app(server: Server) -> str:
    return server.base_url.removeprefix("http://")


@pytest.fixture(scope="module")
def without_setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("direct"))
    yield server
    stop_server(process)


@pytest.fixture(scope="module")
def trusting_the_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("proxied"), {"KIOSK_TRUSTED_PROXIES": json.dumps([PROXY])})
    yield server
    stop_server(process)


# The rows of docs/deploy.md's table, in its order.


def test_direct_a_client_is_its_own_address_and_its_header_is_ignored(without_setting: Server) -> None:
    assert believed(without_setting.base_url, without_setting, CLIENT) == CLIENT


def test_direct_a_client_on_the_same_host_is_not_believed_either(without_setting: Server) -> None:
    """uvicorn's default believed the header on every connection from 127.0.0.1; now this host's own
    clients share one count (Streamlit names no address for them)."""
    assert believed(without_setting.base_url, without_setting, "127.0.0.1") == ""


def test_nginx_without_the_setting_every_client_is_the_proxy(without_setting: Server) -> None:
    with nginx_in_front_of(_app(without_setting), _app(without_setting)) as proxy:
        assert believed(proxy, without_setting, CLIENT) == ""  # the proxy's, on this host: one shared count


def test_nginx_on_the_same_host_the_address_nginx_saw_counts(trusting_the_proxy: Server) -> None:
    with nginx_in_front_of(_app(trusting_the_proxy), _app(trusting_the_proxy)) as proxy:
        assert believed(proxy, trusting_the_proxy, CLIENT) == CLIENT


def test_a_client_reaching_the_app_past_the_proxy_is_not_believed(trusting_the_proxy: Server) -> None:
    assert believed(trusting_the_proxy.base_url, trusting_the_proxy, CLIENT) == CLIENT


def test_compose_trusts_exactly_the_proxys_own_address() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    proxy_address = ip_address(compose["services"]["proxy"]["networks"]["default"]["ipv4_address"])
    [subnet] = [ip_network(c["subnet"]) for c in compose["networks"]["default"]["ipam"]["config"]]
    assert proxy_address in subnet
    for app in ("app1", "app2"):
        trusted = json.loads(compose["services"][app]["environment"]["KIOSK_TRUSTED_PROXIES"])
        assert [ip_address(t) for t in trusted] == [proxy_address]


def test_compose_a_client_in_the_proxys_own_network_gets_its_own_address(trusting_the_proxy: Server) -> None:
    """As in compose: the proxy's one address is trusted and a client shares its network (here 127.0.0.0/8)."""
    with nginx_in_front_of(_app(trusting_the_proxy), _app(trusting_the_proxy)) as proxy:
        for source in ("127.0.0.5", "127.0.0.77", "127.1.2.3"):
            assert believed(proxy, trusting_the_proxy, source) == source


@pytest.mark.parametrize("networks", [["172.16.0.0/12", "192.168.0.0/16"], ["127.0.0.0/8"], ["::/0"]])
def test_a_whole_network_of_proxies_is_refused_with_a_reason(monkeypatch: pytest.MonkeyPatch, networks: list[str]) -> None:
    monkeypatch.setenv("KIOSK_TRUSTED_PROXIES", json.dumps(networks))
    with pytest.raises(ValueError, match="name each proxy's own address"):
        Settings()


def test_the_server_refuses_to_start_trusting_a_network(tmp_path: Path) -> None:
    env = {"KIOSK_TRUSTED_PROXIES": '["127.0.0.0/8"]', "KIOSK_DATA_DIR": str(tmp_path / "var")}
    import os

    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor"], cwd=PROJECT_ROOT, env=os.environ | env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "name each proxy's own address" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
