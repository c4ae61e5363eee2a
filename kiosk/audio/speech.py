"""Read aloud: a person's recording of the exact text first, then gTTS when the network is there,
then espeak-ng offline, with an on-disk cache for both engines.

A clip is cached under a key of engine, voice, speed and text, so a cached clip plays with
no network, and changing a step's text changes only that step's key. A failing engine is
skipped for a while (circuit breaker), so each press does not wait for its timeout again.
Every clip is stored and sent as Ogg Opus (kiosk.audio.codec): an espeak-ng WAV is 0.4 MB, its
Opus a few kilobytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Protocol

import requests
from gtts import gTTS

from kiosk.audio import codec as audio_codec
from kiosk.audio.recordings import RecordingStore
from kiosk.content.models import Language, SpeechEngine
from kiosk.errors import Unavailable
from kiosk.files import write_atomically
from kiosk.settings import GTTS_ENDPOINT

log = logging.getLogger(__name__)

ESPEAK = "espeak-ng"


class Speed(StrEnum):
    NORMAL = "normal"
    SLOW = "slow"


class SpeechFailed(Unavailable, RuntimeError):
    pass


@dataclass(frozen=True)
class Clip:
    audio: bytes
    mime: str  # always "audio/ogg" (Opus)
    engine: SpeechEngine | None  # None: a person's recording
    cached: bool

    @property
    def recorded(self) -> bool:
        return self.engine is None


class Engine(Protocol):
    name: SpeechEngine
    extension: str
    mime: str

    def synthesize(self, text: str, voice: str, speed: Speed) -> bytes: ...


class GttsEngine:
    """Google Translate's voice (online): gTTS builds the requests, we send them.

    gTTS 2.5 sends with verify=False and turns off urllib3's InsecureRequestWarning for the whole
    process (the notifier's requests too). So only its request building is used (_prepare_requests,
    which packs the text with _package_rpc); the requests go out on our own session, certificates
    verified, with our timeout, and the answer is decoded the way gTTS's stream() does.
    """

    name = SpeechEngine.GTTS
    extension = "mp3"
    mime = "audio/mpeg"
    # gTTS's stream(): the audio is base64 in the line of the RPC's answer.
    AUDIO: ClassVar[re.Pattern[str]] = re.compile(r'jQ1olc","\[\\"(.*)\\"]')

    def __init__(self, endpoint: str = GTTS_ENDPOINT, timeout_seconds: float = 3.0) -> None:
        self.endpoint = endpoint
        self.timeout_seconds = timeout_seconds

    def synthesize(self, text: str, voice: str, speed: Speed) -> bytes:
        try:
            tts = gTTS(text, lang=voice, slow=speed is Speed.SLOW, lang_check=False)
            prepared: list[requests.PreparedRequest] = tts._prepare_requests()
        except (AssertionError, ValueError) as exc:
            raise SpeechFailed(f"gTTS: {exc}") from exc
        audio = b""
        with requests.Session() as session:
            session.verify = True
            for request in prepared:
                # gTTS always builds a translate.google.<tld> address; the endpoint is a setting
                # (a proxy in a locked-down network, a local server in tests).
                request.prepare_url(self.endpoint, None)
                audio += self._send(session, request, tts.GOOGLE_TTS_RPC)
        if not audio:
            raise SpeechFailed("gTTS: empty answer")
        return audio

    def _send(self, session: requests.Session, request: requests.PreparedRequest, rpc: str) -> bytes:
        # Proxies and a CA bundle (REQUESTS_CA_BUNDLE) from the environment, as requests.post would use them.
        env = session.merge_environment_settings(request.url, {}, None, session.verify, None)
        try:
            response = session.send(request, timeout=self.timeout_seconds, proxies=env["proxies"], verify=env["verify"])
        except requests.RequestException as exc:
            raise SpeechFailed(f"gTTS: {type(exc).__name__}") from exc  # its message would repeat the address
        with response:
            if not response.ok:
                raise SpeechFailed(f"gTTS: HTTP {response.status_code}")
            audio = b""
            for line in response.iter_lines(chunk_size=1024):
                decoded = line.decode("utf-8", errors="replace")
                if rpc not in decoded:
                    continue
                found = self.AUDIO.search(decoded)
                if found is None:
                    raise SpeechFailed("gTTS: no audio in the answer")
                try:
                    audio += base64.b64decode(found.group(1), validate=True)
                except binascii.Error as exc:
                    raise SpeechFailed("gTTS: audio that is not base64") from exc
        return audio


class EspeakEngine:
    """espeak-ng, installed on the machine: robotic but always there (offline)."""

    name = SpeechEngine.ESPEAK
    extension = "wav"
    mime = "audio/wav"
    WORDS_PER_MINUTE: ClassVar[dict[Speed, int]] = {Speed.NORMAL: 150, Speed.SLOW: 110}

    def __init__(self, timeout_seconds: float = 10.0, binary: str = ESPEAK) -> None:
        self.timeout_seconds = timeout_seconds
        self.binary = binary

    @property
    def available(self) -> bool:
        return shutil.which(self.binary) is not None

    def synthesize(self, text: str, voice: str, speed: Speed) -> bytes:
        if not self.available:
            raise SpeechFailed("espeak-ng is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "clip.wav"
            try:
                subprocess.run(
                    [self.binary, "-v", voice, "-s", str(self.WORDS_PER_MINUTE[speed]), "-w", str(out), "--stdin"],
                    input=text.encode("utf-8"),
                    capture_output=True,
                    timeout=self.timeout_seconds,
                    check=True,
                )
            except subprocess.TimeoutExpired as exc:
                raise SpeechFailed("espeak-ng took too long") from exc
            except subprocess.CalledProcessError as exc:
                raise SpeechFailed(f"espeak-ng: {exc.stderr.decode(errors='replace').strip()[:200]}") from exc
            audio = out.read_bytes() if out.exists() else b""
        if len(audio) <= 44:  # a WAV header and no sound
            raise SpeechFailed("espeak-ng made no sound")
        return audio


@dataclass
class CircuitBreaker:
    """After a failure, an engine is left alone for `cool_down` seconds."""

    cool_down: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _open_until: dict[SpeechEngine, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allows(self, engine: SpeechEngine) -> bool:
        with self._lock:
            return self.clock() >= self._open_until.get(engine, 0.0)

    def failed(self, engine: SpeechEngine) -> None:
        with self._lock:
            self._open_until[engine] = self.clock() + self.cool_down

    def succeeded(self, engine: SpeechEngine) -> None:
        with self._lock:
            self._open_until.pop(engine, None)


def clip_key(engine: SpeechEngine, voice: str, speed: Speed, text: str) -> str:
    return hashlib.sha256(f"{engine}\0{voice}\0{speed}\0{text}".encode()).hexdigest()


class Speaker:
    """Turns text into a clip for a language: a recording of the exact text, else its engines in order, cache first."""

    def __init__(
        self,
        cache_dir: Path,
        engines: list[Engine],
        breaker: CircuitBreaker | None = None,
        recordings: RecordingStore | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.engines = {engine.name: engine for engine in engines}
        self.breaker = breaker or CircuitBreaker()
        self.recordings = recordings

    def _path(self, engine: Engine, voice: str, speed: Speed, text: str) -> Path:
        key = clip_key(engine.name, voice, speed, text)
        return self.cache_dir / engine.name / voice / speed / f"{key}.{audio_codec.EXTENSION}"

    def _routes(self, language: Language) -> list[tuple[Engine, str]]:
        return [(self.engines[name], voice) for name, voice in language.speech.items() if name in self.engines]

    def can_speak(self, language: Language, text: str | None = None) -> bool:
        """An engine speaks the language, or (given the text) someone recorded exactly this text in it."""
        if self._routes(language):
            return True
        return text is not None and self.recordings is not None and self.recordings.has_clip(language.code, text)

    def recorded(self, text: str, language: Language) -> Clip | None:
        audio = self.recordings.clip_for(language.code, text) if self.recordings else None
        return Clip(audio, audio_codec.MIME, None, cached=True) if audio else None

    def cached(self, text: str, language: Language, speed: Speed) -> Clip | None:
        for engine, voice in self._routes(language):
            path = self._path(engine, voice, speed, text)
            if path.is_file():
                return Clip(path.read_bytes(), audio_codec.MIME, engine.name, cached=True)
        return None

    def speak(self, text: str, language: Language, speed: Speed = Speed.NORMAL) -> Clip | None:
        """A clip, or None when nobody recorded the text and no engine can speak right now (the kiosk then says so)."""
        hit = self.recorded(text, language) or self.cached(text, language, speed)
        if hit is not None:
            return hit
        made, audio, _ = self._make(text, language, speed)
        return Clip(audio, audio_codec.MIME, made.name, cached=False) if made else None

    def build(self, text: str, language: Language, speed: Speed) -> tuple[str, str]:
        """For the evening-before build: ('cached'|'made'|'failed', detail). Uses the first engine that works."""
        if self.cached(text, language, speed) is not None:
            return "cached", ""
        made, _, errors = self._make(text, language, speed)
        if made:
            return "made", made.name
        return "failed", "; ".join(errors) or "no engine speaks this language"

    def _make(self, text: str, language: Language, speed: Speed) -> tuple[Engine | None, bytes, list[str]]:
        """The first engine that works makes and caches the clip; a failing one is left alone for a while."""
        errors = []
        for engine, voice in self._routes(language):
            if not self.breaker.allows(engine.name):
                errors.append(f"{engine.name} skipped after failing")
                continue
            try:
                audio = _compressed(engine.synthesize(text, voice, speed), engine.name)
            except SpeechFailed as exc:
                log.warning("read aloud: %s failed for %s: %s", engine.name, language.code, exc)
                errors.append(str(exc))
                self.breaker.failed(engine.name)
                continue
            self.breaker.succeeded(engine.name)
            self._store(self._path(engine, voice, speed, text), audio)
            return engine, audio, errors
        return None, b"", errors

    @staticmethod
    def _store(path: Path, audio: bytes) -> None:
        write_atomically(path, audio)  # never a half-written clip in the cache


def _compressed(audio: bytes, engine: SpeechEngine) -> bytes:
    """An engine's WAV or MP3 as levelled Ogg Opus; what does not decode is that engine failing."""
    try:
        return audio_codec.to_opus(audio)
    except audio_codec.NotAudio as exc:
        raise SpeechFailed(f"{engine}: {exc}") from exc
