"""The idle-reset script must survive Streamlit's HTML sanitiser, which drops scripts containing markup."""

from __future__ import annotations

import re

from kiosk.ui.visitor import idle


def test_idle_script_contains_no_markup() -> None:
    assert not re.search(r"<[/\w!]", idle._SCRIPT)


def test_semantics_script_contains_no_markup() -> None:
    from kiosk.ui.shared import chrome

    assert not re.search(r"<[/\w!]", chrome._SCRIPT)


def test_idle_countdown_is_not_a_live_region() -> None:
    # A live region rewritten four times a second kept a screen reader talking without end.
    assert "aria-live" not in idle._SCRIPT


def test_a_run_sends_styles_and_scripts_only_when_they_changed() -> None:
    """Next on a kiosk sends the settings of its run, not the theme and the scripts again (15 kB a press)."""
    from kiosk.ui.shared.chrome import PageHead, head_script

    def head(theme: str) -> PageHead:
        installs = {"a11y": "w.__kioskRun.a11y = (cfg) => {};"}
        return PageHead(styles={"kiosk-theme": theme}, installs=installs, calls={"a11y": {"p": 1}})

    sent: dict[str, str] = {}
    first = head_script(head("body { font-size: 28px }"), sent)
    again = head_script(head("body { font-size: 28px }"), sent)
    larger = head_script(head("body { font-size: 36px }"), sent)
    assert "font-size: 28px" in first and "__kioskRun.a11y = " in first
    assert "font-size" not in again and "__kioskRun.a11y = " not in again and '__kioskRun["a11y"]({"p": 1})' in again
    assert "font-size: 36px" in larger and "__kioskRun.a11y = " not in larger
    for script in (first, again, larger):
        body = script.removeprefix("<script>").removesuffix("</script>")
        assert not re.search(r"<[/\w!]", body), "the sanitiser would drop it"


def test_text_that_looks_like_markup_is_escaped_in_the_head_script() -> None:
    from kiosk.ui.shared.chrome import PageHead, head_script

    script = head_script(PageHead(calls={"lang": {"title": "</script><img src=x>"}}), {})
    body = script.removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"<[/\w!]", body)
