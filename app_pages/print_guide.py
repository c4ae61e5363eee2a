"""A guide's printable page: /?print=<slug>&lang=<code>[&ref=…][&booking=…];
a life event's checklist: /?checklist=<path>&lang=<code>&done=…"""

import streamlit as st

from kiosk.ui.navigation import BOOKING_PARAM, CHECKLIST_PARAM, PRINT_PARAM, keep_kiosks_out
from kiosk.ui.printout.view import render_checklist_page, render_print_page
from kiosk.ui.shared.runtime import get_runtime
from kiosk.visit.qr import BILINGUAL_PARAM

keep_kiosks_out()

if st.query_params.get(CHECKLIST_PARAM):
    render_checklist_page(
        get_runtime(), st.query_params.get(CHECKLIST_PARAM, ""), st.query_params.get("lang", ""), st.query_params.get("done", "")
    )
else:
    render_print_page(
        get_runtime(),
        st.query_params.get(PRINT_PARAM, ""),
        st.query_params.get("lang", ""),
        bilingual=st.query_params.get(BILINGUAL_PARAM) == "1",
        ref=st.query_params.get("ref", ""),
        booking_code=st.query_params.get(BOOKING_PARAM, ""),
    )
