"""The kiosk screen's parts without a browser: the policy for a server address, the offline page in every
kiosk language, the launcher's command line and key handling, the awake hours, install and check."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.cli import main
from kiosk.content.loader import load_content
from kiosk.screen.awake import should_stay_awake, xset_commands
from kiosk.screen.config import ScreenConfig, ScreenPaths, load_config
from kiosk.screen.launcher import Launcher, chromium_command, kiosk_address, shown_without_key
from kiosk.screen.offline_page import render_offline_page
from kiosk.screen.policy import build_policy, url_pattern
from kiosk.screen.profile import has_key_cookie, key_cookie_name, mark_delivered
from kiosk.settings import PROJECT_ROOT, Settings
from kiosk.store.hours import StaffedHours

KEY = "s3cret-Key_0123456789"


def config(url: str = "https://kiosk.bibliotek.no", **extra: object) -> ScreenConfig:
    return ScreenConfig.model_validate({"server_url": url, "kiosk_id": "entrance", "key": KEY, **extra})


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("https://kiosk.bibliotek.no", "https://kiosk.bibliotek.no"),
        ("https://Kiosk.Bibliotek.no/", "https://kiosk.bibliotek.no"),
        ("http://127.0.0.1:8501", "http://127.0.0.1:8501"),
        ("https://bibliotek.no/kiosk/", "https://bibliotek.no/kiosk"),
        ("http://[::1]:8501", "http://[::1]:8501"),
    ],
)
def test_the_policy_allows_the_kiosk_server_and_the_offline_page_only(address: str, allowed: str, tmp_path: Path) -> None:
    offline = tmp_path / "offline.html"
    policy = build_policy(config(address), offline)
    assert url_pattern(address) == allowed
    assert policy["URLBlocklist"] == ["*"]
    assert policy["URLAllowlist"] == [allowed, offline.resolve().as_uri()]
    # Cookies: the kiosk's origin keeps its own; every other cookie lives for one browser run.
    assert policy["DefaultCookiesSetting"] == 4
    assert policy["CookiesAllowedForUrls"] == [allowed.removesuffix("/kiosk")]
    assert "cookies_and_other_site_data" not in policy["ClearBrowsingDataOnExitList"]


def test_the_policy_locks_the_browser_down() -> None:
    policy = build_policy(config(), Path("/var/lib/kiosk-screen/offline.html"))
    assert policy["DownloadRestrictions"] == 3
    assert policy["DeveloperToolsAvailability"] == 2
    assert policy["PasswordManagerEnabled"] is False
    assert policy["AutofillAddressEnabled"] is False and policy["AutofillCreditCardEnabled"] is False
    assert policy["BrowserSignin"] == 0 and policy["SyncDisabled"] is True
    assert policy["TranslateEnabled"] is False
    assert policy["DefaultPopupsSetting"] == 2
    assert policy["IncognitoModeAvailability"] == 1 and policy["BrowserGuestModeEnabled"] is False
    assert policy["AutoplayAllowed"] is True  # read-aloud
    assert policy["PrintingEnabled"] is False


def test_printing_goes_to_the_configured_printer_only() -> None:
    policy = build_policy(config(printer="Slips_1st-floor"), Path("/x/offline.html"))
    assert policy["PrintingEnabled"] is True
    assert "pdf" in policy["PrinterTypeDenyList"]  # "Save as PDF" would be a download
    assert json.loads(policy["DefaultPrinterSelection"]) == {"kind": "local", "namePattern": r"^Slips_1st\-floor$"}
    command = chromium_command(config(printer="Slips_1st-floor"), ScreenPaths(Path("/s")), "https://x/")
    assert "--kiosk-printing" in command
    assert "--kiosk-printing" not in chromium_command(config(), ScreenPaths(Path("/s")), "https://x/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("server_url", "kiosk.bibliotek.no", "is not a web address"),
        ("server_url", "https://kiosk.bibliotek.no/?kiosk=x", "without ?"),
        ("kiosk_id", "Entrance!", "is not a kiosk id"),
        ("key", "short", "the key is the text after key="),
        ("printer", "my printer; rm", "is not a CUPS printer name"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(field: str, value: str, message: str) -> None:
    raw = {"server_url": "https://kiosk.bibliotek.no", "kiosk_id": "entrance", "key": KEY, field: value}
    with pytest.raises(ValidationError, match=message):
        ScreenConfig.model_validate(raw)


class _Sections(HTMLParser):
    """Each <section>'s lang, dir and text; the <html> element's lang and dir."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.sections: list[dict[str, str]] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.root = dict(attrs)
        if tag == "section":
            self.sections.append({"lang": dict(attrs)["lang"] or "", "dir": dict(attrs)["dir"] or "", "text": ""})
            self._in = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.sections[-1]["text"] += data + "\n"


def test_the_offline_page_speaks_every_kiosk_language_with_its_lang_and_dir() -> None:
    library, _problems = load_content(PROJECT_ROOT / "content")
    html = render_offline_page(library, "nb", "https://kiosk.bibliotek.no", "https://kiosk.bibliotek.no/?kiosk=entrance")
    page = _Sections()
    page.feed(html)
    assert len(library.languages) == 13
    assert [s["lang"] for s in page.sections] == ["nb", *[c for c in library.languages if c != "nb"]]
    assert page.root == {"lang": "nb", "dir": "ltr"}
    for section in page.sections:
        language = library.languages[section["lang"]]
        texts = library.messages[language.code]
        assert section["dir"] == ("rtl" if language.code in ("ar", "ur", "fa") else "ltr")
        assert language.native_name in section["text"]
        assert texts["offline.heading"] in section["text"] and texts["offline.wait"] in section["text"]
    assert "Kiosken virker ikke akkurat nå." in html and "الكشك لا يعمل الآن." in html
    assert 'data-kiosk="https://kiosk.bibliotek.no/?kiosk=entrance"' in html
    assert KEY not in html  # the page lies on disk for any account to read
    behind_a_prefix = render_offline_page(library, "nb", "https://bibliotek.no/kiosk", "https://bibliotek.no/kiosk/?kiosk=a")
    assert "img-src https://bibliotek.no/kiosk/;" in behind_a_prefix  # the probe's address is under it


def test_the_offline_page_is_refused_without_its_texts(content_dir: Path) -> None:
    for catalog in (content_dir / "ui").glob("*.yaml"):
        kept = [line for line in catalog.read_text(encoding="utf-8").splitlines() if not line.startswith("offline.")]
        catalog.write_text("\n".join(kept) + "\n", encoding="utf-8")
    library, _problems = load_content(content_dir)
    with pytest.raises(ValueError, match=r"offline.heading"):
        render_offline_page(library, "nb", "https://k", "https://k/?kiosk=a")


def test_the_launcher_starts_chromium_in_kiosk_mode_on_its_own_profile(tmp_path: Path) -> None:
    paths = ScreenPaths(tmp_path)
    command = chromium_command(config(browser_args=["--headless"]), paths, kiosk_address(config(), with_key=True))
    assert command[0] == "/usr/bin/chromium"
    assert "--kiosk" in command and "--remote-debugging-pipe" in command
    assert f"--user-data-dir={tmp_path / 'profile'}" in command
    assert command[-2:] == ["--headless", f"https://kiosk.bibliotek.no/?kiosk=entrance&key={KEY}"]
    assert not any(arg.startswith("--remote-debugging-port") for arg in command)  # no port for anyone else
    assert kiosk_address(config(), with_key=False) == "https://kiosk.bibliotek.no/?kiosk=entrance"
    assert shown_without_key("https://kiosk.bibliotek.no/?kiosk=entrance", config())
    assert not shown_without_key(f"https://kiosk.bibliotek.no/?kiosk=entrance&key={KEY}", config())
    assert not shown_without_key("https://elsewhere.no/?kiosk=entrance", config())


def _cookie_store(profile: Path, host: str, name: str) -> None:
    (profile / "Default").mkdir(parents=True)
    with sqlite3.connect(profile / "Default" / "Cookies") as db:
        db.execute("CREATE TABLE cookies (host_key TEXT, name TEXT, value TEXT)")
        db.execute("INSERT INTO cookies VALUES (?, ?, '')", (host, name))


def test_the_key_is_given_until_the_profile_keeps_it_and_again_after_a_new_key(tmp_path: Path) -> None:
    paths = ScreenPaths(tmp_path)
    launcher = Launcher(config(), paths, log=lambda _line: None, probe=lambda _url: True)
    assert launcher.needs_key()  # a new profile
    assert launcher.start_address(with_key=True, server_up=True).endswith(f"&key={KEY}")
    _cookie_store(paths.profile, "kiosk.bibliotek.no", key_cookie_name("entrance"))
    assert has_key_cookie(paths.profile, "https://kiosk.bibliotek.no", "entrance")
    assert not has_key_cookie(paths.profile, "https://other.no", "entrance")
    assert launcher.needs_key()  # the cookie is there, but the page has not shown it took this key
    mark_delivered(paths.delivered, KEY)
    assert not launcher.needs_key()
    rekeyed = Launcher(config(key="a-new-key-from-kiosks-add"), paths, log=lambda _line: None)
    assert rekeyed.needs_key()


def test_the_first_start_on_a_dead_server_shows_the_offline_page_that_leads_to_the_kiosk(tmp_path: Path) -> None:
    launcher = Launcher(config(), ScreenPaths(tmp_path), log=lambda _line: None, probe=lambda _url: False)
    address = launcher.start_address(with_key=True, server_up=False)
    assert address.startswith((tmp_path / "offline.html").as_uri() + "?next=https%3A%2F%2Fkiosk.bibliotek.no")


def test_the_screen_stays_awake_in_staffed_hours_only() -> None:
    hours = StaffedHours(weekly={"mon": [("09:00", "16:00")]}, exceptions={})
    monday = datetime(2026, 12, 7, 10, 0)
    assert should_stay_awake(hours, monday)
    assert not should_stay_awake(hours, monday.replace(hour=17))
    assert not should_stay_awake(hours, datetime(2026, 12, 8, 10, 0))  # Tuesday
    assert should_stay_awake(None, monday.replace(hour=3))  # no hours: always on
    assert ["xset", "-dpms"] in xset_commands(True) and ["xset", "+dpms"] in xset_commands(False)


def _install(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "screen",
        "install",
        "--url",
        "http://127.0.0.1:9",
        "--kiosk",
        "entrance",
        "--key",
        KEY,
        "--state-dir",
        str(tmp_path / "state"),
        "--policy-dir",
        str(tmp_path / "policies"),
        "--home",
        str(tmp_path / "home"),
        *extra,
    ]


def test_install_writes_everything_and_check_says_what_is_missing(settings: Settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(_install(tmp_path, "--awake-hours", "mon-fri=09:00-16:00", "--browser-arg=--headless")) == 0
    out = capsys.readouterr().out
    assert "offline page in 13 languages" in out and "Chromium policy (only http://127.0.0.1:9" in out
    state = tmp_path / "state"
    assert stat.S_IMODE(os.stat(state / "screen.json").st_mode) == 0o600  # it holds the key
    assert stat.S_IMODE(os.stat(tmp_path / "policies" / "kiosk-screen.json").st_mode) == 0o644
    saved = load_config(state / "screen.json")
    assert saved.browser_args == ["--headless"] and saved.awake_hours is not None
    assert saved.session_home == tmp_path / "home"
    service = (tmp_path / "home" / ".config" / "systemd" / "user" / "kiosk-screen.service").read_text(encoding="utf-8")
    assert "Restart=always" in service
    assert f"-m kiosk screen run --state-dir {state}" in service
    autostart = tmp_path / "home" / ".config" / "autostart" / "kiosk-screen.desktop"
    assert "systemctl --user restart kiosk-screen.service" in autostart.read_text(encoding="utf-8")

    assert main(["screen", "check", "--state-dir", str(state)]) == 1  # nothing answers on port 9
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("ok      Chromium policy") for line in lines)
    assert any(line.startswith("ok      offline page") for line in lines)
    assert any(line.startswith("MISSING the server answers at http://127.0.0.1:9") for line in lines)
    assert lines[-1] == f"{len(lines) - 1} checks: 1 missing"

    (tmp_path / "policies" / "kiosk-screen.json").write_text("{}", encoding="utf-8")
    main(["screen", "check", "--state-dir", str(state)])
    assert "is out of date (python -m kiosk screen install again)" in capsys.readouterr().out


def test_install_refuses_bad_input_with_a_message_and_writes_nothing(settings: Settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    arguments = _install(tmp_path)
    arguments[arguments.index("--url") + 1] = "kiosk.bibliotek.no"
    assert main(arguments) == 2
    assert "not installed:" in capsys.readouterr().err
    assert not (tmp_path / "state").exists() and not (tmp_path / "policies").exists()
    assert main(["screen", "check", "--state-dir", str(tmp_path / "state")]) == 1
    assert "run python -m kiosk screen install first" in capsys.readouterr().out
    assert main(["screen", "run", "--state-dir", str(tmp_path / "state")]) == 2  # the service, before an install
    assert "run python -m kiosk screen install first" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another account needs root")
def test_install_gives_the_state_folder_and_session_files_to_the_screen_account(settings: Settings, tmp_path: Path) -> None:
    import pwd

    arguments = _install(tmp_path, "--user", "nobody")
    assert main(arguments) == 0
    nobody = pwd.getpwnam("nobody").pw_uid
    service = tmp_path / "home" / ".config" / "systemd" / "user" / "kiosk-screen.service"
    state = tmp_path / "state"
    for path in (state, state / "screen.json", state / "profile", tmp_path / "home" / ".config", service):
        assert path.stat().st_uid == nobody, path
    assert (tmp_path / "policies" / "kiosk-screen.json").stat().st_uid == 0  # Chromium's policy stays root's
