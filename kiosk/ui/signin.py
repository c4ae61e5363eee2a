"""Sign-in for every page but the kiosk, and a shift token so a tablet stays signed in."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from kiosk.auth import Role, SignInRefused, User, authenticate, get_user, issue_token, user_from_token
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable

USER_KEY = "signed-in-user"
SIGNED_OUT_KEY = "signed-out"  # cookies are read once per browser session: ignore the old one after Sign out
TOKEN_COOKIE = "kiosk_shift"
PENDING_COOKIE_KEY = "pending-cookie"  # written by the next full run, so the script is not lost to a rerun

ROLE_NAMES = {Role.STAFF: "personale", Role.EDITOR: "redaktør", Role.ADMIN: "administrator"}


def _set_cookie(value: str, max_age: int) -> None:
    # Only the signed token goes in the cookie, never the password. Set from script because
    # Streamlit has no way to send a Set-Cookie header; the value holds [0-9A-Za-z._-] only.
    st.html(
        f"<script>document.cookie = '{TOKEN_COOKIE}={value}; Max-Age={max_age}; Path=/; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def _write_pending_cookie() -> None:
    pending = st.session_state.pop(PENDING_COOKIE_KEY, None)
    if pending is not None:
        _set_cookie(*pending)


def current_user(runtime: Runtime) -> User | None:
    user: User | None = st.session_state.get(USER_KEY)
    try:
        if user is not None:
            user = get_user(runtime.engine, user.id)  # disabled mid-shift: out at once
        elif not st.session_state.get(SIGNED_OUT_KEY):
            token = st.context.cookies.get(TOKEN_COOKIE)
            user = user_from_token(runtime.engine, token, runtime.secret) if token else None
    except StoreUnavailable:
        return st.session_state.get(USER_KEY)
    if user is not None and user.disabled:
        user = None
    st.session_state[USER_KEY] = user
    return user


def require_role(runtime: Runtime, *allowed: Role) -> User:
    """The signed-in user with one of the roles (admins may everything), or a sign-in form and stop."""
    _write_pending_cookie()
    user = current_user(runtime)
    if user is None:
        _sign_in_form(runtime)
        st.stop()
    assert user is not None
    if not user.may(set(allowed)):
        st.error("Du har ikke tilgang til denne siden. Be en administrator om riktig rolle.")
        sign_out_button(user)
        st.stop()
    return user


# The pages a role may open, for the sidebar. Streamlit's own page list is off (config.toml): in its
# legacy mode it would list every script in pages/, the kiosk's included.
PAGE_LINKS = [
    ("pages/staff.py", "Hjelp på gulvet", "🧑‍💼", {Role.STAFF}),
    ("pages/editor.py", "Guider og oversettelser", "📝", {Role.EDITOR}),
]


def sign_out_button(user: User) -> None:
    with st.sidebar:
        for page, label, icon, roles in PAGE_LINKS:
            if user.may(roles):
                st.page_link(page, label=label, icon=icon)
        st.divider()
        st.caption(f"Logget inn som **{user.display_name}** ({ROLE_NAMES[user.role]})")
        st.button("Logg ut", key="sign-out", on_click=_sign_out)


def _sign_out() -> None:
    st.session_state[USER_KEY] = None
    st.session_state[SIGNED_OUT_KEY] = True
    st.session_state[PENDING_COOKIE_KEY] = ("", 0)


def _client_address() -> str | None:
    """The address a sign-in comes from, for throttling per (name, address).

    A stranger's guesses then make only the stranger wait for long. None (localhost, unknown)
    shares one count. Behind a reverse proxy every client has the proxy's address, and the
    name's own slow-down across all addresses is what remains.
    """
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # a test harness may give a stand-in


def _sign_in_form(runtime: Runtime) -> None:
    st.title("Logg inn")
    with st.form("sign-in"):
        username = st.text_input("Brukernavn", autocomplete="username")
        password = st.text_input("Passord", type="password", autocomplete="current-password")
        remember = st.checkbox(f"Hold meg innlogget denne vakten ({runtime.settings.shift_hours:g} timer)", value=True)
        submitted = st.form_submit_button("Logg inn", type="primary")
    if not submitted:
        return
    try:
        user = authenticate(runtime.engine, username, password, _client_address())
    except SignInRefused as refused:
        if refused.reason == "locked":
            st.error(f"For mange feil forsøk. Prøv igjen om {refused.wait_seconds} sekunder.")
        elif refused.reason == "disabled":
            st.error("Denne brukeren er slått av. Snakk med en administrator.")
        else:
            st.error("Feil brukernavn eller passord.")
        return
    except StoreUnavailable:
        st.error("Databasen svarer ikke akkurat nå. Prøv igjen om litt.")
        return
    st.session_state[USER_KEY] = user
    st.session_state[SIGNED_OUT_KEY] = False
    if remember:
        lifetime = timedelta(hours=runtime.settings.shift_hours)
        token = issue_token(runtime.engine, user, runtime.secret, lifetime)
        st.session_state[PENDING_COOKIE_KEY] = (token, int(lifetime.total_seconds()))
    st.rerun()
