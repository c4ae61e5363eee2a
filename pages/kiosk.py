"""The citizen's kiosk: http://server:8501/?kiosk=<id>"""

import streamlit as st

from kiosk.ui.kiosk.view import render_kiosk
from kiosk.ui.navigation import KIOSK_PARAM
from kiosk.ui.runtime import get_runtime

render_kiosk(get_runtime(), st.query_params.get(KIOSK_PARAM, ""))
