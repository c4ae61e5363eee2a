"""A guide's printable page: /?print=<slug>&lang=<code>"""

import streamlit as st

from kiosk.qr import BILINGUAL_PARAM
from kiosk.ui.navigation import PRINT_PARAM, keep_kiosks_out
from kiosk.ui.print_view import render_print_page
from kiosk.ui.runtime import get_runtime

keep_kiosks_out()

render_print_page(
    get_runtime(),
    st.query_params.get(PRINT_PARAM, ""),
    st.query_params.get("lang", ""),
    bilingual=st.query_params.get(BILINGUAL_PARAM) == "1",
)
