"""Each user picks the language of the staff and editor pages; it is kept on their account."""

from __future__ import annotations

import streamlit as st

from kiosk.accounts.auth import AccountError, User, set_ui_language
from kiosk.errors import StoreUnavailable
from kiosk.language.staff_texts import LANGUAGE_NAMES, STAFF_LANGUAGES, StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.staff_actions import as_signed_in

RELABELLED_CHOICES = ("staff-presence",)
# Kept as chosen and set again, so the browser shows them under their new labels. The tablet's branch is one:
# read again from its cookie it was the one the page was opened with (the browser's cookie is read once).
KEPT_CHOICES = ("staff-branch", "stats-branch", "stats-kiosks", "stats-languages", "stats-range")


def page_language_picker(runtime: Runtime, user: User, s: StaffText) -> None:
    def chosen() -> None:
        try:
            set_ui_language(runtime.engine, user.id, st.session_state["page-language"])
        except (AccountError, StoreUnavailable):
            st.session_state["staff-notice"] = s("error.database_retry")
            return
        # A widget whose label changes is a new widget to Streamlit, which would show it empty: these choices
        # are read again (presence from the database) or set again under their new labels.
        for key in RELABELLED_CHOICES:
            st.session_state.pop(key, None)
        for key in KEPT_CHOICES:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]

    st.selectbox(
        s("page.language"),
        list(STAFF_LANGUAGES),
        index=list(STAFF_LANGUAGES).index(s.language),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="page-language",
        on_change=as_signed_in(runtime, user, chosen),
    )
