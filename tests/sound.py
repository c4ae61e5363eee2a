"""Real short audio made in the test: a sine tone in any container FFmpeg writes (wav, mp3, ogg, webm)."""

from __future__ import annotations

import io
from functools import lru_cache

import av
import numpy as np
from av.audio.resampler import AudioResampler

_CODEC = {"wav": "pcm_s16le", "mp3": "libmp3lame", "ogg": "libopus", "webm": "libopus"}


@lru_cache(maxsize=64)
def tone(container: str = "wav", seconds: float = 1.0, frequency: float = 440.0, amplitude: float = 0.3) -> bytes:
    rate = 48_000 if container in ("ogg", "webm") else 44_100
    t = np.arange(int(rate * seconds)) / rate
    samples = (amplitude * np.sin(2 * np.pi * frequency * t)).astype(np.float32)
    out = io.BytesIO()
    with av.open(out, mode="w", format=container) as handle:
        stream = handle.add_stream(_CODEC[container], rate=rate)
        stream.layout = "mono"
        fmt = stream.codec_context.format.name if stream.codec_context.format else "flt"
        size = stream.codec_context.frame_size or 1024
        resampler = AudioResampler(format=fmt, layout="mono", rate=rate)
        for start in range(0, samples.size, size):
            frame = av.AudioFrame.from_ndarray(samples[start : start + size].reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = rate
            for converted in resampler.resample(frame):
                for packet in stream.encode(converted):
                    handle.mux(packet)
        for packet in stream.encode(None):
            handle.mux(packet)
    return out.getvalue()
