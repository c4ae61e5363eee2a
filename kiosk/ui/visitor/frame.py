"""Pieces every kiosk screen shares: the top bar, Start over and its question, display settings, tile grids."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kiosk.content.models import Guide
from kiosk.ui.shared.plain import unlinked
from kiosk.ui.visitor.actions import ask_to_start_over, move, wipe_visit
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.journey import Screen, TextSize


def top_bar(ctx: KioskContext) -> None:
    back, home = st.columns(2)
    # The step screen has its own Back beside Next: one Back per screen.
    if ctx.visit.screen is not Screen.STEP:
        back.button(ctx.t("nav.back"), key="nav-back", on_click=move, args=(ctx, ctx.visit.back), width="stretch")
        ctx.icon("nav-back", before=ctx.arrow_back)
    if ctx.visit.screen is not Screen.HOME:
        column = back if ctx.visit.screen is Screen.STEP else home  # where the text starts, not a gap
        column.button(ctx.t("nav.home"), key="nav-home", on_click=move, args=(ctx, ctx.visit.go_home), width="stretch")
        ctx.icon("nav-home", before="☰")


def start_over_button(ctx: KioskContext) -> None:
    # Apart from "All tasks", at the foot of the screen: a slip of the finger must not end a visit.
    st.button(ctx.t("nav.start_over"), key="nav-start-over", on_click=ask_to_start_over, args=(ctx,))
    ctx.icon("nav-start-over", before="⟲")


def start_over_question(ctx: KioskContext) -> None:
    question = "nav.start_over_ask_help" if ctx.visit.is_waiting_for_help else "nav.start_over_ask"

    def keep() -> None:
        ctx.visit.asking_to_start_over = False

    with st.container(border=True, key="start-over-ask"):
        st.warning(ctx.t(question))
        yes, no = st.columns(2)
        yes.button(
            ctx.t("nav.start_over_yes"), key="start-over-yes", on_click=wipe_visit, args=(ctx, "start_over"), width="stretch"
        )
        no.button(ctx.t("nav.start_over_no"), key="start-over-no", type="primary", on_click=keep, width="stretch")


def display_settings(ctx: KioskContext) -> None:
    st.divider()
    visit = ctx.visit

    def set_size(size: TextSize) -> None:
        visit.text_size = size

    def toggle_contrast() -> None:
        visit.high_contrast = not visit.high_contrast

    labels = {
        TextSize.NORMAL: ctx.before_language_chosen("settings.size_normal"),
        TextSize.LARGE: ctx.before_language_chosen("settings.size_large"),
        TextSize.LARGEST: ctx.before_language_chosen("settings.size_largest"),
    }
    with tile_grid("settings"):
        for size, label in labels.items():
            key = f"size-{size.name.lower()}"
            st.button(
                label,
                key=key,
                type="primary" if visit.text_size is size else "secondary",
                on_click=set_size,
                args=(size,),
                width="stretch",
            )
            ctx.toggle(key, visit.text_size is size)
        st.button(
            ctx.before_language_chosen("settings.high_contrast"),
            key="contrast",
            type="primary" if visit.high_contrast else "secondary",
            on_click=toggle_contrast,
            width="stretch",
        )
    ctx.icon("contrast", before="◐" if visit.high_contrast else "◑")
    ctx.toggle("contrast", visit.high_contrast)


def tile_grid(name: str) -> DeltaGenerator:
    """A container whose elements the theme lays out as a grid, row by row: reading and Tab go across a row,
    and a narrow screen or a large text size gets fewer columns instead of words broken inside."""
    return st.container(key=f"grid-{name}")


def guide_tiles(ctx: KioskContext, guides: list[Guide]) -> None:
    for guide in guides:
        view = ctx.view(guide)
        key = f"tile-guide-{guide.slug}"
        # A guide shown in a fallback language keeps that language's lang and dir, its tile and summary too.
        # Not in the visitor's language: the tile says which it is in, before it is opened ("… (English)").
        shown_in = ctx.library.languages.get(view.language) if view.is_fallback else None
        title = f"{view.title} ({shown_in.native_name})" if shown_in else view.title
        with st.container(key=ctx.in_language(f"text-{key}", view.language)):
            st.button(title, key=key, on_click=move, args=(ctx, ctx.visit.open_guide, guide.slug), width="stretch")
            st.caption(unlinked(view.summary))
        ctx.icon(key, before=view.icon)
