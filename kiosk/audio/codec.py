"""Every clip the kiosk stores or sends is Ogg Opus, mono, levelled to one loudness.

Speech in Opus at 24 kbit/s sounds like the original and is a small fraction of a WAV's size (a
0.4 MB espeak-ng clip becomes a few kilobytes). Uploads and recordings are hostile input: they are
decoded by FFmpeg's libraries (PyAV) within a size and length limit, and only what decodes to real
sound is kept, always written anew, so nothing but audio samples survives from the original file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import av
import numpy as np
from av.audio.resampler import AudioResampler

from kiosk.errors import Refused

MIME = "audio/ogg"
EXTENSION = "ogg"
SAMPLE_RATE = 48_000  # Opus's own rate
BITRATE = 24_000  # plenty for one voice
MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_SECONDS = 120  # a step read aloud takes well under a minute
TARGET_RMS_DBFS = -20.0  # every clip as loud as the next, whoever recorded it
PEAK_LIMIT = 0.95
SILENCE_DBFS = -55.0  # quieter than this overall is no recording at all
ACCEPTED_FORMATS = ("ogg", "mp3", "wav", "webm")
# Below telephone quality nothing is speech; a 960-byte WAV at 8 Hz "lasts" two minutes, and resampling that
# to 48 kHz cost a quarter of a second of CPU per file.
MIN_SAMPLE_RATE = 8_000


class NotAudio(Refused, ValueError):
    """The file is not sound we can use: `reason` is "too_big", "too_long", "silent" or "unreadable"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not usable audio: {reason}{f' ({detail})' if detail else ''}")
        self.reason = reason


def decode(data: bytes) -> np.ndarray:
    """Mono float32 samples at 48 kHz from any container and codec FFmpeg reads (ogg, mp3, wav, webm …)."""
    if len(data) > MAX_INPUT_BYTES:
        raise NotAudio("too_big", f"{len(data)} bytes")
    try:
        return np.concatenate(list(_samples(data))) if data else _empty()
    except NotAudio:
        raise
    except ValueError as exc:  # np.concatenate of nothing: a container without an audio frame
        raise NotAudio("unreadable", "no audio frames") from exc
    except (av.FFmpegError, EOFError, UnicodeDecodeError) as exc:
        raise NotAudio("unreadable", type(exc).__name__) from exc


def _empty() -> np.ndarray:
    raise NotAudio("unreadable", "empty file")


def container_format(data: bytes) -> str | None:
    """FFmpeg's demuxer for one of ACCEPTED_FORMATS, known by the file's first bytes; None for anything else.

    FFmpeg guesses among all its demuxers otherwise, and some open the network: an SDP file made the decoder
    listen on UDP ports and wait 20 s for a stream. Only these four are ever opened, each by name."""
    head = data[:12]
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM (Matroska)
        return "matroska"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):  # MPEG audio frame
        return "mp3"
    return None


def _samples(data: bytes) -> Iterator[np.ndarray]:
    limit = MAX_SECONDS * SAMPLE_RATE
    seen = 0
    demuxer = container_format(data)
    if demuxer is None:
        raise NotAudio("unreadable", f"not an {', '.join(ACCEPTED_FORMATS)} file")
    with av.open(io.BytesIO(data), mode="r", format=demuxer, metadata_errors="ignore") as container:
        if not container.streams.audio:
            raise NotAudio("unreadable", "no audio stream")
        stream = container.streams.audio[0]
        if (stream.rate or 0) < MIN_SAMPLE_RATE:
            raise NotAudio("unreadable", f"sample rate {stream.rate} Hz")
        resampler = AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                samples = out.to_ndarray().reshape(-1)
                seen += samples.size
                if seen > limit:
                    raise NotAudio("too_long", f"over {MAX_SECONDS} s")
                yield samples
        for out in resampler.resample(None):
            yield out.to_ndarray().reshape(-1)


def rms_dbfs(samples: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    return 20 * np.log10(rms) if rms > 0 else -200.0


def level(samples: np.ndarray) -> np.ndarray:
    """To the common loudness (RMS), then a soft limit so no peak clips."""
    if not np.isfinite(samples).all():  # a float WAV can hold NaN or infinity: no gain makes sound of that
        raise NotAudio("unreadable", "samples that are not numbers")
    loudness = rms_dbfs(samples)
    if loudness < SILENCE_DBFS:
        raise NotAudio("silent")
    gained = samples * np.float32(10 ** ((TARGET_RMS_DBFS - loudness) / 20))
    peak = float(np.max(np.abs(gained)))
    if peak > PEAK_LIMIT:
        # tanh keeps quiet parts as they are and rounds off only the loudest peaks.
        gained = (np.tanh(gained / PEAK_LIMIT) * PEAK_LIMIT).astype(np.float32)
    return gained.astype(np.float32)


def encode_opus(samples: np.ndarray) -> bytes:
    out = io.BytesIO()
    with av.open(out, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE)
        stream.bit_rate = BITRATE
        stream.layout = "mono"
        frame_size = 960  # 20 ms, Opus's usual frame
        for start in range(0, samples.size, frame_size):
            chunk = samples[start : start + frame_size]
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def to_opus(data: bytes) -> bytes:
    """Any accepted audio file → a levelled mono Ogg Opus clip. Raises NotAudio for anything else."""
    return encode_opus(level(decode(data)))


def is_opus(data: bytes) -> bool:
    """An Ogg file whose first stream is Opus (the only thing the clip stores hold)."""
    return data[:4] == b"OggS" and b"OpusHead" in data[:64]


def duration_seconds(data: bytes) -> float:
    return decode(data).size / SAMPLE_RATE
