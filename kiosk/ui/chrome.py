"""Puts the theme and the page language on the page."""

from __future__ import annotations

import json

import streamlit as st

from kiosk.content.models import Language
from kiosk.journey import TextSize
from kiosk.ui.theme import kiosk_css, staff_css


def set_document_language(code: str, rtl: bool) -> None:
    """Streamlit has no setting for <html lang dir>; screen readers and axe need them right."""
    st.html(
        "<script>"
        f"document.documentElement.lang = {json.dumps(code)};"
        f"document.documentElement.dir = {json.dumps('rtl' if rtl else 'ltr')};"
        "</script>",
        unsafe_allow_javascript=True,
    )


def apply_kiosk_look(language: Language | None, size: TextSize, high_contrast: bool, fallback_code: str) -> None:
    rtl = bool(language and language.is_rtl)
    st.html(f"<style>{kiosk_css(size, high_contrast, rtl)}</style>")
    set_document_language(language.code if language else fallback_code, rtl)


def apply_staff_look(language_code: str) -> None:
    st.html(f"<style>{staff_css()}</style>")
    set_document_language(language_code, rtl=False)
