"""`python -m kiosk ...` as an operator runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kiosk.cli import main
from kiosk.settings import PROJECT_ROOT, Settings


def run(*args: str, env_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)


def test_content_check_passes_on_shipped_content() -> None:
    result = run("content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def test_content_check_prints_problems_and_fails(content_dir: Path) -> None:
    (content_dir / "guides" / "library-wifi.yaml").write_text(
        (content_dir / "guides" / "library-wifi.yaml").read_text(encoding="utf-8").replace("category: library", "category: x"),
        encoding="utf-8",
    )
    result = run("content", "check", "--content-dir", str(content_dir))
    assert result.returncode == 1
    assert "error: guides/library-wifi.yaml, guide library-wifi, field category: unknown category 'x'" in result.stdout
    assert "1 errors" in result.stdout


def test_setup_kiosks_add_and_list(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["setup", "--demo"]) == 0
    assert main(["kiosks", "add", "entrance", "--name", "By the entrance", "--hours", "mon-fri=10:00-15:00"]) == 0
    assert main(["kiosks", "list"]) == 0
    out = capsys.readouterr().out
    assert "demo kiosks added in two branches" in out
    assert "entrance\tBy the entrance" in out
    assert (settings.data_dir / "kiosk.db").is_file()


def test_branches_add_list_and_a_kiosk_in_a_branch(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.store import make_engine
    from kiosk.store.kiosks import get_kiosk

    add = ["branches", "add", "toyen", "--name", "Tøyen filial", "--hours", "mon-fri=12:00-18:00", "--phone", "+47 23 43 29 00"]
    assert main(add) == 0
    assert main(["kiosks", "add", "toyen-1", "--name", "Ved døra", "--branch", "nowhere"]) == 2
    assert "there is no branch 'nowhere'" in capsys.readouterr().err
    assert main(["kiosks", "add", "toyen-1", "--name", "Ved døra", "--branch", "toyen", "--location", "1. etasje"]) == 0
    # Updated without --branch: it stays in its branch, and without --hours it follows the branch's.
    assert main(["kiosks", "add", "toyen-1", "--name", "Ved inngangen", "--location", "Inngangen"]) == 0
    kiosk = get_kiosk(make_engine(settings.effective_database_url), "toyen-1")
    assert kiosk is not None and (kiosk.branch_id, kiosk.staffed_hours, kiosk.display_name) == ("toyen", None, "Ved inngangen")
    assert kiosk.hours.weekly["mon"] == [("12:00", "18:00")]
    capsys.readouterr()
    assert main(["branches", "list"]) == 0
    assert main(["kiosks", "list"]) == 0
    out = capsys.readouterr().out
    assert "toyen\tTøyen filial\t1 kiosks\t+47 23 43 29 00\tglobal targets only" in out
    assert "toyen-1\tVed inngangen\ttoyen (Tøyen filial)\tInngangen\tbranch hours" in out
    assert main(["branches", "add", "Bad Id", "--name", "X"]) == 2


def test_kiosks_add_refuses_bad_hours(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["kiosks", "add", "x", "--name", "X", "--hours", "someday=10:00-15:00"]) == 2
    assert "not saved" in capsys.readouterr().err


def test_kiosk_with_closed_days(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from kiosk.store import make_engine
    from kiosk.store.kiosks import get_kiosk

    args = ["kiosks", "add", "branch", "--name", "Branch", "--hours", "mon-fri=10:00-15:00"]
    assert main([*args, "--exception", "2026-12-24", "2026-12-23=10:00-13:00"]) == 0
    kiosk = get_kiosk(make_engine(settings.effective_database_url), "branch")
    assert kiosk.staffed_hours.exceptions == {date(2026, 12, 24): [], date(2026, 12, 23): [("10:00", "13:00")]}


def test_users_add_passwd_disable(settings: Settings, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from kiosk.accounts.auth import authenticate
    from kiosk.store import make_engine

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["users", "add", "kari", "--name", "Kari", "--role", "staff", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "passwd", "kari", "--password-stdin"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("a new long password\n"))
    assert main(["users", "passwd", "kari", "--password-stdin"]) == 0
    engine = make_engine(settings.effective_database_url)
    assert authenticate(engine, "kari", "a new long password").display_name == "Kari"
    assert main(["users", "disable", "kari"]) == 0
    assert main(["users", "list"]) == 0
    assert "kari\tstaff\tKari\t(disabled)" in capsys.readouterr().out


def test_setup_demo_prints_demo_accounts_once(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["setup", "--demo"]) == 0
    first = capsys.readouterr().out
    assert first.count("password:") == 4  # staff, editor, service lead, admin
    assert main(["setup", "--demo"]) == 0
    assert "password:" not in capsys.readouterr().out


def test_audio_build_makes_every_clip_once_and_reports(settings: Settings, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings
    from tests.gtts_server import fake_gtts

    # Two guides: every clip is encoded (a few hundred for all 28 guides, minutes of CPU for the same check).
    for guide in (settings.content_dir / "guides").glob("*.yaml"):
        if guide.stem not in {"library-wifi", "digital-mailbox"}:
            guide.unlink()
    with fake_gtts() as server:
        monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", server.url)
        get_settings.cache_clear()
        assert main(["audio", "build", "--language", "nb", "ar"]) == 0
        first = capsys.readouterr()
        made, shared = (int(n) for n in re.findall(r"(\d+) made, (\d+) already cached, 0 failed", first.out)[0])
        assert made > 20  # texts that stand in several guides share one clip: those count as cached
        assert f"{made + shared}/{made + shared}" in first.err  # the progress bar
        asked = len(server.requests)
        assert main(["audio", "build", "--language", "nb", "ar"]) == 0
        assert f"0 made, {made + shared} already cached" in capsys.readouterr().out
        assert len(server.requests) == asked, "cached clips are not asked for again"

    # A changed step makes exactly that step's clips again (two speeds).
    guide = settings.content_dir / "guides" / "library-wifi.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Trykk på «Wi-Fi»", "Trykk på «WLAN»"), encoding="utf-8")
    with fake_gtts() as server:
        monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", server.url)
        get_settings.cache_clear()
        assert main(["audio", "build", "--language", "nb"]) == 0
        assert "2 made" in capsys.readouterr().out
        assert {text for text, _, _ in server.requests} == {"Trykk på «WLAN» eller «Trådløst nett»."}


def test_audio_build_reports_failures(settings: Settings, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", "http://127.0.0.1:9/down")
    monkeypatch.setenv("PATH", "/nonexistent")
    get_settings.cache_clear()
    assert main(["audio", "build", "--language", "en"]) == 1
    out = capsys.readouterr().out
    assert "0 made" in out and "failed" in out and "espeak-ng is not installed" in out


def test_a_short_secret_key_setting_stops_the_cli_with_a_clear_message(settings: Settings, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_SECRET_KEY", "changeme")
    get_settings.cache_clear()
    assert main(["setup"]) == 2
    err = capsys.readouterr().err
    assert "KIOSK_SECRET_KEY: KIOSK_SECRET_KEY is too short (8 characters)" in err
    assert "Traceback" not in err


def test_setup_makes_the_signing_key_and_refuses_a_weak_one(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["setup"]) == 0
    assert len((settings.data_dir / "secret.key").read_bytes()) >= 32
    (settings.data_dir / "secret.key").write_bytes(b"")
    assert main(["setup"]) == 2
    err = capsys.readouterr().err
    assert "refusing to go on: the signing key from" in err and "has 0 bytes" in err


def test_content_seed_fills_an_empty_volume_once(settings: Settings, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.rmtree(settings.content_dir)  # a container's fresh /data volume
    assert main(["content", "seed", "--from", str(PROJECT_ROOT / "content")]) == 0
    wifi = settings.content_dir / "guides" / "library-wifi.yaml"
    assert wifi.is_file()
    wifi.write_text(wifi.read_text(encoding="utf-8") + "\n# published by an editor\n", encoding="utf-8")
    assert main(["content", "seed", "--from", str(PROJECT_ROOT / "content")]) == 0
    assert "published by an editor" in wifi.read_text(encoding="utf-8")  # a restart never overwrites what was published


def test_users_languages_and_topic(settings: Settings, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["users", "add", "amina", "--name", "Amina", "--role", "staff", "--password-stdin"]) == 0
    assert main(["users", "languages", "amina", "nb", "ar", "so"]) == 0
    assert "'amina' speaks: nb ar so" in capsys.readouterr().out
    assert main(["users", "languages", "amina", "<script>"]) == 2
    assert main(["users", "topic", "amina", "amina-floor"]) == 0
    assert main(["users", "topic", "amina", "https://evil.example/"]) == 2
    assert main(["users", "topic", "amina", "--clear"]) == 0
    assert main(["users", "list"]) == 0
    assert "amina\tstaff\tAmina\tnb ar so" in capsys.readouterr().out


def test_content_check_reports_a_mapping_to_a_guide_category_that_does_not_exist(content_dir: Path) -> None:
    inquiries = content_dir / "inquiries.yaml"
    inquiries.write_text(inquiries.read_text(encoding="utf-8").replace("[id-and-login]", "[id-and-logins]"), encoding="utf-8")
    result = run("content", "check", "--content-dir", str(content_dir))
    assert "warning: inquiries.yaml, field categories.id_login.guide_categories: guide category 'id-and-logins'" in result.stdout
    inquiries.write_text("categories: [oops", encoding="utf-8")
    result = run("content", "check", "--content-dir", str(content_dir))
    assert result.returncode == 1
    assert "error: inquiries.yaml: " in result.stdout and "(the defaults are used)" in result.stdout


def test_the_readme_shows_every_command() -> None:
    """An operator finds each `python -m kiosk` command (and each of its actions) in the README's command list."""
    import argparse

    from kiosk.cli import build_parser

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")

    def choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    missing = []
    for name, command in choices(build_parser()).items():
        actions = choices(command) or {"": command}
        for action in actions:
            shown = f"python -m kiosk {name} {action}".rstrip()
            if not re.search(re.escape(shown) + r"(\s|$)", readme):
                missing.append(shown)
    assert missing == []
