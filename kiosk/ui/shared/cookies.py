"""Cookies written from the page: Streamlit has no way to send a Set-Cookie header."""

from __future__ import annotations

import re

import streamlit as st

# Name and value go inside a script's string: only characters that need no quoting are allowed.
_SAFE_NAME = re.compile(r"^[0-9A-Za-z._-]+$")
_SAFE_VALUE = re.compile(r"^[0-9A-Za-z._-]*$")  # empty with max_age 0: the cookie is removed


def set_cookie(name: str, value: str, max_age: int) -> None:
    """A first-party cookie for the whole site, SameSite=Strict, Secure over https."""
    if not (_SAFE_NAME.match(name) and _SAFE_VALUE.match(value)):
        raise ValueError("cookie names and values here hold [0-9A-Za-z._-] only")
    st.html(
        f"<script>document.cookie = '{name}={value}; Max-Age={int(max_age)}; Path=/; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
