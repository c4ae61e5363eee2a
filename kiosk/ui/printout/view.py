"""The printable page of a guide, opened from the QR code on a visitor's phone: /?print=<slug>&lang=<code>"""

from __future__ import annotations

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.floor.bookings import BookingNotFound, BookingStatus, find, place_of
from kiosk.floor.calls import stuck_steps_for
from kiosk.language.dates import weekday_date_time
from kiosk.language.texts import Translator
from kiosk.runtime import Runtime
from kiosk.store.kiosks import get_kiosk
from kiosk.ui.printout.checklist import render_checklist
from kiosk.ui.printout.guide import render_printable
from kiosk.ui.shared.chrome import PageHead, ScreenSemantics, apply_kiosk_look, apply_semantics, send_head
from kiosk.ui.shared.step_card import Norwegian
from kiosk.visit.guide_view import NORWEGIAN, norwegian_alongside, view_guide
from kiosk.visit.journey import TextSize
from kiosk.visit.path_view import view_path
from kiosk.visit.qr import BILINGUAL_PARAM

MAX_DONE = 20  # a path has at most 12 guides: more in the address is not from the kiosk


def _page_language(runtime: Runtime, wanted_language: str) -> tuple[str, Translator]:
    settings = runtime.settings
    library = runtime.content.current().library
    language = library.languages.get(wanted_language) or library.languages.get(settings.default_language)
    code = language.code if language else settings.default_language
    head = PageHead()
    apply_kiosk_look(head, language, TextSize.NORMAL, high_contrast=False, fallback_code=code)
    send_head(head)
    return code, Translator(library, code, settings.default_language)


def render_checklist_page(runtime: Runtime, slug: str, wanted_language: str, done: str) -> None:
    """The address is a stranger's: unknown paths and guides are ignored, the ticks only ever name the path's guides."""
    library = runtime.content.current().library
    code, t = _page_language(runtime, wanted_language)
    path = library.paths.get(slug)
    if path is None:
        st.error(t("error.content_unavailable"))
        return
    ticked = [guide for guide in done.split(",")[:MAX_DONE] if guide in path.guides]
    view = view_path(path, library, code, runtime.settings.default_language, ticked)
    render_checklist(view, t)
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")


def render_print_page(
    runtime: Runtime, slug: str, wanted_language: str, bilingual: bool = False, ref: str = "", booking_code: str = ""
) -> None:
    """`bilingual` (?bilingual=1): each step in Norwegian too, as the visitor chose at the kiosk. `ref`: a closed
    help call's random reference, whose stuck steps are marked. `booking_code`: a booking slip's QR."""
    settings = runtime.settings
    library = runtime.content.current().library
    code, t = _page_language(runtime, wanted_language)
    guide = library.guides.get(slug)
    if booking_code:
        _booked_time(runtime, t, booking_code, code)
    if guide is None:
        if not booking_code:
            st.error(t("error.content_unavailable"))
        return
    view = view_guide(guide, code, settings.default_language, settings.library_url)
    semantics = ScreenSemantics(position=f"print|{slug}|{code}")
    in_norwegian = norwegian_alongside(guide, view, settings.default_language)
    norwegian = None
    if in_norwegian is not None:
        _bilingual_toggle(t, bilingual, semantics)
    if in_norwegian is not None and bilingual:
        mark = lambda name: st.container(key=semantics.in_language(name, NORWEGIAN, rtl=False))  # noqa: E731
        norwegian = Norwegian(in_norwegian, Translator(library, NORWEGIAN, settings.default_language), mark)
    shown_in = library.languages.get(view.language)
    render_printable(
        view,
        t,
        settings.content_dir,
        semantics,
        guide_rtl=bool(shown_in and shown_in.is_rtl),
        norwegian=norwegian,
        stuck=_stuck_steps(runtime, ref, slug),
        links=True,
    )
    apply_semantics(semantics)
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")  # not "Help kiosk" in every language


def _bilingual_toggle(t: Translator, on: bool, semantics: ScreenSemantics) -> None:
    """The same choice as at the kiosk, on the visitor's phone: the address keeps it (?bilingual=1)."""

    def toggle() -> None:
        if on:
            del st.query_params[BILINGUAL_PARAM]
        else:
            st.query_params[BILINGUAL_PARAM] = "1"

    st.button(t("bilingual.toggle"), key="bilingual", type="primary" if on else "secondary", on_click=toggle)
    semantics.pressed["bilingual"] = on


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
