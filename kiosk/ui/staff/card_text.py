"""A call card's words as HTML: bold as on the rest of the page, the visitor's language name marked with its
own lang and dir, and each "I'm coming" button named for whose call it is (a screen reader's list of buttons
otherwise reads "I'm coming" ten times)."""

from __future__ import annotations

import html
import json
import re

from kiosk.floor.cards import CallCard

_BOLD = re.compile(r"\*\*(.+?)\*\*")

_NAMES_SCRIPT = """<script>(() => {
  const w = window;
  w.__staffButtonNames = __NAMES__;
  const apply = () => {
    for (const [key, name] of Object.entries(w.__staffButtonNames)) {
      const button = document.querySelector(".st-key-" + key + " button");
      if (button && button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
    }
  };
  if (!w.__staffButtonNamer) {
    w.__staffButtonNamer = new MutationObserver(apply);
    w.__staffButtonNamer.observe(document.body, { childList: true, subtree: true });
  }
  apply();
})();</script>"""


def language_html(card: CallCard) -> str:
    """ "ትግርኛ (tigrinja)" with ትግርኛ marked as Tigrinya; escaped."""
    native = card.language_native
    if not native or not card.language_code or not card.language.startswith(native):
        return html.escape(card.language)
    direction = "rtl" if card.language_rtl else "ltr"
    rest = card.language.removeprefix(native)
    return f'<span lang="{card.language_code}" dir="{direction}">{html.escape(native)}</span>{html.escape(rest)}'


def line_html(text: str) -> str:
    """A line of plain text with **bold** (the staff catalogs write it so), escaped."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))


def paragraph(lines: list[str], css_class: str = "staff-card-text") -> str:
    """Lines already made HTML (line_html, language_html) as one paragraph."""
    return f'<p class="{css_class}">{"<br>".join(lines)}</p>'


def accept_name(card: CallCard, accept: str) -> str:
    """The accessible name of a card's accept button: the visible words first (WCAG 2.5.3), then whose call."""
    return f"{accept} – {card.where}, {card.language}"


def name_buttons(names: dict[str, str]) -> str:
    """A script giving these buttons (by widget key) these accessible names, also when Streamlit redraws them."""
    return _NAMES_SCRIPT.replace("__NAMES__", json.dumps(names, ensure_ascii=False).replace("</", "<\\/"))
