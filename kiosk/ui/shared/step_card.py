"""One guide step as the kiosk shows it: used by the kiosk and by the editor's preview alike."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from kiosk.content.bidi import isolate_numbers
from kiosk.language.texts import Translator
from kiosk.ui.shared.plain import unlinked
from kiosk.visit.guide_view import GuideView, StepView

# `text_block(name)` holds a part written in the guide's language, which may be a fallback: the kiosk
# gives it that language's lang and dir (kiosk.ui.shared.chrome), the editor's preview a plain block.
TextBlock = Callable[[str], AbstractContextManager[Any]]

_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def language_notes(view: GuideView, t: Translator, shown_in_name: str) -> list[str]:
    if view.is_fallback:
        return [t("note.fallback", language=shown_in_name)]
    if view.unreviewed:
        return [t("note.unreviewed")]
    return []


def note(text: str) -> None:
    st.html(f'<p class="kiosk-note"><span aria-hidden="true">ⓘ </span>{html.escape(text)}</p>')


@lru_cache(maxsize=256)
def _data_url(path: Path, modified: float) -> str:
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def picture(path: Path, alt: str, css_class: str = "kiosk-picture") -> None:
    """A picture without Streamlit's fullscreen button: its white fullscreen view left every kiosk button behind."""
    try:
        url = _data_url(path, path.stat().st_mtime)
    except OSError:
        return  # a missing picture costs the visitor nothing but the picture
    st.html(f'<figure class="{css_class}"><img src="{url}" alt="{html.escape(alt)}"></figure>')


def progress(number: int, total: int, t: Translator) -> None:
    """Streamlit's progress bar is named "progress" and says "16%"; this one says "Step 1 of 6" in the visitor's
    language and fills from where the text starts (the right, in Arabic)."""
    label = html.escape(t("guide.step_of", current=number, total=total))
    percent = round(100 * number / total)
    st.html(
        f'<div class="kiosk-progress"><p class="kiosk-progress-label" aria-hidden="true">{label}</p>'
        f'<div class="kiosk-progress-track" role="progressbar" aria-label="{label}" aria-valuemin="1"'
        f' aria-valuemax="{total}" aria-valuenow="{number}" aria-valuetext="{label}">'
        f'<div class="kiosk-progress-fill" style="width: {percent}%"></div></div></div>'
    )


@dataclass(frozen=True)
class Norwegian:
    """ "Show in Norwegian too": the guide in Norwegian, its labels, and a container marked lang="nb" dir="ltr"."""

    view: GuideView
    t: Translator
    block: TextBlock


def norwegian_text(norwegian: Norwegian, number: int, t: Translator, key: str) -> None:
    """Step `number` in Norwegian beside the visitor's language: the words the service's own screen shows.
    The label is in the visitor's language (`t`), the text in Norwegian."""
    step = norwegian.view.steps[number - 1]
    with st.container(key=f"bilingual-{key}-{number}"):
        st.html(f'<p class="kiosk-bilingual-label">{html.escape(t("bilingual.label"))}</p>')
        with norwegian.block(f"{key}-nb-{number}"):
            st.markdown(unlinked(step.text))
            if step.tip:
                st.markdown(f"**{norwegian.t('guide.tip')}:** {unlinked(step.tip)}")
            if step.warning:
                st.markdown(f"**{norwegian.t('guide.warning')}:** {unlinked(step.warning)}")


def render_step(
    view: GuideView,
    step: StepView,
    t: Translator,
    content_dir: Path,
    notes: list[str],
    below_text: Callable[[], None] | None = None,
    text_block: TextBlock | None = None,
    image: Callable[[str], Path] | None = None,
    norwegian: Norwegian | None = None,
) -> None:
    """With `text_block` (the kiosk), the guide title is the screen's h1 and the step text an h2.
    `image`: where a step's picture file is (the editor's preview: a draft's staged upload). With `norwegian`
    ("Show in Norwegian too") the step's Norwegian text follows its own."""
    block: TextBlock = text_block or (lambda _name: nullcontext())
    with block("guide-title"):
        if text_block:
            st.title(view.title, anchor=False)
        else:
            st.subheader(view.title, anchor=False)
    progress(step.number, step.total, t)
    for text in notes:
        note(text)
    with block("step-text"):
        if text_block:
            st.header(isolate_numbers(unlinked(step.text)), anchor=False, divider=False)
        else:
            st.subheader(isolate_numbers(unlinked(step.text)), anchor=False, divider=False)
    if norwegian is not None:
        norwegian_text(norwegian, step.number, t, "step")
    if below_text is not None:
        below_text()
    with block("step-more"):
        if step.image_file:
            picture(image(step.image_file) if image else content_dir / step.image_file, step.image_alt or "")
        if step.tip:
            st.info(f"**{t('guide.tip')}:** {isolate_numbers(unlinked(step.tip))}")
        if step.warning:
            st.warning(f"**{t('guide.warning')}:** {isolate_numbers(unlinked(step.warning))}")
