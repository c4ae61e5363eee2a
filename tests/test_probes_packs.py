"""Probes of content packs' recordings: a clip travels only with its own guide's text.

A pack holding only a clip named by the fingerprint of the bokmål welcome (or of a guide that is not in
the pack) was reported "new" and then played for that text on every kiosk.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.audio.read_aloud import guide_slots, welcome_text
from kiosk.audio.recordings import RecordingInfo, RecordingStore, text_fingerprint, welcome_slot
from kiosk.authoring.packs import ItemState, apply_pack, export_pack, inspect_pack
from kiosk.content.loader import load_content
from tests.sound import tone


def _pack(content_dir: Path, clips: list[tuple[str, str, str]], guides: list[str] = ()) -> bytes:  # type: ignore[assignment]
    """A pack of these guides (as exported) and clips (language, slot, text) with their records."""
    base = export_pack(content_dir, list(guides)) if guides else None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as pack:
        if base is not None:
            with zipfile.ZipFile(io.BytesIO(base)) as exported:
                for name in exported.namelist():
                    pack.writestr(name, exported.read(name))
        for language, slot, text in clips:
            info = RecordingInfo(slot=slot, by="stranger", at=datetime.now(UTC), seconds=1.0)
            folder = f"recordings/{language}/{text_fingerprint(text)}"
            pack.writestr(f"{folder}.ogg", tone("ogg"))
            pack.writestr(f"{folder}.json", info.model_dump_json())
    return out.getvalue()


def _state(report, language: str, text: str) -> ItemState:  # type: ignore[no-untyped-def]
    return {i.path: i.state for i in report.items}[f"recordings/{language}/{text_fingerprint(text)}.ogg"]


def test_a_pack_holding_only_a_clip_for_the_welcome_is_refused(content_dir: Path, tmp_path: Path) -> None:
    library, _ = load_content(content_dir)
    welcome = welcome_text(library, "nb")
    store = RecordingStore(tmp_path / "recordings")
    pack = _pack(content_dir, [("nb", welcome_slot(), welcome)])
    report = inspect_pack(pack, library, content_dir, store)
    assert _state(report, "nb", welcome) is ItemState.INVALID and not report.importable
    assert store.clip_for("nb", welcome) is None


@pytest.mark.parametrize("with_guide", [False, True])
def test_a_clip_for_a_local_guides_step_does_not_travel_in_another_pack(
    content_dir: Path, tmp_path: Path, with_guide: bool
) -> None:
    library, _ = load_content(content_dir)
    step = guide_slots(library.guides["library-wifi"], "nb", "nb")[1]
    pack = _pack(content_dir, [("nb", step.key, step.text)], ["library-print-scan-copy"] if with_guide else [])
    report = inspect_pack(pack, library, content_dir, RecordingStore(tmp_path))
    assert _state(report, "nb", step.text) is ItemState.INVALID


def test_a_clip_whose_record_names_another_slot_of_the_packs_guide_is_refused(content_dir: Path, tmp_path: Path) -> None:
    library, _ = load_content(content_dir)
    title, first = guide_slots(library.guides["library-print-scan-copy"], "nb", "nb")[:2]
    pack = _pack(content_dir, [("nb", title.key, first.text)], ["library-print-scan-copy"])
    report = inspect_pack(pack, library, content_dir, RecordingStore(tmp_path))
    assert _state(report, "nb", first.text) is ItemState.INVALID


def test_a_clip_of_the_packs_own_guide_is_new_and_plays(content_dir: Path, tmp_path: Path) -> None:
    library, _ = load_content(content_dir)
    step = guide_slots(library.guides["library-print-scan-copy"], "so", "nb")[1]
    store = RecordingStore(tmp_path / "there")
    pack = _pack(content_dir, [("so", step.key, step.text)], ["library-print-scan-copy"])
    assert _state(inspect_pack(pack, library, content_dir, store), "so", step.text) is ItemState.NEW
    apply_pack(pack, library, content_dir, set(), store)
    assert store.clip_for("so", step.text) is not None


def _wav(rate: int, samples: int) -> bytes:
    import struct

    data = bytes(200 if (i // 2) % 2 else 56 for i in range(samples))  # an 8-bit square wave
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_a_clip_at_eight_hertz_is_refused_unread() -> None:
    """960 bytes at 8 Hz 'last' two minutes: resampled to 48 kHz a thousand of them cost minutes of CPU."""
    from kiosk.audio.codec import NotAudio, to_opus

    with pytest.raises(NotAudio) as refused:
        to_opus(_wav(8, 960))
    assert "sample rate" in str(refused.value)


def test_a_packs_recordings_are_decoded_only_within_its_budget(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.authoring.packs as packs

    library, _ = load_content(content_dir)
    slots = guide_slots(library.guides["library-print-scan-copy"], "so", "nb")
    monkeypatch.setattr(packs, "MAX_PACK_AUDIO_SECONDS", 3)
    decoded = []
    real = packs.to_opus
    monkeypatch.setattr(packs, "to_opus", lambda data: decoded.append(1) or real(data))
    pack = _pack(content_dir, [("so", slot.key, slot.text) for slot in slots], ["library-print-scan-copy"])
    report = inspect_pack(pack, library, content_dir, RecordingStore(tmp_path))
    states = [_state(report, "so", slot.text) for slot in slots]
    assert len(slots) > 4 and states.count(ItemState.NEW) == 3, states  # three clips of one second each
    assert len(decoded) == 3, "the clips over the budget were not decoded"
