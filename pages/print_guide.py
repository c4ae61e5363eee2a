"""A guide's printable page: /?print=<slug>&lang=<code>[&ref=<a help call's reference>][&booking=<code>]"""

import streamlit as st

from kiosk.ui.navigation import BOOKING_PARAM, PRINT_PARAM, keep_kiosks_out
from kiosk.ui.print_view import render_print_page
from kiosk.ui.runtime import get_runtime

keep_kiosks_out()

render_print_page(
    get_runtime(),
    st.query_params.get(PRINT_PARAM, ""),
    st.query_params.get("lang", ""),
    ref=st.query_params.get("ref", ""),
    booking_code=st.query_params.get(BOOKING_PARAM, ""),
)
