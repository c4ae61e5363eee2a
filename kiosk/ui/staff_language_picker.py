"""Each user picks the language of the staff and editor pages; it is kept on their account."""

from __future__ import annotations

import streamlit as st

from kiosk.auth import AccountError, User, set_ui_language
from kiosk.runtime import Runtime
from kiosk.staff_texts import LANGUAGE_NAMES, STAFF_LANGUAGES, StaffText
from kiosk.store import StoreUnavailable


def page_language_picker(runtime: Runtime, user: User, s: StaffText) -> None:
    def chosen() -> None:
        try:
            set_ui_language(runtime.engine, user.id, st.session_state["page-language"])
        except (AccountError, StoreUnavailable):
            st.session_state["staff-notice"] = s("error.database_retry")

    st.selectbox(
        s("page.language"),
        list(STAFF_LANGUAGES),
        index=list(STAFF_LANGUAGES).index(s.language),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="page-language",
        on_change=chosen,
    )
