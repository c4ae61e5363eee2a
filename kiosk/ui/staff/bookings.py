"""Today's booked times on the staff page: check a visitor in by code or row, or mark a no-show."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.content.models import ContentLibrary
from kiosk.errors import StoreUnavailable
from kiosk.floor.bookings import (
    Booking,
    BookingClosed,
    BookingNotFound,
    BookingStatus,
    bookings_on,
    check_in,
    find,
    mark_no_show,
)
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.staff_actions import as_signed_in

NOTICE_KEY = "booking-notice"


def _guide_title(library: ContentLibrary, slug: str | None, language: str) -> str:
    guide = library.guides.get(slug or "")
    if guide is None:
        return slug or "–"
    return guide.title.get(language) or guide.title.get("nb") or guide.title[guide.source_language]


def _run(action: Callable[[], object], s: StaffText, done: str) -> None:
    try:
        action()
        st.session_state[NOTICE_KEY] = ("success", done)
    except BookingNotFound:
        st.session_state[NOTICE_KEY] = ("error", s("bookings.not_found"))
    except BookingClosed:
        st.session_state[NOTICE_KEY] = ("error", s("bookings.closed"))
    except StoreUnavailable:
        st.session_state[NOTICE_KEY] = ("error", s("error.database_retry"))


def todays_bookings(runtime: Runtime, user: User, s: StaffText, branch_id: str | None = None) -> None:
    """The bookings of the branch the tablet shows (None: every branch)."""
    st.header(s("bookings.heading"))
    kind, notice = st.session_state.pop(NOTICE_KEY, (None, None))
    if notice:
        (st.success if kind == "success" else st.error)(notice)
    now = runtime.local_now()
    library = runtime.content.current().library

    def check_in_typed() -> None:
        typed = st.session_state.get("booking-code", "")
        st.session_state["booking-code"] = ""
        _run(lambda: check_in(runtime.engine, find(runtime.engine, typed).id, user.id), s, s("bookings.checked_in"))

    with st.form("booking-check-in", clear_on_submit=False, border=False):
        field, submit = st.columns([3, 2], vertical_alignment="bottom")
        field.text_input(s("bookings.code_label"), key="booking-code", max_chars=16, placeholder="ABC234")
        submit.form_submit_button(s("bookings.check_in"), on_click=as_signed_in(runtime, user, check_in_typed), width="stretch")
    try:
        bookings = bookings_on(runtime.engine, now.date(), ZoneInfo(runtime.settings.timezone), branch_id)
    except StoreUnavailable:
        st.warning(s("error.database_list"))
        return
    if not bookings:
        st.caption(s("bookings.none_today"))
    for booking in bookings:
        _booking_row(runtime, user, booking, library, s)


def _booking_row(runtime: Runtime, user: User, booking: Booking, library: ContentLibrary, s: StaffText) -> None:
    local = booking.slot_start.astimezone(runtime.local_now().tzinfo)
    with st.container(border=True, key=f"booking-{booking.id}-is-{booking.status.value}"):
        head, first, second = st.columns([5, 2, 2], vertical_alignment="center")
        title = _guide_title(library, booking.guide, s.language)
        language = library.languages.get(booking.language or "")
        spoken = language.native_name if language else (booking.language or "–")
        status = s(f"bookings.status.{booking.status.value}")
        head.markdown(f"**{local:%H:%M}** · `{booking.code}` · {status}  \n{title} · {spoken}")
        if booking.status is not BookingStatus.BOOKED:
            return
        first.button(
            s("bookings.check_in"),
            key=f"booking-check-in-{booking.id}",
            type="primary",
            width="stretch",
            on_click=as_signed_in(runtime, user, _run),
            args=(lambda: check_in(runtime.engine, booking.id, user.id), s, s("bookings.checked_in")),
        )
        second.button(
            s("bookings.no_show"),
            key=f"booking-no-show-{booking.id}",
            width="stretch",
            on_click=as_signed_in(runtime, user, _run),
            args=(lambda: mark_no_show(runtime.engine, booking.id, user.id), s, s("bookings.marked_no_show")),
        )
