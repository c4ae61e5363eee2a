"""The search field with its on-screen keyboard (kiosk.ui.visitor.onscreen_keyboard): results as the visitor types."""

from __future__ import annotations

import streamlit as st

from kiosk.content.keyboards import keyboard_for
from kiosk.content.search import suggestion_words
from kiosk.language.texts import fallback_chain
from kiosk.stats.searches import record_search
from kiosk.ui.visitor.actions import record
from kiosk.ui.visitor.context import KioskContext
from kiosk.ui.visitor.onscreen_keyboard import keyboard_key, onscreen_keyboard

LABELS = ("name", "backspace", "space", "clear", "suggestions", "latin", "own_letters", "forms", "forms_hint")


def keyboard_search(ctx: KioskContext) -> None:
    visit = ctx.visit
    language = ctx.language
    keyboard = keyboard_for(language.keyboard if language else None, bool(language and language.keyboard_suggestions))
    words_language, words = ctx.lang, list[str]()
    if keyboard.suggestions:
        chain = fallback_chain(ctx.lang, ctx.runtime.settings.default_language)
        words_language, _, words = suggestion_words(ctx.library, chain)
    labels = {name: ctx.t(f"keyboard.{name}") for name in LABELS}
    labels |= {"label": ctx.t("search.label"), "placeholder": ctx.t("search.placeholder"), "search": ctx.t("search.button")}
    typed = onscreen_keyboard(
        key=keyboard_key(visit.id),
        keyboard=keyboard,
        value=visit.search_query,
        labels=labels,
        language=ctx.lang,
        suggestions=words,
        suggestion_language=words_language,
        high_contrast=visit.high_contrast,
    )
    if typed is None:
        return
    before = (visit.screen, visit.search_query)
    visit.search(typed.text)
    if typed.submitted and visit.search_query:
        # Only what the visitor chose to search for is counted, not every pause while typing.
        hits = ctx.snapshot.search.search(visit.search_query, ctx.lang)
        record(ctx, record_search, ctx.kiosk_id, visit.id, visit.language, visit.search_query, bool(hits))
    if (visit.screen, visit.search_query) != before:
        if visit.search_query:
            # The focus stays on the keys; what the results are is said (politely) instead of only shown.
            found = len(ctx.snapshot.search.search(visit.search_query, ctx.lang))
            query = visit.search_query
            said = f"{ctx.t('search.results', query=query)} {ctx.t('search.found', count=found)}" if found else ""
            ctx.focus_after_press(say=said or ctx.t("search.no_results", query=query))
        st.rerun()
