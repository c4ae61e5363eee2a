"""Sign-in for every page but the kiosk, and a shift token so a tablet stays signed in."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import streamlit as st

from kiosk.accounts.auth import (
    Role,
    SignInRefused,
    User,
    authenticate,
    issue_token,
    revoke_token,
    still_valid,
    token_id,
    user_from_token,
)
from kiosk.client_address import client_address
from kiosk.errors import StoreUnavailable
from kiosk.floor.presence import signed_in, signed_out
from kiosk.runtime import Runtime
from kiosk.ui.shared.cookies import set_cookie
from kiosk.ui.shared.language_picker import page_language_picker
from kiosk.ui.shared.staff_texts import texts_for
from kiosk.ui.shared.streamlit_words import streamlit_in_language
from kiosk.ui.shared.uploads import revoke_uploads

USER_KEY = "signed-in-user"
SIGNED_OUT_KEY = "signed-out"  # cookies are read once per browser session: ignore the old one after Sign out
TOKEN_COOKIE = "kiosk_shift"
PENDING_COOKIE_KEY = "pending-cookie"  # written by the next full run, so the script is not lost to a rerun
TOKEN_KEY = "shift-token"  # this session's shift token (server side): checked every run, revoked at sign-out


def _set_cookie(value: str, max_age: int) -> None:
    # Only the signed token goes in the cookie, never the password.
    set_cookie(TOKEN_COOKIE, value, max_age)


def _write_pending_cookie() -> None:
    # One element in every run, the cookie's script or an empty one: the page below keeps its place. Were it only in
    # the run after signing in, the next run would move everything up one place and the browser would show the old
    # filters (faded) beside the new ones until that run ends.
    slot = st.empty()
    pending = st.session_state.pop(PENDING_COOKIE_KEY, None)
    if pending is not None:
        with slot:
            _set_cookie(*pending)


def current_user(runtime: Runtime) -> User | None:
    """The signed-in user, re-checked against the database on every script run.

    A password change, a disabled account or a signed-out (revoked) token ends the sign-in on
    the next run, also on a tablet that stays open. One indexed query per run.
    """
    user: User | None = st.session_state.get(USER_KEY)
    token: str | None = st.session_state.get(TOKEN_KEY)
    try:
        if user is not None:
            user = still_valid(runtime.engine, user.id, user.generation, token_id(token, runtime.secret))
        elif not st.session_state.get(SIGNED_OUT_KEY):
            token = st.context.cookies.get(TOKEN_COOKIE)
            user = user_from_token(runtime.engine, token, runtime.secret) if token else None
    except StoreUnavailable:
        # The database does not answer: nothing can be changed or revoked right now either.
        return st.session_state.get(USER_KEY)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token if user is not None else None
    if user is None:
        revoke_uploads(runtime)
    return user


def still_signed_in(runtime: Runtime, user: User) -> bool:
    """For fragments that rerun alone (the staff page's live queue): is `user` still signed in here?

    False means: stop drawing and `st.rerun(scope="app")`, so the full page shows the sign-in form.
    """
    current = current_user(runtime)
    return current is not None and current.id == user.id


def require_role(runtime: Runtime, *allowed: Role) -> User:
    """The signed-in user with one of the roles (admins may everything), or a sign-in form and stop."""
    _write_pending_cookie()
    user = current_user(runtime)
    if user is None:
        _sign_in_form(runtime)
        st.stop()
    assert user is not None
    if not user.may(set(allowed)):
        st.error(texts_for(runtime, user)("signin.no_access"))
        sign_out_button(user)
        st.stop()
    return user


# The pages a role may open, for the sidebar. Streamlit's own page list is off (config.toml): in its
# legacy mode it would list every script in pages/, the kiosk's included.
PAGE_LINKS = [
    ("app_pages/staff.py", "page.staff", "🧑‍💼", {Role.STAFF}),
    ("app_pages/editor.py", "page.editor", "📝", {Role.EDITOR}),
    ("app_pages/stats.py", "page.stats", "📊", {Role.LEAD}),
]


def sign_out_button(user: User) -> None:
    from kiosk.ui.shared.runtime import get_runtime  # the pages pass only the user

    runtime = get_runtime()
    s = texts_for(runtime, user)
    with st.sidebar:
        for page, label, icon, roles in PAGE_LINKS:
            if user.may(roles):
                st.page_link(page, label=s(label), icon=icon)
        st.divider()
        page_language_picker(runtime, user, s)  # each user's own, on every page
        st.caption(s("signin.signed_in_as", name=user.display_name, role=s(f"role.{user.role.value}")))
        st.button(s("signin.sign_out"), key="sign-out", on_click=_sign_out)


def _sign_out() -> None:
    from kiosk.ui.shared.runtime import get_runtime  # here: sign_out_button(user) has no runtime to pass

    token = st.session_state.pop(TOKEN_KEY, None)
    user = st.session_state.get(USER_KEY)
    runtime = get_runtime()
    # Without the database this tablet is signed out all the same; the token lapses with the shift,
    # and a silent tablet counts as away after presence_stale_seconds.
    with contextlib.suppress(StoreUnavailable):
        if token:
            revoke_token(runtime.engine, token, runtime.secret)  # a copy of the cookie opens nothing now
        if isinstance(user, User):
            signed_out(runtime.engine, user.id)
    if isinstance(user, User):
        if runtime.heartbeats is not None:
            runtime.heartbeats.forget(user.id)
        runtime.queue.presence_changed()
    revoke_uploads(runtime)
    st.session_state.pop("staff-presence", None)  # the switch reads "away" afresh after the next sign-in
    st.session_state[USER_KEY] = None
    st.session_state[SIGNED_OUT_KEY] = True
    st.session_state[PENDING_COOKIE_KEY] = ("", 0)


def _client_address(runtime: Runtime) -> str | None:
    """The address a sign-in comes from, for throttling per (name, address).

    A stranger's guesses then make only the stranger wait for long. None (localhost, unknown)
    shares one count. Behind a reverse proxy named in KIOSK_TRUSTED_PROXIES the client's address
    comes from X-Forwarded-For; behind any other, every client has the proxy's address, and the
    name's own slow-down across all addresses is what remains.
    """
    address = st.context.ip_address
    peer = address if isinstance(address, str) else None  # a test harness may give a stand-in
    forwarded = st.context.headers.get("X-Forwarded-For")
    return client_address(peer, forwarded if isinstance(forwarded, str) else None, runtime.settings.trusted_proxies)


def _sign_in_form(runtime: Runtime) -> None:
    s = texts_for(runtime, None)  # nobody is known yet: the library's language
    streamlit_in_language(s, s("signin.title"))
    st.title(s("signin.title"))
    with st.form("sign-in"):
        username = st.text_input(s("signin.username"), autocomplete="username")
        password = st.text_input(s("signin.password"), type="password", autocomplete="current-password")
        remember = st.checkbox(s("signin.remember", hours=f"{runtime.settings.shift_hours:g}"), value=True)
        submitted = st.form_submit_button(s("signin.submit"), type="primary")
    if not submitted:
        return
    try:
        user = authenticate(runtime.engine, username, password, _client_address(runtime))
    except SignInRefused as refused:
        if refused.reason == "locked":
            st.error(s("signin.locked", seconds=refused.wait_seconds))
        elif refused.reason == "disabled":
            st.error(s("signin.disabled"))
        else:
            st.error(s("signin.wrong"))
        return
    except StoreUnavailable:
        st.error(s("error.database_retry"))
        return
    st.session_state[USER_KEY] = user
    st.session_state[SIGNED_OUT_KEY] = False
    with contextlib.suppress(StoreUnavailable):  # the heartbeat puts a first-time arrival on the floor all the same
        signed_in(runtime.engine, user)
    if remember:
        lifetime = timedelta(hours=runtime.settings.shift_hours)
        token = issue_token(runtime.engine, user, runtime.secret, lifetime)
        st.session_state[TOKEN_KEY] = token
        st.session_state[PENDING_COOKIE_KEY] = (token, int(lifetime.total_seconds()))
    st.rerun()
