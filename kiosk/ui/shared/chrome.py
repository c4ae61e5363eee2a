"""Puts the theme, the page language and what a screen reader needs on the page.

Streamlit cannot be told some things a kiosk needs: `<html lang dir>`, the `lang`/`dir` of a text in
another language, `aria-pressed` on a toggle, where focus goes after a move, whether there is more
below the fold. One small script (installed once, its settings renewed on every run) does those.

A kiosk run sends what it puts in the document's <head> as one element (PageHead): the styles and the
scripts that define behaviour go only when they changed in this browser session, what changes with each run
(the language, the screen's position, the idle settings) is a small call. A press on Next sends a few
hundred bytes of it instead of 15 kB in five elements.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import streamlit as st

from kiosk.content.models import Language
from kiosk.ui.shared.theme import kiosk_css, staff_css
from kiosk.visit.journey import TextSize


def set_document_language(code: str, rtl: bool) -> None:
    """Streamlit has no setting for <html lang dir>; screen readers and axe need them right."""
    st.html(
        "<script>"
        f"document.documentElement.lang = {json.dumps(code)};"
        f"document.documentElement.dir = {json.dumps('rtl' if rtl else 'ltr')};"
        "</script>",
        unsafe_allow_javascript=True,
    )


HEAD_SENT_KEY = "page-head-sent"  # element or script name -> digest of what this session's page was sent

# Defines window.__kioskRun.lang; each install below defines one more function there.
_LANG = """w.__kioskRun.lang = (cfg) => {
  document.documentElement.lang = cfg.lang;
  document.documentElement.dir = cfg.dir;
};"""


@dataclass
class PageHead:
    """What one run puts in the page's <head>: styles by element id, scripts that define a function of
    window.__kioskRun by name, and this run's calls of those functions (name -> settings)."""

    styles: dict[str, str] = field(default_factory=dict)
    installs: dict[str, str] = field(default_factory=dict)
    calls: dict[str, object] = field(default_factory=dict)


def _json(value: object) -> str:
    # No "<" in the script's text: Streamlit's sanitiser drops a script that looks like it holds markup.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _digest(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def head_script(head: PageHead, sent: dict[str, str]) -> str:
    """The one script for this run: what `sent` (this session's page has it) lacks, then the calls.
    `sent` is brought up to date."""
    styles = {name: css for name, css in head.styles.items() if sent.get(name) != _digest(css)}
    installs = [js for name, js in head.installs.items() if sent.get(name) != _digest(js)]
    sent.update({name: _digest(text) for name, text in (head.styles | head.installs).items()})
    lines = ["(() => {", "const w = window;", "w.__kioskRun = w.__kioskRun || {};"]
    if styles:
        lines.append(
            f"for (const [id, css] of Object.entries({_json(styles)})) {{"
            " let el = document.getElementById(id);"
            ' if (!el) { el = document.createElement("style"); el.id = id; document.head.appendChild(el); }'
            " if (el.textContent !== css) el.textContent = css; }"
        )
    lines += installs
    lines += [f"w.__kioskRun[{_json(name)}]({_json(cfg)});" for name, cfg in head.calls.items()]
    lines.append("})();")
    return "<script>" + "\n".join(lines) + "</script>"


def send_head(head: PageHead) -> None:
    """Put `head` on the page: one element, whatever it holds."""
    sent: dict[str, str] = st.session_state.setdefault(HEAD_SENT_KEY, {})
    st.html(head_script(head, sent), unsafe_allow_javascript=True)


def apply_kiosk_look(head: PageHead, language: Language | None, size: TextSize, high_contrast: bool, fallback_code: str) -> None:
    rtl = bool(language and language.is_rtl)
    head.styles["kiosk-theme"] = kiosk_css(size, high_contrast, rtl)
    head.installs["lang"] = _LANG
    head.calls["lang"] = {"lang": language.code if language else fallback_code, "dir": "rtl" if rtl else "ltr"}


def apply_staff_look(language_code: str) -> None:
    st.html(f"<style>{staff_css()}</style>")
    set_document_language(language_code, rtl=False)


@dataclass(frozen=True)
class FocusRequest:
    targets: tuple[str, ...]  # CSS selectors: the first found takes the focus
    announce: str | None = None  # CSS selector of a part whose text is read out (headings and paragraphs)
    say: str = ""  # or this text, read out (with no target: the focus stays where it is)
    token: int = 0  # new for each press, so the same target after a second press takes the focus again


@dataclass
class ScreenSemantics:
    """What one run of a kiosk screen tells assistive technology, beyond what Streamlit renders."""

    position: str  # changes with every move (screen, guide, step …): focus then goes to the new heading
    pressed: dict[str, bool] = field(default_factory=dict)  # toggle button key -> is on
    languages: dict[str, tuple[str, str]] = field(default_factory=dict)  # container key -> (lang, dir)
    icons: list[str] = field(default_factory=list)  # CSS rules from theme.icon_css
    # A press that changes part of a screen, not the screen (Call for help, Book a time, a time chosen): focus
    # goes there, and what it made may be read out (politely).
    focus: FocusRequest | None = None

    def in_language(self, key: str, code: str, rtl: bool) -> str:
        """A container key whose text is marked as being in `code` (use with st.container(key=…))."""
        self.languages[key] = (code, "rtl" if rtl else "ltr")
        return key


_SCRIPT = """
w.__kioskRun.a11y = (cfg) => {
  const apply = () => {
    const c = w.__kioskA11y.cfg;
    for (const [key, on] of Object.entries(c.pressed)) {
      const button = document.querySelector(".st-key-" + key + " button");
      if (button && button.getAttribute("aria-pressed") !== String(on)) button.setAttribute("aria-pressed", String(on));
    }
    for (const [key, [lang, dir]] of Object.entries(c.languages)) {
      const box = document.querySelector(".st-key-" + key);
      if (box && box.getAttribute("lang") !== lang) {
        box.setAttribute("lang", lang);
        box.setAttribute("dir", dir);
        box.classList.add("kiosk-text-" + dir);
      }
    }
    // More below: the content (not Streamlit's empty padding under it) ends below the screen's foot.
    const main = document.querySelector("[data-testid='stMain']");
    const content = document.querySelector("[data-testid='stMainBlockContainer'] > [data-testid='stVerticalBlock']");
    if (main && content) {
      const more = content.getBoundingClientRect().bottom > main.getBoundingClientRect().bottom + 8;
      document.documentElement.classList.toggle("kiosk-can-scroll", more);
    }
  };
  if (!w.__kioskA11y) {
    w.__kioskA11y = { cfg, focused: null };
    const hint = document.createElement("div");
    hint.className = "kiosk-more-below";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "\\u25BC";
    document.body.appendChild(hint);
    // Made once, empty, outside what Streamlit redraws: a live region must be there before its text changes.
    const region = document.createElement("div");
    region.id = "kiosk-announcer";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
    document.body.appendChild(region);
    let queued = false;
    const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; apply(); }); } };
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("scroll", later, { capture: true, passive: true });
    window.addEventListener("resize", later);
    // After a move, the new screen's heading takes the focus: a screen reader starts there, Tab goes on from there.
    // After a press that changes part of the screen, that part takes it (and may be read out).
    setInterval(() => {
      const s = w.__kioskA11y;
      const request = s.cfg.focus;
      const pending = request && s.focusToken !== request.token;
      if (s.focused === s.cfg.position && !pending) return;
      const app = document.querySelector("[data-testid='stApp']");
      if (!app || app.dataset.testScriptState !== "notRunning") return;
      if (pending) {
        s.focusToken = request.token;
        s.focused = s.cfg.position;
        if (document.getElementById("kiosk-idle")) return;
        const target = request.targets.map((selector) => document.querySelector(selector)).find((e) => e);
        if (target) {
          if (!target.matches("button, input, a[href]")) target.setAttribute("tabindex", "-1");
          target.focus({ preventScroll: true });
          target.scrollIntoView({ block: "nearest" });
        }
        const told = request.announce && document.querySelector(request.announce);
        const region = document.getElementById("kiosk-announcer");
        if (told) {
          const parts = [...told.querySelectorAll("h1, h2, h3, p")].filter((e) => !e.closest(".stButton"));
          region.textContent = parts.map((e) => e.innerText).join(" ").replace(/\\s+/g, " ").trim();
        } else if (request.say) {
          region.textContent = request.say;
        }
        return;
      }
      const heading = document.querySelector("[data-testid='stMain'] h1");
      if (!heading) return;
      s.focused = s.cfg.position;
      if (document.getElementById("kiosk-idle")) return;
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      const main = document.querySelector("[data-testid='stMain']");
      if (main) main.scrollTop = 0;
    }, 100);
  }
  w.__kioskA11y.cfg = cfg;
  apply();
};
"""


def apply_semantics(semantics: ScreenSemantics, head: PageHead | None = None) -> None:
    """At the end of a run (the screen has named its toggles, languages, icons and where focus goes): one element,
    with whatever else `head` holds for the end of the run."""
    focus = semantics.focus
    config = {
        "position": semantics.position,
        "pressed": semantics.pressed,
        "languages": semantics.languages,
        "focus": {"targets": list(focus.targets), "announce": focus.announce, "say": focus.say, "token": focus.token}
        if focus
        else None,
    }
    head = head or PageHead()
    head.styles["kiosk-icons"] = "\n".join(semantics.icons)
    head.installs["a11y"] = _SCRIPT
    head.calls["a11y"] = config
    send_head(head)
