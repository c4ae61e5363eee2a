"""The staff page's notices: post a short notice to the kiosks with an end time, see those showing, end one early."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from kiosk.auth import User
from kiosk.notices import MAX_NOTICE_LENGTH, Notice, NoticeDraft, NoticeRefused, NoticeScope, end_notice, post_notice
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable
from kiosk.store.kiosks import Kiosk, list_kiosks

SCOPE_NAMES = {NoticeScope.ALL: "Alle kiosker", NoticeScope.LOCATION: "Én plassering", NoticeScope.KIOSK: "Én kiosk"}
NOTICE_MESSAGE = "notice-message"
BUSY = "Databasen svarer ikke. Beskjeden er ikke lagret; prøv igjen om litt."


def render_notices(runtime: Runtime, user: User) -> None:
    st.subheader("Beskjeder til kioskene")
    st.caption(
        "Vises på kioskenes startside (og på første side i veiledningen eller kategorien du velger) til sluttiden. "
        "Skriv kort, på norsk; engelsk kan legges til."
    )
    message = st.session_state.pop(NOTICE_MESSAGE, None)
    if message:
        (st.success if message[0] == "ok" else st.error)(message[1])
    try:
        kiosks = list_kiosks(runtime.engine)
    except StoreUnavailable:
        st.warning("Databasen svarer ikke akkurat nå. Prøv igjen om litt.")
        return
    _post_form(runtime, user, kiosks={kiosk.id: kiosk.display_name for kiosk in kiosks}, locations=_locations(kiosks))
    _showing(runtime, user)


def _locations(kiosks: list[Kiosk]) -> list[str]:
    return sorted({kiosk.location for kiosk in kiosks if kiosk.location})


def _post_form(runtime: Runtime, user: User, kiosks: dict[str, str], locations: list[str]) -> None:
    zone = ZoneInfo(runtime.settings.timezone)
    now = datetime.now(zone)
    library = runtime.content.current().library
    guides = {slug: guide.title.get("nb") or next(iter(guide.title.values())) for slug, guide in library.guides.items()}
    categories = {cid: category.title.get("nb") or cid for cid, category in library.categories.items()}
    ties = {"": "Ingen (bare startsiden)"} | {f"guide:{s}": f"Veiledning: {t}" for s, t in sorted(guides.items())}
    ties |= {f"category:{c}": f"Kategori: {t}" for c, t in categories.items()}
    with st.form("notice-form", clear_on_submit=False):
        text_nb = st.text_input("Beskjed på norsk", max_chars=MAX_NOTICE_LENGTH, key="notice-text-nb")
        text_en = st.text_input("På engelsk (valgfritt)", max_chars=MAX_NOTICE_LENGTH, key="notice-text-en")
        # One list of end times, not date and time pickers: their small day and hour fields are hard on a tablet.
        ends_choices = end_choices(now)
        ends_label = st.selectbox("Vises til", list(ends_choices), index=min(3, len(ends_choices) - 1), key="notice-ends")
        scope = st.radio(
            "Hvor", list(SCOPE_NAMES), format_func=SCOPE_NAMES.__getitem__, horizontal=True, key="notice-scope"
        )
        where, which = st.columns(2)
        location = where.selectbox("Plassering", locations or [""], key="notice-location")
        kiosk_id = which.selectbox("Kiosk", list(kiosks) or [""], format_func=lambda k: kiosks.get(k, k), key="notice-kiosk")
        tie = st.selectbox("Knytt til", list(ties), format_func=ties.__getitem__, key="notice-tie")
        posted = st.form_submit_button("Publiser beskjeden", type="primary")
    if not posted:
        return
    ends = ends_choices.get(ends_label or "", now + timedelta(hours=2))
    kind, _, value = (tie or "").partition(":")
    draft = NoticeDraft(
        text_nb=text_nb,
        text_en=text_en or None,
        ends_at=ends,
        scope=NoticeScope(scope),
        location=location or None,
        kiosk_id=kiosk_id or None,
        guide=value if kind == "guide" else None,
        category=value if kind == "category" else None,
    )
    try:
        post_notice(runtime.engine, draft, user.id)
    except NoticeRefused as refused:
        st.error(str(refused))  # the form keeps what was typed
        return
    except StoreUnavailable:
        st.error(BUSY)
        return
    for key in ("notice-text-nb", "notice-text-en"):
        st.session_state.pop(key, None)
    st.session_state[NOTICE_MESSAGE] = ("ok", f"Publisert til {ends.strftime('%d.%m. kl. %H.%M')}.")
    st.rerun()


def end_choices(now: datetime) -> dict[str, datetime]:
    """When a notice may end: each half hour for the next hours, the end of today, then the coming days."""
    start = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    choices: dict[str, datetime] = {}
    for half_hours in range(1, 13):
        at = start + timedelta(minutes=30 * half_hours)
        if at.date() == now.date():
            choices[f"i dag kl. {at:%H.%M}"] = at
    end_of_day = datetime.combine(now.date(), time(23, 59), tzinfo=now.tzinfo)
    if end_of_day > now:
        choices["i dag, hele dagen"] = end_of_day
    for days, name in ((1, "i morgen"), (2, "i overmorgen")):
        day = now.date() + timedelta(days=days)
        choices[f"{name} kl. 12.00"] = datetime.combine(day, time(12, 0), tzinfo=now.tzinfo)
        choices[f"{name}, hele dagen"] = datetime.combine(day, time(23, 59), tzinfo=now.tzinfo)
    for days in (3, 5):
        day = now.date() + timedelta(days=days)
        choices[f"til og med {day:%d.%m.}"] = datetime.combine(day, time(23, 59), tzinfo=now.tzinfo)
    return choices


def _describe(notice: Notice, zone: ZoneInfo) -> str:
    where = {
        NoticeScope.ALL: "alle kiosker",
        NoticeScope.LOCATION: f"plassering {notice.location}",
        NoticeScope.KIOSK: f"kiosk {notice.kiosk_id}",
    }[notice.scope]
    tied = f" · veiledning {notice.guide}" if notice.guide else f" · kategori {notice.category}" if notice.category else ""
    until = notice.ends_at.astimezone(zone).strftime("%d.%m. kl. %H.%M")
    return f"{where}{tied} · til {until}"


def _showing(runtime: Runtime, user: User) -> None:
    zone = ZoneInfo(runtime.settings.timezone)
    try:
        notices = runtime.notices.all_current()
    except StoreUnavailable:
        st.warning("Databasen svarer ikke akkurat nå.")
        return
    if not notices:
        st.caption("Ingen beskjeder vises nå.")
    for notice in notices:

        def end(notice_id: int = notice.id) -> None:
            try:
                ended = end_notice(runtime.engine, notice_id, user.id)
                st.session_state[NOTICE_MESSAGE] = ("ok", "Beskjeden er fjernet." if ended else "Beskjeden var allerede borte.")
            except StoreUnavailable:
                st.session_state[NOTICE_MESSAGE] = ("error", "Databasen svarer ikke. Prøv igjen om litt.")

        with st.container(border=True, key=f"notice-{notice.id}"):
            text, action = st.columns([5, 2], vertical_alignment="center")
            # Plain text: what staff typed is shown as typed, never read as Markdown.
            text.text(notice.text_nb + (f"\n{notice.text_en}" if notice.text_en else ""))
            text.caption(_describe(notice, zone))
            action.button("Fjern nå", key=f"notice-end-{notice.id}", on_click=end, width="stretch")
