"""The pages' way to the process's runtime (settings, database, content, dispatcher)."""

from __future__ import annotations

import logging
from typing import NoReturn

import streamlit as st
from pydantic import ValidationError

from kiosk.accounts.auth import WeakSecretError
from kiosk.runtime import Runtime, runtime_for
from kiosk.settings import get_settings
from kiosk.ui.shared.staff_texts import library_texts

log = logging.getLogger(__name__)


def get_runtime() -> Runtime:
    # Not in st.cache_resource: a client's "clear cache" message must not rebuild it.
    try:
        return runtime_for(get_settings())
    except (ValidationError, WeakSecretError) as exc:
        _refuse_to_serve(exc)


def _refuse_to_serve(exc: Exception) -> NoReturn:
    # No page is served without a sound configuration (a weak signing key lets anyone forge a
    # sign-in). The reason goes to the server log only: the screen may be a public kiosk.
    log.error("refusing to serve: %s", exc)
    st.error(library_texts()("error.server_setup"))
    st.stop()
