"""Idle reset: after a while without a touch, ask "Are you still there?", then wipe the visit.

The browser keeps the time (a server cannot see touches); when the countdown ends it
presses a hidden button, whose callback wipes the visit on the server.

A visitor waiting for help is asked to wait without touching, so while a call is open there is
no countdown: after a much longer while the kiosk asks "Are you still waiting for help?", and only
a pressed "No" (the second hidden button) ends the visit.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from kiosk.language.texts import Translator
from kiosk.ui.shared.chrome import PageHead
from kiosk.ui.shared.theme import FOCUS_COLOUR, FOCUS_COLOUR_HIGH_CONTRAST

RESET_KEY = "idle-reset"
END_WAIT_KEY = "idle-end-wait"

_SCRIPT = """
// Builds its DOM with createElement: Streamlit's sanitiser drops a script whose text contains markup.
w.__kioskRun.idle = (cfg) => {
  if (!w.__kioskIdle) {
    const state = w.__kioskIdle = { cfg, last: Date.now(), overlay: null, before: null, shown: null };
    const hide = () => {
      if (!state.overlay) return;
      state.overlay.remove();
      state.overlay = null;
      // Focus goes back where it was, or to the screen's heading: never lost to the page's body.
      const back = state.before;
      state.before = null;
      // After the tap's own mousedown, which would move focus to the page's body.
      setTimeout(() => {
        if (back && back.isConnected && back.offsetParent !== null) { back.focus({ preventScroll: true }); return; }
        const heading = document.querySelector("[data-testid='stMain'] h1");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      }, 0);
    };
    const touched = (e) => {
      // "No, end my visit" is the one touch that must not close the question before its click lands.
      if (e && e.target && e.target.closest && e.target.closest("#kiosk-idle-no")) return;
      state.last = Date.now(); hide();
    };
    ["pointerdown", "keydown", "touchstart", "wheel"].forEach((name) =>
      document.addEventListener(name, touched, { capture: true, passive: true }));
    const press = (key) => {
      const button = document.querySelector(".st-key-" + key + " button");
      if (button) { button.click(); } else { window.location.reload(); }
    };
    const show = () => {
      const c = state.cfg;
      const box = document.createElement("div");
      box.id = "kiosk-idle";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("aria-labelledby", "kiosk-idle-title");
      box.setAttribute("aria-describedby", "kiosk-idle-count");
      box.setAttribute("lang", c.lang);
      if (c.highContrast) box.className = "kiosk-idle-high-contrast";
      box.setAttribute("dir", c.dir);
      const inner = document.createElement("div");
      inner.className = "kiosk-idle-box";
      const title = document.createElement("h2");
      title.id = "kiosk-idle-title";
      title.textContent = c.waiting ? c.waitingTitle : c.title;
      // Not a live region: the dialog reads the countdown once when it opens; a screen reader that
      // announced every new number would never stop talking.
      const count = document.createElement("p");
      count.id = "kiosk-idle-count";
      const button = document.createElement("button");
      button.type = "button";
      button.id = "kiosk-idle-yes";
      button.textContent = c.waiting ? c.waitingYes : c.cont;
      inner.append(title, count, button);
      if (c.waiting) {
        const no = document.createElement("button");
        no.type = "button";
        no.id = "kiosk-idle-no";
        no.className = "kiosk-idle-no";
        no.textContent = c.waitingNo;
        no.addEventListener("click", () => { hide(); state.last = Date.now(); press(c.endWaitKey); });
        inner.append(no);
      }
      box.appendChild(inner);
      state.before = document.activeElement;
      state.shown = null;
      count.textContent = c.waiting ? "" : c.countdownText.replace("{seconds}", Math.ceil(c.countdown));
      document.body.appendChild(box);
      box.querySelector("button").focus();
      state.overlay = box;
    };
    setInterval(() => {
      const c = state.cfg;
      if (!c.active) { state.last = Date.now(); hide(); return; }
      const idle = (Date.now() - state.last) / 1000;
      if (c.waiting) {
        // No countdown while help is on its way: the question stays until it is answered.
        if (idle >= c.waitingTimeout && !state.overlay) show();
        return;
      }
      if (idle < c.timeout) return;
      const left = Math.ceil(c.timeout + c.countdown - idle);
      if (left <= 0) {
        hide();
        state.last = Date.now();
        press(c.resetKey);
        return;
      }
      if (!state.overlay) show();
      if (state.shown !== left) {
        // Written only when the number changes, not four times a second.
        state.shown = left;
        state.overlay.querySelector("#kiosk-idle-count").textContent = c.countdownText.replace("{seconds}", left);
      }
    }, 250);
  }
  const before = w.__kioskIdle.cfg;
  if (before.waiting !== cfg.waiting) {
    // A call opened or closed: the visitor starts a fresh while, and an open question no longer fits.
    w.__kioskIdle.last = Date.now();
    if (w.__kioskIdle.overlay) { w.__kioskIdle.overlay.remove(); w.__kioskIdle.overlay = null; }
  }
  w.__kioskIdle.cfg = cfg;
};
"""

_CSS = """
.st-key-__RESET_KEY__, .st-key-__END_WAIT_KEY__ { display: none !important; }
#kiosk-idle { position: fixed; inset: 0; z-index: 1000000; background: rgba(0, 0, 0, 0.75);
  display: flex; align-items: center; justify-content: center; }
#kiosk-idle .kiosk-idle-box { background: #fff; color: #111827; border-radius: 16px; padding: 2.5rem;
  max-width: 36rem; text-align: center; border: 4px solid #111827; }
#kiosk-idle h2 { font-size: 2rem; margin: 0 0 1rem; }
#kiosk-idle p { font-size: 1.3rem; }
#kiosk-idle button { min-height: 64px; padding: 0.5em 1.5em; font-size: 1.3rem; border-radius: 12px;
  background: #1e40af; color: #fff; border: none; cursor: pointer; }
#kiosk-idle button.kiosk-idle-no { background: #fff; color: #111827; border: 3px solid #111827; margin-inline-start: 1rem; }
#kiosk-idle button:focus-visible { outline: 4px solid __FOCUS__; outline-offset: 3px; }
#kiosk-idle.kiosk-idle-high-contrast .kiosk-idle-box { background: #000; color: #fff; border-color: #fff; }
#kiosk-idle.kiosk-idle-high-contrast button { background: #ffd400; color: #000; border: 3px solid #ffd400; }
#kiosk-idle.kiosk-idle-high-contrast button.kiosk-idle-no { background: #000; color: #ffd400; border: 3px solid #ffd400; }
#kiosk-idle.kiosk-idle-high-contrast button:focus-visible { outline-color: __FOCUS_HIGH_CONTRAST__; }
"""


def install_idle_reset(
    head: PageHead,
    t: Translator,
    active: bool,
    waiting: bool,
    timeout_seconds: int,
    countdown_seconds: int,
    waiting_timeout_seconds: int,
    on_reset: Callable[[], None],
    on_end_wait: Callable[[], None],
    high_contrast: bool = False,
) -> None:
    """`on_reset` ends an idle visit; `on_end_wait` ends a visit whose visitor said they no longer wait."""
    config = {
        "active": active,
        "waiting": waiting,
        "timeout": timeout_seconds,
        "countdown": countdown_seconds,
        "waitingTimeout": waiting_timeout_seconds,
        "title": t("idle.still_there"),
        "countdownText": t("idle.countdown", seconds="{seconds}"),
        "cont": t("idle.continue"),
        "waitingTitle": t("idle.still_waiting"),
        "waitingYes": t("idle.yes_waiting"),
        "waitingNo": t("idle.no_longer_waiting"),
        "lang": t.language,
        "dir": "rtl" if t.rtl else "ltr",
        "highContrast": high_contrast,
        "resetKey": RESET_KEY,
        "endWaitKey": END_WAIT_KEY,
    }
    css = _CSS.replace("__RESET_KEY__", RESET_KEY).replace("__END_WAIT_KEY__", END_WAIT_KEY)
    css = css.replace("__FOCUS_HIGH_CONTRAST__", FOCUS_COLOUR_HIGH_CONTRAST).replace("__FOCUS__", FOCUS_COLOUR)
    # Sent with the page's head (kiosk.ui.shared.chrome.PageHead): the style and the script once, the settings each run.
    head.styles["kiosk-idle-style"] = css
    head.installs["idle"] = _SCRIPT
    head.calls["idle"] = config
    st.button("reset", key=RESET_KEY, on_click=on_reset)
    st.button("end wait", key=END_WAIT_KEY, on_click=on_end_wait)
