"""End-to-end fixtures: a real server (`python -m kiosk serve`) on a free port and Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from kiosk.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("KIOSK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
STAFF_PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    data_dir: Path
    content_dir: Path
    env: dict[str, str]


def start_server(tmp: Path, extra_env: dict[str, str] | None = None, seed: bool = True) -> tuple[subprocess.Popen[bytes], Server]:
    """A server with the demo kiosk, Kari (staff) and Rita (editor); seed=False: a second server on a
    database and data dir that another one has set up already (give both in extra_env)."""
    content_dir = tmp / "content"
    shutil.copytree(PROJECT_ROOT / "content", content_dir)
    env = os.environ | {
        "KIOSK_DATA_DIR": str(tmp / "var"),
        "KIOSK_CONTENT_DIR": str(content_dir),
        # Kari is put on the floor once by _seed; without a tablet of hers open she would count as away.
        "KIOSK_PRESENCE_STALE_SECONDS": str(30 * 24 * 3600),
        **(extra_env or {}),
    }
    if seed:
        _seed(env)
    return _serve(tmp, env)


def _seed(env: dict[str, str]) -> None:
    """In one process (each `python -m kiosk` start costs a second of imports, before every browser test)."""
    script = """
import sys
from datetime import timedelta

from kiosk.accounts.auth import list_users
from kiosk.cli import main
from kiosk.floor.presence import Presence, heard_from, set_presence
from kiosk.settings import get_settings
from kiosk.store import make_engine
from kiosk.store.kiosks import get_kiosk

def run(*args):
    if main(list(args)) != 0:
        sys.exit(f"seeding failed at: {' '.join(args)}")

run("setup", "--demo")
# Staff on the floor around the clock, so Call for help reaches them whenever the tests run.
run("kiosks", "add", "demo", "--name", "Demo kiosk", "--location", "Hovedbiblioteket, 1. etasje",
    "--hours", "mon-sun=00:00-23:59")
for username, name, role in (("kari", "Kari", "staff"), ("rita", "Rita", "editor")):
    run("users", "add", username, "--name", name, "--role", role, "--password-stdin")
engine = make_engine(get_settings().effective_database_url)
kari = next(u.id for u in list_users(engine) if u.username == "kari")
set_presence(engine, kari, Presence.FLOOR)
# The demo has two branches: Kari's tablet says she is at the demo kiosk's.
heard_from(engine, kari, timedelta(seconds=1), branch_id=get_kiosk(engine, "demo").branch_id)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")


def _serve(tmp: Path, env: dict[str, str], port: int | None = None) -> tuple[subprocess.Popen[bytes], Server]:
    """`port`: the port of a server that was stopped, so that its open pages reconnect to the new one."""
    port = port or _free_port()
    log = open(tmp / "streamlit.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "serve",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {(tmp / 'streamlit.log').read_text()}")
        try:
            if requests.get(f"{base}/_stcore/health", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("streamlit did not become healthy in 60 s")
    return process, Server(base, Path(env["KIOSK_DATA_DIR"]), Path(env["KIOSK_CONTENT_DIR"]), env)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(process)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1080, "height": 1600})
    page = context.new_page()
    yield page
    context.close()


def wait_for_script(page) -> None:  # type: ignore[no-untyped-def]
    """Streamlit is connected and has finished running the script."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']",
        timeout=30_000,
    )


def wait_for_app(page) -> None:  # type: ignore[no-untyped-def]
    """Streamlit has finished running the script and has rendered the page's buttons."""
    wait_for_script(page)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] button:visible", timeout=30_000)
    page.wait_for_timeout(300)


def screenshot(page, name: str, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core (shipped inside the axe-playwright-python package) on the page as it is now."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def words_wider_than_their_button(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Button labels with a word too wide for the button: the browser would break it mid-word."""
    return page.evaluate(
        """() => {
            const ctx = document.createElement('canvas').getContext('2d');
            const broken = [];
            for (const p of document.querySelectorAll('.stButton button p')) {
                if (!p.offsetParent) continue;
                const style = getComputedStyle(p);
                const button = p.closest('button');
                const box = getComputedStyle(button);
                const room = button.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
                ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                for (const word of p.innerText.split(/\\s+/)) {
                    if (ctx.measureText(word).width > room + 1) broken.push(word);
                }
            }
            return broken;
        }"""
    )


def click(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Press the visible button with this exact name and wait for the app to settle."""
    page.get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_timeout(150)  # let the rerun begin before asking whether it has ended
    wait_for_app(page)


def click_key(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press the button Streamlit rendered for widget key `key`."""
    page.locator(f".st-key-{key} button").first.click()
    page.wait_for_timeout(150)  # let the rerun begin before asking whether it has ended
    wait_for_app(page)


def sign_in_staff(  # type: ignore[no-untyped-def]
    page, base_url: str, username: str = "kari", heading: str = "Hjelp på gulvet", branch: str | None = "Hovedbiblioteket"
) -> None:
    """Signs in; a new tablet in the demo library (two branches) is asked where the person is: `branch`
    answers (the demo kiosk's), None leaves the question open."""
    page.goto(base_url)
    page.get_by_label("Brukernavn").wait_for(timeout=30_000)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    if branch is None:
        return
    wait_for_script(page)
    where = page.locator(".st-key-where-am-i")
    if where.count():
        where.get_by_role("button", name=branch, exact=True).click()
        where.wait_for(state="detached", timeout=30_000)


def axe_all_rules(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core with every rule it has (WCAG 2.0–2.2 and best practice), not only the WCAG tags."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate("() => axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def small_targets(page, minimum: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible things a finger presses (buttons, links, fields, switches) smaller than `minimum` px either way."""
    return page.evaluate(
        """(minimum) => {
            const selector = "button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=switch],"
                + " [role=checkbox], [role=combobox], [role=tab], [tabindex]:not([tabindex='-1'])";
            const small = [];
            for (const element of document.querySelectorAll(selector)) {
                const box = element.getBoundingClientRect();
                const style = getComputedStyle(element);
                if (!box.width || !box.height || style.visibility === "hidden" || !element.offsetParent) continue;
                if (box.width <= 1 && box.height <= 1) continue;  // visually hidden until focused (a skip link)
                // A checkbox or switch inside a label: the label is the target.
                const target = element.closest("label") || element;
                const area = target.getBoundingClientRect();
                if (area.width + 0.5 < minimum || area.height + 0.5 < minimum) {
                    const name = (element.innerText || element.getAttribute("aria-label") || element.tagName).trim();
                    small.push(`${name.slice(0, 40)} ${Math.round(area.width)}x${Math.round(area.height)}`);
                }
            }
            return small;
        }""",
        minimum,
    )


# Streamlit's own English, which no setting translates: none of it may show on a translated kiosk screen.
STREAMLIT_ENGLISH = (
    "Press Enter to submit",
    "Press Enter to apply",
    "Skip to main content",
    "Fullscreen",
    "Close fullscreen",
    "/200",
    "Running...",
    "Made with Streamlit",
    "Deploy",
    "Help kiosk",
)


def streamlit_english(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Streamlit's English strings a visitor sees or hears: visible text, names, titles and the page title."""
    return page.evaluate(
        """(phrases) => {
            const heard = [document.title, document.body.innerText];
            for (const element of document.querySelectorAll("[aria-label], [title], [alt], [aria-valuetext]")) {
                if (!element.getClientRects().length) continue;
                for (const name of ["aria-label", "title", "alt", "aria-valuetext"]) heard.push(element.getAttribute(name) || "");
            }
            for (const bar of document.querySelectorAll("[role=progressbar]")) {
                if (!bar.getAttribute("aria-label") && !bar.getAttribute("aria-labelledby")) heard.push("progress (unnamed)");
            }
            const text = heard.join("\\n");
            return phrases.filter((phrase) => text.includes(phrase));
        }""",
        list(STREAMLIT_ENGLISH),
    )
