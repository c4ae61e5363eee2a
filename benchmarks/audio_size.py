"""Read-aloud clip sizes: espeak-ng's WAV against the Ogg Opus the kiosk stores and sends.

Run: make bench  (or: python -m benchmarks.audio_size)
"""

from __future__ import annotations

import shutil
import statistics
import time

from kiosk.audio.codec import to_opus
from kiosk.audio.read_aloud import all_readings
from kiosk.audio.speech import EspeakEngine
from kiosk.content import load_content
from kiosk.settings import PROJECT_ROOT

SAMPLE = 60  # texts of the Norwegian library, both speeds: enough for a stable mean
TARGET_RATIO = 0.1  # Opus at most a tenth of the WAV


def main() -> int:
    if shutil.which("espeak-ng") is None:
        print("audio size: espeak-ng is not installed; skipped")
        return 0
    library, _ = load_content(PROJECT_ROOT / "content")
    readings = [r for r in all_readings(library, "nb", lambda language: bool(language.speech)) if r.language.code == "nb"]
    engine = EspeakEngine()
    wav_sizes, opus_sizes, encode_ms = [], [], []
    for reading in readings[:SAMPLE]:
        wav = engine.synthesize(reading.text, "nb", reading.speed)
        started = time.perf_counter()
        opus = to_opus(wav)
        encode_ms.append((time.perf_counter() - started) * 1000)
        wav_sizes.append(len(wav))
        opus_sizes.append(len(opus))
    wav_mean, opus_mean = statistics.mean(wav_sizes), statistics.mean(opus_sizes)
    ratio = opus_mean / wav_mean
    every_language = sum(1 for _ in all_readings(library, "nb", lambda language: bool(language.speech)))
    print(f"audio size: {len(wav_sizes)} espeak-ng clips of the nb guides")
    print(f"  WAV mean {wav_mean / 1024:.0f} KB, Ogg Opus mean {opus_mean / 1024:.1f} KB ({ratio:.1%} of the WAV)")
    nb = len(readings)
    print(f"  nb's {nb} clips: WAV {nb * wav_mean / 1e6:.0f} MB, Opus {nb * opus_mean / 1e6:.1f} MB;", end="")
    print(f" every spoken language ({every_language} clips): Opus {every_language * opus_mean / 1e6:.0f} MB")
    print(f"  encoding p50 {statistics.median(encode_ms):.0f} ms per clip")
    ok = ratio <= TARGET_RATIO
    print(f"  target Opus <= {TARGET_RATIO:.0%} of the WAV: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
