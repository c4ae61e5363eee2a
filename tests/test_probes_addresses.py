"""Probes of the addresses a stranger can open: /?print=, /?checklist=, /?booking= and /?kiosk= with junk,
markup and very long values. Each gives a page in the visitor's language (or a plain refusal), never a trace."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.settings import PROJECT_ROOT
from kiosk.store.kiosks import seed_demo

APP = str(PROJECT_ROOT / "app.py")
MARKUP = "<img src=x onerror=alert(1)>[klikk](https://evil.example)"


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.title, *at.header, *at.subheader, *at.caption, *at.error, *at.text)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    "params",
    [
        {"print": "library-wifi", "lang": "ar", "ref": "' OR 1=1 --"},
        {"print": "library-wifi", "lang": MARKUP, "ref": "x" * 5000, "bilingual": "1"},
        {"print": "library-wifi", "lang": "so", "ref": "abc\x00def"},
        {"print": MARKUP, "lang": "ar"},
        {"print": "../../etc/passwd", "lang": "nb"},
        {"checklist": MARKUP, "lang": "uk"},
        {"booking": MARKUP},
        {"booking": "ABCDEF", "print": "library-wifi", "lang": "ar"},
    ],
)
def test_a_strangers_printable_address_never_fails(demo: Engine, params: dict[str, str]) -> None:
    at = _page(**params)
    assert not at.exception
    assert "evil.example" not in _shown(at) and "onerror" not in _shown(at)


def test_a_checklist_with_a_huge_list_of_ticks_shows_the_path(demo: Engine, content_dir) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import load_content

    path = next(iter(load_content(content_dir)[0].paths))
    at = _page(checklist=path, lang="ar", done=",".join(["x" * 50] * 20_000) + "," + MARKUP)
    assert not at.exception and at.title


@pytest.mark.parametrize("kiosk_id", [MARKUP, "demo\x00", "x" * 5000, "DEMO"])
def test_a_strangers_kiosk_address_is_a_plain_refusal(demo: Engine, kiosk_id: str) -> None:
    at = _page(kiosk=kiosk_id)
    assert not at.exception
    assert at.error, "This screen is not set up yet"
