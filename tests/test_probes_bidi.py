"""Probes of right-to-left marks and numbers: a phone number must read left to right on every screen.

A right-to-left mark (RLM, ALM) before a number in Norwegian text, or digit groups in a right-to-left
paragraph, made the browser show "22 33 44 55" as "55 44 33 22". Marks are refused where they can only do
harm (notices, left-to-right guide text); numbers are isolated on screen, so also a notice stored before
is shown right (measured in Chromium: where each group lands on the screen).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, insert

from kiosk.content.bidi import LRI, PDI, isolate_numbers
from kiosk.content.loader import load_content
from kiosk.notices.board import NoticeDraft, NoticeRefused, post_notice
from kiosk.store import make_engine
from kiosk.store.schema import NoticeRow
from tests.e2e.conftest import (
    Server,
    click_key,
    start_server,
    stop_server,
    wait_for_app,
)

RLM, ALM = "\u200f", "\u061c"
PHONE = "22 33 44 55"


@pytest.mark.both_databases
@pytest.mark.parametrize("mark", [RLM, ALM])
def test_a_notice_with_a_right_to_left_mark_is_refused(engine: Engine, mark: str) -> None:
    ends = datetime.now(UTC) + timedelta(hours=2)
    with pytest.raises(NoticeRefused) as refused:
        post_notice(engine, NoticeDraft(text_nb=f"Ring {mark}{PHONE}", ends_at=ends), None)
    assert refused.value.reason == "hidden"
    with pytest.raises(NoticeRefused):
        post_notice(engine, NoticeDraft(text_nb="Ring oss", text_en=f"Call {mark}{PHONE}", ends_at=ends), None)


@pytest.mark.parametrize(("language", "refused"), [("nb", True), ("en", True), ("so", True), ("ar", False), ("fa", False)])
def test_a_right_to_left_mark_is_refused_in_left_to_right_guide_text(content_dir: Path, language: str, refused: bool) -> None:
    path = content_dir / "guides" / "library-wifi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    step = data["steps"][0]
    step["text"][language] = f"Ring {RLM}{PHONE} ({step['text'].get(language) or 'x'})"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _library, problems = load_content(content_dir)
    marks = [p for p in problems if "right-to-left mark" in p.message]
    assert bool(marks) is refused, problems
    if refused:
        assert marks[0].guide == "library-wifi" and marks[0].field == f"text.{language}"


def test_numbers_are_isolated_but_link_addresses_are_not() -> None:
    assert isolate_numbers(f"Ring {PHONE} før kl. 15:00") == f"Ring {LRI}{PHONE}{PDI} før kl. {LRI}15:00{PDI}"
    assert isolate_numbers("+47 22 33 44 55") == f"{LRI}+47 22 33 44 55{PDI}"
    linked = "[Ring 815 22 040](tel:+4781522040) eller <https://nav.no/2024>"
    assert isolate_numbers(linked) == f"[Ring {LRI}815 22 040{PDI}](tel:+4781522040) eller <https://nav.no/2024>"
    assert isolate_numbers("ingen tall") == "ingen tall"
    # A bare address is linked by Markdown itself: a mark inside it would break the link.
    bare = "Se https://www.nav.no/skjema/2024/1 og www.skatteetaten.no/2024 eller tel:+4722334455"
    assert isolate_numbers(bare) == bare
    assert isolate_numbers("Ring 22 33 44 55, se https://nav.no/2024.") == f"Ring {LRI}22 33 44 55{PDI}, se https://nav.no/2024."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, srv = start_server(tmp_path_factory.mktemp("bidi"))
    yield srv
    stop_server(process)


_GROUPS_LEFT_TO_RIGHT = """(groups) => {
    const text = document.querySelector('.kiosk-notice-text');
    const node = [...text.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
    return groups.map((group) => {
        const range = document.createRange();
        const at = node.data.indexOf(group);
        range.setStart(node, at);
        range.setEnd(node, at + group.length);
        return range.getBoundingClientRect().left;
    });
}"""


def test_a_notice_stored_with_a_mark_reads_left_to_right_on_an_arabic_screen(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    """As an older version stored it, before marks were refused."""
    engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        stored = {"text_nb": f"Ring {RLM}{PHONE}", "starts_at": now, "ends_at": now + timedelta(hours=2), "created_at": now}
        conn.execute(insert(NoticeRow).values(**stored))
    engine.dispose()
    page = browser.new_page(viewport={"width": 1080, "height": 1600})
    try:
        page.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(page)
        click_key(page, "tile-lang-ar")
        page.locator(".kiosk-notice-text").first.wait_for(timeout=30_000)
        lefts = page.evaluate(_GROUPS_LEFT_TO_RIGHT, PHONE.split())
        assert lefts == sorted(lefts), f"groups 22, 33, 44, 55 at x = {lefts}"
    finally:
        page.close()
