"""One Runtime per server process (per settings), shared by all sessions."""

from __future__ import annotations

import logging
from typing import NoReturn

import streamlit as st
from pydantic import ValidationError

from kiosk.auth import WeakSecretError
from kiosk.runtime import Runtime, build_runtime
from kiosk.settings import Settings, get_settings

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _runtime_for(settings_json: str) -> Runtime:
    # One dispatcher per server process delivers notifications and escalates calls.
    return build_runtime(Settings.model_validate_json(settings_json), start_dispatcher=True)


def get_runtime() -> Runtime:
    # Keyed by the settings' values, so tests with other settings get their own runtime.
    try:
        return _runtime_for(get_settings().model_dump_json())
    except (ValidationError, WeakSecretError) as exc:
        _refuse_to_serve(exc)


def _refuse_to_serve(exc: Exception) -> NoReturn:
    # No page is served without a sound configuration (a weak signing key lets anyone forge a
    # sign-in). The reason goes to the server log only: the screen may be a public kiosk.
    log.error("refusing to serve: %s", exc)
    st.error("Serveren er ikke satt opp riktig, så siden kan ikke vises. Administratoren finner årsaken i serverloggen.")
    st.stop()
