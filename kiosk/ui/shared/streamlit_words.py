"""Streamlit's own English on the staff, editor, statistics and sign-in pages, in the page's language.

No setting translates what Streamlit writes itself: the skip link, the sidebar's and the password field's
buttons, a select's "Choose an option" and "Open", and the tab's title. A script (installed once, its words
renewed on every run) puts the staff catalog's words in their place, also when Streamlit draws them again;
the sidebar button's icon name ("keyboard_double_arrow_left") is hidden from screen readers.

A select says how many options it opens with ("7 options available.", react-aria's live text). react-aria
has bokmål and Swedish of its own, but Streamlit pins its selects to "en-US" (an I18nProvider around each), so
no locale setting reaches them: the script puts the catalog's sentence in place of the English one as it is
added to react-aria's live region, before a screen reader reads it.
"""

from __future__ import annotations

import json

import streamlit as st

from kiosk.language.staff_texts import StaffText

# Streamlit's English (as it writes it) -> the staff catalog's key for the same words.
_ATTRIBUTES = {
    "Collapse sidebar": "streamlit.collapse_sidebar",
    "Expand sidebar": "streamlit.expand_sidebar",
    "Sidebar": "streamlit.sidebar",
    "Open": "streamlit.open",
    "Show password": "streamlit.show_password",
    "Hide password": "streamlit.hide_password",
    "Choose an option": "streamlit.choose_option",
    "Choose options": "streamlit.choose_options",
}
_SKIP = "streamlit.skip"
# react-aria's "N option(s) available." -> the catalog's keys for one and for several ("{count}" in both).
_COUNT_ONE, _COUNT_MANY = "streamlit.option_available", "streamlit.options_available"
# The password field's eye is "Show what you typed", not "Show password": a name with "password" in it would
# be a second thing labelled "Passord" (the field's own label) to a screen reader's list of fields.

_SCRIPT = """<script>(() => {
  const w = window;
  w.__staffWords = __WORDS__;
  const apply = () => {
    const { attributes, skip } = w.__staffWords;
    for (const name of ["aria-label", "placeholder", "title"]) {
      for (const [english, own] of Object.entries(attributes)) {
        for (const e of document.querySelectorAll(`[${name}="${english}"]`)) e.setAttribute(name, own);
      }
    }
    for (const link of document.querySelectorAll("[data-testid='stSkipToContent']")) {
      if (link.textContent !== skip) link.textContent = skip;
    }
    for (const icon of document.querySelectorAll("[data-testid='stIconMaterial']:not([aria-hidden])")) {
      icon.setAttribute("aria-hidden", "true");
    }
    for (const said of document.querySelectorAll("[data-live-announcer] [role='log'] > div")) {
      const count = /^(\\d+) options? available\\.$/.exec(said.textContent);
      if (count) said.textContent = (count[1] === "1" ? w.__staffWords.one : w.__staffWords.many).replace("{count}", count[1]);
    }
  };
  if (!w.__staffWordsObserver) {
    w.__staffWordsObserver = new MutationObserver(apply);
    w.__staffWordsObserver.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "placeholder", "title"],
    });
  }
  apply();
})();</script>"""


def streamlit_in_language(s: StaffText, page_title: str) -> None:
    """Streamlit's own words on this page in the reader's staff language; the tab named `page_title`."""
    words = {
        "attributes": {english: s(key) for english, key in _ATTRIBUTES.items()},
        "skip": s(_SKIP),
        "one": s(_COUNT_ONE),
        "many": s(_COUNT_MANY),
    }
    st.html(
        _SCRIPT.replace("__WORDS__", json.dumps(words, ensure_ascii=False).replace("</", "<\\/")), unsafe_allow_javascript=True
    )
    st.set_page_config(page_title=page_title)  # not "Help kiosk", in English, on every page
