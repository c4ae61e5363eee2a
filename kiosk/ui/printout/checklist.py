"""A life-event checklist on one page, for paper: the kiosk's print screen and the /?checklist= page share it."""

from __future__ import annotations

import streamlit as st

from kiosk.language.texts import Translator
from kiosk.ui.printout.guide import PRINT_CSS
from kiosk.ui.shared.plain import unlinked
from kiosk.visit.path_view import PathView


def render_checklist(view: PathView, t: Translator) -> None:
    st.html(f"<style>{PRINT_CSS}</style>")
    st.title(f"{view.icon} {view.title}", anchor=False)
    st.markdown(unlinked(view.summary))
    st.markdown(t("path.progress", done=view.done_count, total=len(view.items)))
    # Ticks as text, so they survive a black-and-white printer and a screen reader reads them.
    st.markdown(
        "\n".join(
            f"{number}. {'☑' if item.done else '☐'} {item.title} ({t('path.done') if item.done else t('path.not_done')})"
            for number, item in enumerate(view.items, start=1)
        )
    )
