"""Who decides which address a request comes from: kiosk/client_address.py, never the web server.

uvicorn, which Streamlit runs, believes X-Forwarded-For on every connection from 127.0.0.1 and ::1 by
default (FORWARDED_ALLOW_IPS) and puts the client's own claim in place of the peer address: a client on
the same host, or behind a proxy that passes the header on, would choose its address for the sign-in
throttle. Switched off before uvicorn reads its configuration, the peer stays the peer, and the header
counts only from the proxies named in KIOSK_TRUSTED_PROXIES.
"""

from __future__ import annotations

import os

ENVIRONMENT_VARIABLE = "FORWARDED_ALLOW_IPS"
BELIEVE_NOBODY = ""  # uvicorn trusts no host for an empty list


def believe_no_forwarded_headers() -> None:
    """Call before Streamlit starts uvicorn (python -m kiosk serve does)."""
    os.environ[ENVIRONMENT_VARIABLE] = BELIEVE_NOBODY


def web_server_believes_forwarded_headers() -> bool:
    """True when uvicorn would rewrite the peer address (the server was not started by python -m kiosk serve)."""
    return os.environ.get(ENVIRONMENT_VARIABLE) != BELIEVE_NOBODY
