"""A whole guide on one page, for paper: used by the kiosk's print screen and the /?print= page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kiosk.language.texts import Translator
from kiosk.ui.shared.chrome import ScreenSemantics
from kiosk.ui.shared.plain import unlinked
from kiosk.ui.shared.step_card import Norwegian, norwegian_text, picture
from kiosk.ui.shared.theme import icon_css
from kiosk.visit.guide_view import GuideView

LEFT_TO_RIGHT, END_ISOLATE = "\u2066", "\u2069"  # Unicode's left-to-right isolate and its end

# On paper: no buttons, no settings, black on white, steps not split across pages (a keyed container gets the
# class st-key-<key>).
PRINT_CSS = """
.kiosk-print-picture { margin: 0; } .kiosk-print-picture img { max-width: min(100%, 420px); }
@media print {
  .stButton, .stFormSubmitButton, [data-testid='stForm'], hr, .kiosk-screen-only { display: none !important; }
  .stApp, .stApp * { color: #000 !important; background: #fff !important; }
  .stMainBlockContainer { max-width: 100% !important; padding: 0 !important; }
  [class*='st-key-kiosk-print-step-'] { break-inside: avoid; }
  [class*='st-key-kiosk-print-step-'][class*='-stuck'] { border: 3px solid #000 !important; }
  .kiosk-print-picture img { max-width: 300px !important; }
  html { font-size: 14pt !important; }
}
"""


def render_printable(
    view: GuideView,
    t: Translator,
    content_dir: Path,
    semantics: ScreenSemantics,
    guide_rtl: bool = False,
    norwegian: Norwegian | None = None,
    stuck: frozenset[str] = frozenset(),
    links: bool = False,
) -> None:
    """With `norwegian` ("Show in Norwegian too"), each step is followed by its Norwegian text. `stuck`: step
    ids where the visitor got stuck with staff; those steps are marked, so next time they know. `links`: on the
    visitor's own phone (the QR's page) addresses are links; on the kiosk's print screen and paper they are text.
    The guide's own text is marked with its language (`view.language`, right to left with `guide_rtl`): a
    fallback guide is English inside an Arabic page, and must be read and laid out as English."""
    shown = (lambda text: text) if links else unlinked

    def in_guide_language(name: str) -> DeltaGenerator:
        return st.container(key=semantics.in_language(name, view.language, guide_rtl))

    st.html(f"<style>{PRINT_CSS}</style>")
    with in_guide_language("print-title"):
        st.title(view.title, anchor=False)
    semantics.icons.append(icon_css("print-title", before=view.icon))  # seen, not part of the heading's name
    with in_guide_language("print-summary"):
        st.markdown(shown(view.summary))
    if view.needs:
        st.header(t("guide.you_need"), anchor=False)
        with in_guide_language("print-needs"):
            st.markdown(shown("\n".join(f"- {need}" for need in view.needs)))
    for step in view.steps:
        marked = step.id in stuck
        with st.container(key=f"kiosk-print-step-{step.number}" + ("-stuck" if marked else ""), border=marked):
            st.header(t("guide.step_of", current=step.number, total=step.total), anchor=False)
            if marked:
                st.markdown(f"📌 **{t('print.stuck_here')}**")
            with in_guide_language(f"print-text-{step.number}"):
                st.markdown(shown(step.text))
            if norwegian is not None:
                norwegian_text(norwegian, step.number, t, "print")
            if step.image_file:
                picture(content_dir / step.image_file, step.image_alt or "", "kiosk-print-picture")
            # A label in the page's language, the text under it in the guide's.
            for label, text, key in (("💡", step.tip, "guide.tip"), ("⚠️", step.warning, "guide.warning")):
                if text:
                    st.markdown(f"{label} **{t(key)}:**")
                    with in_guide_language(f"print-{key.removeprefix('guide.')}-{step.number}"):
                        st.markdown(shown(text))
            if step.secret:
                st.markdown(f"🔒 {t('guide.secret_step')}")
            if step.problems:  # at home there is no one to ask: every fix is written out
                st.markdown(f"**{t('problems.heading')}**")
                with in_guide_language(f"print-problems-{step.number}"):
                    st.markdown(shown("\n".join(f"- **{problem.symptom}:** {problem.fix}" for problem in step.problems)))
    if view.after:
        st.header(t("guide.what_next"), anchor=False)
        with in_guide_language("print-after"):
            st.markdown(shown(view.after))
    if view.service_url:
        # The address runs left to right inside any page (isolated: no "/https://…" in Arabic).
        address = f"[{view.service_url}]({view.service_url})" if links else unlinked(view.service_url)
        st.markdown(t("guide.official_page", url=f"{LEFT_TO_RIGHT}{address}{END_ISOLATE}"))
