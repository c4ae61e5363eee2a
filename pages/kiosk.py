"""The citizen's kiosk: http://server:8501/?kiosk=<id>"""

import streamlit as st

from kiosk.ui.navigation import KIOSK_PARAM
from kiosk.ui.shared.runtime import get_runtime
from kiosk.ui.visitor.view import render_kiosk

render_kiosk(get_runtime(), st.query_params.get(KIOSK_PARAM, ""))
