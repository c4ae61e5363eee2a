"""Call for help latency, end to end: kiosk press -> visible on the staff page, and -> webhook received.

A real `streamlit run` server, two headless Chromium pages and a webhook receiver on 127.0.0.1.
Targets: visible on the staff page within 2 s, "<name> is coming" on the kiosk within 3 s.
Run: make bench  (or: python -m benchmarks.help_latency)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stats import p95, summary_ms

CALLS = 30


def _percentiles(samples: list[float]) -> str:
    return summary_ms([seconds * 1000 for seconds in samples])


def main() -> int:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in_staff, start_server, stop_server, wait_for_app
    from tests.http_receiver import http_receiver

    if not Path(CHROMIUM).exists():
        print(f"help latency: skipped, no Chromium at {CHROMIUM}")
        return 0
    with http_receiver() as receiver, tempfile.TemporaryDirectory() as tmp:
        process, server = start_server(Path(tmp), {"KIOSK_WEBHOOK_URL": receiver.url})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                staff = browser.new_context().new_page()
                sign_in_staff(staff, server.base_url)
                kiosk = browser.new_context().new_page()
                kiosk.goto(f"{server.base_url}/?kiosk=demo")
                wait_for_app(kiosk)
                kiosk.get_by_role("button", name="English", exact=True).click()
                wait_for_app(kiosk)
                to_staff, to_webhook = [], []
                for _ in range(CALLS):
                    already = len(receiver.received)
                    pressed = time.monotonic()
                    kiosk.locator(".st-key-help-call button").click()
                    staff.get_by_text("Ventende henvendelser (1)").wait_for(timeout=10_000)
                    to_staff.append(time.monotonic() - pressed)
                    received = receiver.wait_for(already + 1)
                    to_webhook.append(received[-1].at - pressed)
                    kiosk.get_by_role("button", name="I no longer need help").click()
                    staff.get_by_text("Ventende henvendelser (0)").wait_for(timeout=10_000)
                    kiosk.locator(".st-key-help-call button:not([disabled])").wait_for(timeout=10_000)
                browser.close()
        finally:
            stop_server(process)
    print(f"help latency over {CALLS} calls (kiosk press in Chromium)")
    print(f"  -> visible on the staff page: {_percentiles(to_staff)}")
    print(f"  -> webhook received:          {_percentiles(to_webhook)}")
    ok = p95(to_staff) < 2.0
    print(f"  target p95 visible < 2 s: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
