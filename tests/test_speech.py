"""Read aloud: gTTS against a local server speaking its protocol, real espeak-ng audio, cache, fallback, breaker."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import requests
from urllib3.exceptions import InsecureRequestWarning

from kiosk.audio.codec import is_opus
from kiosk.audio.speech import CircuitBreaker, EspeakEngine, GttsEngine, Speaker, SpeechFailed, Speed, clip_key
from kiosk.content.models import Language, SpeechEngine
from tests.gtts_server import FakeTts, fake_gtts
from tests.sound import tone

NORWEGIAN = Language(
    code="nb", native_name="Norsk", english_name="Norwegian", norwegian_name="Norsk", speech={"gtts": "no", "espeak": "nb"}
)
SOMALI = Language(code="so", native_name="Soomaali", english_name="Somali", norwegian_name="Somali")
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_gtts_speaks_its_protocol_to_the_endpoint() -> None:
    with fake_gtts() as server:
        audio = GttsEngine(server.url).synthesize("Trykk på «Logg inn».", "no", Speed.SLOW)
    assert audio == FakeTts.audio_for("Trykk på «Logg inn».", "no", True)
    assert server.requests == [("Trykk på «Logg inn».", "no", True)]


def test_gtts_verifies_certificates_and_leaves_insecure_request_warnings_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """gTTS itself sends with verify=False and silences urllib3's warning for the whole process."""
    sent: list[tuple[Any, Any, float | None]] = []
    send = requests.Session.send

    def recording_send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        sent.append((session.verify, kwargs.get("verify", session.verify), kwargs.get("timeout")))
        return send(session, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    with fake_gtts() as server:
        audio = GttsEngine(server.url, timeout_seconds=2.5).synthesize("Velkommen", "no", Speed.NORMAL)
    assert audio == FakeTts.audio_for("Velkommen", "no", False)
    assert sent and all(session_verify is True and verify is not False for session_verify, verify, _ in sent)
    assert {timeout for _, _, timeout in sent} == {2.5}
    ignored = [f for f in warnings.filters if f[0] == "ignore" and issubclass(InsecureRequestWarning, f[2])]
    assert ignored == [], "InsecureRequestWarning must stay visible (for the notifier too)"


@pytest.mark.parametrize(("mode", "message"), [("http_error", "500"), ("no_audio", "empty"), ("slow", "gTTS")])
def test_gtts_errors_become_speech_failed(mode: str, message: str) -> None:
    with fake_gtts(mode) as server, pytest.raises(SpeechFailed, match=message):
        GttsEngine(server.url, timeout_seconds=0.5).synthesize("hei", "no", Speed.NORMAL)


@needs_espeak
def test_espeak_makes_real_audio() -> None:
    audio = EspeakEngine().synthesize("Hei! Dette er en prøve.", "nb", Speed.NORMAL)
    assert audio[:4] == b"RIFF" and audio[8:12] == b"WAVE"
    slow = EspeakEngine().synthesize("Hei! Dette er en prøve.", "nb", Speed.SLOW)
    assert len(slow) > len(audio), "slower speech lasts longer"


def test_espeak_missing_is_a_clean_failure() -> None:
    with pytest.raises(SpeechFailed, match="not installed"):
        EspeakEngine(binary="no-such-espeak").synthesize("hei", "nb", Speed.NORMAL)


@needs_espeak
def test_cache_hit_plays_without_network(tmp_path: Path) -> None:
    with fake_gtts() as server:
        speaker = Speaker(tmp_path, [GttsEngine(server.url), EspeakEngine()])
        first = speaker.speak("Velkommen", NORWEGIAN)
        assert first is not None and (first.engine, first.cached) == (SpeechEngine.GTTS, False)
    # The server is gone now: the clip comes from the cache.
    offline = Speaker(tmp_path, [GttsEngine("http://127.0.0.1:9/none", timeout_seconds=0.5), EspeakEngine()])
    again = offline.speak("Velkommen", NORWEGIAN)
    assert again is not None and again.cached and again.audio == first.audio


def test_changed_text_has_its_own_clip() -> None:
    assert clip_key(SpeechEngine.GTTS, "no", Speed.NORMAL, "Trykk på A") != clip_key(
        SpeechEngine.GTTS, "no", Speed.NORMAL, "Trykk på B"
    )
    assert clip_key(SpeechEngine.GTTS, "no", Speed.NORMAL, "A") != clip_key(SpeechEngine.GTTS, "no", Speed.SLOW, "A")


class OfflineVoice:
    """Stands in for espeak-ng (the fallback logic needs no real voice, and runs where espeak-ng is not installed)."""

    name = SpeechEngine.ESPEAK
    extension = "wav"
    mime = "audio/wav"

    def __init__(self) -> None:
        self.spoken: list[tuple[str, str]] = []

    def synthesize(self, text: str, voice: str, speed: Speed) -> bytes:
        self.spoken.append((text, voice))
        return tone("wav", seconds=0.3)


def test_gtts_failure_falls_back_to_espeak_and_breaker_skips_gtts(tmp_path: Path) -> None:
    clock = Clock()
    offline = OfflineVoice()
    with fake_gtts("http_error") as server:
        speaker = Speaker(tmp_path, [GttsEngine(server.url), offline], CircuitBreaker(cool_down=60, clock=clock))
        clip = speaker.speak("Første steg", NORWEGIAN)
        assert clip is not None and clip.engine is SpeechEngine.ESPEAK
        assert is_opus(clip.audio) and (clip.mime, offline.spoken) == ("audio/ogg", [("Første steg", "nb")])
        assert len(server.requests) == 1
        speaker.speak("Andre steg", NORWEGIAN)
        assert len(server.requests) == 1, "gTTS is skipped while the breaker is open"
        clock.now += 61
        server.mode = "ok"
        clip = speaker.speak("Tredje steg", NORWEGIAN)
        assert clip is not None and clip.engine is SpeechEngine.GTTS
        assert len(server.requests) == 2


def test_no_engine_means_no_clip(tmp_path: Path) -> None:
    speaker = Speaker(tmp_path, [GttsEngine("http://127.0.0.1:9/none", timeout_seconds=0.3), EspeakEngine(binary="none")])
    assert speaker.can_speak(SOMALI) is False
    assert speaker.speak("Soo dhawoow", SOMALI) is None
    assert speaker.speak("Hei", NORWEGIAN) is None  # both engines down: the kiosk says "not available"
