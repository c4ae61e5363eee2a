"""Which pages a browser gets: a kiosk gets the kiosk page only, a printed guide its page only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import streamlit as st

from kiosk.ui.shared.staff_texts import library_texts

KIOSK_PARAM = "kiosk"
PRINT_PARAM = "print"
BOOKING_PARAM = "booking"  # a booking slip's QR: the booked time, with the guide's page when there is one
CHECKLIST_PARAM = "checklist"  # a life-event path's checklist, printable: /?checklist=<path>&lang=<code>&done=<guides>
PAGES_DIR = "pages"


def build_pages(params: Mapping[str, str]) -> tuple[list | dict, Literal["sidebar", "hidden"]]:
    if params.get(KIOSK_PARAM):
        return [st.Page(f"{PAGES_DIR}/kiosk.py", title="Help kiosk", icon="🛟", default=True)], "hidden"
    if params.get(PRINT_PARAM) or params.get(CHECKLIST_PARAM) or params.get(BOOKING_PARAM):
        return [st.Page(f"{PAGES_DIR}/print_guide.py", title="Guide", icon="🖨", default=True)], "hidden"
    s = library_texts()
    return {
        s("nav.floor"): [st.Page(f"{PAGES_DIR}/staff.py", title=s("page.staff"), icon="🧑‍💼", default=True)],
        s("nav.content"): [st.Page(f"{PAGES_DIR}/editor.py", title=s("page.editor"), icon="📝")],
        s("nav.lead"): [st.Page(f"{PAGES_DIR}/stats.py", title=s("page.stats"), icon="📊")],
    }, "sidebar"


def is_kiosk_browser() -> bool:
    return bool(st.query_params.get(KIOSK_PARAM))


def keep_kiosks_out() -> None:
    """First line of every page but the kiosk's.

    Streamlit runs scripts in a folder named pages/ directly when a process's first request
    asks for one by path (its legacy multipage mode), before app.py can route. So each page
    checks for itself: a kiosk browser gets the kiosk, whatever path it asked for.
    """
    if is_kiosk_browser():
        from kiosk.ui.shared.runtime import get_runtime
        from kiosk.ui.visitor.view import render_kiosk

        render_kiosk(get_runtime(), st.query_params.get(KIOSK_PARAM, ""))
        st.stop()
