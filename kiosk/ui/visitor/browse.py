"""Finding a task: the start screen (languages), home (search and categories), a category, search results."""

from __future__ import annotations

import html

import streamlit as st

from kiosk.audio.read_aloud import welcome_text
from kiosk.content.models import Guide
from kiosk.language.texts import offered_languages
from kiosk.stats.searches import record_search
from kiosk.store.visits import record_visit_start
from kiosk.ui.shared.plain import escape_markdown, unlinked
from kiosk.ui.visitor.actions import call_for_help, record
from kiosk.ui.visitor.context import KioskContext
from kiosk.ui.visitor.frame import guide_tiles, tile_grid
from kiosk.ui.visitor.notices import notices
from kiosk.ui.visitor.paths import category_paths, life_event_paths
from kiosk.ui.visitor.read_aloud import read_aloud
from kiosk.ui.visitor.search_keys import keyboard_search

WELCOME_LINES = 6  # how many languages greet on the start screen
# Home and the search results put the search field (and its keys) in the same containers, at the same place.
SEARCH_LAYOUT, SEARCH_KEYS, BESIDE_SEARCH = "search-layout", "search-keys", "beside-search"


def start_screen(ctx: KioskContext) -> None:
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
    heading = ctx.before_language_chosen("start.choose_language")
    st.title(heading, anchor=False)
    ctx.page_title = heading

    def choose(code: str) -> None:
        ctx.visit.choose_language(code)
        record(ctx, record_visit_start, ctx.visit.id, ctx.kiosk_id, code)

    with tile_grid("languages"):
        for lang in offered:
            with st.container(key=ctx.in_language(f"name-{lang.code}", lang.code)):
                st.button(lang.native_name, key=f"tile-lang-{lang.code}", on_click=choose, args=(lang.code,), width="stretch")


def search_box(ctx: KioskContext) -> None:
    if ctx.runtime.settings.onscreen_keyboard:
        keyboard_search(ctx)
        return
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


def home_screen(ctx: KioskContext) -> None:
    st.title(ctx.t("home.heading"), anchor=False)
    ctx.page_title = ctx.t("home.heading")
    # On a landscape screen the theme puts these two side by side: the keyboard alone filled the fold.
    with st.container(key=SEARCH_LAYOUT):
        with st.container(key=SEARCH_KEYS):
            search_box(ctx)
            notices(ctx, home=True)
        with st.container(key=BESIDE_SEARCH):
            _home_tasks(ctx)


def _home_tasks(ctx: KioskContext) -> None:
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
    # Below the categories, under a heading of their own: a path's tile must not read as a second copy of
    # the category with the same name.
    life_event_paths(ctx)


def search_screen(ctx: KioskContext) -> None:
    query = ctx.visit.search_query
    hits = ctx.snapshot.search.search(query, ctx.lang)
    heading = ctx.t("search.results", query=query) if hits else ctx.t("search.label")
    ctx.page_title = heading
    # What the visitor typed shows as typed: never Markdown, never a link (a typed address is not opened).
    st.title(unlinked(escape_markdown(heading)), anchor=False)
    # The keys sit where they sit on home (the same containers after the heading): typing that brings results
    # redraws the keyboard in place, so the focus stays on the key just pressed. Results go beside the keys.
    with st.container(key=SEARCH_LAYOUT):
        with st.container(key=SEARCH_KEYS):
            search_box(ctx)
        with st.container(key=BESIDE_SEARCH):
            _results(ctx, query, [ctx.library.guides[hit.slug] for hit in hits])


def _results(ctx: KioskContext, query: str, guides: list[Guide]) -> None:
    if not guides:
        st.info(ctx.t("search.no_results", query=unlinked(escape_markdown(query))))
        st.button(
            ctx.t("help.call"),
            key="help-call-no-results",
            on_click=call_for_help,
            args=(ctx,),
            disabled=ctx.visit.help_call_id is not None,
        )
        ctx.icon("help-call-no-results", before="🙋")
        return
    guide_tiles(ctx, guides)


def category_screen(ctx: KioskContext) -> None:
    category = ctx.library.categories.get(ctx.visit.category or "")
    if category is None:  # removed from the content while someone looked at it
        ctx.visit.go_home()
        st.rerun()
        return
    ctx.page_title = ctx.text(category.title)
    with st.container(key="screen-title"):
        st.title(ctx.page_title, anchor=False)
    ctx.icon("screen-title", before=category.icon)
    category_paths(ctx, category.id)
    guides = ctx.library.guides_in(category.id)
    if not guides:
        st.info(ctx.t("category.empty"))
    guide_tiles(ctx, guides)
