"""`python -m kiosk screen install` and `screen check`: everything a Debian machine needs to be a kiosk screen.

Install writes the screen's settings (with the key, readable by the screen's account only), the offline page,
Chromium's managed policy, and the session files from deploy/kiosk-screen/ (a systemd user service and the
autostart entry that starts it). Check says, line by line, what is there and what is missing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

from kiosk.content.loader import load_content
from kiosk.files import write_atomically
from kiosk.screen.config import ScreenConfig, ScreenPaths, load_config, owner_only, save_config
from kiosk.screen.launcher import kiosk_address, server_is_up
from kiosk.screen.offline_page import HEADING, WAIT, ordered_languages, render_offline_page
from kiosk.screen.policy import policy_json
from kiosk.screen.profile import has_key_cookie
from kiosk.settings import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "deploy" / "kiosk-screen"
SERVICE = "kiosk-screen.service"
AUTOSTART = "kiosk-screen.desktop"


@dataclass(frozen=True)
class SessionFiles:
    """Where the screen account's session finds the launcher: its systemd user unit and autostart entry."""

    home: Path

    @property
    def service(self) -> Path:
        return self.home / ".config" / "systemd" / "user" / SERVICE

    @property
    def autostart(self) -> Path:
        return self.home / ".config" / "autostart" / AUTOSTART


def account_home(user: str) -> Path:
    try:
        return Path(pwd.getpwnam(user).pw_dir)
    except KeyError as exc:
        raise ValueError(f"there is no account '{user}' (adduser {user}, and let the screen log in as it)") from exc


def offline_page_html(config: ScreenConfig, content_dir: Path, default_language: str) -> str:
    library, _problems = load_content(content_dir)
    return render_offline_page(library, default_language, config.server_url, kiosk_address(config, with_key=False))


def session_file_texts(paths: ScreenPaths, python: str) -> dict[str, str]:
    values = {"project": str(PROJECT_ROOT), "python": python, "state_dir": str(paths.state_dir)}
    return {name: Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values) for name in (SERVICE, AUTOSTART)}


def install(
    config: ScreenConfig,
    paths: ScreenPaths,
    session: SessionFiles,
    content_dir: Path,
    default_language: str,
    user: str | None = None,
    python: str = "",
) -> list[str]:
    """Write everything; the lines say what was written. ValueError when the content lacks its texts."""
    config = config.model_copy(update={"session_home": session.home, "policy_dir": paths.policy_dir})
    done: list[str] = []
    page = offline_page_html(config, content_dir, default_language)
    paths.state_dir.mkdir(parents=True, exist_ok=True)
    save_config(config, paths.config)
    done.append(f"settings (with the key, for the screen's account only): {paths.config}")
    paths.delivered.unlink(missing_ok=True)  # a new or the same key: given once more at the next start
    write_atomically(paths.offline_page, page, mode=0o644)
    done.append(f"offline page in {page.count('<section ')} languages: {paths.offline_page}")
    write_atomically(paths.policy, policy_json(config, paths.offline_page), mode=0o644)
    done.append(f"Chromium policy (only {config.server_url} and the offline page): {paths.policy}")
    texts = session_file_texts(paths, python or _python())
    write_atomically(session.service, texts[SERVICE], mode=0o644)
    write_atomically(session.autostart, texts[AUTOSTART], mode=0o644)
    done.append(f"systemd user service (restarts the launcher): {session.service}")
    done.append(f"autostart entry (starts it with the desktop session): {session.autostart}")
    paths.profile.mkdir(parents=True, exist_ok=True)
    if user:
        _give_to(user, [paths.state_dir, session.service.parent, session.autostart.parent], session.home)
        done.append(f"the state folder and session files belong to '{user}'")
    return done


def _python() -> str:
    """The interpreter of the kiosk's virtualenv (as installed), else the running one."""
    venv = PROJECT_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _give_to(user: str, folders: list[Path], home: Path) -> None:
    entry = pwd.getpwnam(user)
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in [root, *(os.path.join(root, d) for d in dirs), *(os.path.join(root, f) for f in files)]:
                os.chown(name, entry.pw_uid, entry.pw_gid)
        # The folders between home and a session file (~/.config, ~/.config/systemd) too.
        parent = folder.parent
        while parent != home and home in parent.parents:
            os.chown(parent, entry.pw_uid, entry.pw_gid)
            parent = parent.parent


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str

    def line(self) -> str:
        return f"{'ok     ' if self.ok else 'MISSING'} {self.what}"


def check(paths: ScreenPaths, content_dir: Path, default_language: str) -> list[Finding]:
    """What a screen needs, each thing present or missing (with what to do)."""
    findings: list[Finding] = []
    try:
        config = load_config(paths.config)
    except ValueError as exc:
        return [Finding(False, f"settings: {exc}")]
    paths = ScreenPaths(paths.state_dir, config.policy_dir)  # where install put the policy
    findings.append(Finding(owner_only(paths.config), f"settings readable by the screen's account only: {paths.config}"))
    chromium = Path(config.chromium)
    hint = "" if chromium.exists() else " (apt-get install chromium)"
    findings.append(Finding(chromium.exists(), f"Chromium at {chromium}{hint}"))
    findings.append(_same(paths.policy, policy_json(config, paths.offline_page), "Chromium policy"))
    try:
        page = offline_page_html(config, content_dir, default_language)
    except ValueError as exc:
        findings.append(Finding(False, f"offline page: {exc}"))
    else:
        findings.append(_same(paths.offline_page, page, "offline page"))
        library, _problems = load_content(content_dir)
        shown = {language.code for language in ordered_languages(library, default_language)}
        short = [code for code in library.languages if code not in shown]
        if short:
            findings.append(Finding(False, f"offline page texts ({HEADING}, {WAIT}) missing in: {', '.join(short)}"))
    if config.session_home is not None:
        session = SessionFiles(config.session_home)
        for path, what in ((session.service, "systemd user service"), (session.autostart, "autostart entry")):
            findings.append(Finding(path.is_file(), f"{what}: {path}"))
    up = server_is_up(config.server_url)
    hint = "" if up else " (is it running? is the address right?)"
    findings.append(Finding(up, f"the server answers at {config.server_url}{hint}"))
    kept = has_key_cookie(paths.profile, config.server_url, config.kiosk_id)
    kept_line = "keeps the kiosk's key" if kept else "has no key yet: the next start gives it"
    findings.append(Finding(True, f"the browser profile {kept_line}"))
    if os.environ.get("DISPLAY") and not shutil.which("xset"):
        findings.append(Finding(False, "xset, to keep the screen awake in staffed hours (apt-get install x11-xserver-utils)"))
    return findings


def _same(path: Path, expected: str, what: str) -> Finding:
    if not path.is_file():
        return Finding(False, f"{what}: no {path} (python -m kiosk screen install)")
    if path.read_text(encoding="utf-8") != expected:
        return Finding(False, f"{what}: {path} is out of date (python -m kiosk screen install again)")
    return Finding(True, f"{what}: {path}")
