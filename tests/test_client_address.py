"""The client's address behind a reverse proxy: believed only from the proxies we name."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from kiosk.client_address import client_address
from kiosk.settings import Settings

PROXY = [ip_network("10.0.0.1"), ip_network("10.0.0.5"), ip_network("10.0.0.6"), ip_network("::1/128")]


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("203.0.113.9", "198.51.100.1", []) == "203.0.113.9"


def test_a_stranger_writing_the_header_himself_is_not_believed() -> None:
    assert client_address("203.0.113.9", "198.51.100.1", PROXY) == "203.0.113.9"


def test_behind_our_proxy_the_client_is_the_last_hop_it_added() -> None:
    assert client_address("10.0.0.5", "198.51.100.7", PROXY) == "198.51.100.7"
    # The client wrote a fake first hop; nginx appended the real one: the real one counts.
    assert client_address("10.0.0.5", "192.0.2.1, 198.51.100.7", PROXY) == "198.51.100.7"
    # Two of our proxies in a row.
    assert client_address("::1", "198.51.100.7, 10.0.0.6", PROXY) == "198.51.100.7"


def test_garbled_or_ours_only_falls_back_to_the_proxy() -> None:
    assert client_address("10.0.0.5", "not-an-address", PROXY) == "10.0.0.5"
    assert client_address("10.0.0.5", "10.0.0.6", PROXY) == "10.0.0.5"
    assert client_address("10.0.0.5", "", PROXY) == "10.0.0.5"


def test_a_connection_from_this_host_is_believed_only_when_loopback_is_the_trusted_proxy() -> None:
    """Streamlit names no address for 127.0.0.1 or ::1: nginx on the same host is such a peer."""
    assert client_address(None, "198.51.100.7", PROXY) == "198.51.100.7"
    assert client_address(None, "198.51.100.7", [ip_network("10.0.0.1")]) is None
    assert client_address(None, "198.51.100.7", []) is None
    assert client_address(None, "garbled", PROXY) is None


def test_the_setting_reads_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_TRUSTED_PROXIES", '["127.0.0.1", "10.0.0.7/32"]')
    trusted = Settings().trusted_proxies
    assert client_address("10.0.0.7", "198.51.100.7", trusted) == "198.51.100.7"
    monkeypatch.setenv("KIOSK_TRUSTED_PROXIES", '["not a network"]')
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings()
