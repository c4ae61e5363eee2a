"""How much of each language a visitor can hear: recorded clips current and out of date, and whether an engine speaks it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.audio.read_aloud import Slot, language_slots
from kiosk.audio.recordings import Recording, RecordingStore, text_fingerprint
from kiosk.content.models import ContentLibrary, Language


class ClipState(StrEnum):
    CURRENT = "current"  # recorded for exactly this text: it plays
    OUTDATED = "outdated"  # recorded, but the text changed since: it does not play
    NONE = "none"


def clip_state(slot: Slot, recordings: list[Recording]) -> ClipState:
    if any(r.fingerprint == text_fingerprint(slot.text) for r in recordings):
        return ClipState.CURRENT
    return ClipState.OUTDATED if recordings else ClipState.NONE


@dataclass(frozen=True)
class LanguageAudio:
    language: str
    texts: int
    recorded: int
    outdated: int
    engine: bool  # an engine speaks every text (recordings then only improve it)

    @property
    def heard(self) -> int:
        """Texts a visitor can hear."""
        return self.texts if self.engine else self.recorded

    def describe(self) -> str:
        voice = "an engine speaks it" if self.engine else "no engine"
        stale = f", {self.outdated} out of date" if self.outdated else ""
        return f"audio {self.language}: {self.recorded} of {self.texts} texts recorded{stale}; {voice}"


def audio_coverage(
    library: ContentLibrary, store: RecordingStore, default_language: str, engine_speaks: Callable[[Language], bool]
) -> dict[str, LanguageAudio]:
    coverage = {}
    for code, language in library.languages.items():
        slots = language_slots(library, code, default_language)
        recorded = store.by_slot(code)
        states = [clip_state(slot, recorded.get(slot.key, [])) for slot in slots]
        coverage[code] = LanguageAudio(
            code, len(slots), states.count(ClipState.CURRENT), states.count(ClipState.OUTDATED), engine_speaks(language)
        )
    return coverage
