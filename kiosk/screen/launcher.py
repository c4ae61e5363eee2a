"""Starts Debian's Chromium full-screen on the kiosk and keeps it there.

- the first start opens `?kiosk=<id>&key=<key>`; once the page has kept the key (its cookie) the screen
  opens `?kiosk=<id>` only (profile.py decides);
- a tab a link or a script opens is closed at once, so the visitor stays on the kiosk;
- when the server stops answering the screen shows the offline page, which goes back by itself;
- when Chromium dies it is started again; the screen's sleep follows the awake hours.

The launcher talks to its Chromium over --remote-debugging-pipe (devtools_pipe.py): a private channel,
no port. `systemd` (or the session's autostart) keeps the launcher itself running.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from kiosk.screen import awake
from kiosk.screen.config import ScreenConfig, ScreenPaths
from kiosk.screen.devtools_pipe import DevToolsPipe, PipeClosed
from kiosk.screen.policy import offline_page_url
from kiosk.screen.profile import has_key_cookie, key_delivered, mark_delivered

PROBE_SECONDS = 2.0
DOWN_AFTER = 2  # failed probes in a row before the offline page shows (one lost packet is not an outage)
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0)  # a browser that keeps dying is started less and less often

# The kiosk's switches. Chromium's own pages, bubbles and gestures that could lead away from the kiosk are off.
KIOSK_SWITCHES = (
    "--kiosk",
    "--no-first-run",
    "--no-default-browser-check",
    "--noerrdialogs",
    "--disable-session-crashed-bubble",
    "--hide-crash-restore-bubble",
    "--disable-infobars",
    "--password-store=basic",  # no desktop keyring prompt on a screen nobody signs in to
    "--autoplay-policy=no-user-gesture-required",
    "--overscroll-history-navigation=0",  # a swipe does not go back to an earlier page
    "--disable-pinch",  # the kiosk has its own text sizes; a pinched page stays zoomed for the next visitor
    "--check-for-update-interval=31536000",
    "--disable-features=Translate,TouchpadOverscrollHistoryNavigation",
    "--remote-debugging-pipe",
)

Log = Callable[[str], None]


def _log(line: str) -> None:
    print(f"kiosk-screen: {line}", flush=True)


def kiosk_address(config: ScreenConfig, with_key: bool) -> str:
    query = {"kiosk": config.kiosk_id} | ({"key": config.key} if with_key else {})
    return f"{config.server_url}/?{urlencode(query)}"


def shown_without_key(url: str, config: ScreenConfig) -> bool:
    """The kiosk page is showing and has taken the key out of its address (it keeps it in its cookie)."""
    if not url.startswith(config.server_url + "/"):
        return False
    query = parse_qs(urlsplit(url).query)
    return query.get("kiosk") == [config.kiosk_id] and "key" not in query


def offline_address(paths: ScreenPaths, next_address: str) -> str:
    return f"{offline_page_url(paths.offline_page)}?{urlencode({'next': next_address})}"


def chromium_command(config: ScreenConfig, paths: ScreenPaths, start_url: str) -> list[str]:
    command = [str(config.chromium), *KIOSK_SWITCHES, f"--user-data-dir={paths.profile}"]
    if config.printer:
        command.append("--kiosk-printing")  # a slip prints at once on the default printer (the policy's)
    return [*command, *config.browser_args, start_url]


def server_is_up(server_url: str, timeout: float = 2.0) -> bool:
    """The kiosk server answers its health check (what `python -m kiosk serve` answers at /_stcore/health)."""
    try:
        with urllib.request.urlopen(f"{server_url}/_stcore/health", timeout=timeout) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


class Browser:
    """One Chromium run and the launcher's pipe to it."""

    def __init__(self, command: list[str], on_event: Callable[[str, dict[str, Any]], None]) -> None:
        commands_read, commands_write = os.pipe()
        answers_read, answers_write = os.pipe()

        def onto_fds_3_and_4() -> None:  # Chromium reads commands on fd 3 and answers on fd 4
            read_end, write_end = os.dup(commands_read), os.dup(answers_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(command, preexec_fn=onto_fds_3_and_4, close_fds=False)
        os.close(commands_read)
        os.close(answers_write)
        self.pipe = DevToolsPipe(commands_write, answers_read, on_event)

    def running(self) -> bool:
        return self.process.poll() is None and not self.pipe.closed.is_set()

    def close(self, timeout: float = 15.0) -> None:
        """Close as a person would (Chromium writes its cookies), then insist."""
        if self.process.poll() is None:
            with contextlib.suppress(PipeClosed, RuntimeError):
                self.pipe.send("Browser.close", timeout=5)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self.pipe.close()


class Launcher:
    def __init__(
        self,
        config: ScreenConfig,
        paths: ScreenPaths,
        log: Log = _log,
        probe: Callable[[str], bool] = server_is_up,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.config = config
        self.paths = paths
        self.log = log
        self.probe = probe
        self.now = now
        self.stopping = threading.Event()
        self._events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()

    def needs_key(self) -> bool:
        cookie = has_key_cookie(self.paths.profile, self.config.server_url, self.config.kiosk_id)
        return not (cookie and key_delivered(self.paths.delivered, self.config.key))

    def start_address(self, with_key: bool, server_up: bool) -> str:
        kiosk = kiosk_address(self.config, with_key)
        return kiosk if server_up else offline_address(self.paths, kiosk)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda *_: self.stopping.set())
        failures = 0
        while not self.stopping.is_set():
            started = time.monotonic()
            code = self.run_browser_once()
            if self.stopping.is_set():
                break
            failures = 0 if time.monotonic() - started > 60 else failures + 1
            delay = RESTART_DELAYS[min(failures, len(RESTART_DELAYS) - 1)]
            self.log(f"the browser stopped (exit code {code}); starting it again in {delay:.0f} s")
            self.stopping.wait(delay)
        self.log("stopped")
        return 0

    def run_browser_once(self) -> int | None:
        with_key = self.needs_key()
        up = self.probe(self.config.server_url)
        address = self.start_address(with_key, up)
        shown = "the kiosk" if up else "the offline page (the server does not answer)"
        key = "with its key (first start)" if with_key else "without the key (the profile keeps it)"
        self.log(f"starting Chromium on {shown}: {kiosk_address(self.config, False)} {key}")
        self._events = queue.Queue()
        events = self._events
        browser = Browser(chromium_command(self.config, self.paths, address), lambda m, p: events.put((m, p)))
        self.log(f"Chromium started (pid {browser.process.pid})")
        try:
            _Session(self, browser, with_key).supervise()
        except PipeClosed:
            pass
        finally:
            browser.close()
        return browser.process.returncode


class _Session:
    """One browser run: which tab is the kiosk's, the server's state, the screen's sleep."""

    def __init__(self, launcher: Launcher, browser: Browser, with_key: bool) -> None:
        self.launcher = launcher
        self.browser = browser
        self.awaiting_key = with_key
        self.main: str | None = None
        self.main_url = ""
        self.down = 0
        self.awake: bool | None = None
        self.offline_url = offline_page_url(launcher.paths.offline_page)

    def supervise(self) -> None:
        launcher = self.launcher
        self.browser.pipe.send("Target.setDiscoverTargets", {"discover": True})
        next_probe = time.monotonic() + PROBE_SECONDS
        while self.browser.running() and not launcher.stopping.is_set():
            timeout = max(0.0, next_probe - time.monotonic())
            try:
                method, params = launcher._events.get(timeout=min(timeout, 0.5))
                self.on_event(method, params)
                continue
            except queue.Empty:
                pass
            if time.monotonic() >= next_probe:
                self.check_server()
                self.keep_awake()
                next_probe = time.monotonic() + PROBE_SECONDS

    def on_event(self, method: str, params: dict[str, Any]) -> None:
        info = params.get("targetInfo", {})
        if info.get("type") != "page":
            return
        target = str(info.get("targetId"))
        if method == "Target.targetCreated":
            if self.main is None:
                self.main, self.main_url = target, str(info.get("url", ""))
            elif target != self.main:
                self.close_tab(target, "a link or script opened a new tab; closed, the kiosk stays")
        elif method == "Target.targetInfoChanged" and target == self.main:
            self.main_url = str(info.get("url", ""))
            if not self.on_the_kiosk(self.main_url):
                # Chromium's "blocked by your administrator" page has no way back for a visitor.
                self.replace_tab(kiosk_address(self.launcher.config, self.awaiting_key), "the screen left the kiosk; back to it")
                return
            if self.awaiting_key and shown_without_key(self.main_url, self.launcher.config):
                mark_delivered(self.launcher.paths.delivered, self.launcher.config.key)
                self.awaiting_key = False
                self.launcher.log("the kiosk page has kept its key; later starts open it without the key")
        elif method == "Target.targetDestroyed" and target == self.main:
            self.main = None

    def on_the_kiosk(self, url: str) -> bool:
        server = self.launcher.config.server_url
        return url in ("", "about:blank", server) or url.startswith((server + "/", self.offline_url))

    def close_tab(self, target: str, why: str) -> None:
        with contextlib.suppress(RuntimeError):
            self.browser.pipe.send("Target.closeTarget", {"targetId": target})
        self.launcher.log(why)

    def check_server(self) -> None:
        launcher = self.launcher
        if launcher.probe(launcher.config.server_url):
            if self.down >= DOWN_AFTER:
                launcher.log("the server answers again")
            self.down = 0
            return
        self.down += 1
        if self.down >= DOWN_AFTER and not self.main_url.startswith(self.offline_url):
            self.show_offline()

    def show_offline(self) -> None:
        launcher = self.launcher
        address = offline_address(launcher.paths, kiosk_address(launcher.config, self.awaiting_key))
        self.replace_tab(address, "the server does not answer: the offline page shows until it does")

    def replace_tab(self, address: str, why: str) -> None:
        """Open `address` in a new tab, then close the old one: with developer tools off the launcher may not
        steer a page, only open and close tabs."""
        old = self.main
        created = self.browser.pipe.send("Target.createTarget", {"url": address})
        self.main, self.main_url = str(created["targetId"]), address
        if old:
            self.close_tab(old, why)

    def keep_awake(self) -> None:
        wanted = awake.should_stay_awake(self.launcher.config.awake_hours, self.launcher.now())
        if wanted != self.awake:
            self.awake = wanted
            if awake.apply(wanted):
                state = "stays on (staffed hours)" if wanted else "may sleep (outside staffed hours)"
                self.launcher.log(f"the screen {state}")


def run(paths: ScreenPaths, config: ScreenConfig) -> int:
    if not Path(config.chromium).exists():
        print(f"kiosk-screen: no Chromium at {config.chromium} (apt-get install chromium)", file=sys.stderr)
        return 2
    return Launcher(config, paths).run()
