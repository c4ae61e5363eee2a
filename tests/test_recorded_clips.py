"""Recorded clips and compressed audio, with real sound made in the test: every format in, levelled Opus out,
the exact text's recording before any engine, an out-of-date one never played."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.audio.codec import MAX_INPUT_BYTES, TARGET_RMS_DBFS, NotAudio, decode, duration_seconds, is_opus, rms_dbfs, to_opus
from kiosk.audio.coverage import ClipState, audio_coverage, clip_state
from kiosk.audio.read_aloud import guide_slots
from kiosk.audio.recordings import RecordingStore, step_slot, text_fingerprint
from kiosk.audio.speech import EspeakEngine, GttsEngine, Speaker, Speed
from kiosk.content import load_content
from kiosk.content.models import Language
from tests.sound import tone

SOMALI = Language(code="so", native_name="Soomaali", english_name="Somali", norwegian_name="Somali")
NORWEGIAN = Language(code="nb", native_name="Norsk", english_name="Norwegian", norwegian_name="Norsk", speech={"espeak": "nb"})
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@pytest.mark.parametrize("container", ["ogg", "mp3", "wav", "webm"])
def test_every_accepted_format_becomes_levelled_opus(container: str) -> None:
    quiet, loud = tone(container, amplitude=0.02), tone(container, amplitude=0.7, frequency=300)
    for original in (quiet, loud):
        clip = to_opus(original)
        assert is_opus(clip)
        assert abs(rms_dbfs(decode(clip)) - TARGET_RMS_DBFS) < 1.0, "a whisper and a shout come out equally loud"
        assert abs(duration_seconds(clip) - 1.0) < 0.05


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "unreadable"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * 200, "unreadable"),
        (b"<svg onload=alert(1)>" * 40, "unreadable"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "unreadable"),
        (tone("wav", amplitude=0.0), "silent"),
        (b"\x00" * (MAX_INPUT_BYTES + 1), "too_big"),
    ],
)
def test_what_is_not_real_audio_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(NotAudio) as refused:
        to_opus(data)
    assert refused.value.reason == reason


def test_a_recording_too_long_is_refused() -> None:
    with pytest.raises(NotAudio) as refused:
        to_opus(tone("ogg", seconds=121, amplitude=0.2))
    assert refused.value.reason == "too_long"


def test_the_exact_texts_recording_plays_before_any_engine_and_a_changed_text_is_not_played(tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "recordings")
    text = "Fur «Innstillinger» taleefankaaga."
    store.save("so", step_slot("library-wifi", "open-settings"), text, tone("webm"), by="Amina")
    speaker = Speaker(tmp_path / "audio", [EspeakEngine(binary="no-engine")], recordings=store)
    assert speaker.can_speak(SOMALI) is False, "no engine speaks Somali"
    assert speaker.can_speak(SOMALI, text) is True, "but this text was recorded"
    clip = speaker.speak(text, SOMALI, Speed.SLOW)
    assert clip is not None and clip.recorded and is_opus(clip.audio) and clip.mime == "audio/ogg"
    changed = text + " Riix."
    assert speaker.can_speak(SOMALI, changed) is False
    assert speaker.speak(changed, SOMALI) is None
    stored = store.in_language("so")
    assert [(r.fingerprint, r.info.by, r.info.slot) for r in stored] == [
        (text_fingerprint(text), "Amina", "guide:library-wifi:step:open-settings")
    ]
    assert stored[0].path.read_bytes()[:4] == b"OggS"


@needs_espeak
def test_a_recording_wins_over_espeak_for_its_text_and_espeak_speaks_the_rest(tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "recordings")
    store.save("nb", "welcome", "Velkommen", tone("wav", frequency=523), by="Kari")
    offline = GttsEngine("http://127.0.0.1:9/off", timeout_seconds=0.3)
    speaker = Speaker(tmp_path / "audio", [offline, EspeakEngine()], recordings=store)
    recorded = speaker.speak("Velkommen", NORWEGIAN)
    spoken = speaker.speak("Trykk på «Neste».", NORWEGIAN)
    assert recorded is not None and recorded.recorded
    assert spoken is not None and not spoken.recorded and is_opus(spoken.audio)


@needs_espeak
def test_espeak_clips_are_stored_compressed_at_a_fraction_of_the_wav(tmp_path: Path) -> None:
    text = "Åpne «Innstillinger» på telefonen. Symbolet ligner ofte et grått tannhjul."
    wav = EspeakEngine().synthesize(text, "nb", Speed.NORMAL)
    speaker = Speaker(tmp_path, [EspeakEngine()])
    assert speaker.build(text, NORWEGIAN, Speed.NORMAL) == ("made", "espeak")
    stored = list(tmp_path.rglob("*.ogg"))
    assert len(stored) == 1 and is_opus(stored[0].read_bytes())
    assert stored[0].stat().st_size < len(wav) / 8
    assert not list(tmp_path.rglob("*.wav"))


def test_a_damaged_store_file_is_never_played(tmp_path: Path) -> None:
    store = RecordingStore(tmp_path)
    store.save("so", "welcome", "Soo dhawoow", tone("wav"), by="Amina")
    clip_path = next(tmp_path.rglob("*.ogg"))
    clip_path.write_bytes(b"<html>not audio</html>")
    assert store.clip_for("so", "Soo dhawoow") is None
    with pytest.raises(ValueError):
        store.save("so", "guide:../../etc:title", "x", tone("wav"), by="x")


def test_coverage_counts_current_and_outdated_recordings(tmp_path: Path, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    store = RecordingStore(tmp_path)
    slots = guide_slots(library.guides["library-print-scan-copy"], "so", "nb")
    assert slots and slots[0].key == "guide:library-print-scan-copy:title"
    store.save("so", slots[1].key, slots[1].text, tone("wav"), by="Amina")
    store.save("so", slots[2].key, "an older text of the step", tone("wav"), by="Amina")
    assert clip_state(slots[1], store.by_slot("so")[slots[1].key]) is ClipState.CURRENT
    assert clip_state(slots[2], store.by_slot("so")[slots[2].key]) is ClipState.OUTDATED
    somali = audio_coverage(library, store, "nb", lambda language: bool(language.speech))["so"]
    assert (somali.recorded, somali.outdated, somali.engine) == (1, 1, False)
    assert somali.describe().startswith(f"audio so: 1 of {somali.texts} texts recorded, 1 out of date; no engine")


def test_content_packs_carry_recordings_and_refuse_fake_ones(tmp_path: Path, content_dir: Path) -> None:
    import io
    import zipfile

    from kiosk.authoring.packs import ItemState, apply_pack, export_pack, inspect_pack

    library, _ = load_content(content_dir)
    here = RecordingStore(tmp_path / "here")
    slot = guide_slots(library.guides["library-print-scan-copy"], "so", "nb")[1]
    saved = here.save("so", slot.key, slot.text, tone("mp3"), by="Amina")
    here.save("so", "welcome", "Soo dhawoow", tone("wav"), by="Amina")  # not a guide's: stays home
    pack = export_pack(content_dir, ["library-print-scan-copy"], here)
    names = zipfile.ZipFile(io.BytesIO(pack)).namelist()
    assert f"recordings/so/{saved.fingerprint}.ogg" in names and f"recordings/so/{saved.fingerprint}.json" in names
    assert not any(text_fingerprint("Soo dhawoow") in name for name in names)

    there = RecordingStore(tmp_path / "there")
    report = inspect_pack(pack, library, content_dir, there)
    assert {i.path: i.state for i in report.items}[f"recordings/so/{saved.fingerprint}.ogg"] is ItemState.NEW
    apply_pack(pack, library, content_dir, set(), there)
    assert there.clip_for("so", slot.text) is not None
    assert there.in_language("so")[0].info.by == "Amina"

    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr(f"recordings/so/{saved.fingerprint}.ogg", b"OggS<script>not audio</script>")
        z.writestr(f"recordings/so/{saved.fingerprint}.json", saved.info.model_dump_json())
        z.writestr(f"recordings/so/{'0' * 24}.ogg", tone("ogg"))  # no record
    hostile = inspect_pack(fake.getvalue(), library, content_dir, RecordingStore(tmp_path / "third"))
    assert not hostile.importable
    assert all(i.state is ItemState.INVALID for i in hostile.items)
