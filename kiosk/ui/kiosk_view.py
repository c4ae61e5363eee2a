"""The citizen's kiosk: dispatches to the screen of the current visit.

State lives in kiosk.journey.Visit (one per browser session), texts come from kiosk.i18n,
and every move goes through `move`, which also records the anonymous events it produces.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from kiosk.content.models import ContentLibrary, Guide, Language
from kiosk.content.source import ContentSnapshot
from kiosk.guide_view import GuideView, view_guide
from kiosk.help import follow_visitor
from kiosk.i18n import Translator, offered_languages, pick
from kiosk.journey import Screen, TextSize, Visit, start_over
from kiosk.runtime import Runtime
from kiosk.stats.searches import record_search
from kiosk.store import StoreUnavailable
from kiosk.store.events import Event, EventKind, record_event
from kiosk.store.visits import record_visit_end, record_visit_start
from kiosk.ui.chrome import apply_kiosk_look
from kiosk.ui.idle import install_idle_reset
from kiosk.ui.kiosk_key import recognise
from kiosk.ui.plain import escape_markdown
from kiosk.visit_events import Position, events_for_move

log = logging.getLogger(__name__)

VISIT_KEY = "visit"
STORAGE_NOTICE_KEY = "storage-notice"
WELCOME_LINES = 6  # how many languages greet on the start screen


@dataclass
class KioskContext:
    """What every screen function gets."""

    runtime: Runtime
    kiosk_id: str
    snapshot: ContentSnapshot
    visit: Visit
    t: Translator
    language: Language | None

    @property
    def library(self) -> ContentLibrary:
        return self.snapshot.library

    @property
    def arrow_back(self) -> str:
        # "Back" points the way the text came from: right in a right-to-left language.
        return "→" if self.t.rtl else "←"

    @property
    def arrow_forward(self) -> str:
        return "←" if self.t.rtl else "→"

    @property
    def lang(self) -> str:
        return self.visit.language or self.runtime.settings.default_language

    def text(self, texts: dict[str, str]) -> str:
        found = pick(texts, self.lang, self.runtime.settings.default_language)
        return found.text if found else ""

    def view(self, guide: Guide) -> GuideView:
        settings = self.runtime.settings
        return view_guide(guide, self.lang, settings.default_language, settings.library_url)


def current_visit() -> Visit:
    if VISIT_KEY not in st.session_state:
        st.session_state[VISIT_KEY] = start_over()
    return st.session_state[VISIT_KEY]


def render_kiosk(runtime: Runtime, kiosk_id: str) -> None:
    """Draw the visitor's current screen. Whatever fails, the visitor sees a kind message, never a trace."""
    try:
        _render_kiosk(runtime, kiosk_id)
    except Exception:
        log.exception("kiosk %s: screen failed", kiosk_id)
        try:
            library = runtime.content.current().library
            t = Translator(library, current_visit().language or runtime.settings.default_language)
            message, again = t("error.storage"), t("nav.start_over")
        except Exception:
            message, again = "Something went wrong. Please ask the staff for help.", "Start over"
        st.error(message)
        st.button(again, key="recover-start-over", on_click=lambda: st.session_state.pop(VISIT_KEY, None))


def _render_kiosk(runtime: Runtime, kiosk_id: str) -> None:
    settings = runtime.settings
    snapshot = runtime.content.current()
    visit = current_visit()
    language = snapshot.library.languages.get(visit.language) if visit.language else None
    apply_kiosk_look(language, visit.text_size, visit.high_contrast, settings.default_language)
    t = Translator(snapshot.library, visit.language or settings.default_language, settings.default_language)

    if not recognise(runtime, kiosk_id):
        st.error(t("error.unknown_kiosk"))
        return
    if not offered_languages(snapshot.library):
        st.error(t("error.content_unavailable"))
        return

    ctx = KioskContext(runtime, kiosk_id, snapshot, visit, t, language)
    install_idle_reset(
        t,
        active=not visit.is_pristine,
        waiting=visit.is_waiting_for_help,
        timeout_seconds=settings.idle_timeout_seconds,
        countdown_seconds=settings.idle_countdown_seconds,
        waiting_timeout_seconds=settings.help_wait_check_seconds,
        on_reset=lambda: idle_reset(ctx),
        on_end_wait=lambda: wipe_visit(ctx, "stopped_waiting"),
    )
    if st.session_state.pop(STORAGE_NOTICE_KEY, False):
        st.toast(t("error.storage"), icon="⚠️")
    from kiosk.ui import guide_screens, help_panel  # these use this module's helpers

    help_panel.help_button(ctx)
    help_panel.help_status(ctx)
    if visit.asking_to_start_over:
        _ask_to_start_over(ctx)
    if visit.screen is not Screen.START:
        _top_bar(ctx)

    screens: dict[Screen, Callable[[KioskContext], None]] = {
        Screen.START: _start_screen,
        Screen.HOME: _home_screen,
        Screen.CATEGORY: _category_screen,
        Screen.SEARCH: _search_screen,
        Screen.INTRO: guide_screens.intro_screen,
        Screen.STEP: guide_screens.step_screen,
        Screen.END: guide_screens.end_screen,
        Screen.PRINT: guide_screens.print_screen,
    }
    screens[visit.screen](ctx)
    if visit.screen is not Screen.PRINT:
        if visit.screen is not Screen.START:
            _start_over_button(ctx)
        _display_settings(ctx)


# -- moves and records ---------------------------------------------------------------------


def record(ctx: KioskContext, action: Callable[..., None], *args: Any) -> None:
    """Write a record; a busy database costs the visitor nothing but a short notice."""
    try:
        action(ctx.runtime.engine, *args)
    except StoreUnavailable:
        log.warning("database unavailable: %s not recorded", action.__name__)
        st.session_state[STORAGE_NOTICE_KEY] = True  # shown once, on the next screen


def record_visit_event(ctx: KioskContext, kind: EventKind, **fields: str | None) -> None:
    event = Event(kind=kind, kiosk_id=ctx.kiosk_id, visit_id=ctx.visit.id, language=ctx.visit.language, **fields)
    record(ctx, record_event, event)


def record_events(ctx: KioskContext, events: list[Event]) -> None:
    for event in events:
        record(ctx, record_event, event)


def step_ids(ctx: KioskContext) -> list[str]:
    guide = ctx.library.guides.get(ctx.visit.guide or "")
    return [step.id for step in guide.steps] if guide else []


def move(ctx: KioskContext, change: Callable[..., None], *args: Any) -> None:
    """Apply a change to the visit and record the events the move produces (for on_click)."""
    before = Position.of(ctx.visit)
    change(*args)
    ids = step_ids(ctx)
    record_events(ctx, events_for_move(ctx.kiosk_id, before, ctx.visit, ids))
    if ctx.visit.help_call_id is not None and Position.of(ctx.visit) != before:
        # Reading on while waiting: the staff card shows the step the visitor has reached.
        record(ctx, follow_visitor, ctx.visit.help_call_id, ctx.visit.guide, ctx.visit.step_id(ids))


def wipe_visit(ctx: KioskContext, reason: str) -> None:
    """Forget everything about this visit; the next person starts from the welcome screen."""
    from kiosk.ui.help_panel import cancel_help

    cancel_help(ctx, reason)
    if ctx.visit.language:
        record(ctx, record_visit_end, ctx.visit.id, reason)
    st.session_state[VISIT_KEY] = start_over()


def idle_reset(ctx: KioskContext) -> None:
    """The browser's idle countdown ran out. A visitor waiting for help keeps the visit, whatever the browser says."""
    if current_visit().is_waiting_for_help:
        log.info("kiosk %s: idle reset refused while a help call is open", ctx.kiosk_id)
        return
    wipe_visit(ctx, "idle")


def ask_to_start_over(ctx: KioskContext) -> None:
    if ctx.visit.start_over_needs_asking:
        ctx.visit.asking_to_start_over = True
    else:
        wipe_visit(ctx, "start_over")


# -- pieces shared by screens ---------------------------------------------------------------


def _top_bar(ctx: KioskContext) -> None:
    back, home = st.columns(2)
    back.button(
        ctx.arrow_back + " " + ctx.t("nav.back"), key="nav-back", on_click=move, args=(ctx, ctx.visit.back), width="stretch"
    )
    if ctx.visit.screen is not Screen.HOME:
        home.button("☰ " + ctx.t("nav.home"), key="nav-home", on_click=move, args=(ctx, ctx.visit.go_home), width="stretch")


def _start_over_button(ctx: KioskContext) -> None:
    # Apart from "All tasks", at the foot of the screen: a slip of the finger must not end a visit.
    st.button("⟲ " + ctx.t("nav.start_over"), key="nav-start-over", on_click=ask_to_start_over, args=(ctx,))


def _ask_to_start_over(ctx: KioskContext) -> None:
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


def _display_settings(ctx: KioskContext) -> None:
    st.divider()
    visit = ctx.visit

    def set_size(size: TextSize) -> None:
        visit.text_size = size

    def toggle_contrast() -> None:
        visit.high_contrast = not visit.high_contrast

    labels = {
        TextSize.NORMAL: ctx.t("settings.size_normal"),
        TextSize.LARGE: ctx.t("settings.size_large"),
        TextSize.LARGEST: ctx.t("settings.size_largest"),
    }
    # Two per row: at the largest size a long word ("контрастність") must fit its button whole.
    first_row, second_row = st.columns(2), st.columns(2)
    cols = [*first_row, *second_row]
    for col, (size, label) in zip(cols, labels.items(), strict=False):
        col.button(
            label,
            key=f"size-{size.name.lower()}",
            type="primary" if visit.text_size is size else "secondary",
            on_click=set_size,
            args=(size,),
            width="stretch",
        )
    cols[3].button(
        ("◐ " if visit.high_contrast else "◑ ") + ctx.t("settings.high_contrast"),
        key="contrast",
        type="primary" if visit.high_contrast else "secondary",
        on_click=toggle_contrast,
        width="stretch",
    )


def guide_tiles(ctx: KioskContext, guides: list[Guide]) -> None:
    for guide in guides:
        view = ctx.view(guide)
        st.button(
            f"{view.icon}  {view.title}",
            key=f"tile-guide-{guide.slug}",
            on_click=move,
            args=(ctx, ctx.visit.open_guide, guide.slug),
            width="stretch",
        )
        st.caption(view.summary)


# -- screens --------------------------------------------------------------------------------


def _start_screen(ctx: KioskContext) -> None:
    from kiosk.read_aloud import welcome_text
    from kiosk.ui.read_aloud import read_aloud

    offered = offered_languages(ctx.library)
    wanted = ctx.runtime.settings.welcome_languages
    greeting = [lang for lang in offered if lang.code in wanted] or offered[:WELCOME_LINES]
    for lang in sorted(greeting, key=lambda lang: wanted.index(lang.code) if lang.code in wanted else len(wanted)):
        text, say = st.columns([5, 2], vertical_alignment="center")
        with text:
            st.html(
                f'<div class="kiosk-welcome"><p lang="{lang.code}" dir="{lang.direction.value}">'
                f"{html.escape(welcome_text(ctx.library, lang.code))}</p></div>"
            )
        with say:
            label = "🔊 " + ctx.library.messages[lang.code]["speech.read_aloud"]  # in the line's own language
            read_aloud(ctx, welcome_text(ctx.library, lang.code), f"welcome-{lang.code}", lang, label=label)
    # In the kiosk's own language and in English, the two most visitors can read.
    headings = dict.fromkeys(
        ctx.library.messages[code]["start.choose_language"] for code in (ctx.lang, "en") if code in ctx.library.messages
    )
    st.header(" · ".join(headings), anchor=False)

    def choose(code: str) -> None:
        ctx.visit.choose_language(code)
        record(ctx, record_visit_start, ctx.visit.id, ctx.kiosk_id, code)

    columns = st.columns(3)
    for index, lang in enumerate(offered):
        columns[index % 3].button(
            lang.native_name, key=f"tile-lang-{lang.code}", on_click=choose, args=(lang.code,), width="stretch"
        )


def _search_box(ctx: KioskContext) -> None:
    with st.form("search", clear_on_submit=False, border=False):
        query = st.text_input(
            ctx.t("search.label"),
            value=ctx.visit.search_query,
            placeholder=ctx.t("search.placeholder"),
            max_chars=200,
            # A new visit gets a new field: nothing the last visitor typed, sent or not, can show.
            key=f"search-{ctx.visit.id}",
        )
        submitted = st.form_submit_button("🔍 " + ctx.t("search.button"), width="stretch")
    if submitted:
        ctx.visit.search(query)
        if ctx.visit.search_query:
            hits = ctx.snapshot.search.search(ctx.visit.search_query, ctx.lang)
            record(ctx, record_search, ctx.kiosk_id, ctx.visit.id, ctx.visit.language, ctx.visit.search_query, bool(hits))
        st.rerun()


def _home_screen(ctx: KioskContext) -> None:
    st.title(ctx.t("home.heading"), anchor=False)
    _search_box(ctx)
    for kind, heading in (("everyday", "home.everyday"), ("life_event", "home.life_events")):
        categories = [c for c in ctx.library.categories.values() if c.kind == kind]
        if not categories:
            continue
        st.subheader(ctx.t(heading), anchor=False)
        columns = st.columns(2)
        for index, category in enumerate(categories):
            columns[index % 2].button(
                f"{category.icon}  {ctx.text(category.title)}",
                key=f"tile-cat-{category.id}",
                on_click=ctx.visit.open_category,
                args=(category.id,),
                width="stretch",
            )


def _search_screen(ctx: KioskContext) -> None:
    _search_box(ctx)
    query = ctx.visit.search_query
    hits = ctx.snapshot.search.search(query, ctx.lang)
    if not hits:
        from kiosk.ui.help_panel import call_for_help

        st.info(ctx.t("search.no_results", query=escape_markdown(query)))
        st.button(
            "🙋 " + ctx.t("help.call"),
            key="help-call-no-results",
            on_click=call_for_help,
            args=(ctx,),
            disabled=ctx.visit.help_call_id is not None,
        )
        return
    st.subheader(ctx.t("search.results", query=escape_markdown(query)), anchor=False)
    guide_tiles(ctx, [ctx.library.guides[hit.slug] for hit in hits])


def _category_screen(ctx: KioskContext) -> None:
    category = ctx.library.categories.get(ctx.visit.category or "")
    if category is None:  # removed from the content while someone looked at it
        ctx.visit.go_home()
        st.rerun()
        return
    st.title(f"{category.icon} {ctx.text(category.title)}", anchor=False)
    guides = ctx.library.guides_in(category.id)
    if not guides:
        st.info(ctx.t("category.empty"))
    guide_tiles(ctx, guides)
