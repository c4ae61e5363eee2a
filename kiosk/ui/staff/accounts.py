"""For admins on the staff page: which languages each colleague speaks (the same as `users languages`)."""

from __future__ import annotations

import streamlit as st

from kiosk.accounts.auth import AccountError, Role, User, list_users, set_spoken_languages
from kiosk.errors import StoreUnavailable
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.staff_actions import as_signed_in


def staff_languages_admin(runtime: Runtime, user: User, s: StaffText) -> None:
    if user.role is not Role.ADMIN:
        return
    st.header(s("accounts.heading"))
    st.caption(s("accounts.caption"))
    try:
        users = [account for account in list_users(runtime.engine) if not account.disabled]
    except StoreUnavailable:
        st.warning(s("error.database_list"))
        return
    languages = runtime.content.current().library.languages
    notice = st.session_state.pop("accounts-notice", None)
    if notice:
        st.success(notice)
    for account in users:
        options = list(dict.fromkeys([*languages, *account.spoken_languages]))

        def save(account: User = account) -> None:
            chosen = st.session_state.get(f"spoken-{account.id}", [])
            try:
                set_spoken_languages(runtime.engine, account.username, list(chosen))
                st.session_state["accounts-notice"] = s("accounts.saved", name=account.display_name)
            except (AccountError, StoreUnavailable):
                st.session_state["accounts-notice"] = s("error.database_retry")

        def label(code: str) -> str:
            known = languages.get(code)
            return f"{known.native_name} ({code})" if known else code

        st.multiselect(
            account.display_name,
            options,
            default=list(account.spoken_languages),
            format_func=label,
            key=f"spoken-{account.id}",
            on_change=as_signed_in(runtime, user, save),
            placeholder=s("accounts.placeholder"),
        )
