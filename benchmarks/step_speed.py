"""The kiosk's Next (step to step) against the framework's floor, side by side in one run.

Two servers run at once: the kiosk (`python -m kiosk serve`, demo data) and a bare Streamlit app with
one button, both with the same Streamlit settings. One page on each is pressed in turn (kiosk Next,
bare button, kiosk Next …), so whatever else the machine does hits both alike. Two measurements:
- in Chromium, click to render: from the click until the new step's text is on screen and the script
  has finished (what a visitor waits for); targets p50 <= 1.2x and p95 <= 1.3x the bare app's;
- on the server alone (the websocket client of benchmarks/st_client.py): from the BackMsg until the
  script has finished, which shows what the kiosk's own script costs without the browser's share.

    python -m benchmarks.step_speed [--presses 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.busy_floor import KIOSK_KEYS, Floor, _prepare_kiosk_data, _streamlit
from benchmarks.st_client import Session
from benchmarks.stats import p95

BARE_APP = """
import streamlit as st
count = st.session_state.setdefault("count", 0)
if st.button("Next", key="next"):
    count = st.session_state["count"] = count + 1
st.write(f"Count {count}")
"""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
GUIDE = ("tile-lang-nb", "tile-cat-library", "tile-guide-library-wifi", "begin")
P50_TARGET, P95_TARGET = 1.2, 1.3


async def _interleaved(kiosk_url: str, bare_url: str, query: str, presses: int) -> tuple[list[float], list[float]]:
    kiosk, bare = Session(kiosk_url, query_string=query), Session(bare_url)
    await kiosk.open()
    await bare.open()
    for key in GUIDE:
        await kiosk.press(key)
    kiosk_times, bare_times = [], []
    for press in range(presses):  # step 1 -> 2 -> 1 -> 2 …, as in Chromium
        kiosk_times.append(await kiosk.press("step-next" if press % 2 == 0 else "step-back"))
        bare_times.append(await bare.press("next"))
    if kiosk.exceptions:
        raise RuntimeError(f"the kiosk showed an error: {kiosk.exceptions[0]}")
    await kiosk.close()
    await bare.close()
    return kiosk_times, bare_times


def _click_and_wait(page, button: str, text_before: str, read_text: str) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    page.locator(button).first.click()
    page.wait_for_function(
        f"(before) => {{ const t = ({read_text}); return t !== null && t !== before"
        f' && document.querySelector("{SETTLED}") !== null; }}',
        arg=text_before,
        polling="raf",
        timeout=30_000,
    )
    return time.monotonic() - started


def _in_chromium(kiosk_url: str, bare_url: str, presses: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    step_text = "document.querySelector('[data-testid=\"stMainBlockContainer\"]')?.innerText ?? null"
    count_text = "[...document.querySelectorAll('p')].map(p => p.innerText).find(t => t.startsWith('Count')) ?? null"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        kiosk = browser.new_page(viewport={"width": 1080, "height": 1920})
        bare = browser.new_page()
        kiosk.goto(kiosk_url)
        for key in GUIDE:
            kiosk.wait_for_selector(f".st-key-{key} button")
            kiosk.wait_for_selector(SETTLED)
            kiosk.locator(f".st-key-{key} button").first.click()
        kiosk.wait_for_selector(".st-key-step-next button")
        bare.goto(bare_url)
        bare.wait_for_selector(".st-key-next button")
        kiosk_times, bare_times = [], []
        for press in range(presses):  # step 1 -> 2 -> 1 -> 2 …: every press renders another step
            key = "step-next" if press % 2 == 0 else "step-back"
            kiosk.wait_for_selector(SETTLED)
            kiosk_times.append(_click_and_wait(kiosk, f".st-key-{key} button", kiosk.evaluate(step_text), step_text))
            bare.wait_for_selector(SETTLED)
            bare_times.append(_click_and_wait(bare, ".st-key-next button", bare.evaluate(count_text), count_text))
        browser.close()
    return kiosk_times, bare_times


def _ratios(name: str, kiosk_times: list[float], bare_times: list[float], presses: int) -> bool:
    k50, b50 = statistics.median(kiosk_times) * 1000, statistics.median(bare_times) * 1000
    k95, b95 = p95(kiosk_times) * 1000, p95(bare_times) * 1000
    r50, r95 = k50 / b50, k95 / b95
    met = r50 <= P50_TARGET and r95 <= P95_TARGET
    print(f"{name}, {presses} presses each, interleaved with a bare one-button app")
    print(f"  kiosk Next:   p50 {k50:.1f} ms, p95 {k95:.1f} ms")
    print(f"  bare button:  p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    verdict = "met" if met else "NOT MET"
    print(f"  ratio:        p50 {r50:.2f}x (target <= {P50_TARGET}x), p95 {r95:.2f}x (target <= {P95_TARGET}x): {verdict}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="step-speed-") as name:
        tmp = Path(name)
        env = _prepare_kiosk_data(tmp, "http://127.0.0.1:9/unused", Floor(kiosks=1, staff=1))
        kiosk_id, key = next(iter(KIOSK_KEYS.items()))
        (tmp / "bare_app.py").write_text(BARE_APP)
        with (
            _streamlit(None, Path.cwd(), env, tmp / "kiosk.log") as (_kiosk, kiosk_port),
            _streamlit("bare_app.py", tmp, env, tmp / "bare.log") as (_bare, bare_port),
        ):
            kiosk_page = f"http://127.0.0.1:{kiosk_port}/?kiosk={kiosk_id}&key={key}"
            browser = _in_chromium(kiosk_page, f"http://127.0.0.1:{bare_port}/", args.presses)
            server = asyncio.run(
                _interleaved(
                    f"ws://127.0.0.1:{kiosk_port}/_stcore/stream",
                    f"ws://127.0.0.1:{bare_port}/_stcore/stream",
                    f"kiosk={kiosk_id}&key={key}",
                    args.presses,
                )
            )
    met = _ratios("step to step in Chromium, click to render", *browser, args.presses)
    _ratios("step to step on the server alone (no browser; no target)", *server, args.presses)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
