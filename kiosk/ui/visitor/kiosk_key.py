"""A kiosk's browser proves which kiosk it is: the key from `kiosks add`, kept in a cookie.

Staff open `/?kiosk=<id>&key=<key>` once on the kiosk's screen; the page keeps the key in a
long-lived cookie and takes it out of the address. A browser without the key (a phone that opened
`/?kiosk=<id>`) gets the "not set up" screen, so a stranger cannot call for help or fill the
statistics. A kiosk without a key (the demo) is open to any browser.
"""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.runtime import Runtime
from kiosk.store.kiosks import KeyCheck, check_key
from kiosk.ui.shared.cookies import set_cookie

log = logging.getLogger(__name__)

KEY_PARAM = "key"
RECOGNISED = "kiosk-recognised"  # the kiosk id this browser session has proved
TEN_YEARS = 10 * 365 * 24 * 3600


def cookie_name(kiosk_id: str) -> str:
    return f"kiosk_key_{kiosk_id}"  # kiosk ids are [a-z0-9-]: safe in a cookie name


def recognise(runtime: Runtime, kiosk_id: str) -> bool:
    """True when the kiosk exists and this browser may be it; remembers a key given in the address.

    Checked once per browser session: every later screen of the visit skips the database.
    """
    if st.session_state.get(RECOGNISED) == kiosk_id:
        return True
    given = st.query_params.get(KEY_PARAM)
    cookie = st.context.cookies.get(cookie_name(kiosk_id))
    offered = given or (cookie if isinstance(cookie, str) else None)
    try:
        result = check_key(runtime.engine, kiosk_id, offered)
    except StoreUnavailable:
        log.warning("database unavailable: kiosk %s served without checking its key", kiosk_id)
        return True  # the guides need no database; a call cannot be made without it anyway
    if result is KeyCheck.UNKNOWN:
        return False
    if result is KeyCheck.REFUSED:
        log.warning("kiosk %s opened by a browser without its key", kiosk_id)
        return False
    st.session_state[RECOGNISED] = kiosk_id
    if given and result is KeyCheck.VALID:
        _keep(kiosk_id, given)
    return True


def _keep(kiosk_id: str, key: str) -> None:
    set_cookie(cookie_name(kiosk_id), key, TEN_YEARS)  # the key is token_urlsafe: [A-Za-z0-9_-]
    del st.query_params[KEY_PARAM]  # not left in the address bar or the history
