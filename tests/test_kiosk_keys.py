"""Kiosks are recognised by their key, and one kiosk cannot flood the floor with calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.cli import main
from kiosk.floor.calls import CallLimit, TooManyCalls, cancel, open_calls, request_help
from kiosk.settings import PROJECT_ROOT, Settings
from kiosk.store.kiosks import KeyCheck, Kiosk, check_key, issue_key, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id
from tests.test_pages import texts


@pytest.fixture
def keyed(engine: Engine) -> str:
    seed_demo(engine)
    save_kiosk(engine, Kiosk(id="entrance", display_name="By the entrance"))
    return issue_key(engine, "entrance")


def test_a_kiosk_key_is_checked_and_can_be_replaced(engine: Engine, keyed: str) -> None:
    assert check_key(engine, "entrance", keyed) is KeyCheck.VALID
    assert check_key(engine, "entrance", None) is KeyCheck.REFUSED
    assert check_key(engine, "entrance", keyed[:-1] + "x") is KeyCheck.REFUSED
    assert check_key(engine, "demo", None) is KeyCheck.OPEN
    new = issue_key(engine, "entrance")
    assert check_key(engine, "entrance", keyed) is KeyCheck.REFUSED
    assert check_key(engine, "entrance", new) is KeyCheck.VALID


def _kiosk(kiosk_id: str, key: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    at.query_params["kiosk"] = kiosk_id
    if key is not None:
        at.query_params["key"] = key
    return at.run()


def test_a_browser_without_the_key_is_not_the_kiosk(engine: Engine, keyed: str) -> None:
    stranger = _kiosk("entrance")
    assert "ikke satt opp" in texts(stranger)
    assert not any(b.key == "help-call" for b in stranger.button)
    assert "ikke satt opp" in texts(_kiosk("entrance", "guessed"))


def test_the_key_in_the_address_is_kept_and_taken_out_of_the_address(engine: Engine, keyed: str) -> None:
    kiosk = _kiosk("entrance", keyed)
    assert "ikke satt opp" not in texts(kiosk)
    assert "key" not in kiosk.query_params
    cookie_scripts = [str(e.proto) for e in kiosk.get("html") if "kiosk_key_entrance" in str(e.proto)]
    assert cookie_scripts and keyed in cookie_scripts[0]
    kiosk.button(key="tile-lang-en").click().run()  # the session stays recognised without the key
    assert any(b.key == "help-call" for b in kiosk.button)


def test_one_kiosk_cannot_flood_the_floor(engine: Engine) -> None:
    seed_demo(engine)
    limit = CallLimit(3, timedelta(minutes=10))
    for _ in range(3):
        call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None, limit=limit)
        cancel(engine, call.id)  # cancelled calls count too: pressing and cancelling is still a flood
    with pytest.raises(TooManyCalls):
        request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None, limit=limit)
    assert open_calls(engine) == []


def test_kiosks_add_prints_the_setup_address_once(settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["kiosks", "add", "entrance", "--name", "By the entrance"]) == 0
    first = capsys.readouterr().out
    assert "/?kiosk=entrance&key=" in first
    assert main(["kiosks", "add", "entrance", "--name", "By the door"]) == 0
    assert "key=" not in capsys.readouterr().out  # updating the name keeps the key
    assert main(["kiosks", "add", "entrance", "--name", "By the door", "--new-key"]) == 0
    second = capsys.readouterr().out
    assert "/?kiosk=entrance&key=" in second and second.split("key=")[1] != first.split("key=")[1]
