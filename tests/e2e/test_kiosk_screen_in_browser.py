"""The kiosk screen as `python -m kiosk screen install` sets it up: Debian's Chromium started by the launcher,
with the generated policy where Chromium reads it (/etc/chromium/policies/managed).

The policy goes to that path in a mount namespace of the launcher's own (unshare -m, a bind mount over
/etc/chromium), so only this test's Chromium sees it and nothing is left behind; other browsers on the
machine keep their own. The test drives the screen over a DevTools port, which DeveloperToolsAvailability 2
forbids for pages: the driving tests run with that one value at 1, and the last test runs the policy exactly
as installed and shows that no page can then be inspected over the port.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, Playwright, expect

from kiosk.screen.config import ScreenConfig
from kiosk.screen.policy import build_policy
from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server, _serve, axe_violations, start_server, stop_server, wait_for_app
from tests.local_http import QuietHandler, serving

pytestmark = pytest.mark.e2e
KIOSK = "screen1"
NOT_SET_UP = "Denne skjermen er ikke satt opp ennå"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _can_use_a_mount_namespace() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return None if probe.returncode == 0 else f"unshare -m is not allowed here ({probe.stderr.decode().strip()})"


def _wait_until(what: str, condition: Callable[[], object], timeout: float = 60, browser: Browser | None = None) -> object:
    """Poll a condition outside one page (a log file, the browser's tabs) until it holds. With a browser, each
    round also asks it something, so that Playwright takes in its news (tabs opened and closed)."""
    deadline = time.monotonic() + timeout
    session = browser.new_browser_cdp_session() if browser else None
    while time.monotonic() < deadline:
        if session:
            session.send("Target.getTargets")
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


@dataclass
class Screen:
    server: Server
    server_process: subprocess.Popen[bytes]
    tmp: Path
    state: Path
    etc: Path  # what Chromium sees as /etc/chromium
    debug_port: int
    launcher: subprocess.Popen[bytes] | None = None
    log_offset: int = 0

    @property
    def policy_file(self) -> Path:
        return self.etc / "policies" / "managed" / "kiosk-screen.json"

    @property
    def log_file(self) -> Path:
        return self.tmp / "launcher.log"

    def log(self) -> str:
        """What the launcher said since it was last started."""
        return self.log_file.read_text(encoding="utf-8", errors="replace")[self.log_offset :]

    def start(self) -> None:
        self.log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        script = 'mount --bind "$1" /etc/chromium && exec "$2" -m kiosk screen run --state-dir "$3"'
        log = open(self.log_file, "ab")  # noqa: SIM115 - closed with the process
        self.launcher = subprocess.Popen(
            ["unshare", "-m", "sh", "-c", script, "sh", str(self.etc), sys.executable, str(self.state)],
            cwd=PROJECT_ROOT,
            env=self.server.env | {"PYTHONUNBUFFERED": "1", "HOME": str(self.tmp / "home")},  # the screen account's
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.launcher and self.launcher.poll() is None:
            self.launcher.send_signal(signal.SIGTERM)  # the launcher closes Chromium as a person would
            try:
                self.launcher.wait(30)
            except subprocess.TimeoutExpired:
                self.launcher.kill()
                self.launcher.wait()
        self.launcher = None

    def chromium_pid(self) -> int:
        found = re.findall(r"Chromium started \(pid (\d+)\)", self.log())
        return int(found[-1]) if found else 0


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Screen]:
    reason = _can_use_a_mount_namespace()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"KIOSK SCREEN TEST NOT RUN: {reason}")
        pytest.skip(f"KIOSK SCREEN TEST NOT RUN: {reason}")
    tmp = tmp_path_factory.mktemp("screen")
    process, server = start_server(tmp)
    added = subprocess.run(
        [sys.executable, "-m", "kiosk", "kiosks", "add", KIOSK, "--name", "Screen", "--location", "Hovedbiblioteket"],
        cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    key = re.search(rf"/\?kiosk={KIOSK}&key=(\S+)", added.stdout).group(1)  # type: ignore[union-attr]
    etc = tmp / "etc-chromium"
    etc.mkdir()
    for item in Path("/etc/chromium").iterdir():  # the package's own files stay as they are
        if item.is_file():
            shutil.copy(item, etc / item.name)
    debug_port = _free_port()
    headless = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--remote-debugging-port={debug_port}"]  # fmt: skip
    installed = subprocess.run(
        [sys.executable, "-m", "kiosk", "screen", "install", "--url", server.base_url, "--kiosk", KIOSK, "--key", key,
         "--state-dir", str(tmp / "state"), "--policy-dir", str(etc / "policies" / "managed"), "--home", str(tmp / "home"),
         "--chromium", CHROMIUM, *(f"--browser-arg={arg}" for arg in headless)],
        cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert "offline page in 13 languages" in installed.stdout
    found = Screen(server, process, tmp, tmp / "state", etc, debug_port)
    found.policy_file.write_text(json.dumps(json.loads(found.policy_file.read_text()) | {"DeveloperToolsAvailability": 1}))
    found.start()
    yield found
    found.stop()
    stop_server(found.server_process)


@pytest.fixture(scope="module")
def driver(playwright_driver: Playwright) -> Playwright:
    """The run's one Playwright (tests/conftest.py): a second one in this thread would refuse to start."""
    return playwright_driver


def _browser(screen: Screen, playwright: Playwright) -> Browser:
    def connected() -> Browser | None:
        try:
            return playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{screen.debug_port}")
        except Exception:  # noqa: BLE001 - not listening yet
            return None

    return _wait_until("the launcher's Chromium answers on its DevTools port", connected)  # type: ignore[return-value]


def _kiosk_page(browser: Browser, screen: Screen) -> Page:
    def kiosk() -> Page | None:
        pages = [page for context in browser.contexts for page in context.pages]
        return next((page for page in pages if page.url.startswith(screen.server.base_url) and not page.is_closed()), None)

    page: Page = _wait_until("the screen shows the kiosk", kiosk, browser=browser)  # type: ignore[assignment]
    return page


def _shows_the_kiosk(page: Page) -> None:
    """The kiosk's start screen, recognised as this kiosk (not the 'not set up' screen)."""
    wait_for_app(page)
    expect(page.locator(".st-key-tile-lang-en")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(NOT_SET_UP)).to_have_count(0)


def test_the_screen_shows_the_kiosk_and_keeps_its_key_across_browser_restarts(screen: Screen, driver: Playwright) -> None:
    browser = _browser(screen, driver)
    page = _kiosk_page(browser, screen)
    _shows_the_kiosk(page)
    assert "with its key (first start)" in screen.log()
    # The page keeps the key in its cookie and takes it out of the address; the launcher notes it.
    _wait_until("the launcher saw the key kept", lambda: "has kept its key" in screen.log())
    assert "key=" not in page.url
    browser.close()

    screen.stop()  # the session's service stopped and started again (a reboot)
    screen.start()
    browser = _browser(screen, driver)
    _shows_the_kiosk(_kiosk_page(browser, screen))
    assert "without the key (the profile keeps it)" in screen.log()
    browser.close()

    os.kill(screen.chromium_pid(), signal.SIGKILL)  # Chromium crashes
    _wait_until("the launcher starts Chromium again", lambda: "the browser stopped" in screen.log())
    browser = _browser(screen, driver)
    _shows_the_kiosk(_kiosk_page(browser, screen))
    browser.close()


def test_another_address_is_blocked(screen: Screen, driver: Playwright) -> None:
    asked: list[str] = []

    class Elsewhere(QuietHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<h1>Another site</h1>")

    browser = _browser(screen, driver)
    page = _kiosk_page(browser, screen)
    with serving(Elsewhere) as elsewhere, pytest.raises(Exception, match="ERR_BLOCKED_BY_ADMINISTRATOR"):
        page.goto(f"{elsewhere}/")
    assert asked == []
    # Chromium's "blocked" page has no way back for a visitor: the launcher brings the kiosk back.
    _wait_until("the launcher took the screen back", lambda: "the screen left the kiosk; back to it" in screen.log())
    _wait_until("the blocked tab is closed", page.is_closed, browser=browser)
    _shows_the_kiosk(_kiosk_page(browser, screen))
    browser.close()


def test_a_link_to_a_new_tab_opens_nothing(screen: Screen, driver: Playwright) -> None:
    browser = _browser(screen, driver)
    page = _kiosk_page(browser, screen)
    page.goto(f"{screen.server.base_url}/?kiosk={KIOSK}")
    _shows_the_kiosk(page)
    page.evaluate(
        """(address) => {
            const link = document.createElement("a");
            link.href = address; link.target = "_blank"; link.id = "new-tab-link"; link.textContent = "Open";
            link.style = "position: fixed; top: 0; left: 0; z-index: 99999; font-size: 40px; background: white";
            document.body.appendChild(link);
        }""",
        f"{screen.server.base_url}/?kiosk={KIOSK}&from=link",
    )
    page.click("#new-tab-link")
    _wait_until("the launcher closed the new tab", lambda: "opened a new tab; closed" in screen.log())
    page.evaluate("() => window.open('/?kiosk=screen1&from=script', '_blank')")
    _wait_until("the launcher closed the script's tab", lambda: screen.log().count("opened a new tab; closed") >= 2)
    _wait_until("only the kiosk's tab is left", lambda: len(json.loads(_targets(screen))) == 1)
    assert page.url == f"{screen.server.base_url}/?kiosk={KIOSK}"
    browser.close()


def _targets(screen: Screen) -> str:
    """The browser's tabs as its DevTools port lists them (pages only)."""
    try:
        listed = requests.get(f"http://127.0.0.1:{screen.debug_port}/json/list", timeout=5).json()
    except requests.ConnectionError:
        return "[]"  # not listening (yet)
    return json.dumps([target for target in listed if target["type"] == "page"])


def test_a_download_is_refused(screen: Screen, driver: Playwright) -> None:
    browser = _browser(screen, driver)
    page = _kiosk_page(browser, screen)
    # Playwright takes downloads over when it connects; hand them back to Chromium (and its policy), and
    # listen to what becomes of them.
    session = browser.new_browser_cdp_session()
    outcomes: list[str] = []
    session.on("Browser.downloadProgress", lambda event: outcomes.append(event["state"]))
    session.send("Browser.setDownloadBehavior", {"behavior": "default", "eventsEnabled": True})
    page.evaluate(
        """(address) => {
            const link = document.createElement("a");
            link.href = address; link.download = "slip.png"; link.id = "download-link"; link.textContent = "Save";
            link.style = "position: fixed; top: 0; left: 0; z-index: 99999; font-size: 40px; background: white";
            document.body.appendChild(link);
        }""",
        f"{screen.server.base_url}/favicon.png",
    )
    assert requests.get(f"{screen.server.base_url}/favicon.png", timeout=5).ok  # there is a file to download
    page.click("#download-link")
    _wait_until("the download is refused", lambda: "canceled" in outcomes or "completed" in outcomes, browser=browser)
    assert outcomes[-1] == "canceled"
    downloads = screen.tmp / "home" / "Downloads"
    assert not downloads.exists() or not any(downloads.iterdir())
    browser.close()


def test_the_offline_page_shows_while_the_server_is_down_then_the_kiosk_again(screen: Screen, driver: Playwright) -> None:
    browser = _browser(screen, driver)
    _shows_the_kiosk(_kiosk_page(browser, screen))
    port = int(screen.server.base_url.rsplit(":", 1)[1])
    stop_server(screen.server_process)

    def offline() -> Page | None:
        pages = [page for context in browser.contexts for page in context.pages]
        return next((page for page in pages if page.url.startswith("file://") and "offline.html" in page.url), None)

    page: Page = _wait_until("the offline page shows", offline, browser=browser)  # type: ignore[assignment]
    expect(page.locator("h1")).to_have_text("Kiosken virker ikke akkurat nå.")
    expect(page.locator("section[lang=ar][dir=rtl] h2")).to_have_text("الكشك لا يعمل الآن.")
    expect(page.locator("section")).to_have_count(13)
    assert axe_violations(page) == []  # WCAG 2.1 AA, as every kiosk screen
    assert not _a_tab_shows(screen, lambda url: url.startswith(screen.server.base_url))  # the kiosk's tab is closed

    screen.server_process, screen.server = _serve(screen.tmp, screen.server.env, port=port)
    _shows_the_kiosk(_kiosk_page(browser, screen))  # without a touch
    browser.close()


def _a_tab_shows(screen: Screen, matches: Callable[[str], bool]) -> bool:
    return any(matches(target["url"]) for target in json.loads(_targets(screen)))


def test_with_the_policy_as_installed_no_page_can_be_inspected(screen: Screen, driver: Playwright) -> None:
    screen.stop()
    installed = subprocess.run(
        [sys.executable, "-m", "kiosk", "screen", "check", "--state-dir", str(screen.state)],
        cwd=PROJECT_ROOT, env=screen.server.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Chromium policy: " in installed.stdout and "is out of date" in installed.stdout  # the test's change
    policy = json.loads(screen.policy_file.read_text())
    screen.policy_file.write_text(json.dumps(policy | {"DeveloperToolsAvailability": 2}, indent=2, sort_keys=True) + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "kiosk", "screen", "check", "--state-dir", str(screen.state)],
        cwd=PROJECT_ROOT, env=screen.server.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout
    screen.start()
    # The kiosk's tab is there (the browser lists it) and shows the kiosk without its key ...
    _wait_until(
        "the kiosk's tab is listed",
        lambda: any(t["url"] == f"{screen.server.base_url}/?kiosk={KIOSK}" for t in json.loads(_targets(screen))),
    )
    # ... but no page can be inspected or steered over DevTools.
    browser = _browser(screen, driver)
    assert [page for context in browser.contexts for page in context.pages] == []
    browser.close()


def test_chromium_knows_and_applies_every_policy_the_screen_installs(tmp_path: Path, driver: Playwright) -> None:
    """chrome://policy lists each policy with its status: none unknown or refused by this Chromium."""
    reason = _can_use_a_mount_namespace()
    if reason:
        pytest.skip(f"KIOSK SCREEN TEST NOT RUN: {reason}")
    config = ScreenConfig(server_url="http://127.0.0.1:9", kiosk_id=KIOSK, key="a-key-for-the-test", printer="Slips")
    policy = build_policy(config, tmp_path / "offline.html")
    # To read chrome://policy the page must be allowed and open to the test (the only two changes).
    shown = policy | {"URLAllowlist": [*policy["URLAllowlist"], "chrome://policy"], "DeveloperToolsAvailability": 1}
    etc = tmp_path / "etc-chromium"
    (etc / "policies" / "managed").mkdir(parents=True)
    (etc / "policies" / "managed" / "kiosk-screen.json").write_text(json.dumps(shown))
    wrapper = tmp_path / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec unshare -m sh -c \'mount --bind {etc} /etc/chromium && exec {CHROMIUM} "$@"\' sh "$@"\n')
    wrapper.chmod(0o755)
    browser = driver.chromium.launch(executable_path=str(wrapper), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto("chrome://policy")
        expect(page.locator("policy-row").first).to_be_attached()
        rows = page.evaluate(
            """() => {
                const rows = {};
                const walk = (root) => {
                    for (const element of root.querySelectorAll("*")) {
                        if (element.tagName === "POLICY-ROW") {
                            const text = (element.shadowRoot || element).textContent.replace(/\\s+/g, " ").trim();
                            rows[text.split(" ")[0]] = text;
                        }
                        if (element.shadowRoot) walk(element.shadowRoot);
                    }
                };
                walk(document);
                return rows;
            }"""
        )
    finally:
        browser.close()
    for name in shown:
        assert name in rows, f"{name} is not listed by chrome://policy"
        status = re.search(r"Status (OK|Deprecated|Error|Warning|Ignored)", rows[name])
        assert status and status.group(1) in ("OK", "Deprecated"), rows[name]
    # Chromium 156 marks the two autofill switches deprecated (for AutofillSettings) and still applies them.
    deprecated = sorted(name for name in shown if "Status Deprecated" in rows[name])
    assert set(deprecated) <= {"AutofillAddressEnabled", "AutofillCreditCardEnabled"}, deprecated
