"""The printable page of a guide, opened from the QR code on a visitor's phone: /?print=<slug>&lang=<code>"""

from __future__ import annotations

import streamlit as st

from kiosk.guide_view import view_guide
from kiosk.i18n import Translator
from kiosk.journey import TextSize
from kiosk.path_view import view_path
from kiosk.runtime import Runtime
from kiosk.ui.chrome import apply_kiosk_look
from kiosk.ui.printable import render_printable
from kiosk.ui.printable_checklist import render_checklist

MAX_DONE = 20  # a path has at most 12 guides: more in the address is not from the kiosk


def _page_language(runtime: Runtime, wanted_language: str) -> tuple[str, Translator]:
    settings = runtime.settings
    library = runtime.content.current().library
    language = library.languages.get(wanted_language) or library.languages.get(settings.default_language)
    code = language.code if language else settings.default_language
    apply_kiosk_look(language, TextSize.NORMAL, high_contrast=False, fallback_code=code)
    return code, Translator(library, code, settings.default_language)


def render_checklist_page(runtime: Runtime, slug: str, wanted_language: str, done: str) -> None:
    """The address is a stranger's: unknown paths and guides are ignored, the ticks only ever name the path's guides."""
    library = runtime.content.current().library
    code, t = _page_language(runtime, wanted_language)
    path = library.paths.get(slug)
    if path is None:
        st.error(t("error.content_unavailable"))
        return
    ticked = [guide for guide in done.split(",")[:MAX_DONE] if guide in path.guides]
    view = view_path(path, library, code, runtime.settings.default_language, ticked)
    render_checklist(view, t)
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")


def render_print_page(runtime: Runtime, slug: str, wanted_language: str) -> None:
    settings = runtime.settings
    library = runtime.content.current().library
    code, t = _page_language(runtime, wanted_language)
    guide = library.guides.get(slug)
    if guide is None:
        st.error(t("error.content_unavailable"))
        return
    view = view_guide(guide, code, settings.default_language, settings.library_url)
    render_printable(view, t, settings.content_dir)
    st.set_page_config(page_title=f"{view.title} – {t('app.name')}")  # not "Help kiosk" in every language
