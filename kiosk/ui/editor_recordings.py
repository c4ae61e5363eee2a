"""Recording voices in the editor: a person reads a guide's title or a step (or the welcome) in their language,
in the browser or as an uploaded file; the kiosk plays it for exactly that text."""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.audio_codec import ACCEPTED_FORMATS, MAX_INPUT_BYTES, NotAudio
from kiosk.audio_coverage import ClipState, audio_coverage, clip_state
from kiosk.auth import User
from kiosk.content.models import ContentLibrary
from kiosk.read_aloud import Slot, guide_slots, welcome_text
from kiosk.recordings import Recording, RecordingStore, welcome_slot
from kiosk.runtime import Runtime

log = logging.getLogger(__name__)

WELCOME = "__welcome__"
_STATE = {ClipState.CURRENT: "✅ innlest", ClipState.OUTDATED: "⚠️ utdatert (teksten er endret)", ClipState.NONE: "— ikke innlest"}
_REFUSED = {
    "too_big": f"Filen er for stor (høyst {MAX_INPUT_BYTES // (1024 * 1024)} MB).",
    "too_long": "Opptaket er for langt (høyst to minutter).",
    "silent": "Opptaket er stille. Sjekk mikrofonen og prøv igjen.",
    "unreadable": "Dette er ikke en lydfil vi kan lese (ogg, mp3, wav eller webm).",
}


def _store(runtime: Runtime) -> RecordingStore:
    return runtime.speaker.recordings or RecordingStore(runtime.settings.data_dir / "recordings")


def render_recordings(runtime: Runtime, user: User, library: ContentLibrary) -> None:
    st.subheader("Les inn tekster")
    st.caption(
        "Språk ingen stemme leser godt (somali, tigrinja, nordsamisk) kan leses inn av folk som kan språket. "
        "Et opptak hører til akkurat én tekst: endres teksten, må den leses inn igjen."
    )
    codes = list(library.languages)
    preferred = next((c for c in user.review_languages if c in codes), "so" if "so" in codes else codes[0])
    language = st.selectbox(
        "Språk",
        codes,
        index=codes.index(preferred),
        format_func=lambda c: library.languages[c].norwegian_name,
        key="rec-language",
    )
    default_language = runtime.settings.default_language
    in_language = [slug for slug in _guide_order(library) if guide_slots(library.guides[slug], language, default_language)]
    choices = [WELCOME, *in_language]
    chosen = st.selectbox(
        "Hva vil du lese inn?",
        choices,
        format_func=lambda s: "Velkomsten på startskjermen" if s == WELCOME else library.guides[s].title.get("nb", s),
        key="rec-guide",
    )
    if chosen == WELCOME:
        text = welcome_text(library, language)
        slots = [Slot(welcome_slot(), "welcome", text)] if text else []
    else:
        slots = guide_slots(library.guides[chosen], language, default_language)
    if not slots:
        st.info("Det finnes ingen tekst på dette språket å lese inn.")
        return
    store = _store(runtime)
    recorded = store.by_slot(language)
    _overview(slots, recorded)
    _record_one(store, user, language, slots, recorded)


def render_audio_coverage(runtime: Runtime, library: ContentLibrary) -> None:
    """Per language: how many of its texts a visitor can hear (an engine, or recordings of the exact text)."""
    st.subheader("Opplesning")
    coverage = audio_coverage(library, _store(runtime), runtime.settings.default_language, runtime.speaker.can_speak)
    st.dataframe(
        [
            {
                "Språk": library.languages[code].norwegian_name,
                "Stemme": "talesyntese" if audio.engine else "bare innlest",
                "Innlest": f"{audio.recorded} av {audio.texts}",
                "Utdatert": audio.outdated,
                "Kan høres": f"{audio.heard} av {audio.texts}",
            }
            for code, audio in coverage.items()
        ],
        hide_index=True,
        width="stretch",
    )


def _guide_order(library: ContentLibrary) -> list[str]:
    most_used = [slug for slug in library.coverage.most_used.guides if slug in library.guides]
    return most_used + sorted(set(library.guides) - set(most_used))


def _label(slot: Slot) -> str:
    return {"title": "Tittel og innledning", "welcome": "Velkomst"}.get(slot.label, slot.label.replace("step", "Steg"))


def _overview(slots: list[Slot], recorded: dict[str, list[Recording]]) -> None:
    st.dataframe(
        [{"Tekst": _label(s), "Opptak": _STATE[clip_state(s, recorded.get(s.key, []))], "Les opp": s.text} for s in slots],
        hide_index=True,
        width="stretch",
    )


def _record_one(
    store: RecordingStore, user: User, language: str, slots: list[Slot], recorded: dict[str, list[Recording]]
) -> None:
    by_key = {s.key: s for s in slots}
    key = st.selectbox("Tekst", list(by_key), format_func=lambda k: _label(by_key[k]), key="rec-slot")
    slot = by_key[key]
    st.markdown("**Les opp dette:**")
    st.text(slot.text)
    state = clip_state(slot, recorded.get(slot.key, []))
    if state is ClipState.CURRENT:
        current = store.clip_for(language, slot.text)
        if current:
            st.audio(current, format="audio/ogg")
        st.success("Denne teksten er lest inn. Et nytt opptak erstatter det.")
    elif state is ClipState.OUTDATED:
        st.warning("Teksten er endret siden den ble lest inn. Det gamle opptaket spilles ikke av. Les den inn på nytt.")
    # Two ways in: the browser's microphone, or a file recorded elsewhere (a phone's voice memo).
    widget = f"{language}-{key.replace(':', '-')}"  # a key per text, so a recording never carries over to the next one
    spoken = st.audio_input("Ta opp i nettleseren", key=f"rec-mic-{widget}")
    upload = st.file_uploader(
        f"… eller last opp en lydfil ({', '.join(ACCEPTED_FORMATS)}, høyst {MAX_INPUT_BYTES // (1024 * 1024)} MB)",
        type=list(ACCEPTED_FORMATS),
        key=f"rec-upload-{widget}",
    )
    source = upload or spoken
    if source is None:
        return
    if st.button("Lagre opptaket", key="rec-save", type="primary"):
        if source.size > MAX_INPUT_BYTES:
            st.error(_REFUSED["too_big"])
            return
        try:
            saved = store.save(language, slot.key, slot.text, source.getvalue(), by=user.display_name)
        except NotAudio as exc:
            st.error(_REFUSED.get(exc.reason, _REFUSED["unreadable"]))
            return
        except OSError:
            log.exception("a recording could not be written")
            st.error("Opptaket kunne ikke lagres (lagringsplassen). Prøv igjen, eller si fra til den som drifter kiosken.")
            return
        st.success(f"Lagret ({saved.info.seconds:.1f} s). Kiosken leser nå denne teksten med opptaket.")
