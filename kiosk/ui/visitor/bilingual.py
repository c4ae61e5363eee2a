""" "Show in Norwegian too" on the guide's screens: a switch, and the Norwegian text beside the visitor's."""

from __future__ import annotations

import streamlit as st

from kiosk.content.models import Guide
from kiosk.language.texts import Translator
from kiosk.ui.shared.step_card import Norwegian
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.guide_view import NORWEGIAN, GuideView, norwegian_alongside


def norwegian_for(ctx: KioskContext, guide: Guide, view: GuideView) -> Norwegian | None:
    """The Norwegian text to show beside the visitor's, when the visitor has asked for it."""
    if not ctx.visit.bilingual:
        return None
    in_norwegian = norwegian_alongside(guide, view, ctx.runtime.settings.default_language)
    if in_norwegian is None:
        return None
    t = Translator(ctx.library, NORWEGIAN, ctx.runtime.settings.default_language)
    return Norwegian(in_norwegian, t, lambda name: st.container(key=ctx.in_language(name, NORWEGIAN)))


def bilingual_toggle(ctx: KioskContext, guide: Guide, view: GuideView) -> None:
    """The switch, where the guide is shown in another language than Norwegian and has a Norwegian text."""
    if norwegian_alongside(guide, view, ctx.runtime.settings.default_language) is None:
        return
    on = ctx.visit.bilingual
    st.button(
        ctx.t("bilingual.toggle"),
        key="bilingual",
        type="primary" if on else "secondary",
        on_click=ctx.visit.toggle_bilingual,
        width="stretch",
    )
    ctx.toggle("bilingual", on)
    ctx.icon("bilingual", before="🇳🇴")
