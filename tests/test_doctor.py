"""`python -m kiosk doctor`: one line per check, exit 1 only on errors, warnings where a person should look."""

from __future__ import annotations

import socket

import pytest

from kiosk.audio.read_aloud import all_readings
from kiosk.cli import main
from kiosk.content.loader import load_content
from kiosk.runtime import build_speaker
from kiosk.settings import Settings, get_settings
from tests.http_receiver import http_receiver

pytestmark = pytest.mark.both_databases


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/tts"


def _doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    get_settings.cache_clear()
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].endswith("warnings")
    # "WARN  gTTS: ..." -> {"gTTS": "WARN  gTTS: ..."}
    return code, {line[6:].split(":", 1)[0]: line for line in lines[:-1]}


@pytest.fixture
def offline(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", _closed_port_url())
    get_settings.cache_clear()
    return get_settings()


def test_a_fresh_demo_install_passes_with_warnings_a_person_should_read(
    offline: Settings, capsys: pytest.CaptureFixture[str], db_backend: str
) -> None:
    assert main(["setup", "--demo"]) == 0
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 0, "\n".join(lines.values())
    assert lines["database"].startswith("OK") and db_backend in lines["database"]
    assert lines["content"].startswith("OK")
    assert lines["secret key"].startswith("OK") and "mode 600" in lines["secret key"]
    assert lines["demo accounts"] == (
        "WARN  demo accounts: still enabled: admin, leder, personale, redaktor (python -m kiosk users disable NAME)"
    )
    assert lines["kiosk keys"].startswith("WARN") and "demo" in lines["kiosk keys"]
    assert lines["gTTS"].startswith("WARN") and "fall back to espeak-ng" in lines["gTTS"]
    assert lines["notifications"].startswith("WARN")
    assert lines["time zone"] == "OK    time zone: Europe/Oslo"


def test_audio_cache_coverage_is_counted_per_language(offline: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["setup"]) == 0
    library, _ = load_content(offline.content_dir)
    speaker = build_speaker(offline)
    nb = [r for r in all_readings(library, "nb", speaker.can_speak) if r.language.code == "nb"]
    assert speaker.build(nb[0].text, nb[0].language, nb[0].speed)[0] == "made"  # espeak-ng, gTTS being offline
    capsys.readouterr()
    _code, lines = _doctor(capsys)
    assert lines["audio cache nb"] == f"WARN  audio cache nb: 1 of {len(nb)} clips cached (python -m kiosk audio build)"
    assert lines["audio cache en"].startswith("WARN  audio cache en: 0 of ")
    assert "audio cache so" not in lines  # no engine speaks Somali: nothing to cache


def test_errors_exit_1_and_say_what_to_do(offline: Settings, capsys: pytest.CaptureFixture[str], db_backend: str) -> None:
    if db_backend == "sqlite":
        code, lines = _doctor(capsys)  # nothing set up yet
        assert code == 1
        assert lines["database"].startswith("ERROR database: no database at") and "python -m kiosk setup" in lines["database"]
        assert not (offline.data_dir / "kiosk.db").exists()  # the doctor does not make one
    assert main(["setup"]) == 0
    key = offline.data_dir / "secret.key"
    key.chmod(0o644)
    (offline.content_dir / "guides" / "library-wifi.yaml").write_text("slug: [broken", encoding="utf-8")
    code, lines = _doctor(capsys)
    assert code == 1
    assert lines["secret key"] == f"ERROR secret key: {key} can be read by others (mode 644): chmod 600 it"
    assert lines["content"].startswith("ERROR content:") and "content check lists them" in lines["content"]


def test_settings_that_look_wrong(offline: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["setup"]) == 0
    monkeypatch.setenv("KIOSK_TIMEZONE", "Europe/Olso")
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "http://localhost:8501")
    with http_receiver() as receiver:
        monkeypatch.setenv("KIOSK_WEBHOOK_URL", receiver.url)
        monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", receiver.url)
        capsys.readouterr()
        code, lines = _doctor(capsys)
    assert code == 1
    assert lines["time zone"].startswith("ERROR time zone: KIOSK_TIMEZONE='Europe/Olso' is not a time zone")
    assert "visitors' phones cannot open it" in lines["public URL"]
    assert lines["notifications"] == "OK    notifications: webhook"
    assert lines["gTTS"] == "OK    gTTS: " + receiver.url.split("/")[2] + " reachable"


@pytest.mark.single_database
def test_an_unreachable_postgresql_is_an_error(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql+psycopg://kiosk@" + _closed_port_url().split("/")[2] + "/kiosk")
    monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", _closed_port_url())
    code, lines = _doctor(capsys)
    assert code == 1
    assert lines["database"].startswith("ERROR database: not reachable: OperationalError")


def test_a_branch_without_staffed_hours_warns_and_one_with_hours_is_ok(
    offline: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["setup"]) == 0
    hours = ["--hours", "mon-fri=10:00-15:00", "--phone", "22 11 00 00"]
    assert main(["branches", "add", "toyen", "--name", "Tøyen filial", *hours]) == 0
    assert main(["branches", "add", "nord", "--name", "Filial nord"]) == 0
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 0, "\n".join(lines.values())
    assert lines["branch nord"].startswith("WARN  branch nord: 0 kiosks, no staffed hours")
    assert "Call for help sends visitors to the counter" in lines["branch nord"]
    assert lines["branch toyen"] == "OK    branch toyen: Tøyen filial: 0 kiosks, phone 22 11 00 00"


def _targets_file(settings: Settings, text: str, mode: int = 0o600) -> None:
    path = settings.data_dir / "branch-targets.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


@pytest.fixture
def with_targets_file(offline: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    assert main(["setup"]) == 0
    assert main(["branches", "add", "toyen", "--name", "Tøyen filial", "--hours", "mon-fri=10:00-15:00"]) == 0
    monkeypatch.setenv("KIOSK_BRANCH_TARGETS_FILE", str(offline.data_dir / "branch-targets.toml"))
    get_settings.cache_clear()
    return get_settings()


def test_a_valid_private_branch_targets_file_is_counted(with_targets_file: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _targets_file(
        with_targets_file, '[toyen]\nntfy_url = "https://ntfy.example/toyen"\nwebhook_url = "https://hooks.example/t"\n'
    )
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 0, "\n".join(lines.values())
    assert lines["branch targets"] == "OK    branch targets: 2 targets for 1 branches"
    assert lines["notifications"].startswith("OK") and "ntfy" in lines["notifications"]


def test_a_broken_branch_targets_file_is_an_error_that_leaks_no_secret(
    with_targets_file: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _targets_file(with_targets_file, '[toyen]\nslack_webhook_url = "not-a-url-SECRET-TOKEN"\n')
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 1
    assert lines["branch targets"].startswith("ERROR branch targets:")
    assert "those branches get the global targets only" in lines["branch targets"]
    assert "SECRET-TOKEN" not in "\n".join(lines.values())
    _targets_file(with_targets_file, "[toyen\nntfy_url = ")
    code, lines = _doctor(capsys)
    assert code == 1 and "is not valid TOML" in lines["branch targets"]


def test_a_world_readable_branch_targets_file_is_an_error(
    with_targets_file: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _targets_file(with_targets_file, '[toyen]\nntfy_url = "https://ntfy.example/toyen"\n', mode=0o644)
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 1
    path = with_targets_file.data_dir / "branch-targets.toml"
    assert lines["branch targets"] == f"ERROR branch targets: {path} can be read by others (mode 644): chmod 600 it"


def test_targets_for_a_branch_that_does_not_exist_warn(with_targets_file: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _targets_file(
        with_targets_file, '[toyen]\nntfy_url = "https://ntfy.example/t"\n[tooyen]\nntfy_url = "https://ntfy.example/x"\n'
    )
    capsys.readouterr()
    code, lines = _doctor(capsys)
    assert code == 0, "\n".join(lines.values())
    # The file's own line comes first under the same check name; the later line names the unknown branch.
    assert lines["branch targets"] == "WARN  branch targets: targets for branches that do not exist: tooyen"
