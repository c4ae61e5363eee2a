"""The staff's notices on the kiosk: on the home screen, and on a guide's first screen when tied to it or its
category. The fragment is drawn again when the notices showing change (a notice posted, ended, or past its
end: kiosk.live), so a notice appears and vanishes without a touch and nothing is done for it in between.
Staff wrote it in Norwegian (and maybe English): it says so, in the visitor's language, and the text keeps
its own lang and dir."""

from __future__ import annotations

import html
import logging

import streamlit as st

from kiosk.errors import StoreUnavailable
from kiosk.live.digests import NOTICES
from kiosk.live.tickets import kiosk_ticket
from kiosk.notices.board import Notice, NoticeText, texts_for
from kiosk.ui.shared.live import RETRY, RETRY_SECONDS, live_part, shown_digest
from kiosk.ui.visitor.context import KioskContext

log = logging.getLogger(__name__)


def notices(ctx: KioskContext, guide_slug: str | None = None, category: str | None = None, home: bool = False) -> None:
    _notices(ctx, guide_slug, category, home)


@st.fragment
def _notices(ctx: KioskContext, guide_slug: str | None, category: str | None, home: bool) -> None:
    digest = shown_digest(ctx.runtime, NOTICES)  # before the data: a change in between only redraws once more
    ticket = kiosk_ticket(ctx.runtime.secret, ctx.kiosk_id) if ctx.runtime.live is not None else None
    try:
        shown = ctx.runtime.notices.for_kiosk(ctx.kiosk_id, guide_slug, category, home)
    except StoreUnavailable:
        log.warning("database unavailable: notices not shown on kiosk %s", ctx.kiosk_id)
        if ticket is not None:  # a busy database changes no digest: look again in a while
            live_part("notices", ticket, RETRY, None, RETRY_SECONDS)
        return
    if ticket is not None:
        live_part("notices", ticket, NOTICES, digest)
    if shown:
        st.html("".join(_box(ctx, notice) for notice in shown))


def _mark(ctx: KioskContext, text: NoticeText) -> str:
    if text.language == ctx.lang:
        return ctx.t("notice.from_staff")
    return ctx.t("notice.in_norwegian" if text.language == "nb" else "notice.in_english")


def _box(ctx: KioskContext, notice: Notice) -> str:
    parts = []
    for text in texts_for(notice, ctx.lang):
        # Staff text is plain text: escaped here, never read as HTML or Markdown.
        parts.append(
            f'<p class="kiosk-notice-mark">{html.escape(_mark(ctx, text))}</p>'
            f'<p class="kiosk-notice-text" lang="{text.language}" dir="ltr">{html.escape(text.text)}</p>'
        )
    return f'<div class="kiosk-notice" data-notice="{notice.id}">{"".join(parts)}</div>'
