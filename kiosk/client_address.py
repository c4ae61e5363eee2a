"""Which address a request comes from, when a reverse proxy may stand in between.

Behind nginx every request comes from the proxy; the client's address is in X-Forwarded-For, which anyone
can also write themselves. So the header counts only when the request really comes from a proxy we trust
(each proxy named by its own address), and only the part our proxies wrote: read from the right, the
first address that is not one of ours. The web server itself believes no header (kiosk/web/forwarding.py).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

Network = IPv4Network | IPv6Network
# Streamlit names no address for a connection from this host (st.context.ip_address is None for both).
LOOPBACK = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str | None:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the nearest untrusted hop.

    `peer` None is a connection from this host (nginx on the same machine, or a local client): its own
    address is None (all such clients share one count), and its header counts only if loopback is trusted.
    """
    if peer is None:
        if forwarded_for and any(_is_trusted(address, trusted) for address in LOOPBACK):
            return _nearest_untrusted(forwarded_for, trusted, fallback=None)
        return None
    peer_ip = _parse(peer)
    if peer_ip is None:
        return peer or None
    if not forwarded_for or not _is_trusted(peer_ip, trusted):
        return str(peer_ip)
    return _nearest_untrusted(forwarded_for, trusted, fallback=str(peer_ip))


def _nearest_untrusted(forwarded_for: str, trusted: Sequence[Network], fallback: str | None) -> str | None:
    for hop in reversed(forwarded_for.split(",")):
        hop_ip = _parse(hop.strip())
        if hop_ip is None:
            return fallback  # a garbled header: no better than the proxy's own address
        if not _is_trusted(hop_ip, trusted):
            return str(hop_ip)
    return fallback  # every hop is one of ours


def _parse(text: str | None) -> IPv4Address | IPv6Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: IPv4Address | IPv6Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)
