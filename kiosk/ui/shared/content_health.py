"""Shows content problems to staff and editors, so a broken file is seen and fixed."""

from __future__ import annotations

import streamlit as st

from kiosk.content.source import ContentSnapshot
from kiosk.language.staff_texts import StaffText


def show_content_problems(snapshot: ContentSnapshot, s: StaffText) -> None:
    errors, warnings = snapshot.errors, snapshot.warnings
    if not errors and not warnings:
        st.success(s("content.ok"))
        return
    if errors:
        st.error(s("content.errors", count=len(errors)))
    with st.expander(s("content.see_all", errors=len(errors), warnings=len(warnings)), expanded=bool(errors)):
        # Plain text: a problem quotes what the file says, and a file may come from a pack.
        st.text("\n".join(problem.describe() for problem in errors + warnings))
