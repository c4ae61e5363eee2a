"""Translation exchange, for editors: a language's guides out as XLIFF for a translation agency, and back in."""

from __future__ import annotations

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.authoring.review import may_review
from kiosk.authoring.xliff import MAX_XLIFF_BYTES, export_xliff, import_xliff
from kiosk.content.models import ContentLibrary
from kiosk.errors import KioskError
from kiosk.floor.cards import language_label
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.localized_widgets import upload_file
from kiosk.ui.shared.plain import escape_markdown
from kiosk.ui.shared.uploads import permit_uploads


def render_xliff(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    content_dir = runtime.settings.content_dir
    st.subheader(s("xliff.send_heading"))
    codes = [c for c in library.languages if c != runtime.settings.default_language]
    language = st.selectbox(
        s("edit.language"), codes, format_func=lambda c: language_label(c, s.language, library), key="xliff-language"
    )
    only_needed = st.checkbox(s("xliff.only_needed"), value=True, key="xliff-needed")
    st.download_button(
        s("xliff.download"),
        export_xliff(library, content_dir, language, only_needed=only_needed),
        file_name=s("xliff.file_name", language=language),
        mime="application/x-xliff+xml",
        key="xliff-download",
    )
    st.subheader(s("xliff.import_heading"))
    limit = MAX_XLIFF_BYTES // (1024 * 1024)
    permit_uploads(runtime)
    upload = upload_file(st.container(), s("xliff.upload", mb=limit), ["xlf", "xliff"], MAX_XLIFF_BYTES, s, "xliff-upload")
    # Only a reviewer of the file's language may vouch for it; the import checks it again for the file's language.
    reviewed = st.checkbox(s("xliff.reviewed"), key="xliff-reviewed", disabled=not may_review(user, language))
    publish_now = st.checkbox(s("xliff.publish_now"), key="xliff-publish")
    if upload is None or not st.button(s("xliff.import"), key="xliff-import", type="primary"):
        return
    try:
        report = import_xliff(
            runtime.engine,
            library,
            content_dir,
            upload.getvalue(),
            reviewed=reviewed and may_review(user, language),
            reviewer=user,
            by=user.display_name,
            author_id=user.id,
            today=runtime.local_now().date(),
            publish_now=publish_now,
        )
    except (KioskError, OSError) as exc:
        st.error(s("xliff.failed", reason=escape_markdown(str(exc))))
        return
    if publish_now:
        runtime.content.reload()
    for slug, count in report.applied.items():
        st.text(s("xliff.applied_published" if publish_now else "xliff.applied_draft", guide=slug, count=count))
    if report.changed_source:
        st.warning(s("xliff.changed_source", items=escape_markdown(", ".join(report.changed_source[:30]))))
    if report.unknown:
        st.warning(s("xliff.unknown", items=escape_markdown(", ".join(report.unknown[:30]))))
    for slug, why in report.invalid.items():
        st.error(s("xliff.invalid", guide=escape_markdown(slug), reason=escape_markdown(why)))
    st.success(s("xliff.done", count=sum(report.applied.values()), empty=report.untranslated))
