"""Entry point: `streamlit run app.py`. Decides which pages a visitor gets.

A browser opened at /?kiosk=<id> is a kiosk: it gets the kiosk page only, with no
navigation, so a citizen can never wander into staff pages. /?print=<slug>&lang=<code>
is a guide's printable page, the address behind the kiosk's "take it with you" QR code.
"""

import streamlit as st

from kiosk.ui.navigation import build_pages
from kiosk.ui.shared.widget_memory import forget_widgets_no_longer_drawn

st.set_page_config(page_title="Help kiosk", page_icon="🛟", layout="centered", menu_items={})
forget_widgets_no_longer_drawn()  # a screen open all day keeps only the widgets it still draws

pages, position = build_pages(st.query_params)
st.navigation(pages, position=position).run()
