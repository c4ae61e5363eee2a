"""A visitor waiting for help keeps their call across a server restart.

A restart gives every browser a new Streamlit session, so the visit kept in the session is gone. While a
call is open, the kiosk's browser keeps the visit's random id in a cookie; a new session that brings it back
(the page reconnects by itself) finds the open call of that visit at this kiosk and restores where the visitor
was. The cookie is removed when the call closes or the visit ends.
"""

from __future__ import annotations

import logging
import re

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.floor.calls import resumable_call
from kiosk.runtime import Runtime
from kiosk.ui.shared.cookies import set_cookie
from kiosk.ui.visitor.context import VISIT_KEY
from kiosk.visit.journey import Visit, resumed_while_waiting, start_over

log = logging.getLogger(__name__)

COOKIE = "kiosk_waiting_visit"
WRITTEN_KEY = "waiting-visit-cookie"  # what this session last wrote into the cookie
_VISIT_ID = re.compile(r"^[0-9a-f]{32}$")  # journey.new_visit_id: anything else is not ours


def visit_for_session(runtime: Runtime, kiosk_id: str) -> Visit:
    """The session's visit; a new session gets the waiting visit its browser still holds, or a new one."""
    if VISIT_KEY not in st.session_state:
        st.session_state[VISIT_KEY] = _waiting_visit(runtime, kiosk_id) or start_over()
        st.session_state[WRITTEN_KEY] = _cookie()  # what the browser holds now
    return st.session_state[VISIT_KEY]


def keep_waiting_visit(runtime: Runtime, visit: Visit) -> None:
    """Write the cookie when a call opens, remove it when the call closes or the visit ends (only on a change)."""
    wanted = visit.id if visit.is_waiting_for_help else ""
    if st.session_state.get(WRITTEN_KEY, "") == wanted:
        return
    # As long as an open call may live (it is expired after KIOSK_CALL_EXPIRE_HOURS); Max-Age 0 removes it.
    set_cookie(COOKIE, wanted, int(runtime.settings.call_expire_hours * 3600) if wanted else 0)
    st.session_state[WRITTEN_KEY] = wanted


def _cookie() -> str:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and _VISIT_ID.match(value) else ""


def _waiting_visit(runtime: Runtime, kiosk_id: str) -> Visit | None:
    visit_id = _cookie()
    if not visit_id:
        return None
    try:
        call = resumable_call(runtime.engine, visit_id, kiosk_id)
    except StoreUnavailable:
        log.warning("kiosk %s: database unavailable, a waiting visit could not be looked up", kiosk_id)
        return None
    if call is None:  # closed meanwhile, or another kiosk's visit
        return None
    guide = runtime.content.current().library.guides.get(call.guide or "")
    step_ids = [step.id for step in guide.steps] if guide else []
    step_index = step_ids.index(call.step) if call.step in step_ids else None
    log.info("kiosk %s: a waiting visitor's call %s resumed after a new session", kiosk_id, call.id)
    return resumed_while_waiting(visit_id, call.id, call.language, call.guide if guide else None, step_index)
