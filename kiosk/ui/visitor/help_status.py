"""The kiosk's Call for help button and what the visitor sees after pressing it."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from kiosk.content.bidi import isolate_numbers
from kiosk.errors import StoreUnavailable
from kiosk.floor.availability import Floor, floor_now
from kiosk.floor.bookings import should_offer
from kiosk.floor.calls import CallStatus, HelpCall, estimate_changes_in, estimated_wait_minutes
from kiosk.language.dates import weekday_date_time
from kiosk.live.digests import kiosk_channel
from kiosk.live.tickets import kiosk_ticket
from kiosk.store.kiosks import Kiosk, get_kiosk
from kiosk.ui.shared.live import RETRY, RETRY_SECONDS, live_part, shown_digest
from kiosk.ui.visitor.actions import HELP_FAILED_KEY, call_for_help, cancel_help
from kiosk.ui.visitor.bookings import booking_offer
from kiosk.ui.visitor.context import KioskContext, current_visit

HELP_BUTTON = ".st-key-help-call button"


def floor(ctx: KioskContext) -> Floor:
    """Outside hours, nobody on the floor, or staffed; read from the shared live queue (no query per run)."""
    queue = ctx.runtime.queue
    try:
        kiosk = queue.kiosk(ctx.kiosk_id)
        here = [person for person in queue.on_shift() if person.covers(kiosk.branch_id if kiosk else None)]
        return floor_now(kiosk, ctx.runtime.local_now(), len(here))
    except StoreUnavailable:
        return Floor.STAFFED  # the press will say what is wrong; the button keeps its usual words


def help_button(ctx: KioskContext) -> None:
    # Within staffed hours with everybody away the button says so: the call waits for the first one back.
    label = "help.call_nobody_here" if floor(ctx) is Floor.NOBODY else "help.call"
    st.button(
        ctx.before_language_chosen(label),
        key="help-call",
        type="primary",
        on_click=call_for_help,
        args=(ctx,),
        width="stretch",
        disabled=ctx.visit.help_call_id is not None,
    )
    ctx.icon("help-call", before="🙋")


def help_status(ctx: KioskContext) -> None:
    """What happened after the press; refreshes itself while a call is open."""
    if st.session_state.pop(HELP_FAILED_KEY, False):
        with st.container(key="help-failed"):
            st.error(ctx.t("help.unavailable"))
    if ctx.visit.help_outside_hours:
        _outside_hours(ctx)
    if ctx.visit.help_call_id is not None:
        _live_call_status(ctx)
    if _offer_booking(ctx):
        booking_offer(ctx)


def _offer_booking(ctx: KioskContext) -> bool:
    """When nobody is on the floor or it is outside hours (no need to call first), or after a press when
    more than the setting wait."""
    visit = ctx.visit
    if visit.booking_code or visit.choosing_booking:
        return True
    if visit.language is None:
        return False
    if not (visit.help_outside_hours or visit.help_call_id is not None):
        return floor(ctx) is not Floor.STAFFED
    try:
        kiosk = ctx.runtime.queue.kiosk(ctx.kiosk_id)
        waiting = ctx.runtime.queue.waiting(kiosk.branch_id if kiosk else None)
    except StoreUnavailable:
        return False
    return should_offer(floor(ctx) is not Floor.STAFFED, waiting, ctx.runtime.settings.booking_offer_when_waiting)


def _alternatives(ctx: KioskContext, kiosk: Kiosk | None) -> str:
    """What to do instead of waiting: the same with nobody on the floor as outside the hours."""
    # The branch's own number first: its desk knows its floor; else the library's.
    phone = (kiosk.branch.help_phone if kiosk and kiosk.branch else "") or ctx.runtime.settings.help_phone
    return ctx.t("help.phone", phone=isolate_numbers(phone)) if phone else ctx.t("help.counter")


def _outside_hours(ctx: KioskContext) -> None:
    lines = [ctx.t("help.closed_now")]
    try:
        kiosk = get_kiosk(ctx.runtime.engine, ctx.kiosk_id)
    except StoreUnavailable:
        kiosk = None
    upcoming = kiosk.hours.next_staffed(ctx.runtime.local_now()) if kiosk else None
    if upcoming is not None:
        lines.append(ctx.t("help.next_staffed", when=weekday_date_time(upcoming, ctx.lang)))
    lines.append(_alternatives(ctx, kiosk))
    with st.container(border=True, key="help-outside"):
        st.warning("  \n".join(lines), icon="🕒")

        def close() -> None:
            ctx.visit.help_outside_hours = False
            ctx.focus_after_press(HELP_BUTTON)

        st.button(ctx.t("help.ok"), key="help-outside-ok", on_click=close)


def _waiting_lines(ctx: KioskContext, call: HelpCall) -> tuple[list[str], float | None]:
    """Their place in the queue, an estimate only when recent calls here give one, and that they may read on;
    and in how many seconds the estimate shows another number."""
    ahead = ctx.runtime.queue.ahead_of(call)
    if floor(ctx) is Floor.NOBODY:
        # Honest: nobody is on the way yet. The call waits in the queue for the first one back.
        return [ctx.t("help.nobody_here"), _alternatives(ctx, ctx.runtime.queue.kiosk(ctx.kiosk_id))], None
    lines = [ctx.t("help.on_the_way"), ctx.t("help.ahead", count=ahead) if ahead else ctx.t("help.next")]
    typical = ctx.runtime.queue.typical_wait(call.branch_id)
    waited = timedelta(seconds=call.waiting_seconds())
    minutes = estimated_wait_minutes(typical, waited)
    if minutes is not None:
        lines.append(ctx.t("help.estimate", minutes=minutes))
    if ctx.visit.guide is not None:
        lines.append(ctx.t("help.read_on"))
    return lines, estimate_changes_in(typical, waited)


@st.fragment
def _live_call_status(ctx: KioskContext) -> None:
    """Drawn again when what it shows changed (an accept, a call ahead taken or done, nobody left on the floor:
    the kiosk's own live channel), and when the estimate turns a minute; nothing is done for it in between."""
    visit = current_visit()  # the fragment reruns alone: read the session's visit afresh
    if visit.help_call_id is None:  # cancelled from inside this fragment: redraw the whole screen
        st.rerun(scope="app")
    try:
        channel = kiosk_channel(ctx.kiosk_id)
        digest = shown_digest(ctx.runtime, channel)
        call = ctx.runtime.queue.get(visit.help_call_id)
    except StoreUnavailable:
        st.info(ctx.t("help.on_the_way"), icon="🙋")
        if ctx.runtime.live is not None:  # a busy database changes no digest: look again in a while
            live_part("help-status", kiosk_ticket(ctx.runtime.secret, ctx.kiosk_id), RETRY, None, RETRY_SECONDS)
        return
    if call is None or not call.is_active:
        visit.help_call_id = None  # closed by staff: back to normal
        st.rerun(scope="app")
        return
    wake_in = None
    with st.container(border=True, key="help-status"):
        if call.status is CallStatus.ACCEPTED:
            st.success(ctx.t("help.coming", name=call.accepted_by_name or ""), icon="🚶")
        else:
            lines, wake_in = _waiting_lines(ctx, call)
            st.info("  \n".join(lines), icon="🙋")
        if ctx.runtime.live is not None:
            live_part("help-status", kiosk_ticket(ctx.runtime.secret, ctx.kiosk_id), channel, digest, wake_in)

        def stop() -> None:
            cancel_help(ctx)
            ctx.focus_after_press(HELP_BUTTON)  # enabled again: the visitor may call once more

        st.button(ctx.t("help.cancel"), key="help-cancel", on_click=stop)
