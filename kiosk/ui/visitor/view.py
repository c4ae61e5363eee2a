"""The citizen's kiosk: draws the screen of the current visit (kiosk.visit.journey.Visit, one per browser session)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from kiosk.errors import KioskError
from kiosk.language.texts import Translator, offered_languages
from kiosk.runtime import Runtime
from kiosk.ui.shared.chrome import PageHead, ScreenSemantics, apply_kiosk_look, apply_semantics, send_head
from kiosk.ui.shared.live import live_page
from kiosk.ui.visitor import browse, guide, paths
from kiosk.ui.visitor.actions import STORAGE_NOTICE_KEY, idle_reset, wipe_visit
from kiosk.ui.visitor.context import FOCUS_KEY, VISIT_KEY, KioskContext, current_visit
from kiosk.ui.visitor.frame import display_settings, start_over_button, start_over_question, top_bar
from kiosk.ui.visitor.help_status import help_button, help_status
from kiosk.ui.visitor.idle import install_idle_reset
from kiosk.ui.visitor.kiosk_key import recognise
from kiosk.ui.visitor.onscreen_keyboard import forget_other_visits_typing
from kiosk.ui.visitor.resume import keep_waiting_visit, visit_for_session
from kiosk.visit.journey import Screen, Visit

log = logging.getLogger(__name__)

SCREENS: dict[Screen, Callable[[KioskContext], None]] = {
    Screen.START: browse.start_screen,
    Screen.HOME: browse.home_screen,
    Screen.CATEGORY: browse.category_screen,
    Screen.SEARCH: browse.search_screen,
    Screen.INTRO: guide.intro_screen,
    Screen.STEP: guide.step_screen,
    Screen.END: guide.end_screen,
    Screen.PRINT: guide.print_screen,
    Screen.PATH: paths.path_screen,
    Screen.PATH_PRINT: paths.path_print_screen,
}
PRINT_SCREENS = (Screen.PRINT, Screen.PATH_PRINT)  # paper: no Start over, no display settings

FALLBACK_MESSAGE = "Something went wrong. Please ask the staff for help."  # when even the content cannot be read


def render_kiosk(runtime: Runtime, kiosk_id: str) -> None:
    """Draw the visitor's current screen. Whatever fails, the visitor sees a kind message, never a trace."""
    try:
        _render_kiosk(runtime, kiosk_id)
    except Exception:  # the one boundary (logged): Streamlit's own error box is English and ends the screen
        log.exception("kiosk %s: screen failed", kiosk_id)
        _recover(runtime)


def _recover(runtime: Runtime) -> None:
    """A message in the visitor's language (English when the content itself is unreadable) and Start over."""
    message, again = FALLBACK_MESSAGE, "Start over"
    try:
        library = runtime.content.current().library
    except (KioskError, OSError, ValueError):  # what reading the content can raise; logged with the first failure
        library = None
    if library is not None:
        t = Translator(library, current_visit().language or runtime.settings.default_language)
        message, again = t("error.storage"), t("nav.start_over")
    st.error(message)
    st.button(again, key="recover-start-over", on_click=lambda: st.session_state.pop(VISIT_KEY, None))


def _render_kiosk(runtime: Runtime, kiosk_id: str) -> None:
    settings = runtime.settings
    snapshot = runtime.content.current()
    visit = visit_for_session(runtime, kiosk_id)
    language = snapshot.library.languages.get(visit.language) if visit.language else None
    head = PageHead()
    apply_kiosk_look(head, language, visit.text_size, visit.high_contrast, settings.default_language)
    t = Translator(snapshot.library, visit.language or settings.default_language, settings.default_language)

    if not recognise(runtime, kiosk_id):
        send_head(head)
        st.error(t("error.unknown_kiosk"))
        return
    if not offered_languages(snapshot.library):
        send_head(head)
        st.error(t("error.content_unavailable"))
        return

    semantics = ScreenSemantics(
        position=_position(visit, settings.onscreen_keyboard), focus=st.session_state.pop(FOCUS_KEY, None)
    )
    ctx = KioskContext(runtime, kiosk_id, snapshot, visit, t, language, semantics)
    install_idle_reset(
        head,
        t,
        active=not visit.is_pristine,
        waiting=visit.is_waiting_for_help,
        timeout_seconds=settings.idle_timeout_seconds,
        countdown_seconds=settings.idle_countdown_seconds,
        waiting_timeout_seconds=settings.help_wait_check_seconds,
        on_reset=lambda: idle_reset(ctx),
        on_end_wait=lambda: wipe_visit(ctx, "stopped_waiting"),
        high_contrast=visit.high_contrast,
    )
    send_head(head)
    if st.session_state.pop(STORAGE_NOTICE_KEY, False):
        st.toast(t("error.storage"), icon="⚠️")

    live_page(runtime)
    help_button(ctx)
    help_status(ctx)
    if visit.asking_to_start_over:
        start_over_question(ctx)
    if visit.screen is not Screen.START:
        top_bar(ctx)
    SCREENS[visit.screen](ctx)
    if visit.screen not in PRINT_SCREENS:
        if visit.screen is not Screen.START:
            start_over_button(ctx)
        display_settings(ctx)
    end = PageHead()
    if settings.onscreen_keyboard:
        forget_other_visits_typing(end, visit.id)
    apply_semantics(ctx.semantics, end)
    keep_waiting_visit(runtime, visit)
    # Streamlit's page title would say "Help kiosk" on every screen, in English.
    name = t("app.name")
    st.set_page_config(page_title=f"{ctx.page_title} – {name}" if ctx.page_title else name)


def _position(visit: Visit, live_search: bool) -> str:
    """Where the visitor is: when it changes, focus moves to the new screen's heading. With the on-screen
    keyboard, results follow the typing: the visitor is still where they type, and focus stays on the keys."""
    screen, query = visit.screen, visit.search_query
    if live_search and screen is Screen.SEARCH:
        screen, query = Screen.HOME, ""
    return "|".join(str(part) for part in (screen, visit.language, visit.category, visit.path, visit.guide, visit.step, query))
