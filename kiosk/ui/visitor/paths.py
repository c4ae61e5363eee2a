"""Life-event paths on the kiosk: tiles on home and on their categories' screens, the checklist, taking it home."""

from __future__ import annotations

import streamlit as st

from kiosk.ui.printout.checklist import render_checklist
from kiosk.ui.shared.plain import unlinked
from kiosk.ui.shared.qr_picture import qr_picture
from kiosk.ui.shared.step_card import note
from kiosk.ui.visitor.actions import move
from kiosk.ui.visitor.context import KioskContext
from kiosk.ui.visitor.frame import tile_grid
from kiosk.visit.journey import Screen
from kiosk.visit.path_view import PathView, paths_of_category, view_path
from kiosk.visit.qr import printable_checklist_url, qr_svg


def _view(ctx: KioskContext, slug: str | None) -> PathView | None:
    path = ctx.library.paths.get(slug or "")
    if path is None:
        return None
    return view_path(path, ctx.library, ctx.lang, ctx.runtime.settings.default_language, ctx.visit.finished_guides)


def life_event_paths(ctx: KioskContext) -> None:
    """Below the life-event categories on the home screen, under "Checklists": one tile per path."""
    path_tiles(ctx, list(ctx.library.paths))


def category_paths(ctx: KioskContext, category_id: str) -> None:
    """First on a life-event category's screen: the checklist of the path the category belongs to."""
    path_tiles(ctx, paths_of_category(ctx.library, category_id))


def path_tiles(ctx: KioskContext, slugs: list[str]) -> None:
    """Under their own "Checklists" heading on either screen: a checklist tile is not read as a guide or category."""
    views = [view for slug in slugs if (view := _view(ctx, slug)) is not None and view.items]
    if not views:
        return
    st.header(ctx.t("home.paths"), anchor=False)
    with tile_grid("paths"):
        for view in views:
            key = f"tile-path-{view.slug}"
            with st.container(key=ctx.in_language(f"text-{key}", view.language)):
                st.button(view.title, key=key, on_click=ctx.visit.open_path, args=(view.slug,), width="stretch")
            ctx.icon(key, before=view.icon)


def _gone(ctx: KioskContext) -> None:
    ctx.visit.go_home()  # the path was removed while someone looked at it
    st.rerun()


def path_screen(ctx: KioskContext) -> None:
    view = _view(ctx, ctx.visit.path)
    if view is None:
        _gone(ctx)
        return
    ctx.page_title = view.title
    with st.container(key=ctx.in_language("path-title", view.language)):
        st.title(view.title, anchor=False)
    ctx.icon("path-title", before=view.icon)
    if view.is_fallback:
        shown_in = ctx.library.languages.get(view.language)
        note(ctx.t("note.fallback", language=shown_in.native_name if shown_in else view.language))
    elif view.unreviewed:
        note(ctx.t("note.unreviewed"))
    with st.container(key=ctx.in_language("path-summary", view.language)):
        st.markdown(unlinked(view.summary))
    st.markdown(ctx.t("path.intro"))
    with st.container(key="path-progress"):
        st.markdown(f"**{ctx.t('path.progress', done=view.done_count, total=len(view.items))}**")
    with st.container(key="path-checklist"):
        for number, item in enumerate(view.items, start=1):
            key = f"path-item-{item.slug}"
            with st.container(key=ctx.in_language(f"text-{key}", item.language)):
                st.button(
                    f"{number}. {item.title}",
                    key=key,
                    on_click=move,
                    args=(ctx, ctx.visit.open_guide, item.slug),
                    width="stretch",
                )
            ctx.icon(key, before="✅" if item.done else "⬜")
            st.caption(ctx.t("path.done") if item.done else ctx.t("path.not_done"))
    st.header(ctx.t("path.take_home"), anchor=False)
    base = str(ctx.runtime.settings.public_url or st.context.url or "")
    if base:
        address = printable_checklist_url(base, view.slug, ctx.lang, list(ctx.visit.finished_guides))
        qr_picture(qr_svg(address), ctx.t("path.qr"), address)
    st.button(ctx.t("path.print"), key="path-print", on_click=ctx.visit.print_path, width="stretch")
    ctx.icon("path-print", before="🖨")


def path_print_screen(ctx: KioskContext) -> None:
    view = _view(ctx, ctx.visit.path)
    if view is None:
        _gone(ctx)
        return
    ctx.page_title = view.title
    render_checklist(view, ctx.t)
    st.html("<script>setTimeout(() => window.print(), 400);</script>", unsafe_allow_javascript=True)


def back_to_checklist(ctx: KioskContext) -> None:
    """On a guide's end screen, when the guide was opened from a path: back to its (now ticked) checklist."""
    path = ctx.library.paths.get(ctx.visit.path or "")
    if path is None or ctx.visit.guide not in path.guides or ctx.visit.screen is not Screen.END:
        return
    st.button(ctx.t("path.back"), key="path-back", type="primary", on_click=ctx.visit.back_to_path, width="stretch")
    ctx.icon("path-back", before="☑")
