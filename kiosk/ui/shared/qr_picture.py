"""A QR code on a kiosk screen."""

from __future__ import annotations

import base64
import html

import streamlit as st


def qr_picture(svg: str, alt: str) -> None:
    """A QR code without Streamlit's fullscreen button (a white screen with every kiosk button gone)."""
    url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    st.html(f'<figure class="kiosk-qr"><img src="{url}" alt="{html.escape(alt)}" width="220" height="220"></figure>')
