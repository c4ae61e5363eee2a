"""Which address a request comes from, when a reverse proxy may stand in between.

Behind nginx every request comes from the proxy; the client's address is in X-Forwarded-For, which anyone
can also write themselves. So the header counts only when the request really comes from a proxy we trust,
and only the part our proxies appended: read from the right, the first address that is not one of ours.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

Network = IPv4Network | IPv6Network


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str | None:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the nearest untrusted hop."""
    peer_ip = _parse(peer)
    if peer_ip is None:
        return peer or None
    if not forwarded_for or not _is_trusted(peer_ip, trusted):
        return str(peer_ip)
    for hop in reversed(forwarded_for.split(",")):
        hop_ip = _parse(hop.strip())
        if hop_ip is None:
            return str(peer_ip)  # a garbled header: no better than the proxy's own address
        if not _is_trusted(hop_ip, trusted):
            return str(hop_ip)
    return str(peer_ip)  # every hop is one of ours


def _parse(text: str | None) -> IPv4Address | IPv6Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: IPv4Address | IPv6Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)
