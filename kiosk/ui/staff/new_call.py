"""A new call on a tablet held in one hand: a bar above the cards names the newest waiting call (with a
button that brings its card into view and puts the focus on its "I'm coming"), and a polite live region
tells a screen reader of each call that arrives while the page is open."""

from __future__ import annotations

import html
import json

import streamlit as st

from kiosk.floor.cards import CallCard
from kiosk.language.staff_texts import StaffText
from kiosk.ui.staff.card_text import language_html, line_html, paragraph

# Installed once per page; a button in the bar names its call, the card is found by its key's class.
_JUMP_SCRIPT = """<script>(() => {
  if (window.__staffJump) return;
  window.__staffJump = true;
  document.addEventListener("click", (event) => {
    const jump = event.target.closest(".staff-jump");
    if (!jump) return;
    const card = document.querySelector(`[class*="st-key-call-${jump.dataset.call}-is-"]`);
    if (!card) return;
    card.scrollIntoView({ block: "start", behavior: "smooth" });
    const accept = card.querySelector(`.st-key-accept-${jump.dataset.call} button`);
    if (accept) accept.focus({ preventScroll: true });
  });
})();</script>"""

# One region for the page's life, outside what Streamlit redraws: a region that is itself replaced is not read.
_ANNOUNCE_SCRIPT = """<script>(() => {
  let region = document.getElementById("staff-announcer");
  if (!region) {
    region = document.createElement("div");
    region.id = "staff-announcer";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
    document.body.appendChild(region);
  }
  region.textContent = __TEXT__;  /* __IDS__ */
})();</script>"""

_CSS = """<style>
.staff-jump { min-height: 44px; min-width: 44px; padding: 0 1rem; border-radius: 0.5rem; font: inherit;
  border: 2px solid #92400e; background: #fff; color: #78350f; cursor: pointer; }
</style>"""


def newest_call_bar(card: CallCard, s: StaffText) -> None:
    """Above the cards: the newest waiting call in one line, and a button to its card."""
    with st.container(border=True, key="newest-call"):
        text, jump = st.columns([5, 1.3], vertical_alignment="center")
        # No waiting time: it just came, and its card's clock counts in the browser.
        heading = line_html(f"🔔 **{s('calls.newest')}** · **{card.where}**")
        text.html(paragraph([heading, f"{language_html(card)} · {line_html(card.task)}"]))
        jump.html(
            f'{_CSS}<button type="button" class="staff-jump" data-call="{card.call_id}">'
            f"{html.escape(s('calls.show_newest'))}</button>"
        )
    st.html(_JUMP_SCRIPT, unsafe_allow_javascript=True)


def announce_arrivals(cards: list[CallCard], s: StaffText) -> None:
    """Read out (politely, after what the screen reader is saying) each call that just arrived."""
    if not cards:
        return
    text = " ".join(s("calls.announce_new", where=card.where, language=card.language, task=card.task) for card in cards)
    script = _ANNOUNCE_SCRIPT.replace("__TEXT__", json.dumps(text).replace("</", "<\\/"))
    st.html(script.replace("__IDS__", ",".join(str(card.call_id) for card in cards)), unsafe_allow_javascript=True)
