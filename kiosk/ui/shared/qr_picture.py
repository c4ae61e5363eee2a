"""A QR code on a kiosk screen."""

from __future__ import annotations

import base64
import html

import streamlit as st


def qr_picture(svg: str, caption: str, address: str) -> None:
    """A QR code without Streamlit's fullscreen button (a white screen with every kiosk button gone), under it
    what scanning it does. A screen reader hears that caption, not the address letter by letter; the address
    stays on the picture as data (for tests and the curious), out of its name."""
    url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    st.html(
        f'<figure class="kiosk-qr"><img src="{url}" alt="" data-address="{html.escape(address)}" width="220" height="220">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )
