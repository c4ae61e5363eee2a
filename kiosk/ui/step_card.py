"""One guide step as the kiosk shows it: used by the kiosk and by the editor's preview alike."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from kiosk.guide_view import GuideView, StepView
from kiosk.i18n import Translator


def language_notes(view: GuideView, t: Translator, shown_in_name: str) -> list[str]:
    if view.is_fallback:
        return [t("note.fallback", language=shown_in_name)]
    if view.unreviewed:
        return [t("note.unreviewed")]
    return []


def note(text: str) -> None:
    st.html(f'<p class="kiosk-note">ⓘ {html.escape(text)}</p>')


def render_step(
    view: GuideView,
    step: StepView,
    t: Translator,
    content_dir: Path,
    notes: list[str],
    below_text: Callable[[], None] | None = None,
) -> None:
    st.subheader(view.title, anchor=False)
    st.progress(step.number / step.total, text=t("guide.step_of", current=step.number, total=step.total))
    for text in notes:
        note(text)
    st.subheader(step.text, anchor=False, divider=False)
    if below_text is not None:
        below_text()
    if step.image_file:
        st.image(str(content_dir / step.image_file), alt=step.image_alt or "", width=420)
    if step.tip:
        st.info(f"**{t('guide.tip')}:** {step.tip}", icon="💡")
    if step.warning:
        st.warning(f"**{t('guide.warning')}:** {step.warning}", icon="⚠️")
