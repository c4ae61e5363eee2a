"""The staff's notices on the kiosk: on the home screen, and on a guide's first screen when tied to it or its
category. A fragment looks again every few seconds (one shared read per process, kiosk.notices.live), so a
notice appears and vanishes without a touch. Staff wrote it in Norwegian (and maybe English): it says so,
in the visitor's language, and the text keeps its own lang and dir."""

from __future__ import annotations

import html
import logging

import streamlit as st

from kiosk.language.bidi import isolate_numbers
from kiosk.notices.board import Notice, NoticeText, texts_for
from kiosk.store import StoreUnavailable
from kiosk.ui.visitor.context import KioskContext

log = logging.getLogger(__name__)

LOOK_EVERY_SECONDS = 3.0  # with the shared read's 2 s: a notice shows within 5 s


def notices(ctx: KioskContext, guide_slug: str | None = None, category: str | None = None, home: bool = False) -> None:
    _notices(ctx, guide_slug, category, home)


@st.fragment(run_every=LOOK_EVERY_SECONDS)
def _notices(ctx: KioskContext, guide_slug: str | None, category: str | None, home: bool) -> None:
    try:
        shown = ctx.runtime.notices.for_kiosk(ctx.kiosk_id, guide_slug, category, home)
    except StoreUnavailable:
        log.warning("database unavailable: notices not shown on kiosk %s", ctx.kiosk_id)
        return
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
            f'<p class="kiosk-notice-text" lang="{text.language}" dir="ltr">{html.escape(isolate_numbers(text.text))}</p>'
        )
    return f'<div class="kiosk-notice" data-notice="{notice.id}">{"".join(parts)}</div>'
