"""The citizen's kiosk: dispatches to the screen of the current visit.

State lives in kiosk.journey.Visit (one per browser session), texts come from kiosk.i18n,
and every move goes through `move`, which also records the anonymous events it produces.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

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
from kiosk.ui.chrome import ScreenSemantics, apply_kiosk_look, apply_semantics
from kiosk.ui.idle import install_idle_reset
from kiosk.ui.kiosk_key import recognise
from kiosk.ui.plain import escape_markdown
from kiosk.ui.theme import icon_css
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
    semantics: ScreenSemantics = field(default_factory=lambda: ScreenSemantics(position=""))
    page_title: str = ""  # the screen's heading; the browser tab and a screen reader's page name

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

    def icon(self, key: str, before: str = "", after: str = "") -> None:
        """An icon or arrow beside a button label or heading, seen but not read aloud."""
        self.semantics.icons.append(icon_css(key, before, after))

    def toggle(self, key: str, on: bool) -> None:
        """A button that is a switch: a screen reader says whether it is on."""
        self.semantics.pressed[key] = on

    def in_language(self, key: str, code: str) -> str:
        """A container key for text written in `code`, which may differ from the screen's language."""
        known = self.library.languages.get(code)
        return self.semantics.in_language(key, code, bool(known and known.is_rtl))

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

    ctx = KioskContext(runtime, kiosk_id, snapshot, visit, t, language, ScreenSemantics(position=_position(visit)))
    install_idle_reset(
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
    apply_semantics(ctx.semantics)
    # Streamlit's page title would say "Help kiosk" on every screen, in English.
    name = t("app.name")
    st.set_page_config(page_title=f"{ctx.page_title} – {name}" if ctx.page_title else name)


def _position(visit: Visit) -> str:
    """Where the visitor is: when it changes, focus moves to the new screen's heading."""
    return "|".join(
        str(part) for part in (visit.screen, visit.language, visit.category, visit.guide, visit.step, visit.search_query)
    )


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
    # The step screen has its own Back beside Next: one Back per screen.
    if ctx.visit.screen is not Screen.STEP:
        back.button(ctx.t("nav.back"), key="nav-back", on_click=move, args=(ctx, ctx.visit.back), width="stretch")
        ctx.icon("nav-back", before=ctx.arrow_back)
    if ctx.visit.screen is not Screen.HOME:
        column = back if ctx.visit.screen is Screen.STEP else home  # where the text starts, not a gap
        column.button(ctx.t("nav.home"), key="nav-home", on_click=move, args=(ctx, ctx.visit.go_home), width="stretch")
        ctx.icon("nav-home", before="☰")


def _start_over_button(ctx: KioskContext) -> None:
    # Apart from "All tasks", at the foot of the screen: a slip of the finger must not end a visit.
    st.button(ctx.t("nav.start_over"), key="nav-start-over", on_click=ask_to_start_over, args=(ctx,))
    ctx.icon("nav-start-over", before="⟲")


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
        TextSize.NORMAL: before_language_chosen(ctx, "settings.size_normal"),
        TextSize.LARGE: before_language_chosen(ctx, "settings.size_large"),
        TextSize.LARGEST: before_language_chosen(ctx, "settings.size_largest"),
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
            before_language_chosen(ctx, "settings.high_contrast"),
            key="contrast",
            type="primary" if visit.high_contrast else "secondary",
            on_click=toggle_contrast,
            width="stretch",
        )
    ctx.icon("contrast", before="◐" if visit.high_contrast else "◑")
    ctx.toggle("contrast", visit.high_contrast)


def before_language_chosen(ctx: KioskContext, key: str) -> str:
    """Before a language is chosen, a label is in the kiosk's language and in English, like the heading."""
    if ctx.visit.language is not None:
        return ctx.t(key)
    texts = [ctx.library.messages[code].get(key, "") for code in (ctx.lang, "en") if code in ctx.library.messages]
    return " · ".join(dict.fromkeys(text for text in texts if text)) or ctx.t(key)


def tile_grid(name: str) -> DeltaGenerator:
    """A container whose elements the theme lays out as a grid, row by row: reading and Tab go across a row,
    and a narrow screen or a large text size gets fewer columns instead of words broken inside."""
    return st.container(key=f"grid-{name}")


def guide_tiles(ctx: KioskContext, guides: list[Guide]) -> None:
    for guide in guides:
        view = ctx.view(guide)
        key = f"tile-guide-{guide.slug}"
        # A guide shown in a fallback language keeps that language's lang and dir, its tile and summary too.
        with st.container(key=ctx.in_language(f"text-{key}", view.language)):
            st.button(view.title, key=key, on_click=move, args=(ctx, ctx.visit.open_guide, guide.slug), width="stretch")
            st.caption(view.summary)
        ctx.icon(key, before=view.icon)


# -- screens --------------------------------------------------------------------------------


def _start_screen(ctx: KioskContext) -> None:
    from kiosk.read_aloud import welcome_text
    from kiosk.ui.read_aloud import read_aloud

    offered = offered_languages(ctx.library)
    wanted = ctx.runtime.settings.welcome_languages
    greeting = [lang for lang in offered if lang.code in wanted] or offered[:WELCOME_LINES]
    with tile_grid("welcome"):
        for lang in sorted(greeting, key=lambda lang: wanted.index(lang.code) if lang.code in wanted else len(wanted)):
            text, say = st.columns([5, 2], vertical_alignment="center")
            with text:
                st.html(
                    f'<div class="kiosk-welcome"><p lang="{lang.code}" dir="{lang.direction.value}">'
                    f"{html.escape(welcome_text(ctx.library, lang.code))}</p></div>"
                )
            with say, st.container(key=ctx.in_language(f"say-{lang.code}", lang.code)):
                label = ctx.library.messages[lang.code]["speech.read_aloud"]  # in the line's own language
                read_aloud(ctx, welcome_text(ctx.library, lang.code), f"welcome-{lang.code}", lang, label=label)
    heading = before_language_chosen(ctx, "start.choose_language")
    st.title(heading, anchor=False)
    ctx.page_title = heading

    def choose(code: str) -> None:
        ctx.visit.choose_language(code)
        record(ctx, record_visit_start, ctx.visit.id, ctx.kiosk_id, code)

    with tile_grid("languages"):
        for lang in offered:
            with st.container(key=ctx.in_language(f"name-{lang.code}", lang.code)):
                st.button(lang.native_name, key=f"tile-lang-{lang.code}", on_click=choose, args=(lang.code,), width="stretch")


def _search_box(ctx: KioskContext) -> None:
    with st.form("search", clear_on_submit=False, border=False):
        query = st.text_input(
            ctx.t("search.label"),
            value=ctx.visit.search_query,
            placeholder=ctx.t("search.placeholder"),
            # No max_chars: its counter ("3/200") is Streamlit's English; Visit.search cuts the query instead.
            # A new visit gets a new field: nothing the last visitor typed, sent or not, can show.
            key=f"search-{ctx.visit.id}",
        )
        submitted = st.form_submit_button(ctx.t("search.button"), key="search-button", width="stretch")
    ctx.icon("search-button", before="🔍")
    if submitted:
        ctx.visit.search(query)
        if ctx.visit.search_query:
            hits = ctx.snapshot.search.search(ctx.visit.search_query, ctx.lang)
            record(ctx, record_search, ctx.kiosk_id, ctx.visit.id, ctx.visit.language, ctx.visit.search_query, bool(hits))
        st.rerun()


def _home_screen(ctx: KioskContext) -> None:
    st.title(ctx.t("home.heading"), anchor=False)
    ctx.page_title = ctx.t("home.heading")
    _search_box(ctx)
    for kind, heading in (("everyday", "home.everyday"), ("life_event", "home.life_events")):
        categories = [c for c in ctx.library.categories.values() if c.kind == kind]
        if not categories:
            continue
        st.header(ctx.t(heading), anchor=False)
        with tile_grid(kind):
            for category in categories:
                key = f"tile-cat-{category.id}"
                st.button(
                    ctx.text(category.title), key=key, on_click=ctx.visit.open_category, args=(category.id,), width="stretch"
                )
                ctx.icon(key, before=category.icon)


def _search_screen(ctx: KioskContext) -> None:
    query = ctx.visit.search_query
    hits = ctx.snapshot.search.search(query, ctx.lang)
    heading = ctx.t("search.results", query=query) if hits else ctx.t("search.label")
    ctx.page_title = heading
    st.title(escape_markdown(heading), anchor=False)
    _search_box(ctx)
    if not hits:
        from kiosk.ui.help_panel import call_for_help

        st.info(ctx.t("search.no_results", query=escape_markdown(query)))
        st.button(
            ctx.t("help.call"),
            key="help-call-no-results",
            on_click=call_for_help,
            args=(ctx,),
            disabled=ctx.visit.help_call_id is not None,
        )
        ctx.icon("help-call-no-results", before="🙋")
        return
    guide_tiles(ctx, [ctx.library.guides[hit.slug] for hit in hits])


def _category_screen(ctx: KioskContext) -> None:
    category = ctx.library.categories.get(ctx.visit.category or "")
    if category is None:  # removed from the content while someone looked at it
        ctx.visit.go_home()
        st.rerun()
        return
    ctx.page_title = ctx.text(category.title)
    with st.container(key="screen-title"):
        st.title(ctx.page_title, anchor=False)
    ctx.icon("screen-title", before=category.icon)
    guides = ctx.library.guides_in(category.id)
    if not guides:
        st.info(ctx.t("category.empty"))
    guide_tiles(ctx, guides)
