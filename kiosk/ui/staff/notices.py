"""The staff page's notices: post a short notice to the kiosks with an end time, see those showing, end one early."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.errors import StoreUnavailable
from kiosk.language.staff_texts import StaffText
from kiosk.notices.board import (
    MAX_NOTICE_LENGTH,
    POSTED_SCOPES,
    Notice,
    NoticeDraft,
    NoticeRefused,
    NoticeScope,
    end_notice,
    post_notice,
)
from kiosk.runtime import Runtime
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import list_kiosks
from kiosk.ui.shared.staff_actions import as_signed_in
from kiosk.ui.shared.staff_texts import library_texts
from kiosk.ui.staff.branch_chooser import branches_first, tablet_branch

NOTICE_MESSAGE = "notice-message"


def render_notices(runtime: Runtime, user: User, s: StaffText | None = None) -> None:
    s = s or library_texts()
    st.header(s("notices.heading"))
    st.caption(s("notices.caption"))
    message = st.session_state.pop(NOTICE_MESSAGE, None)
    if message:
        (st.success if message[0] == "ok" else st.error)(message[1])
    try:
        kiosks = list_kiosks(runtime.engine)
        branches = list_branches(runtime.engine)
    except StoreUnavailable:
        st.warning(s("error.database_retry"))
        return
    # The tablet's own branch first: a notice is most often for the floor the staff member stands on.
    names = {branch.id: branch.name for branch in branches_first(branches, tablet_branch(branches))}
    _post_form(runtime, user, s, kiosks={kiosk.id: kiosk.display_name for kiosk in kiosks}, branches=names)
    _showing(runtime, user, s, names)


def _post_form(runtime: Runtime, user: User, s: StaffText, kiosks: dict[str, str], branches: dict[str, str]) -> None:
    zone = ZoneInfo(runtime.settings.timezone)
    now = datetime.now(zone)
    library = runtime.content.current().library
    lang = s.language
    guides = {
        slug: guide.title.get(lang) or guide.title.get("nb") or next(iter(guide.title.values()))
        for slug, guide in library.guides.items()
    }
    categories = {
        cid: category.title.get(lang) or category.title.get("nb") or cid for cid, category in library.categories.items()
    }
    ties = {"": s("notices.tie_none")} | {f"guide:{slug}": s("notices.tie_guide", title=t) for slug, t in sorted(guides.items())}
    ties |= {f"category:{c}": s("notices.tie_category", title=t) for c, t in categories.items()}
    scopes = {scope: s(f"notices.scope.{scope.value}") for scope in POSTED_SCOPES}
    with st.form("notice-form", clear_on_submit=False):
        text_nb = st.text_input(s("notices.text_nb"), max_chars=MAX_NOTICE_LENGTH, key="notice-text-nb")
        text_en = st.text_input(s("notices.text_en"), max_chars=MAX_NOTICE_LENGTH, key="notice-text-en")
        # One list of end times, not date and time pickers: their small day and hour fields are hard on a tablet.
        ends_choices = end_choices(now, s)
        ends_label = st.selectbox(s("notices.until"), list(ends_choices), index=min(3, len(ends_choices) - 1), key="notice-ends")
        scope = st.radio(s("notices.where"), list(scopes), format_func=scopes.__getitem__, horizontal=True, key="notice-scope")
        where, which = st.columns(2)
        branch_id = where.selectbox(
            s("notices.branch"), list(branches) or [""], format_func=lambda b: branches.get(b, b), key="notice-branch"
        )
        kiosk_id = which.selectbox(
            s("stats.kiosk"), list(kiosks) or [""], format_func=lambda k: kiosks.get(k, k), key="notice-kiosk"
        )
        tie = st.selectbox(s("notices.tie"), list(ties), format_func=ties.__getitem__, key="notice-tie")
        posted = st.form_submit_button(s("notices.publish"), type="primary")
    if not posted:
        return
    ends = ends_choices.get(ends_label or "", now + timedelta(hours=2))
    kind, _, value = (tie or "").partition(":")
    draft = NoticeDraft(
        text_nb=text_nb,
        text_en=text_en or None,
        ends_at=ends,
        scope=NoticeScope(scope),
        branch_id=branch_id or None,
        kiosk_id=kiosk_id or None,
        guide=value if kind == "guide" else None,
        category=value if kind == "category" else None,
    )
    try:
        post_notice(runtime.engine, draft, user.id)
    except NoticeRefused as refused:
        st.error(s(refused.key, **refused.params))  # in the reader's language; the form keeps what was typed
        return
    except StoreUnavailable:
        st.error(s("notices.busy"))
        return
    for key in ("notice-text-nb", "notice-text-en"):
        st.session_state.pop(key, None)
    st.session_state[NOTICE_MESSAGE] = ("ok", s("notices.published", until=ends.strftime("%d.%m. %H.%M")))
    st.rerun()


def end_choices(now: datetime, s: StaffText | None = None) -> dict[str, datetime]:
    """When a notice may end: each half hour for the next hours, the end of today, then the coming days."""
    s = s or library_texts()
    start = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    choices: dict[str, datetime] = {}
    for half_hours in range(1, 13):
        at = start + timedelta(minutes=30 * half_hours)
        if at.date() == now.date():
            choices[s("notices.today_at", time=f"{at:%H.%M}")] = at
    end_of_day = datetime.combine(now.date(), time(23, 59), tzinfo=now.tzinfo)
    if end_of_day > now:
        choices[s("notices.today_all_day")] = end_of_day
    for days, name in ((1, "tomorrow"), (2, "day_after")):
        day = now.date() + timedelta(days=days)
        choices[s(f"notices.{name}_noon")] = datetime.combine(day, time(12, 0), tzinfo=now.tzinfo)
        choices[s(f"notices.{name}_all_day")] = datetime.combine(day, time(23, 59), tzinfo=now.tzinfo)
    for days in (3, 5):
        day = now.date() + timedelta(days=days)
        choices[s("notices.through", date=f"{day:%d.%m.}")] = datetime.combine(day, time(23, 59), tzinfo=now.tzinfo)
    return choices


def _describe(notice: Notice, zone: ZoneInfo, s: StaffText, branches: dict[str, str]) -> str:
    where = {
        NoticeScope.ALL: s("notices.scope.all").lower(),
        NoticeScope.BRANCH: s("notices.at_branch", branch=branches.get(notice.branch_id or "", notice.branch_id or "")),
        NoticeScope.LOCATION: s("notices.at_location", location=notice.location or ""),
        NoticeScope.KIOSK: s("notices.at_kiosk", kiosk=notice.kiosk_id or ""),
    }[notice.scope]
    if notice.guide:
        tied = " · " + s("notices.tie_guide", title=notice.guide)
    elif notice.category:
        tied = " · " + s("notices.tie_category", title=notice.category)
    else:
        tied = ""
    until = notice.ends_at.astimezone(zone).strftime("%d.%m. %H.%M")
    return f"{where}{tied} · {s('notices.until_time', until=until)}"


def _showing(runtime: Runtime, user: User, s: StaffText, branches: dict[str, str]) -> None:
    zone = ZoneInfo(runtime.settings.timezone)
    try:
        notices = runtime.notices.all_current()
    except StoreUnavailable:
        st.warning(s("error.database_now"))
        return
    if not notices:
        st.caption(s("notices.none"))
    for notice in notices:

        def end(notice_id: int = notice.id) -> None:
            try:
                ended = end_notice(runtime.engine, notice_id, user.id)
                st.session_state[NOTICE_MESSAGE] = ("ok", s("notices.removed") if ended else s("notices.already_gone"))
            except StoreUnavailable:
                st.session_state[NOTICE_MESSAGE] = ("error", s("error.database_retry"))

        with st.container(border=True, key=f"notice-{notice.id}"):
            text, action = st.columns([5, 2], vertical_alignment="center")
            # Plain text: what staff typed is shown as typed, never read as Markdown.
            text.text(notice.text_nb + (f"\n{notice.text_en}" if notice.text_en else ""))
            text.caption(_describe(notice, zone, s, branches))
            action.button(
                s("notices.remove_now"), key=f"notice-end-{notice.id}", on_click=as_signed_in(runtime, user, end), width="stretch"
            )
