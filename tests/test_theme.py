"""The kiosk's CSS: large type, big targets, Streamlit's chrome hidden, right-to-left, high contrast."""

from __future__ import annotations

import re

from kiosk.journey import TextSize
from kiosk.ui.theme import BUTTON_MIN_PX, kiosk_css


def _px(css: str, selector_start: str, prop: str) -> int:
    block = next(line for line in css.splitlines() if line.startswith(selector_start))
    return int(re.search(rf"{prop}: (\d+)px", block).group(1))


def test_body_text_is_at_least_22px_and_grows_with_each_size() -> None:
    sizes = [_px(kiosk_css(size, False, False), "html {", "font-size") for size in TextSize]
    assert sizes[0] >= 22
    assert sizes[0] < sizes[1] < sizes[2]


def test_buttons_are_at_least_56px_high_at_every_size() -> None:
    for size in TextSize:
        assert _px(kiosk_css(size, False, False), ".stButton button", "min-height") >= BUTTON_MIN_PX >= 56


def test_streamlit_chrome_is_hidden() -> None:
    css = kiosk_css(TextSize.NORMAL, False, False)
    for selector in ("stToolbar", "stMainMenu", "stAppDeployButton", "footer", "stSidebar"):
        assert selector in css.splitlines()[0]
    assert "display: none" in css.splitlines()[0]


def test_rtl_and_contrast_only_when_asked() -> None:
    plain = kiosk_css(TextSize.NORMAL, False, False)
    assert "direction: rtl" not in plain and "#ffd400" not in plain
    assert "direction: rtl" in kiosk_css(TextSize.NORMAL, False, True)
    assert "#ffd400" in kiosk_css(TextSize.NORMAL, True, False)
