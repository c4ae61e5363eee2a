"""What the visitor's presses do: move between screens, record anonymous events, call and cancel help, wipe.

Every move goes through `move`, which also records the anonymous events it produces; every write goes
through `record`, so a busy database costs the visitor nothing but a short notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.floor.calls import CallLimit, InvalidTransition, NoStaffNow, TooManyCalls, call_from_kiosk, cancel, follow_visitor
from kiosk.floor.presence import OnShift
from kiosk.floor.routing import first_to_alert
from kiosk.store.events import Event, EventKind, record_event
from kiosk.store.visits import record_visit_end
from kiosk.ui.visitor.context import VISIT_KEY, KioskContext, current_visit
from kiosk.visit.events import Position, events_for_move
from kiosk.visit.journey import start_over

log = logging.getLogger(__name__)

STORAGE_NOTICE_KEY = "storage-notice"  # a write failed: the next screen says so once
HELP_FAILED_KEY = "help-failed"  # a help call could not be made: the next screen says so once


def record(ctx: KioskContext, action: Callable[..., object], *args: Any) -> None:
    """Write a record; a busy database costs the visitor nothing but a short notice."""
    try:
        action(ctx.runtime.engine, *args)
    except StoreUnavailable:
        log.warning("database unavailable: %s not recorded", getattr(action, "__name__", action))
        st.session_state[STORAGE_NOTICE_KEY] = True  # shown once, on the next screen


def record_visit_event(ctx: KioskContext, kind: EventKind, **fields: str | None) -> None:
    event = Event(kind=kind, kiosk_id=ctx.kiosk_id, visit_id=ctx.visit.id, language=ctx.visit.language, **fields)
    record(ctx, record_event, event)


def record_events(ctx: KioskContext, events: list[Event]) -> None:
    for event in events:
        record(ctx, record_event, event)


def move(ctx: KioskContext, change: Callable[..., None], *args: Any) -> None:
    """Apply a change to the visit and record the events the move produces (for on_click)."""
    before = Position.of(ctx.visit)
    change(*args)
    ids = ctx.step_ids()
    record_events(ctx, events_for_move(ctx.kiosk_id, before, ctx.visit, ids))
    if ctx.visit.help_call_id is not None and Position.of(ctx.visit) != before:
        # Reading on while waiting: the staff card shows the step the visitor has reached.
        record(ctx, follow_visitor, ctx.visit.help_call_id, ctx.visit.guide, ctx.visit.step_id(ids))


def call_for_help(ctx: KioskContext) -> None:
    """Button callback: one call per visit, or 'no staff now' outside staffed hours."""
    visit = ctx.visit
    # Whichever button called: focus goes to what the press made (the status, the hours, or why it failed).
    ctx.focus_after_press(".st-key-help-outside", ".st-key-help-status", ".st-key-help-failed")
    settings = ctx.runtime.settings
    try:
        call = call_from_kiosk(
            ctx.runtime.engine,
            visit_id=visit.id,
            kiosk_id=ctx.kiosk_id,
            local_now=ctx.runtime.local_now(),
            language=visit.language,
            guide=visit.guide,
            step=ctx.current_step_id(),
            problem=visit.problem,  # the problem whose fix is on screen ("Still stuck"), if any
            outbox=ctx.runtime.outbox,
            limit=CallLimit(settings.kiosk_call_limit, timedelta(minutes=settings.kiosk_call_window_minutes)),
            alert=_on_shift(ctx, visit.language),
        )
        visit.help_call_id = call.id
        visit.help_ref = call.visitor_ref
    except NoStaffNow:
        visit.help_outside_hours = True
        record_visit_event(ctx, EventKind.HELP_OUTSIDE_HOURS, guide=visit.guide, step=ctx.current_step_id())
    except TooManyCalls:
        log.warning("kiosk %s: help call refused, over its limit", ctx.kiosk_id)
        st.session_state[HELP_FAILED_KEY] = True
    except StoreUnavailable:
        log.exception("help call for kiosk %s could not be stored", ctx.kiosk_id)
        st.session_state[HELP_FAILED_KEY] = True


def _on_shift(ctx: KioskContext, language: str | None) -> list[OnShift]:
    """Staff to alert, those who speak the visitor's language first (none known when the database is busy)."""
    try:
        kiosk = ctx.runtime.queue.kiosk(ctx.kiosk_id)
        here = [person for person in ctx.runtime.queue.on_shift() if person.covers(kiosk.branch_id if kiosk else None)]
        return first_to_alert(language, here)
    except StoreUnavailable:
        return []


def cancel_help(ctx: KioskContext, reason: str = "visitor") -> None:
    """The visitor no longer needs help, or the visit ends: close the call so staff do not walk over."""
    call_id = ctx.visit.help_call_id
    ctx.visit.help_call_id = None
    if call_id is None:
        return
    try:
        cancel(ctx.runtime.engine, call_id, reason)
    except InvalidTransition:
        pass  # already closed by staff
    except StoreUnavailable:
        log.warning("could not cancel help call %s", call_id)


def wipe_visit(ctx: KioskContext, reason: str) -> None:
    """Forget everything about this visit; the next person starts from the welcome screen."""
    cancel_help(ctx, reason)
    if ctx.visit.language:
        record(ctx, record_visit_end, ctx.visit.id, reason)
    st.session_state[VISIT_KEY] = start_over()


def idle_reset(ctx: KioskContext) -> None:
    """The browser's idle countdown ran out. A visitor waiting for help keeps the visit, whatever the browser says."""
    if current_visit().is_waiting_for_help:
        log.info("kiosk %s: idle reset refused while a help call is open", ctx.kiosk_id)
        return
    wipe_visit(ctx, "idle")


def ask_to_start_over(ctx: KioskContext) -> None:
    if ctx.visit.start_over_needs_asking:
        ctx.visit.asking_to_start_over = True
    else:
        wipe_visit(ctx, "start_over")
