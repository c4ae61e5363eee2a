"""The printable page of a guide, opened from the QR code on a visitor's phone: /?print=<slug>&lang=<code>"""

from __future__ import annotations

import streamlit as st

from kiosk.guide_view import view_guide
from kiosk.i18n import Translator
from kiosk.journey import TextSize
from kiosk.runtime import Runtime
from kiosk.ui.chrome import apply_kiosk_look
from kiosk.ui.printable import render_printable


def render_print_page(runtime: Runtime, slug: str, wanted_language: str) -> None:
    settings = runtime.settings
    library = runtime.content.current().library
    language = library.languages.get(wanted_language) or library.languages.get(settings.default_language)
    code = language.code if language else settings.default_language
    apply_kiosk_look(language, TextSize.NORMAL, high_contrast=False, fallback_code=code)
    t = Translator(library, code, settings.default_language)
    guide = library.guides.get(slug)
    if guide is None:
        st.error(t("error.content_unavailable"))
        return
    view = view_guide(guide, code, settings.default_language, settings.library_url)
    render_printable(view, t, settings.content_dir)
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")  # not "Help kiosk" in every language
