"""The search field's on-screen keyboard: a Streamlit component (plain JS and CSS in ui/assets, no build step,
nothing loaded from elsewhere) that types in the browser and tells the server after a pause or on Search.

Kiosk screens have no keyboard, and Chromium in kiosk mode on Linux shows no on-screen one. The keys come
from the layout the language registry names (kiosk.content.keyboards); the text never makes a round trip
per key. `KIOSK_ONSCREEN_KEYBOARD=false` gives the plain field back, for kiosks with a keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from kiosk.content.keyboards import Keyboard, KeyboardLayout
from kiosk.ui.shared.chrome import PageHead

ASSETS = Path(__file__).parent / "assets"
MIN_LETTERS = 3  # results from three letters: fewer find too much to help
PAUSE_MS = 600  # a pause in typing this long sends the text

_component = st.components.v2.component(
    "kiosk_keyboard",
    js=(ASSETS / "keyboard.js").read_text(encoding="utf-8"),
    css=(ASSETS / "keyboard.css").read_text(encoding="utf-8"),
    isolate_styles=False,  # inside the page: the kiosk's text size, direction and focus rules reach it
)


@dataclass(frozen=True)
class Typed:
    text: str
    submitted: bool  # Search or a suggestion was pressed (not only a pause in typing)


def _layout(layout: KeyboardLayout | None, lang: str) -> dict[str, object] | None:
    if layout is None:
        return None
    return {
        "rows": layout.rows,
        "direction": layout.direction,
        "lang": lang,
        "forms": layout.forms(),  # a syllabary: a consonant's key opens a row of these
        "marks": layout.marks,
        "names": layout.spoken_names(),
    }


def onscreen_keyboard(
    key: str,
    keyboard: Keyboard,
    value: str,
    labels: dict[str, str],
    language: str,
    suggestions: list[str],
    suggestion_language: str,
    high_contrast: bool,
) -> Typed | None:
    """Draw the field and its keys; what the visitor sent in this run, if anything.

    `labels`: name, label, placeholder, clear, backspace, space, search, latin, own_letters, suggestions, forms,
    forms_hint, in the visitor's language. `key` must change with the visit: nothing typed by the last visitor survives it.
    """
    data = {
        "id": key,
        "value": value,
        "labels": labels,
        "layout": _layout(keyboard.layout, language),
        "latin": _layout(keyboard.latin, "und-Latn"),
        "suggestions": suggestions if keyboard.suggestions else [],
        "suggestionLanguage": suggestion_language,
        "highContrast": high_contrast,
        "minLetters": MIN_LETTERS,
        "pauseMs": PAUSE_MS,
    }
    result = _component(key=key, data=data, on_typed_change=lambda: None, on_submit_change=lambda: None)
    submitted = getattr(result, "submit", None)
    if isinstance(submitted, str):
        return Typed(submitted, submitted=True)
    typed = getattr(result, "typed", None)
    if isinstance(typed, str):
        return Typed(typed, submitted=False)
    return None


def keyboard_key(visit_id: str) -> str:
    """A new visit gets a new keyboard: nothing the last visitor typed, sent or not, can show."""
    return f"keyboard-{visit_id}"


# Defines window.__kioskRun.keyboards(keep): the page's memory keeps one field's typing and drops the others'.
_FORGET = """w.__kioskRun.keyboards = (keep) => {
  const store = window.__kioskKeyboards;
  if (!store) return;
  for (const id of Object.keys(store)) {
    if (id !== keep) { clearTimeout(store[id].timer); delete store[id]; }
  }
};"""


def forget_other_visits_typing(head: PageHead, visit_id: str) -> None:
    """What earlier visits typed leaves the page's memory too (the keyboard keeps each field's text there, so a
    redraw between screens keeps it): on every run, all but this visit's field are dropped. It rides in the
    run's last head element (the function is sent once a session, the call on each run)."""
    head.installs["keyboards"] = _FORGET
    head.calls["keyboards"] = keyboard_key(visit_id)
