"""The pages' way to the process's runtime (settings, database, content, dispatcher)."""

from __future__ import annotations

from kiosk.runtime import Runtime, runtime_for
from kiosk.settings import get_settings


def get_runtime() -> Runtime:
    # Not in st.cache_resource: a client's "clear cache" message must not rebuild it.
    return runtime_for(get_settings())
