"""Book a time with a helper: offered when nobody is on the floor or many wait; a slip with a code and a QR.

No name or phone number: the slip's short code, the time, the place and the guide are all there is.
"""

from __future__ import annotations

import logging
from itertools import groupby

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.floor.bookings import SlotFull, SlotUnavailable, TooManyBookings, book, find, open_slots, place_of
from kiosk.language.dates import clock_time, weekday_date, weekday_date_time
from kiosk.ui.shared.qr_picture import qr_picture
from kiosk.ui.visitor.actions import cancel_help
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.qr import booking_slip_url, qr_svg

log = logging.getLogger(__name__)

NOTICE_KEY = "booking-notice"
# Not the print button's own key: Streamlit refuses a value set on a button's key (the crash it was).
PRINT_KEY = "booking-print-asked"
_PRINTS_KEY = "booking-prints"
SHOWN_SLOTS = 9  # three rows of three: the soonest free times, enough to choose from at a glance
PER_ROW = 3

# On paper only the slip: the rest of the kiosk screen is hidden.
_SLIP_PRINT_CSS = """<style>@media print {
  body * { visibility: hidden !important; }
  .st-key-booking-slip, .st-key-booking-slip * { visibility: visible !important; color: #000 !important; }
  .st-key-booking-slip { position: absolute; inset: 0 auto auto 0; width: 100%; }
  .st-key-booking-slip .stButton { display: none !important; }
}</style>"""


def booking_offer(ctx: KioskContext) -> None:
    """The offer, the times to choose from, or the slip once booked."""
    visit = ctx.visit
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(ctx.t(notice))
    if visit.booking_code:
        _slip(ctx, visit.booking_code)
        return
    if not visit.choosing_booking:

        def choose() -> None:
            ctx.visit.choosing_booking = True
            ctx.focus_after_press(".st-key-booking-choose h3")

        st.button(ctx.t("booking.offer"), key="booking-offer", on_click=choose, width="stretch")
        ctx.icon("booking-offer", before="📅")
        return
    _choose_slot(ctx)


def _choose_slot(ctx: KioskContext) -> None:
    runtime = ctx.runtime
    kiosk = runtime.queue.kiosk(ctx.kiosk_id)
    try:
        slots = open_slots(runtime.engine, kiosk, runtime.booking_rules, runtime.local_now())[:SHOWN_SLOTS] if kiosk else []
    except StoreUnavailable:
        st.error(ctx.t("help.unavailable"))
        return
    with st.container(border=True, key="booking-choose"):
        st.subheader(ctx.t("booking.choose"), anchor=False)
        if not slots:
            st.info(ctx.t("booking.none"))
        for _day, on_day in groupby(slots, key=lambda slot: slot.start.date()):
            day_slots = list(on_day)
            st.markdown(f"**{weekday_date(day_slots[0].start, ctx.lang)}**")
            for row in range(0, len(day_slots), PER_ROW):  # every time of the day, in rows (not the first row only)
                for column, slot in zip(st.columns(PER_ROW), day_slots[row : row + PER_ROW], strict=False):
                    column.button(
                        clock_time(slot.start, ctx.lang),
                        key=f"booking-slot-{slot.start:%Y%m%d%H%M}",
                        on_click=_book,
                        args=(ctx, slot.start),
                        width="stretch",
                    )

        def close() -> None:
            ctx.visit.choosing_booking = False
            ctx.focus_after_press(".st-key-booking-offer button")

        # Not "Back": that is the screen's own button, beside it; this one only closes the list.
        st.button(ctx.t("booking.close"), key="booking-back", on_click=close)


def _book(ctx: KioskContext, start: object) -> None:
    runtime = ctx.runtime
    visit = ctx.visit
    kiosk = runtime.queue.kiosk(ctx.kiosk_id)
    if kiosk is None:
        return
    try:
        booking = book(
            runtime.engine,
            kiosk,
            start,  # type: ignore[arg-type]
            runtime.booking_rules,
            runtime.local_now(),
            language=visit.language,
            guide=visit.guide,
            step=ctx.current_step_id(),
            visit_id=visit.id,
        )
    except TooManyBookings as refused:
        st.session_state[NOTICE_KEY] = f"booking.limit_{refused.by}"
        return
    except (SlotFull, SlotUnavailable):
        st.session_state[NOTICE_KEY] = "booking.full"  # taken a moment ago by another kiosk: the list is fresh
        ctx.focus_after_press(".st-key-booking-choose h3")
        return
    except StoreUnavailable:
        log.warning("kiosk %s: booking not stored, the database is busy", ctx.kiosk_id)
        st.session_state[NOTICE_KEY] = "help.unavailable"
        return
    visit.booking_code = booking.code
    visit.choosing_booking = False
    visit.booking_replaced_call = visit.help_call_id is not None
    cancel_help(ctx, "booked")  # the visitor will come back at the booked time: nobody walks over now
    # The slip's heading takes the focus and the slip is read out: the booking worked, here is the code.
    ctx.focus_after_press(".st-key-booking-slip h3", announce=".st-key-booking-slip")


def _slip(ctx: KioskContext, code: str) -> None:
    runtime = ctx.runtime
    try:
        booking = find(runtime.engine, code)
    except StoreUnavailable:
        st.info(ctx.t("booking.slip_code", code=code))
        return
    kiosk = runtime.queue.kiosk(booking.kiosk_id)
    place = place_of(kiosk) if kiosk else ""
    guide = ctx.library.guides.get(booking.guide or "")
    when = weekday_date_time(booking.slot_start.astimezone(runtime.local_now().tzinfo), ctx.lang)
    st.html(_SLIP_PRINT_CSS)
    with st.container(border=True, key="booking-slip"):
        st.subheader(ctx.t("booking.slip_heading"), anchor=False)
        lines = [ctx.t("booking.slip_code", code=f"**{code}**"), ctx.t("booking.slip_when", when=when)]
        if place:
            lines.append(ctx.t("booking.slip_where", place=place))
        if guide is not None:
            lines.append(ctx.t("booking.slip_guide", guide=ctx.text(guide.title)))
        lines.append(ctx.t("booking.slip_show"))
        if ctx.visit.booking_replaced_call:  # told, not done behind their back
            lines.append(ctx.t("booking.call_replaced"))
        st.markdown("  \n".join(lines))
        base = str(runtime.settings.public_url or st.context.url or "")
        if base:
            address = booking_slip_url(base, code, booking.guide, ctx.lang)
            qr_picture(qr_svg(address), ctx.t("booking.qr"), address)

        def print_slip() -> None:
            # A count, not a flag: each press gives a script of its own, which the browser runs again.
            st.session_state[PRINT_KEY] = st.session_state.get(_PRINTS_KEY, 0) + 1
            st.session_state[_PRINTS_KEY] = st.session_state[PRINT_KEY]

        st.button(ctx.t("booking.print"), key="booking-print", on_click=print_slip, width="stretch")
        ctx.icon("booking-print", before="🖨")

        def close() -> None:
            ctx.visit.booking_code = None
            ctx.visit.booking_replaced_call = False
            ctx.focus_after_press(".st-key-help-call button")

        st.button(ctx.t("help.ok"), key="booking-slip-ok", on_click=close)
    press = st.session_state.pop(PRINT_KEY, None)
    if press:
        st.html(f"<script>/* {press} */ setTimeout(() => window.print(), 400);</script>", unsafe_allow_javascript=True)
