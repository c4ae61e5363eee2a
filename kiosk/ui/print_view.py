"""The printable page of a guide, opened from the QR code on a visitor's phone: /?print=<slug>&lang=<code>"""

from __future__ import annotations

import streamlit as st

from kiosk.bookings import BookingNotFound, BookingStatus, find, place_of
from kiosk.guide_view import view_guide
from kiosk.help import stuck_steps_for
from kiosk.i18n import Translator
from kiosk.journey import TextSize
from kiosk.local_time import weekday_date_time
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable
from kiosk.store.kiosks import get_kiosk
from kiosk.ui.chrome import apply_kiosk_look
from kiosk.ui.printable import render_printable


def render_print_page(runtime: Runtime, slug: str, wanted_language: str, ref: str = "", booking_code: str = "") -> None:
    settings = runtime.settings
    library = runtime.content.current().library
    language = library.languages.get(wanted_language) or library.languages.get(settings.default_language)
    code = language.code if language else settings.default_language
    apply_kiosk_look(language, TextSize.NORMAL, high_contrast=False, fallback_code=code)
    t = Translator(library, code, settings.default_language)
    guide = library.guides.get(slug)
    if booking_code:
        _booked_time(runtime, t, booking_code, code)
    if guide is None:
        if not booking_code:
            st.error(t("error.content_unavailable"))
        return
    view = view_guide(guide, code, settings.default_language, settings.library_url)
    render_printable(view, t, settings.content_dir, stuck=_stuck_steps(runtime, ref, slug))
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")  # not "Help kiosk" in every language


def _stuck_steps(runtime: Runtime, ref: str, slug: str) -> frozenset[str]:
    """The steps staff marked for this visitor, when the reference is a closed call's on this guide."""
    if not ref:
        return frozenset()
    try:
        found = stuck_steps_for(runtime.engine, ref)
    except StoreUnavailable:
        return frozenset()
    return found.steps if found is not None and found.guide == slug else frozenset()


def _booked_time(runtime: Runtime, t: Translator, code: str, language: str) -> None:
    """A booking slip's QR: the time and place again, nothing else (no name was ever asked)."""
    try:
        booking = find(runtime.engine, code)
        kiosk = get_kiosk(runtime.engine, booking.kiosk_id)
    except (BookingNotFound, StoreUnavailable):
        return
    if booking.status is not BookingStatus.BOOKED:
        return
    when = weekday_date_time(booking.slot_start.astimezone(runtime.local_now().tzinfo), language)
    lines = [t("booking.slip_code", code=f"**{booking.code}**"), t("booking.slip_when", when=when)]
    if kiosk is not None:
        lines.append(t("booking.slip_where", place=place_of(kiosk)))
    with st.container(border=True, key="booking-slip"):
        st.subheader(t("booking.slip_heading"), anchor=False)
        st.markdown("  \n".join(lines))
