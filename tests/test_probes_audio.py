"""Probes of an editor's upload: files that are not audio, or audio whose samples are not numbers."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from kiosk.audio.codec import NotAudio, decode, to_opus

RATE = 48_000


def _float_wav(samples: np.ndarray) -> bytes:
    """A 32-bit float WAV: the one common format whose samples can be NaN or infinite."""
    data = samples.astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, RATE, RATE * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


TONE = (np.sin(2 * np.pi * 440 * np.arange(RATE) / RATE) * 0.3).astype(np.float32)


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_a_file_with_samples_that_are_not_numbers_is_refused_as_unreadable(bad: float) -> None:
    samples = TONE.copy()
    samples[RATE // 2 :] = bad
    with pytest.raises(NotAudio) as refused:
        to_opus(_float_wav(samples))
    assert refused.value.reason == "unreadable"  # not "silent": the editor is told the file is broken


@pytest.mark.parametrize(
    "data", [b"", b"hello, not audio" * 100, b"\x89PNG\r\n\x1a\n" + bytes(100), b"<html><script>alert(1)</script></html>"]
)
def test_a_file_that_is_not_audio_is_refused(data: bytes) -> None:
    with pytest.raises(NotAudio):
        to_opus(data)


def test_a_very_loud_file_is_levelled_and_a_normal_one_kept() -> None:
    clip = decode(to_opus(_float_wav(TONE * 1e30)))
    assert np.isfinite(clip).all() and 0.05 < float(np.max(np.abs(clip))) <= 1.0


SDP = b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=clip\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n"


@pytest.mark.parametrize(
    "data",
    [
        SDP,  # made the decoder listen on UDP ports for 20 s
        b"#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/clip.mp3\n",  # a playlist naming a stream elsewhere
        b"ffconcat version 1.0\nfile /etc/passwd\n",
        b"<?xml version='1.0'?><MPD xmlns='urn:mpeg:dash:schema:mpd:2011'/>",
    ],
)
def test_a_file_that_names_a_stream_elsewhere_is_refused_before_the_decoder_opens_it(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import av

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the decoder opened a file that is none of the accepted containers")

    monkeypatch.setattr(av, "open", never)
    with pytest.raises(NotAudio) as refused:
        to_opus(data)
    assert refused.value.reason == "unreadable"


@pytest.mark.parametrize("container", ["wav", "ogg", "mp3", "webm"])
def test_each_accepted_container_still_decodes(container: str) -> None:
    from tests.sound import tone

    assert decode(to_opus(tone(container))).size > 0
