"""Forget what Streamlit keeps about widgets a session no longer draws, so a screen left on all day stays flat.

Streamlit keeps, on purpose, the metadata of every widget id a session ever drew (its callback with the
callback's arguments, its (de)serialiser) and every key's mapping to its id, after the widget's value is
gone: "the mapping outlives the widget, like its metadata". A kiosk draws new ids with each language and
guide, a staff tablet with each call card (`accept-<call>`), so a screen that stays open all day grew with
every visitor and every call (the 60-minute soak: +15 MB an hour). A widget with no value anywhere is not on
the screen (Streamlit drops a widget's value in the run, whole or fragment, that stops drawing it), and
Streamlit would treat it as new if it came back: its metadata and key mapping are forgotten at the start of
each whole run (app.py) and of the staff queue's runs (a tablet redraws only that fragment all day), and
registered again if it is drawn again.

These are Streamlit's private fields (1.67): `tests/test_widget_memory.py` fails if a new version moves
them, and the product logs one warning and goes on without forgetting.
"""

from __future__ import annotations

import logging
from typing import Any

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

log = logging.getLogger(__name__)
_said_unavailable = False


def forget_widgets_no_longer_drawn() -> int:
    """Drop metadata and key mappings of widget ids that hold no value; return how many were dropped.

    Call at the top of a run, whole or fragment: by then Streamlit has moved the last run's values into its
    old state and added what the browser sent, so an id with neither is not drawn anywhere on the page now.
    """
    global _said_unavailable  # one warning per process, not one per run
    try:
        safe = get_session_state()
        with safe._lock:  # the same lock Streamlit's own calls take
            return _forget(safe._state)
    except AttributeError as exc:  # a Streamlit version that keeps these elsewhere: serve on, say it once
        if not _said_unavailable:
            _said_unavailable = True
            log.warning("cannot forget widgets no longer drawn (%s): sessions grow with each widget id", exc)
        return 0


def forget_widgets_if_this_part_runs_alone() -> int:
    """First line of a fragment that may run alone all day: forgets when this run is the fragment's own (its
    top is the run's top). Inside a whole run it does nothing: app.py forgot at the top, and widgets drawn
    since then in this run may not hold their value yet."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return 0
    return forget_widgets_no_longer_drawn()


def _forget(state: Any) -> int:
    widgets = state._new_widget_state
    holding_a_value = set(widgets.states) | set(state._old_state)
    gone = [widget_id for widget_id in widgets.widget_metadata if widget_id not in holding_a_value]
    for widget_id in gone:
        del widgets.widget_metadata[widget_id]
    mapper = state._key_id_mapper
    for widget_id, user_key in list(mapper.id_key_mapping.items()):
        if widget_id in holding_a_value:
            continue
        if mapper.get_id_from_key(user_key, None) == widget_id:
            mapper.delete(user_key)
        else:  # the key was drawn again under another id: only this old way back to it is left
            del mapper.id_key_mapping[widget_id]
    return len(gone)
