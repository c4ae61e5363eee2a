"""Shows content problems to staff and editors, so a broken file is seen and fixed."""

from __future__ import annotations

import streamlit as st

from kiosk.content.source import ContentSnapshot


def show_content_problems(snapshot: ContentSnapshot) -> None:
    errors, warnings = snapshot.errors, snapshot.warnings
    if not errors and not warnings:
        st.success("Innholdet er i orden: ingen feil i guidene.")
        return
    if errors:
        st.error(f"{len(errors)} feil i innholdet. Kiosken viser fortsatt siste gode versjon av det som har feil.")
    with st.expander(f"Se alle ({len(errors)} feil, {len(warnings)} advarsler)", expanded=bool(errors)):
        # Plain text: a problem quotes what the file says, and a file may come from a pack.
        st.text("\n".join(problem.describe() for problem in errors + warnings))
