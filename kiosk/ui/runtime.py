"""One Runtime per server process (per settings), shared by all sessions."""

from __future__ import annotations

import streamlit as st

from kiosk.runtime import Runtime, build_runtime
from kiosk.settings import Settings, get_settings


@st.cache_resource(show_spinner=False)
def _runtime_for(settings_json: str) -> Runtime:
    # One dispatcher per server process delivers notifications and escalates calls.
    return build_runtime(Settings.model_validate_json(settings_json), start_dispatcher=True)


def get_runtime() -> Runtime:
    # Keyed by the settings' values, so tests with other settings get their own runtime.
    return _runtime_for(get_settings().model_dump_json())
