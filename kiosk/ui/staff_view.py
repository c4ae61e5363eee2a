"""The floor staff's page: live help calls, walk-in log, kiosks and content health."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine
from streamlit.delta_generator import DeltaGenerator

from kiosk.auth import Role, User
from kiosk.call_cards import CallCard, call_card
from kiosk.help import (
    CallStatus,
    Channel,
    InvalidTransition,
    accept,
    finish,
    get_call,
    hand_over,
    log_walk_in,
)
from kiosk.inquiry_config import OUTCOME_NAMES, InquiryConfig, Outcome, current_inquiry_config
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import WEEKDAYS, StaffedHours, list_kiosks
from kiosk.ui.branch_chooser import choose_branch, walk_in_branch
from kiosk.ui.chrome import apply_staff_look
from kiosk.ui.content_health import show_content_problems
from kiosk.ui.signin import require_role, sign_out_button, still_signed_in

REFRESH_SECONDS = 1.0  # a new call shows within 2 s; the waiting time ticks
SEEN_KEY = "seen-call-ids"
CHANNEL_NAMES = {Channel.IN_PERSON: "Oppmøte", Channel.PHONE: "Telefon", Channel.KIOSK: "Kiosk"}
_DAY_NAMES = dict(zip(WEEKDAYS, ("man", "tir", "ons", "tor", "fre", "lør", "søn"), strict=True))

# A card's key carries its call id (unique on the page) and its state (for the colour): "-is-new" stays
# until someone accepts the call, so a staff member who looks up a minute later still sees it.
_CSS = """
[class*="st-key-call-"][class*="-is-new"] { border: 3px solid #b45309 !important; background: #fffbeb;
  animation: kiosk-pulse 1s 3; }
[class*="st-key-call-"][class*="-is-escalated"] { border: 3px solid #b91c1c !important; background: #fef2f2; }
@keyframes kiosk-pulse { 50% { background: #fde68a; } }
@media (prefers-reduced-motion: reduce) { [class*="st-key-call-"] { animation: none !important; } }
"""

PAGE_TITLE = "Hjelp på gulvet"


def describe_hours(hours: StaffedHours) -> str:
    parts = [
        f"{_DAY_NAMES[day]} " + ", ".join(f"{start}–{end}" for start, end in hours.weekly[day])
        for day in WEEKDAYS
        if hours.weekly.get(day)
    ]
    return "; ".join(parts) or "ingen betjente timer"


def render_staff(runtime: Runtime) -> None:
    apply_staff_look(runtime.settings.default_language)
    user = require_role(runtime, Role.STAFF)
    sign_out_button(user)
    st.html(f"<style>{_CSS}</style>")
    st.title(PAGE_TITLE)
    st.toggle("Lyd ved nye henvendelser", value=True, key="sound-on")
    try:
        branches = list_branches(runtime.engine)
    except StoreUnavailable:
        branches = []
    branch = choose_branch(branches)
    _live_queue(runtime, user, branch)
    _walk_in_log(runtime, user, walk_in_branch(branches, branch))
    _kiosks(runtime, branch)
    st.subheader("Innhold")
    show_content_problems(runtime.content.current())


@st.fragment(run_every=REFRESH_SECONDS)
def _live_queue(runtime: Runtime, user: User, branch: str | None = None) -> None:
    if not still_signed_in(runtime, user):
        st.rerun(scope="app")  # password changed, account disabled or signed out elsewhere: the page asks again
    try:
        calls = runtime.queue.calls(branch)
    except StoreUnavailable:
        st.warning("Databasen svarer ikke akkurat nå. Listen oppdateres så snart den svarer.")
        return
    library = runtime.content.current().library
    now = datetime.now(UTC)
    waiting = [call.id for call in calls if call.status is CallStatus.OPEN]
    seen: set[int] = st.session_state.setdefault(SEEN_KEY, set())
    arrived = sorted(set(waiting) - seen)
    # The first look at the queue is not news: only calls that arrive while the page is open chime.
    if arrived and st.session_state.get("queue-primed") and st.session_state.get("sound-on", True):
        _chime(arrived)
    st.session_state["queue-primed"] = True
    seen.update(waiting)
    _tab_title(len(waiting), waiting)
    st.subheader(f"Ventende henvendelser ({len(calls)})")
    notice = st.session_state.pop("staff-notice", None)
    if notice:
        st.warning(notice)
    if not calls:
        st.caption("Ingen venter akkurat nå.")
    for call in calls:
        _call_card(runtime, user, call_card(call, library, _inquiry_config(runtime), now, show_branch=branch is None))


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
      document.title = s.on ? "\u{1F514} Ny henvendelse \u2013 " + plain() : plain();
    }, 1000);
  }
  if (!s.blink) document.title = plain();
})();</script>"""


def _tab_title(count: int, waiting: list[int]) -> None:
    script = _TITLE_SCRIPT.replace("__WAITING__", json.dumps(waiting)).replace("__BASE__", json.dumps(PAGE_TITLE))
    st.html(script, unsafe_allow_javascript=True)


def _conflict_notice(engine: Engine, call_id: int) -> str:
    """What a second tablet is told when another got there first: who, not an error."""
    call = get_call(engine, call_id)
    if call is None:
        return "Fant ikke henvendelsen."
    if call.status is CallStatus.ACCEPTED:
        return f"{call.accepted_by_name or 'En kollega'} tar allerede denne henvendelsen."
    if call.status is CallStatus.OPEN:
        return "Henvendelsen venter fortsatt; prøv igjen."
    return "Henvendelsen er allerede avsluttet."


def _act(action, engine: Engine, call_id: int, *args) -> None:
    try:
        action(engine, call_id, *args)
    except InvalidTransition:
        try:
            st.session_state["staff-notice"] = _conflict_notice(engine, call_id)
        except StoreUnavailable:
            st.session_state["staff-notice"] = "Databasen svarer ikke. Prøv igjen om litt."
    except StoreUnavailable:
        st.session_state["staff-notice"] = "Databasen svarer ikke. Prøv igjen om litt."


def _card_state(card: CallCard) -> str:
    if card.status is CallStatus.ACCEPTED:
        return "accepted"
    return "escalated" if card.escalated else "new"


def _call_card(runtime: Runtime, user: User, card: CallCard) -> None:
    # One line per call (who, where, what, how long, the button), so twenty calls fit a tablet's screen.
    state = _card_state(card)
    engine = runtime.engine
    with st.container(border=True, key=f"call-{card.call_id}-is-{state}"):
        head, clock, action = st.columns([5, 1.3, 2], vertical_alignment="center")
        badge = {"new": "🔔 **Ny** · ", "escalated": "⚠️ **Venter lenge** · "}.get(state, "")
        lines = [f"{badge}**{card.where}**", f"{card.language} · {card.task}"]
        if card.status is CallStatus.ACCEPTED:
            lines.append(f"🚶 {card.accepted_by} er på vei")
        head.markdown("  \n".join(lines))
        clock.markdown(f"Venter  \n**{card.waiting}**")
        if card.status is CallStatus.OPEN:
            action.button(
                "Jeg kommer",
                key=f"accept-{card.call_id}",
                type="primary",
                on_click=_act,
                args=(accept, engine, card.call_id, user.id),
                width="stretch",
            )
            return
        pick, handover = st.columns([3, 2], vertical_alignment="bottom")
        categories = _inquiry_config(runtime).category_names()
        category = pick.selectbox(
            "Kategori",
            list(categories),
            index=list(categories).index(card.suggested_category) if card.suggested_category in categories else 0,
            format_func=categories.__getitem__,
            key=f"category-{card.call_id}",
        )
        outcome, referral = _outcome_fields(runtime, pick, card.call_id)
        action.button(
            "Ferdig",
            key=f"done-{card.call_id}",
            type="primary",
            on_click=_act,
            args=(finish, engine, card.call_id, user.id, category, outcome, referral),
            width="stretch",
        )
        handover.button(
            "Overlat til en kollega",
            key=f"handover-{card.call_id}",
            on_click=_act,
            args=(hand_over, engine, card.call_id, user.id),
            width="stretch",
        )


def _inquiry_config(runtime: Runtime) -> InquiryConfig:
    return current_inquiry_config(runtime.settings.content_dir)[0]


def _outcome_fields(runtime: Runtime, column: DeltaGenerator, call_id: int) -> tuple[Outcome, str | None]:
    """What came of the call, and to which agency when referred: under the category, no new row of buttons."""
    outcome = column.selectbox("Utfall", list(Outcome), format_func=OUTCOME_NAMES.__getitem__, key=f"outcome-{call_id}")
    if outcome is None:  # a selectbox with options always has a value; mypy cannot know
        outcome = Outcome.SOLVED
    if outcome is not Outcome.REFERRED:
        return outcome, None
    agencies = _inquiry_config(runtime).agency_names()
    return outcome, column.selectbox("Henvist til", list(agencies), format_func=agencies.__getitem__, key=f"referral-{call_id}")


def _walk_in_log(runtime: Runtime, user: User, branch: str | None = None) -> None:
    st.subheader("Registrer en henvendelse")
    st.caption("Spørsmål som ikke kom via kioskens knapp: velg tema, så kanal.")
    chosen: str | None = st.session_state.get("walk-in-category")
    names = _inquiry_config(runtime).category_names()
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
    for column, (channel, name) in zip(channels, CHANNEL_NAMES.items(), strict=True):

        def save(channel: Channel = channel, category: str = chosen) -> None:
            try:
                log_walk_in(runtime.engine, category, channel, user.id, branch_id=branch)
                saved = f"{names.get(category, category)} ({CHANNEL_NAMES[channel].lower()})"
                st.session_state["walk-in-saved"] = f"Registrert: {saved}"
            except StoreUnavailable:
                st.session_state["walk-in-saved"] = "Ikke registrert: databasen svarer ikke. Prøv igjen."
            st.session_state["walk-in-category"] = None

        column.button(name, key=f"walk-in-channel-{channel.value}", on_click=save, width="stretch")


def _kiosks(runtime: Runtime, branch: str | None = None) -> None:
    try:
        kiosks = list_kiosks(runtime.engine, branch)
    except StoreUnavailable:
        st.warning("Databasen svarer ikke akkurat nå. Siden prøver igjen når du laster den på nytt.")
        return
    now = runtime.local_now()
    st.subheader("Kiosker")
    if not kiosks:
        st.info("Ingen kiosker er satt opp ennå. Legg til en med `python -m kiosk kiosks add`.")
    for kiosk in kiosks:
        with st.container(border=True):
            staffed = "🟢 betjent nå" if kiosk.hours.is_staffed(now) else "⚪ ikke betjent nå"
            st.markdown(f"**{kiosk.display_name}** · {kiosk.branch_name} · {kiosk.location or 'uten plassering'} · {staffed}")
            own = " (kioskens egne)" if kiosk.staffed_hours is not None else ""
            st.caption(f"Åpningstider{own}: {describe_hours(kiosk.hours)} · Adresse: `/?kiosk={kiosk.id}`")
            if not kiosk.has_key:
                st.caption(
                    "⚠️ Åpen kiosk uten nøkkel: alle som kjenner adressen, kan be om hjelp fra den. "
                    f"Lag en nøkkel med `python -m kiosk kiosks add {kiosk.id} --name … --new-key`."
                )
