"""Translation exchange, for editors: a language's guides out as XLIFF for a translation agency, and back in."""

from __future__ import annotations

import streamlit as st

from kiosk.auth import User
from kiosk.content.models import ContentLibrary
from kiosk.errors import KioskError
from kiosk.runtime import Runtime
from kiosk.ui.plain import escape_markdown
from kiosk.xliff import MAX_XLIFF_BYTES, export_xliff, import_xliff


def render_xliff(runtime: Runtime, user: User, library: ContentLibrary) -> None:
    content_dir = runtime.settings.content_dir
    st.subheader("Send til et oversettelsesbyrå")
    codes = [c for c in library.languages if c != runtime.settings.default_language]
    language = st.selectbox("Språk", codes, format_func=lambda c: library.languages[c].norwegian_name, key="xliff-language")
    only_needed = st.checkbox("Bare guider som mangler eller er utdatert på dette språket", value=True, key="xliff-needed")
    st.download_button(
        "⬇ Last ned XLIFF-filen",
        export_xliff(library, content_dir, language, only_needed=only_needed),
        file_name=f"guider-{language}.xlf",
        mime="application/x-xliff+xml",
        key="xliff-download",
    )
    st.subheader("Hent inn en oversatt XLIFF-fil")
    limit = MAX_XLIFF_BYTES // (1024 * 1024)
    upload = st.file_uploader(f"XLIFF-fil (høyst {limit} MB)", type=["xlf", "xliff"], key="xliff-upload")
    reviewed = st.checkbox(
        "En person som kan språket godt har kontrollert tekstene (de merkes som kontrollert)", key="xliff-reviewed"
    )
    publish_now = st.checkbox("Publiser med en gang (ellers lagres de som utkast)", key="xliff-publish")
    if upload is None or not st.button("Hent inn", key="xliff-import", type="primary"):
        return
    try:
        report = import_xliff(
            runtime.engine,
            library,
            content_dir,
            upload.getvalue(),
            reviewed=reviewed,
            by=user.display_name,
            author_id=user.id,
            today=runtime.local_now().date(),
            publish_now=publish_now,
        )
    except (KioskError, OSError) as exc:
        st.error(f"Filen ble ikke hentet inn: {escape_markdown(str(exc))}")
        return
    if publish_now:
        runtime.content.reload()
    for slug, count in report.applied.items():
        st.text(f"{slug}: {count} tekster {'publisert' if publish_now else 'lagret som utkast'}")
    if report.changed_source:
        st.warning(
            "Ikke tatt inn, fordi kildeteksten er endret etter at filen ble laget: " + ", ".join(report.changed_source[:30])
        )
    if report.unknown:
        st.warning("Ikke tatt inn, ukjent guide, steg eller felt: " + escape_markdown(", ".join(report.unknown[:30])))
    for slug, why in report.invalid.items():
        st.error(f"{escape_markdown(slug)} ble ikke lagret: {escape_markdown(why)}")
    st.success(f"{sum(report.applied.values())} tekster hentet inn, {report.untranslated} tomme.")
