"""What every kiosk screen gets: the runtime, the content, the visit and its language."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from kiosk.content.models import ContentLibrary, Guide, Language
from kiosk.content.source import ContentSnapshot
from kiosk.language.texts import Translator, pick
from kiosk.runtime import Runtime
from kiosk.ui.shared.chrome import FocusRequest, ScreenSemantics
from kiosk.ui.shared.theme import icon_css
from kiosk.visit.guide_view import GuideView, view_guide
from kiosk.visit.journey import Visit, start_over

VISIT_KEY = "visit"
FOCUS_KEY = "kiosk-focus"  # a press's focus request, for the run it causes
_FOCUS_COUNT_KEY = "kiosk-focus-count"


@dataclass
class KioskContext:
    """What every screen function gets."""

    runtime: Runtime
    kiosk_id: str
    snapshot: ContentSnapshot
    visit: Visit
    t: Translator
    language: Language | None
    semantics: ScreenSemantics = field(default_factory=lambda: ScreenSemantics(position=""))
    page_title: str = ""  # the screen's heading; the browser tab and a screen reader's page name

    @property
    def library(self) -> ContentLibrary:
        return self.snapshot.library

    @property
    def arrow_back(self) -> str:
        # "Back" points the way the text came from: right in a right-to-left language.
        return "→" if self.t.rtl else "←"

    @property
    def arrow_forward(self) -> str:
        return "←" if self.t.rtl else "→"

    def icon(self, key: str, before: str = "", after: str = "") -> None:
        """An icon or arrow beside a button label or heading, seen but not read aloud."""
        self.semantics.icons.append(icon_css(key, before, after))

    def toggle(self, key: str, on: bool) -> None:
        """A button that is a switch: a screen reader says whether it is on."""
        self.semantics.pressed[key] = on

    def in_language(self, key: str, code: str) -> str:
        """A container key for text written in `code`, which may differ from the screen's language."""
        known = self.library.languages.get(code)
        return self.semantics.in_language(key, code, bool(known and known.is_rtl))

    @property
    def lang(self) -> str:
        return self.visit.language or self.runtime.settings.default_language

    def text(self, texts: dict[str, str]) -> str:
        found = pick(texts, self.lang, self.runtime.settings.default_language)
        return found.text if found else ""

    def view(self, guide: Guide) -> GuideView:
        settings = self.runtime.settings
        return view_guide(guide, self.lang, settings.default_language, settings.library_url)

    def focus_after_press(self, *targets: str, announce: str | None = None, say: str = "") -> None:
        """Called from a press that changes part of the screen: the next run puts the focus on the first of
        `targets` (CSS selectors) found there, and has the text of `announce` (a selector), or `say`, read out."""
        count = st.session_state.get(_FOCUS_COUNT_KEY, 0) + 1
        st.session_state[_FOCUS_COUNT_KEY] = count
        st.session_state[FOCUS_KEY] = FocusRequest(targets, announce, say, count)

    def step_ids(self) -> list[str]:
        """The ids of the open guide's steps (none outside a guide)."""
        guide = self.library.guides.get(self.visit.guide or "")
        return [step.id for step in guide.steps] if guide else []

    def current_step_id(self) -> str | None:
        return self.visit.step_id(self.step_ids())

    def before_language_chosen(self, key: str) -> str:
        """Before a language is chosen, a label is in the kiosk's language and in English, like the heading."""
        if self.visit.language is not None:
            return self.t(key)
        texts = [self.library.messages[code].get(key, "") for code in (self.lang, "en") if code in self.library.messages]
        return " · ".join(dict.fromkeys(text for text in texts if text)) or self.t(key)


def current_visit() -> Visit:
    """This browser session's visit (a new one after a wipe)."""
    if VISIT_KEY not in st.session_state:
        st.session_state[VISIT_KEY] = start_over()
    return st.session_state[VISIT_KEY]
