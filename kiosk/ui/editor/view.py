"""The editors' page: content status, the guide editor, history with diff and revert, content packs."""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.accounts.auth import Role, User
from kiosk.authoring.guides import diff, publish, revert, revisions
from kiosk.authoring.packs import ItemState, PackError, PackReport, apply_pack, export_pack, inspect_pack
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, path_matrix, translation_matrix
from kiosk.errors import KioskError
from kiosk.floor.cards import language_name
from kiosk.language.staff_texts import StaffText
from kiosk.language.texts import missing_ui_keys
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable
from kiosk.ui.editor.guides import EDIT_KEY, render_guide_editor
from kiosk.ui.editor.paths import render_path_editor
from kiosk.ui.editor.recordings import render_audio_coverage, render_recordings
from kiosk.ui.editor.verification import render_due_for_review, render_review
from kiosk.ui.editor.xliff import render_xliff
from kiosk.ui.shared.chrome import apply_staff_look, set_document_language
from kiosk.ui.shared.content_health import show_content_problems
from kiosk.ui.shared.plain import escape_markdown
from kiosk.ui.shared.signin import require_role, sign_out_button
from kiosk.ui.shared.staff_texts import library_texts, texts_for
from kiosk.ui.shared.streamlit_words import streamlit_in_language

log = logging.getLogger(__name__)

TAB_KEY = "editor-tab"
_SYMBOL = {
    TranslationState.REVIEWED: "✅",
    TranslationState.UNREVIEWED: "📝",
    TranslationState.OUTDATED: "⚠️",
    TranslationState.MISSING: "—",
}


def render_editor(runtime: Runtime) -> None:
    apply_staff_look(runtime.settings.default_language)
    user = require_role(runtime, Role.EDITOR)
    s = texts_for(runtime, user)
    set_document_language(s.language, rtl=False)
    streamlit_in_language(s, s("page.editor"))
    sign_out_button(user)
    snapshot = runtime.content.current()
    library = snapshot.library
    st.title(s("page.editor"))
    # Stateful tabs: the chosen tab survives reruns (typing, choosing), and only it is computed.
    overview, edit, paths, history, packs, voices, checks, agency = st.tabs(
        [
            s("editor.tab_overview"),
            s("editor.tab_edit"),
            s("editor.tab_paths"),
            s("editor.tab_history"),
            s("editor.tab_packs"),
            s("editor.tab_voices"),
            s("editor.tab_checks"),
            s("editor.tab_agency"),
        ],
        key=TAB_KEY,
        on_change="rerun",
    )
    if overview.open:
        with overview:
            show_content_problems(snapshot, s)
            _matrix(library, s)
            render_audio_coverage(runtime, library, s)
            render_review(runtime, user, library, s)
            _ui_texts(library, s)
    if voices.open:
        with voices:
            render_recordings(runtime, user, library, s)
    if checks.open:
        with checks:
            render_due_for_review(runtime, user, library, s)
    if agency.open:
        with agency:
            render_xliff(runtime, user, library, s)
    if edit.open:
        with edit:
            render_guide_editor(runtime, user, library, s)
    if paths.open:
        with paths:
            render_path_editor(runtime, library, s)
    if history.open:
        with history:
            _history(runtime, user, library, s)
    if packs.open:
        with packs:
            _packs(runtime, library, s)


def _title(library: ContentLibrary, slug: str, s: StaffText) -> str:
    guide = library.guides[slug]
    return guide.title.get(s.language) or guide.title.get("nb") or slug


def _matrix(library: ContentLibrary, s: StaffText) -> None:
    st.subheader(s("editor.translations"))
    st.caption(s("editor.matrix_legend"))
    matrix = translation_matrix(library)
    most_used = set(library.coverage.most_used.guides)
    rows = [
        {s("editor.guide"): ("★ " if slug in most_used else "") + _title(library, slug, s)}
        | {code: _SYMBOL[state] for code, state in states.items()}
        for slug, states in matrix.items()
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.info(s("editor.no_guides"))
    _path_matrix(library, s)


def _path_matrix(library: ContentLibrary, s: StaffText) -> None:
    """Which life-event path exists in which language (its title and summary; its guides are in the table above)."""
    st.markdown(f"**{s('editor.paths_matrix')}**")
    rows = [
        {s("editor.path"): _path_title(library, slug, s)} | {code: _SYMBOL[state] for code, state in states.items()}
        for slug, states in path_matrix(library).items()
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="path-matrix")
    else:
        st.info(s("editor.no_paths"))


def _path_title(library: ContentLibrary, slug: str, s: StaffText) -> str:
    path = library.paths[slug]
    return f"{path.icon} {path.title.get(s.language) or path.title.get(path.source_language) or slug}"


def _ui_texts(library: ContentLibrary, s: StaffText) -> None:
    st.subheader(s("editor.ui_texts"))
    missing = missing_ui_keys(library)

    def name(code: str) -> str:
        return language_name(code, s.language, library) or code

    complete = [name(c) for c, keys in missing.items() if not keys]
    st.markdown(s("editor.complete_languages", languages=", ".join(complete) or s("editor.none")))
    for code, keys in missing.items():
        if keys:
            shown = ", ".join(f"`{k}`" for k in keys[:8]) + (" …" if len(keys) > 8 else "")
            st.markdown("- " + s("editor.missing_texts", language=f"**{name(code)}**", count=len(keys), keys=shown))


def _history(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    slug = st.session_state.get(EDIT_KEY, {}).get("slug") or st.session_state.get("edit-guide")
    if not slug or slug not in library.guides:
        st.info(s("editor.history_choose"))
        return
    try:
        history = revisions(runtime.engine, slug)
    except StoreUnavailable:
        st.warning(s("error.database_now"))
        return
    st.subheader(s("editor.history_of", guide=_title(library, slug, s)))
    if not history:
        st.info(s("editor.history_none"))
        return
    st.dataframe(
        [
            {
                s("editor.col_version"): r.number,
                s("editor.col_status"): s("editor.published") if r.state == "published" else s("editor.draft"),
                s("editor.col_by"): r.author or s("editor.unknown"),
                s("editor.col_when"): r.created_at.astimezone().strftime("%d.%m.%Y %H:%M"),
                s("editor.col_change"): r.summary,
            }
            for r in history
        ],
        hide_index=True,
        width="stretch",
    )
    numbers = [r.number for r in history]
    older, newer = st.columns(2)
    a = older.selectbox(s("editor.compare"), numbers, index=min(1, len(numbers) - 1), key="diff-a")
    b = newer.selectbox(s("editor.compare_with"), numbers, index=0, key="diff-b")
    by_number = {r.number: r for r in history}
    label_a, label_b = s("editor.version", number=a), s("editor.version", number=b)
    st.code(diff(by_number[a].body, by_number[b].body, label_a, label_b) or s("editor.no_difference"), language="diff")
    back, out = st.columns(2)
    if back.button(s("editor.revert", number=a), key="revert"):
        try:
            new = revert(runtime.engine, slug, a, user.id, library, runtime.settings.content_dir)
            st.session_state.pop(EDIT_KEY, None)
            st.success(s("editor.reverted", number=a, new=new.number))
        except KioskError as exc:  # a refusal (no such version, a broken guide) or a busy database
            st.error(s("editor.revert_failed", reason=exc))
    if out.button(s("editor.publish_version", number=b), key="publish-version"):
        try:
            publish(runtime.engine, slug, b, library, runtime.settings.content_dir)
            runtime.content.reload()
            st.success(s("editor.published_version", number=b))
        except (KioskError, OSError) as exc:  # a refusal, a busy database, or a content folder that cannot be written
            log.warning("publishing %s version %s failed: %s", slug, b, exc)
            st.error(s("editor.publish_failed", reason=exc))


def _packs(runtime: Runtime, library: ContentLibrary, s: StaffText) -> None:
    content_dir = runtime.settings.content_dir
    st.subheader(s("packs.share"))
    chosen = st.multiselect(
        s("packs.guides"), sorted(library.guides), format_func=lambda slug: _title(library, slug, s), key="pack-guides"
    )
    paths = st.multiselect(
        s("packs.paths"), sorted(library.paths), format_func=lambda slug: _path_title(library, slug, s), key="pack-paths"
    )
    if chosen or paths:
        st.download_button(
            s("packs.download"),
            export_pack(content_dir, chosen, runtime.speaker.recordings, paths),
            file_name=s("packs.file_name"),
            mime="application/zip",
            key="pack-download",
        )
    st.subheader(s("packs.import_heading"))
    upload = st.file_uploader(s("packs.upload"), type=["zip"], key="pack-upload")
    if upload is None:
        return
    data = upload.getvalue()
    report = inspect_pack(data, library, content_dir, runtime.speaker.recordings)
    overwrite = show_pack_report(report, s)
    if not report.importable:
        st.error(s("packs.broken"))
        return
    if st.button(s("packs.import"), key="pack-import", type="primary"):
        try:
            written = apply_pack(data, library, content_dir, overwrite, runtime.speaker.recordings)
        except PackError as exc:
            st.error(escape_markdown(str(exc)))
            return
        runtime.content.reload()
        kept = [path for path in report.conflicts if path not in overwrite]
        st.success(s("packs.imported", files=escape_markdown(", ".join(written)) or s("packs.nothing_new")))
        if kept:
            st.info(s("packs.kept", files=escape_markdown(", ".join(kept))))


def show_pack_report(report: PackReport, s: StaffText | None = None) -> set[str]:
    """The report, every name and message as plain text (a pack is written by an outsider); returns the conflicts to overwrite."""
    s = s or library_texts()
    for error in report.errors:
        st.error(escape_markdown(error))
    overwrite: set[str] = set()
    for item in report.items:
        if item.state is ItemState.CONFLICT:
            if st.checkbox(s("packs.overwrite", path=escape_markdown(item.path)), key=f"overwrite-{item.path}"):
                overwrite.add(item.path)
        else:
            st.text(f"{item.path}: {s(f'packs.state.{item.state.value}')}")
        for problem in item.problems:
            st.text(f"  - {problem.describe()}")
    return overwrite
