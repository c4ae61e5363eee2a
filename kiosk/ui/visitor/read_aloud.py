"""Read-aloud buttons. The clip is made in a background thread; the screen stays usable meanwhile."""

from __future__ import annotations

import logging
from concurrent.futures import Future

import streamlit as st

from kiosk.audio.speech import Clip, Speed
from kiosk.content.models import Language
from kiosk.errors import KioskError
from kiosk.language.texts import Translator
from kiosk.ui.shared.theme import READ_ALOUD_KEY_PREFIX
from kiosk.ui.visitor.context import KioskContext

JOB_KEY = "read-aloud-job"  # (button key, future) of the latest press
POLL_SECONDS = 0.4

log = logging.getLogger(__name__)


def read_aloud(ctx: KioskContext, text: str, key: str, language: Language | None = None, label: str | None = None) -> None:
    """A 'Read aloud' button for `text`; nothing at all where no engine speaks the language and nobody recorded the text."""
    language = language or ctx.language
    if language is None or not text or not ctx.runtime.speaker.can_speak(language, text):
        return

    def press() -> None:
        speed = Speed.SLOW if ctx.visit.slow_speech else Speed.NORMAL
        job = ctx.runtime.speech_jobs.submit(ctx.runtime.speaker.speak, text, language, speed)
        st.session_state[JOB_KEY] = (key, job)

    st.button(label or ctx.t("speech.read_aloud"), key=f"{READ_ALOUD_KEY_PREFIX}{key}", on_click=press)  # its icon: the theme
    pending = st.session_state.get(JOB_KEY)
    if pending and pending[0] == key:
        # Say "preparing" / "not available" in the language the visitor asked to hear.
        t = Translator(ctx.library, language.code, ctx.runtime.settings.default_language)
        _play_when_ready(t, pending[1])


def slower_toggle(ctx: KioskContext, language: Language | None = None) -> None:
    language = language or ctx.language
    if language is None or not ctx.runtime.speaker.can_speak(language):
        return

    def flip() -> None:
        ctx.visit.slow_speech = not ctx.visit.slow_speech

    st.button(
        ctx.t("speech.slower"),
        key="speak-slower",
        type="primary" if ctx.visit.slow_speech else "secondary",
        on_click=flip,
    )
    ctx.icon("speak-slower", before="🐢")
    ctx.toggle("speak-slower", ctx.visit.slow_speech)


def _play_when_ready(t: Translator, job: Future[Clip | None]) -> None:
    if not job.done():
        _wait(t, job)
        return
    st.session_state.pop(JOB_KEY, None)  # played once; the next screen is quiet
    try:
        clip = job.result()
    except (KioskError, OSError):  # no voice now, or the clip cache cannot be written: the screen goes on quiet
        log.exception("read aloud: the clip failed")
        clip = None
    if clip is None:
        st.info(t("speech.unavailable"), icon="🔇")
        return
    st.audio(clip.audio, format=clip.mime, autoplay=True)


@st.fragment(run_every=POLL_SECONDS)
def _wait(t: Translator, job: Future[Clip | None]) -> None:
    if job.done():
        st.rerun(scope="app")
    st.caption(t("speech.preparing"))
