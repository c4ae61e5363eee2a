"""A page's live parts: a fragment that holds `live_part` is re-run when its data changed, and only then.

The component (plain JS in assets/live.js, no build step) keeps one server-sent-events stream per page
(kiosk.live.stream) and triggers its fragment when the channel's digest differs from the one the fragment
was drawn with. The digest drawn is the one the process published before the fragment read its data, so a
redraw never shows older data than its digest says, and a change in between only causes one more redraw.
Without a live watcher (commands, AppTest) a fragment is drawn once per run, as any other.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import streamlit as st

from kiosk.live.stream import PATH
from kiosk.runtime import Runtime

# For a part drawn without its data (a busy database): a channel that never changes, and a look again soon.
RETRY = "retry"
RETRY_SECONDS = 3.0

_component = st.components.v2.component(
    "kiosk_live",
    js=(Path(__file__).parent / "assets" / "live.js").read_text(encoding="utf-8"),
    # The component draws nothing: its element takes no room in the fragment. (The line break marks the
    # string as CSS for Streamlit, which takes a one-line string with brackets for a file's name.)
    css='[class*="st-key-live-"] {\n  display: none !important;\n}\n',
    isolate_styles=False,
)


def shown_digest(runtime: Runtime, channel: str) -> str | None:
    """The channel's digest now: read it before the data the fragment draws."""
    if runtime.live is None:
        return None
    return runtime.live.feed.digests([channel]).get(channel)


def live_page(runtime: Runtime) -> None:
    """Once per page with live parts, outside every fragment: when the server restarted, the page the browser
    still shows is the old process's, whose fragments the new one does not know (their re-runs are refused,
    a press inside one does nothing). This part, told by the stream which process serves it now, re-runs
    the whole page then, in the new process, with the widgets' values as they are on the screen."""
    if runtime.live is None:
        return
    _component(key="live-page", data={"id": "page", "page": True, "boot": runtime.live.feed.boot}, on_changed_change=lambda: None)


def live_part(key: str, ticket: str, channel: str, digest: str | None, wake_in_seconds: float | None = None) -> bool:
    """Put the listener in the current fragment; True when this run is the one its change asked for.

    `wake_in_seconds`: run again then even without a change (what changes by the clock, such as a waiting
    visitor's estimate, and only for that screen).
    """
    data = {
        "id": key,
        "url": f"{PATH}?t={quote(ticket)}",
        "channel": channel,
        "digest": digest or "",
        "now": int(time.time() * 1000),
        "wakeInMs": int(wake_in_seconds * 1000) if wake_in_seconds else None,
    }
    result = _component(key=f"live-{key}", data=data, on_changed_change=lambda: None)
    return bool(getattr(result, "changed", False))
