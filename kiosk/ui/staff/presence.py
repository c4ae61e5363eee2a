"""The staff member's "on the floor" / "away" switch, and the tablet's heartbeat."""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.errors import StoreUnavailable
from kiosk.floor.presence import Presence, presence_of, set_presence
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime

log = logging.getLogger(__name__)
PRESENCE_KEY = "staff-presence"  # also cleared by signin._sign_out


def heartbeat(runtime: Runtime, user: User, branch_id: str | None = None) -> None:
    """Called on each redraw of the live queue: the heartbeat itself writes at most once per interval
    (or when the tablet switched to another branch)."""
    if runtime.heartbeats is None:
        return
    try:
        runtime.heartbeats.heard(user.id, branch_id)
    except StoreUnavailable:
        log.warning("heartbeat of user %s not recorded: the database is busy", user.id)


def presence_switch(runtime: Runtime, user: User, s: StaffText) -> None:
    if PRESENCE_KEY not in st.session_state:
        try:
            state = presence_of(runtime.engine, user.id)
        except StoreUnavailable:
            state = None
        # No row yet: the first heartbeat puts a signed-in staff member on the floor.
        st.session_state[PRESENCE_KEY] = (state or Presence.FLOOR).value

    def changed() -> None:
        chosen = Presence(st.session_state[PRESENCE_KEY])
        try:
            set_presence(runtime.engine, user.id, chosen)
        except StoreUnavailable:
            st.session_state["staff-notice"] = s("error.database_retry")
            return
        runtime.queue.presence_changed()

    names = {Presence.FLOOR.value: s("presence.floor"), Presence.AWAY.value: s("presence.away")}
    st.radio(
        s("presence.label"),
        list(names),
        format_func=names.__getitem__,
        key=PRESENCE_KEY,
        horizontal=True,
        on_change=changed,
    )
