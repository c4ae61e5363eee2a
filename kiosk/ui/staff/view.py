"""The floor staff's page: live help calls, walk-in log, kiosks and content health."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine
from streamlit.delta_generator import DeltaGenerator

from kiosk.accounts.auth import Role, User
from kiosk.errors import StoreUnavailable
from kiosk.floor.calls import (
    CallStatus,
    Channel,
    HelpCall,
    InvalidTransition,
    accept,
    finish,
    get_call,
    hand_over,
    log_walk_in,
)
from kiosk.floor.cards import CallCard, call_card
from kiosk.floor.inquiries import InquiryConfig, Outcome, category_names, current_inquiry_config
from kiosk.floor.presence import placed_at
from kiosk.floor.queue_order import newest_waiting, queue_order
from kiosk.language.staff_texts import StaffText
from kiosk.live.digests import floor_channel
from kiosk.live.tickets import staff_ticket
from kiosk.runtime import Runtime
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import WEEKDAYS, StaffedHours, list_kiosks
from kiosk.ui.shared.chrome import apply_staff_look, set_document_language
from kiosk.ui.shared.content_health import show_content_problems
from kiosk.ui.shared.live import RETRY, RETRY_SECONDS, live_page, live_part, shown_digest
from kiosk.ui.shared.signin import require_role, sign_out_button, still_signed_in
from kiosk.ui.shared.staff_actions import as_signed_in
from kiosk.ui.shared.staff_texts import texts_for
from kiosk.ui.shared.streamlit_words import streamlit_in_language
from kiosk.ui.shared.widget_memory import forget_widgets_if_this_part_runs_alone
from kiosk.ui.staff.accounts import staff_languages_admin
from kiosk.ui.staff.bookings import todays_bookings
from kiosk.ui.staff.branch_chooser import ask_where, choose_branch, walk_in_branch
from kiosk.ui.staff.card_text import accept_name, language_html, line_html, name_buttons, paragraph
from kiosk.ui.staff.new_call import announce_arrivals, newest_call_bar
from kiosk.ui.staff.notices import render_notices
from kiosk.ui.staff.presence import heartbeat, presence_switch
from kiosk.ui.staff.routing import language_line, only_mine_toggle, shown_calls
from kiosk.ui.staff.stuck_steps import stuck_steps_field

SEEN_KEY = "seen-call-ids"

# A card's key carries its call id (unique on the page) and its state (for the colour): "-is-new" stays
# until someone accepts the call, so a staff member who looks up a minute later still sees it.
_CSS = """
[class*="st-key-call-"][class*="-is-new"] { border: 3px solid #b45309 !important; background: #fffbeb;
  animation: kiosk-pulse 1s 3; }
[class*="st-key-call-"][class*="-is-escalated"] { border: 3px solid #b91c1c !important; background: #fef2f2; }
@keyframes kiosk-pulse { 50% { background: #fde68a; } }
@media (prefers-reduced-motion: reduce) { [class*="st-key-call-"] { animation: none !important; } }
"""


def describe_hours(hours: StaffedHours, s: StaffText) -> str:
    parts = [
        f"{s(f'weekday.{day}')} " + ", ".join(f"{start}–{end}" for start, end in hours.weekly[day])
        for day in WEEKDAYS
        if hours.weekly.get(day)
    ]
    return "; ".join(parts) or s("kiosks.no_hours")


def render_staff(runtime: Runtime) -> None:
    apply_staff_look(runtime.settings.default_language)
    user = require_role(runtime, Role.STAFF)
    s = texts_for(runtime, user)
    set_document_language(s.language, rtl=False)
    streamlit_in_language(s, s("staff.title"))
    sign_out_button(user)
    st.html(f"<style>{_CSS}</style>")
    st.title(s("staff.title"))
    presence_switch(runtime, user, s)
    st.toggle(s("staff.sound"), value=True, key="sound-on")
    only_mine_toggle(s)
    try:
        branches = list_branches(runtime.engine)
    except StoreUnavailable:
        branches = []
    branch = choose_branch(branches, s)
    ask_where(branches, branch, _placed(runtime, user), s)
    live_page(runtime)
    _live_queue(runtime, user, branch)
    todays_bookings(runtime, user, s, branch)
    _walk_in_log(runtime, user, s, walk_in_branch(branches, branch, s))
    render_notices(runtime, user, s)
    _kiosks(runtime, s, branch)
    staff_languages_admin(runtime, user, s)
    st.header(s("staff.content"))
    show_content_problems(runtime.content.current(), s)


def _placed(runtime: Runtime, user: User) -> str | None:
    """Where the person's tablet last said they are; a busy database: not known, so the tablet asks."""
    try:
        return placed_at(runtime.engine, user.id)
    except StoreUnavailable:
        return None


@st.fragment
def _live_queue(runtime: Runtime, user: User, branch: str | None = None) -> None:
    """Drawn again when a call, an accept or who is on the floor changed (kiosk.live), not on a timer;
    the waiting times count in the browser."""
    forget_widgets_if_this_part_runs_alone()  # a tablet redraws only this part all day: closed calls' cards go too
    if not still_signed_in(runtime, user):
        st.rerun(scope="app")  # password changed, account disabled or signed out elsewhere: the page asks again
    heartbeat(runtime, user, branch)
    channel = floor_channel(branch)
    digest = shown_digest(runtime, channel)  # before the data: a change in between only redraws once more
    ticket = staff_ticket(runtime.secret, user.id, user.generation, branch)
    try:
        calls = runtime.queue.calls(branch)
        on_shift = runtime.queue.on_shift()
    except StoreUnavailable:
        st.warning(texts_for(runtime, user)("error.database_queue"))
        if runtime.live is not None:  # a busy database changes no digest: look again in a while
            live_part("staff-queue", ticket, RETRY, None, RETRY_SECONDS)
        return
    if runtime.live is not None:
        live_part("staff-queue", ticket, channel, digest)
    s = texts_for(runtime, user)
    library = runtime.content.current().library
    now = datetime.now(UTC)
    waiting = [call.id for call in calls if call.status is CallStatus.OPEN]
    seen: set[int] = st.session_state.setdefault(SEEN_KEY, set())
    # The first look at the queue is not news: only calls that arrive while the page is open chime.
    arrived = sorted(set(waiting) - seen) if st.session_state.get("queue-primed") else []
    if arrived and st.session_state.get("sound-on", True):
        _chime(arrived)
    st.session_state["queue-primed"] = True
    seen.update(waiting)
    _tab_title(waiting, s)
    st.header(s("calls.heading", count=len(calls)))  # h2 under the page's h1: no level skipped
    notice = st.session_state.pop("staff-notice", None)
    if notice:
        st.warning(notice)
    if not calls:
        st.caption(s("calls.none"))
    only_mine = bool(st.session_state.get("only-my-languages"))
    shown = queue_order(shown_calls(calls, user, runtime.settings.default_language, only_mine), user.id)
    cards = {
        call.id: call_card(call, library, _inquiry_config(runtime), now, show_branch=branch is None, texts=s) for call in shown
    }
    announce_arrivals([cards[call_id] for call_id in arrived if call_id in cards], s)
    newest = newest_waiting(shown)
    if newest is not None and newest.id != shown[0].id:  # its card is further down: the bar stays in sight
        newest_call_bar(cards[newest.id], s)
    for call in shown:
        speakers = language_line(call, [p for p in on_shift if p.covers(call.branch_id)], runtime.interpreter, s)
        _call_card(runtime, user, cards[call.id], call, speakers, s)
    names = {f"accept-{card.call_id}": accept_name(card, s("calls.accept")) for card in cards.values()}
    st.html(name_buttons(names), unsafe_allow_javascript=True)


def _chime(new_ids: list[int]) -> None:
    # A short two-tone chime from the browser; the ids make the script new, so it plays once per new call.
    st.html(
        "<script>(() => { try { const ids = " + json.dumps(new_ids) + ";"
        " const ctx = new (window.AudioContext || window.webkitAudioContext)();"
        " [660, 880].forEach((f, i) => { const o = ctx.createOscillator(); const g = ctx.createGain();"
        " o.frequency.value = f; g.gain.value = 0.2; o.connect(g); g.connect(ctx.destination);"
        " o.start(ctx.currentTime + i * 0.25); o.stop(ctx.currentTime + i * 0.25 + 0.2); });"
        " } catch (e) {} })();</script>",
        unsafe_allow_javascript=True,
    )


_TITLE_SCRIPT = r"""<script>(() => {
  // The tab's title says how many wait; it blinks while a call that arrived unseen waits in a background tab.
  const w = window, waiting = __WAITING__, base = __BASE__;
  const s = w.__staffTitle || (w.__staffTitle = { known: null, blink: false, on: false });
  const plain = () => (s.count ? "(" + s.count + ") " : "") + base;
  s.count = waiting.length;
  if (s.known !== null && document.hidden && waiting.some((id) => !s.known.includes(id))) s.blink = true;
  s.known = waiting;
  if (!s.timer) {
    document.addEventListener("visibilitychange", () => { if (!document.hidden) s.blink = false; });
    s.timer = setInterval(() => {
      s.on = s.blink && !s.on;
      document.title = s.on ? "\u{1F514} " + __NEW__ + " \u2013 " + plain() : plain();
    }, 1000);
  }
  if (!s.blink) document.title = plain();
})();</script>"""


def _tab_title(waiting: list[int], s: StaffText) -> None:
    script = (
        _TITLE_SCRIPT.replace("__WAITING__", json.dumps(waiting))
        .replace("__BASE__", json.dumps(s("staff.title")))
        .replace("__NEW__", json.dumps(s("calls.tab_new")))
    )
    st.html(script, unsafe_allow_javascript=True)


def _conflict_notice(engine: Engine, call_id: int, s: StaffText) -> str:
    """What a second tablet is told when another got there first: who, not an error."""
    call = get_call(engine, call_id)
    if call is None:
        return s("calls.not_found")
    if call.status is CallStatus.ACCEPTED:
        return s("calls.taken_by", name=call.accepted_by_name or s("calls.a_colleague"))
    if call.status is CallStatus.OPEN:
        return s("calls.still_waiting")
    return s("calls.already_closed")


def _act(action, s: StaffText, engine: Engine, call_id: int, *args) -> None:
    try:
        action(engine, call_id, *args)
    except InvalidTransition:
        try:
            st.session_state["staff-notice"] = _conflict_notice(engine, call_id, s)
        except StoreUnavailable:
            st.session_state["staff-notice"] = s("error.database_retry")
    except StoreUnavailable:
        st.session_state["staff-notice"] = s("error.database_retry")


def _card_state(card: CallCard) -> str:
    if card.status is CallStatus.ACCEPTED:
        return "accepted"
    return "escalated" if card.escalated else "new"


def _call_card(runtime: Runtime, user: User, card: CallCard, call: HelpCall, speakers: str | None, s: StaffText) -> None:
    # One line per call (who, where, what, how long, the button), so twenty calls fit a tablet's screen.
    state = _card_state(card)
    engine = runtime.engine
    with st.container(border=True, key=f"call-{card.call_id}-is-{state}"):
        head, clock, action = st.columns([5, 1.3, 2], vertical_alignment="center")
        badge = {"new": f"🔔 **{s('calls.badge_new')}** · ", "escalated": f"⚠️ **{s('calls.badge_escalated')}** · "}.get(state, "")
        lines = [f"{badge}**{card.where}**", f"{card.language} · {card.task}"]
        if speakers:
            lines.append(speakers)
        if card.problem:
            lines.append(f"❓ {s('card.stuck_on', problem=f'**{card.problem}**')}")
        if card.secret_advice:
            lines.append(f"🔒 {card.secret_advice}")
        if card.status is CallStatus.ACCEPTED:
            lines.append(f"🚶 {s('calls.on_the_way', name=card.accepted_by or '')}")
        # HTML, not Markdown: the visitor's language name keeps its own lang (ትግርኛ read as Tigrinya).
        shown = [line_html(line) for line in lines]
        shown[1] = f"{language_html(card)} · {line_html(card.task)}"
        head.html(paragraph(shown))
        # The clock counts in the browser (kiosk/ui/shared/assets/live.js): the page is not redrawn to tick it.
        clock.html(
            f'<p class="staff-clock">{html.escape(s("calls.waiting"))}<br>'
            f'<strong data-kiosk-since="{int(call.created_at.timestamp())}">{html.escape(card.waiting)}</strong></p>'
        )
        if card.status is CallStatus.OPEN:
            action.button(
                s("calls.accept"),
                key=f"accept-{card.call_id}",
                type="primary",
                on_click=as_signed_in(runtime, user, _act),
                args=(accept, s, engine, card.call_id, user.id),
                width="stretch",
            )
            return
        pick, handover = st.columns([3, 2], vertical_alignment="bottom")
        categories = category_names(_inquiry_config(runtime), s)
        category = pick.selectbox(
            s("calls.category"),
            list(categories),
            index=list(categories).index(card.suggested_category) if card.suggested_category in categories else 0,
            format_func=categories.__getitem__,
            key=f"category-{card.call_id}",
        )
        outcome, referral = _outcome_fields(runtime, pick, card.call_id, s)
        stuck = stuck_steps_field(pick, call, runtime.content.current().library, s)
        action.button(
            s("calls.done"),
            key=f"done-{card.call_id}",
            type="primary",
            on_click=as_signed_in(runtime, user, _act),
            args=(finish, s, engine, card.call_id, user.id, category, outcome, referral, stuck),
            width="stretch",
        )
        handover.button(
            s("calls.hand_over"),
            key=f"handover-{card.call_id}",
            on_click=as_signed_in(runtime, user, _act),
            args=(hand_over, s, engine, card.call_id, user.id),
            width="stretch",
        )


def _inquiry_config(runtime: Runtime) -> InquiryConfig:
    return current_inquiry_config(runtime.settings.content_dir)[0]


def _outcome_fields(runtime: Runtime, column: DeltaGenerator, call_id: int, s: StaffText) -> tuple[Outcome, str | None]:
    """What came of the call, and to which agency when referred: under the category, no new row of buttons."""
    outcome = column.selectbox(
        s("calls.outcome"), list(Outcome), format_func=lambda o: s(f"outcome.{o.value}"), key=f"outcome-{call_id}"
    )
    if outcome is None:  # a selectbox with options always has a value; mypy cannot know
        outcome = Outcome.SOLVED
    if outcome is not Outcome.REFERRED:
        return outcome, None
    agencies = _inquiry_config(runtime).agency_names()
    return outcome, column.selectbox(
        s("calls.referred_to"), list(agencies), format_func=agencies.__getitem__, key=f"referral-{call_id}"
    )


def _walk_in_log(runtime: Runtime, user: User, s: StaffText, branch: str | None = None) -> None:
    st.header(s("walk_in.heading"))
    st.caption(s("walk_in.caption"))
    chosen: str | None = st.session_state.get("walk-in-category")
    names = category_names(_inquiry_config(runtime), s)
    columns = st.columns(4)
    for index, (category, name) in enumerate(names.items()):

        def pick(category: str = category) -> None:
            st.session_state["walk-in-category"] = category

        columns[index % 4].button(
            name,
            key=f"walk-in-{category}",
            type="primary" if chosen == category else "secondary",
            on_click=pick,
            width="stretch",
        )
    saved = st.session_state.pop("walk-in-saved", None)
    if saved:
        st.success(saved)
    if chosen is None:
        return
    channels = st.columns(3)
    for column, channel in zip(channels, Channel, strict=True):

        def save(channel: Channel = channel, category: str = chosen) -> None:
            try:
                log_walk_in(runtime.engine, category, channel, user.id, branch_id=branch)
                st.session_state["walk-in-saved"] = s(
                    "walk_in.saved", category=names.get(category, category), channel=s(f"channel.{channel.value}").lower()
                )
            except StoreUnavailable:
                st.session_state["walk-in-saved"] = s("walk_in.not_saved")
            st.session_state["walk-in-category"] = None

        column.button(
            s(f"channel.{channel.value}"),
            key=f"walk-in-channel-{channel.value}",
            on_click=as_signed_in(runtime, user, save),
            width="stretch",
        )


def _kiosks(runtime: Runtime, s: StaffText, branch: str | None = None) -> None:
    try:
        kiosks = list_kiosks(runtime.engine, branch)
    except StoreUnavailable:
        st.warning(s("error.database_list"))
        return
    now = runtime.local_now()
    st.header(s("kiosks.heading"))
    if not kiosks:
        st.info(s("kiosks.none"))
    for kiosk in kiosks:
        with st.container(border=True):
            staffed = f"🟢 {s('kiosks.staffed')}" if kiosk.hours.is_staffed(now) else f"⚪ {s('kiosks.not_staffed')}"
            where = kiosk.location or s("kiosks.no_location")
            st.markdown(f"**{kiosk.display_name}** · {kiosk.branch_name} · {where} · {staffed}")
            hours = describe_hours(kiosk.hours, s)
            key = "kiosks.own_hours" if kiosk.staffed_hours is not None else "kiosks.hours"
            st.caption(s(key, hours=hours, address=f"`/?kiosk={kiosk.id}`"))
            if not kiosk.has_key:
                st.caption(s("kiosks.open_warning", command=f"`python -m kiosk kiosks add {kiosk.id} --name … --new-key`"))
