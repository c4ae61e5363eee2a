"""The production image's recipe (no container engine here to build it): what it promises about data."""

from __future__ import annotations

import re

from kiosk.settings import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")


def _env(name: str) -> str:
    found = re.search(rf"\b{name}=(\S+)", DOCKERFILE)
    assert found, name
    return found.group(1)


def test_everything_that_changes_lives_on_the_data_volume() -> None:
    assert 'VOLUME ["/data"]' in DOCKERFILE
    assert _env("KIOSK_DATA_DIR") == "/data"
    assert _env("KIOSK_CONTENT_DIR").startswith("/data/")  # published guides and uploads survive a new container


def test_the_first_start_seeds_the_volume_then_serves_as_a_plain_user() -> None:
    command = DOCKERFILE.split("CMD", 1)[1]
    assert command.index("kiosk setup") < command.index("kiosk content seed") < command.index("kiosk serve")
    assert "--uid 10001 --user-group kiosk" in DOCKERFILE and "USER 10001:10001" in DOCKERFILE
    assert "chown kiosk:kiosk /data" in DOCKERFILE
