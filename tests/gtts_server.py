"""A local stand-in for Google Translate's TTS endpoint that speaks gTTS's protocol (batchexecute, RPC jQ1olc).

It answers with a fake MP3 that records the text, language and speed it was asked for, and can be
told to fail: an HTTP error, an answer without audio, or a stall longer than the client's timeout.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.local_http import QuietHandler, serving
from tests.sound import tone


@dataclass
class FakeTts:
    url: str = ""
    mode: str = "ok"  # ok | http_error | no_audio | slow
    requests: list[tuple[str, str, bool]] = field(default_factory=list)  # (text, lang, slow)

    @staticmethod
    def audio_for(text: str, lang: str, slow: bool) -> bytes:
        """A real MP3 (as Google's is), a tone of its own for each text, language and speed."""
        pitch = 200 + int(hashlib.sha256(json.dumps([text, lang, slow]).encode()).hexdigest()[:4], 16) % 600
        return tone("mp3", seconds=0.6 if slow else 0.4, frequency=pitch)


@contextmanager
def fake_gtts(mode: str = "ok") -> Iterator[FakeTts]:
    state = FakeTts(mode=mode)

    class Handler(QuietHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            freq = urllib.parse.parse_qs(body)["f.req"][0]
            rpc_id, params = json.loads(freq)[0][0][:2]
            text, lang, speed, _ = json.loads(params)
            slow = speed is True or speed == "slow"
            state.requests.append((text, lang, slow))
            if state.mode == "slow":
                time.sleep(2.0)
            if state.mode == "http_error":
                self._answer(500, b"Internal error")
                return
            if state.mode == "no_audio" or rpc_id != "jQ1olc":
                self._answer(200, b')]}\'\n\n[["wrb.fr","other",null]]\n')
                return
            audio = base64.b64encode(FakeTts.audio_for(text, lang, slow)).decode()
            line = '[["wrb.fr","jQ1olc","[\\"' + audio + '\\"]",null,null,null,"generic"]]'
            self._answer(200, (")]}'\n\n" + line + "\n").encode())

        def _answer(self, status: int, payload: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

    with serving(Handler) as base:
        state.url = f"{base}/_/TranslateWebserverUi/data/batchexecute"
        yield state
