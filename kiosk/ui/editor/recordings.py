"""Recording voices in the editor: a person reads a guide's title or a step (or the welcome) in their language,
in the browser or as an uploaded file; the kiosk plays it for exactly that text."""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.audio.codec import ACCEPTED_FORMATS, MAX_INPUT_BYTES, NotAudio
from kiosk.audio.coverage import ClipState, audio_coverage, clip_state
from kiosk.audio.read_aloud import Slot, guide_slots, welcome_text
from kiosk.audio.recordings import Recording, RecordingStore, welcome_slot
from kiosk.content.models import ContentLibrary
from kiosk.floor.cards import language_label
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.localized_widgets import upload_file
from kiosk.ui.shared.uploads import permit_uploads

log = logging.getLogger(__name__)

WELCOME = "__welcome__"
MEGABYTES = MAX_INPUT_BYTES // (1024 * 1024)
_REFUSALS = ("too_big", "too_long", "silent", "unreadable")  # NotAudio's reasons, each a key rec.refused.<reason>


def _refused(s: StaffText, reason: str) -> str:
    return s(f"rec.refused.{reason if reason in _REFUSALS else 'unreadable'}", mb=MEGABYTES)


def _language(library: ContentLibrary, s: StaffText, code: str) -> str:
    return language_label(code, s.language, library)


def _guide_title(library: ContentLibrary, s: StaffText, slug: str) -> str:
    guide = library.guides[slug]
    return guide.title.get(s.language) or guide.title.get("nb") or slug


def _store(runtime: Runtime) -> RecordingStore:
    return runtime.speaker.recordings or RecordingStore(runtime.settings.data_dir / "recordings")


def render_recordings(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    st.subheader(s("rec.heading"))
    st.caption(s("rec.caption"))
    codes = list(library.languages)
    preferred = next((c for c in user.review_languages if c in codes), "so" if "so" in codes else codes[0])
    language = st.selectbox(
        s("edit.language"),
        codes,
        index=codes.index(preferred),
        format_func=lambda c: _language(library, s, c),
        key="rec-language",
    )
    default_language = runtime.settings.default_language
    in_language = [slug for slug in _guide_order(library) if guide_slots(library.guides[slug], language, default_language)]
    choices = [WELCOME, *in_language]
    chosen = st.selectbox(
        s("rec.what"),
        choices,
        format_func=lambda slug: s("rec.welcome_choice") if slug == WELCOME else _guide_title(library, s, slug),
        key="rec-guide",
    )
    if chosen == WELCOME:
        text = welcome_text(library, language)
        slots = [Slot(welcome_slot(), "welcome", text)] if text else []
    else:
        slots = guide_slots(library.guides[chosen], language, default_language)
    if not slots:
        st.info(s("rec.no_text"))
        return
    store = _store(runtime)
    recorded = store.by_slot(language)
    _overview(slots, recorded, s)
    permit_uploads(runtime)  # a file, and the microphone's recording, are both uploads
    _record_one(store, user, language, slots, recorded, s)


def render_audio_coverage(runtime: Runtime, library: ContentLibrary, s: StaffText) -> None:
    """Per language: how many of its texts a visitor can hear (an engine, or recordings of the exact text)."""
    st.subheader(s("rec.coverage_heading"))
    coverage = audio_coverage(library, _store(runtime), runtime.settings.default_language, runtime.speaker.can_speak)
    st.dataframe(
        [
            {
                s("rec.col_language"): _language(library, s, code),
                s("rec.col_voice"): s("rec.voice_engine") if audio.engine else s("rec.voice_recorded_only"),
                s("rec.col_recorded"): s("rec.of", count=audio.recorded, total=audio.texts),
                s("rec.col_outdated"): audio.outdated,
                s("rec.col_heard"): s("rec.of", count=audio.heard, total=audio.texts),
            }
            for code, audio in coverage.items()
        ],
        hide_index=True,
        width="stretch",
    )


def _guide_order(library: ContentLibrary) -> list[str]:
    most_used = [slug for slug in library.coverage.most_used.guides if slug in library.guides]
    return most_used + sorted(set(library.guides) - set(most_used))


def _label(slot: Slot, s: StaffText) -> str:
    if slot.label in ("title", "welcome"):
        return s(f"rec.slot_{slot.label}")
    number = slot.label.removeprefix("step").strip()
    return s("rec.slot_step", number=number) if number.isdigit() else slot.label


def _overview(slots: list[Slot], recorded: dict[str, list[Recording]], s: StaffText) -> None:
    st.dataframe(
        [
            {
                s("rec.col_text"): _label(slot, s),
                s("rec.col_clip"): s(f"rec.state.{clip_state(slot, recorded.get(slot.key, [])).value}"),
                s("rec.col_read"): slot.text,
            }
            for slot in slots
        ],
        hide_index=True,
        width="stretch",
    )


def _record_one(
    store: RecordingStore,
    user: User,
    language: str,
    slots: list[Slot],
    recorded: dict[str, list[Recording]],
    s: StaffText,
) -> None:
    by_key = {slot.key: slot for slot in slots}
    key = st.selectbox(s("rec.col_text"), list(by_key), format_func=lambda k: _label(by_key[k], s), key="rec-slot")
    slot = by_key[key]
    st.markdown(s("rec.read_this"))
    st.text(slot.text)
    state = clip_state(slot, recorded.get(slot.key, []))
    if state is ClipState.CURRENT:
        current = store.clip_for(language, slot.text)
        if current:
            st.audio(current, format="audio/ogg")
        st.success(s("rec.is_current"))
    elif state is ClipState.OUTDATED:
        st.warning(s("rec.is_outdated"))
    # Two ways in: the browser's microphone, or a file recorded elsewhere (a phone's voice memo).
    widget = f"{language}-{key.replace(':', '-')}"  # a key per text, so a recording never carries over to the next one
    spoken = st.audio_input(s("rec.mic"), key=f"rec-mic-{widget}")
    label = s("rec.upload", formats=", ".join(ACCEPTED_FORMATS), mb=MEGABYTES)
    upload = upload_file(st.container(), label, ACCEPTED_FORMATS, MAX_INPUT_BYTES, s, f"rec-upload-{widget}")
    source = upload or spoken
    if source is None:
        return
    if st.button(s("rec.save"), key="rec-save", type="primary"):
        if source.size > MAX_INPUT_BYTES:
            st.error(_refused(s, "too_big"))
            return
        try:
            saved = store.save(language, slot.key, slot.text, source.getvalue(), by=user.display_name)
        except NotAudio as exc:
            st.error(_refused(s, exc.reason))
            return
        except OSError:
            log.exception("a recording could not be written")
            st.error(s("rec.store_failed"))
            return
        st.success(s("rec.saved", seconds=f"{saved.info.seconds:.1f}"))
