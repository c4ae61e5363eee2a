"""Clips recorded by people (a library's volunteers) for languages no engine speaks well, or at all.

A recording belongs to one exact text: it is stored under its language and the fingerprint of the
text it was recorded for (`data_dir/recordings/<lang>/<fingerprint>.ogg`), with a small record of
where it belongs (its slot: the welcome, a guide's title, a step), who recorded it and when. When the
text changes, the fingerprint changes, so the old clip is never played for the new text; the slot
still knows it had a recording, and the editor flags it as out of date.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.audio.codec import EXTENSION, NotAudio, duration_seconds, is_opus, to_opus
from kiosk.files import write_atomically
from kiosk.patterns import LANGUAGE_CODE_RE

_FINGERPRINT = re.compile(r"^[0-9a-f]{24}$")
SLOT = re.compile(r"^(welcome|guide:[a-z0-9-]{1,80}:(title|step:[a-z0-9-]{1,80}))$")


def text_fingerprint(text: str) -> str:
    """What a recording is keyed by: the exact text, whitespace at the ends aside."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:24]


def welcome_slot() -> str:
    return "welcome"


def title_slot(slug: str) -> str:
    return f"guide:{slug}:title"


def step_slot(slug: str, step_id: str) -> str:
    return f"guide:{slug}:step:{step_id}"


class RecordingInfo(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    slot: str = Field(pattern=SLOT.pattern)
    by: str = Field(default="", max_length=120)
    at: datetime
    seconds: float = Field(ge=0)


@dataclass(frozen=True)
class Recording:
    language: str
    fingerprint: str
    info: RecordingInfo
    path: Path


class RecordingStore:
    """Recorded clips in the data dir (never in git: they are the library's own voices)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, language: str, fingerprint: str) -> tuple[Path, Path]:
        if not LANGUAGE_CODE_RE.match(language) or not _FINGERPRINT.match(fingerprint):
            raise ValueError("not a language code and text fingerprint")
        folder = self.root / language
        return folder / f"{fingerprint}.{EXTENSION}", folder / f"{fingerprint}.json"

    def save(self, language: str, slot: str, text: str, audio: bytes, by: str, now: datetime | None = None) -> Recording:
        """Check, level and compress `audio` (any accepted format), and keep it for exactly `text`."""
        if not SLOT.match(slot):
            raise ValueError(f"not a read-aloud slot: {slot!r}")
        clip = to_opus(audio)
        return self._keep(language, text_fingerprint(text), slot, clip, by, now or datetime.now(UTC))

    def _keep(self, language: str, fingerprint: str, slot: str, clip: bytes, by: str, at: datetime) -> Recording:
        audio_path, info_path = self._paths(language, fingerprint)
        info = RecordingInfo(slot=slot, by=by[:120], at=at, seconds=round(duration_seconds(clip), 2))
        write_atomically(audio_path, clip)
        write_atomically(info_path, info.model_dump_json())
        return Recording(language, fingerprint, info, audio_path)

    def adopt(self, language: str, fingerprint: str, info_json: bytes, clip: bytes) -> Recording:
        """A recording from a content pack: its record is checked and its sound decoded and written anew."""
        try:
            info = RecordingInfo.model_validate_json(info_json)
        except ValidationError as exc:
            raise NotAudio("unreadable", "its record is not valid") from exc
        return self._keep(language, fingerprint, info.slot, to_opus(clip), info.by, info.at)

    def clip_for(self, language: str, text: str) -> bytes | None:
        """The recorded clip for this exact text, if someone recorded it."""
        try:
            audio_path, _ = self._paths(language, text_fingerprint(text))
        except ValueError:
            return None
        try:
            data = audio_path.read_bytes()
        except OSError:
            return None
        return data if is_opus(data) else None

    def has_clip(self, language: str, text: str) -> bool:
        try:
            return self._paths(language, text_fingerprint(text))[0].is_file()
        except ValueError:
            return False

    def in_language(self, language: str) -> list[Recording]:
        folder = self.root / language
        if not LANGUAGE_CODE_RE.match(language) or not folder.is_dir():
            return []
        found = []
        for info_path in sorted(folder.glob("*.json")):
            fingerprint = info_path.stem
            audio_path = info_path.with_suffix(f".{EXTENSION}")
            if not _FINGERPRINT.match(fingerprint) or not audio_path.is_file():
                continue
            try:
                info = RecordingInfo.model_validate_json(info_path.read_bytes())
            except (OSError, ValidationError, json.JSONDecodeError):
                continue  # a damaged record is no recording; the clip file alone is never played for a slot
            found.append(Recording(language, fingerprint, info, audio_path))
        return found

    def by_slot(self, language: str) -> dict[str, list[Recording]]:
        slots: dict[str, list[Recording]] = {}
        for recording in self.in_language(language):
            slots.setdefault(recording.info.slot, []).append(recording)
        for recordings in slots.values():
            recordings.sort(key=lambda r: r.info.at, reverse=True)
        return slots

    def delete(self, language: str, fingerprint: str) -> None:
        for path in self._paths(language, fingerprint):
            path.unlink(missing_ok=True)
