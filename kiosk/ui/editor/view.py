"""The editors' page: content status, the guide editor, history with diff and revert, content packs."""

from __future__ import annotations

import logging
import re

import streamlit as st

from kiosk.accounts.auth import Role, User
from kiosk.authoring.guides import KEPT_SUMMARY, diff, publish, revert, revisions
from kiosk.authoring.packs import MAX_PACK_BYTES, ItemState, PackError, PackReport, apply_pack, export_pack, inspect_pack
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, path_matrix, translation_matrix
from kiosk.errors import KioskError, StoreUnavailable
from kiosk.floor.cards import language_name
from kiosk.language.staff_texts import StaffText
from kiosk.language.texts import missing_ui_keys
from kiosk.runtime import Runtime
from kiosk.ui.editor.guides import editor_place, render_guide_editor, reopen
from kiosk.ui.editor.paths import render_path_editor
from kiosk.ui.editor.recordings import render_audio_coverage, render_recordings
from kiosk.ui.editor.verification import render_due_for_review, render_review, render_stuck_steps
from kiosk.ui.editor.xliff import render_xliff
from kiosk.ui.shared.chrome import apply_staff_look, set_document_language
from kiosk.ui.shared.content_health import show_content_problems
from kiosk.ui.shared.localized_widgets import choose_many, upload_file
from kiosk.ui.shared.plain import escape_markdown
from kiosk.ui.shared.signin import require_role, sign_out_button
from kiosk.ui.shared.staff_texts import library_texts, texts_for
from kiosk.ui.shared.streamlit_words import streamlit_in_language
from kiosk.ui.shared.uploads import permit_uploads

log = logging.getLogger(__name__)

TAB_KEY = "editor-tab"
_SYMBOL = {
    TranslationState.REVIEWED: "✅",
    TranslationState.MEANING_CHECKED: "🔎",
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
            render_stuck_steps(runtime, user, library, s)
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
            _packs(runtime, user, library, s)


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
    slug = editor_place().guide
    if not slug or slug not in library.guides:
        st.info(s("editor.history_choose"))
        return
    try:
        history = revisions(runtime.engine, slug)
    except StoreUnavailable:
        st.warning(s("error.database_now"))
        return
    for kind, text in editor_place().said():
        getattr(st, kind)(text)
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
                s("editor.col_change"): _summary(r.summary, s),
            }
            for r in history
        ],
        hide_index=True,
        width="stretch",
    )
    numbers = [r.number for r in history]
    _pick_versions(numbers)
    older, newer = st.columns(2)
    a = older.selectbox(s("editor.compare"), numbers, key="diff-a")
    b = newer.selectbox(s("editor.compare_with"), numbers, key="diff-b")
    by_number = {r.number: r for r in history}
    label_a, label_b = s("editor.version", number=a), s("editor.version", number=b)
    st.code(diff(by_number[a].body, by_number[b].body, label_a, label_b) or s("editor.no_difference"), language="diff")
    editing = editor_place().copies.get(slug)
    confirmed = True
    if editing is not None and editing.unsaved:  # said before anything is lost
        st.warning(s("editor.unsaved_before_revert"))
        confirmed = st.checkbox(s("editor.revert_confirm"), key="revert-confirm")
    back, out = st.columns(2)
    back.button(
        s("editor.revert", number=a),
        key="revert",
        disabled=not confirmed,
        on_click=_revert,
        args=(runtime, user, library, slug, a, s),
    )
    out.button(
        s("editor.publish_version", number=b),
        key="publish-version",
        on_click=_publish_version,
        args=(runtime, library, slug, b, s),
    )


_LINES = re.compile(r"^\+(\d+) −(\d+) lines$")


def _summary(summary: str, s: StaffText) -> str:
    """A version's change in the reader's language (stored in the one form change_summary writes)."""
    if summary == KEPT_SUMMARY:
        return s("editor.summary_kept")
    if summary == "no change":
        return s("editor.summary_none")
    counted = _LINES.match(summary)
    return s("editor.summary_lines", added=counted.group(1), removed=counted.group(2)) if counted else summary


VERSION_PICKS = "history-picks"  # (older, newer) to show on the next run: set by an undo, before its widgets exist


def _pick_versions(numbers: list[int]) -> None:
    """The two versions compared: the editor's picks while they exist, else the newest against the one before it."""
    wanted = st.session_state.pop(VERSION_PICKS, None)
    defaults = (numbers[min(1, len(numbers) - 1)], numbers[0])
    for key, value, default in zip(("diff-a", "diff-b"), wanted or (None, None), defaults, strict=True):
        if value in numbers:
            st.session_state[key] = value
        elif st.session_state.get(key) not in numbers:
            st.session_state[key] = default


def _revert(runtime: Runtime, user: User, library: ContentLibrary, slug: str, number: int, s: StaffText) -> None:
    """Undo as a new draft, listed at once and picked for publishing (a button callback: before the run draws)."""
    place = editor_place()
    try:
        new = revert(runtime.engine, slug, number, user.id, library, runtime.settings.content_dir)
    except KioskError as exc:  # a refusal (no such version, a broken guide) or a busy database
        place.say("error", s("editor.revert_failed", reason=exc))
        return
    reopen(runtime, slug)  # the editor's working copy is the undo now
    st.session_state.pop("revert-confirm", None)
    st.session_state[VERSION_PICKS] = (new.number - 1, new.number)  # what publishing the undo changes
    place.say("success", s("editor.reverted", number=number, new=new.number))
    place.say("info", s("editor.revert_draft_next", new=new.number))


def _publish_version(runtime: Runtime, library: ContentLibrary, slug: str, number: int, s: StaffText) -> None:
    place = editor_place()
    try:
        publish(runtime.engine, slug, number, library, runtime.settings.content_dir, runtime.settings.data_dir)
        runtime.content.reload()
        place.say("success", s("editor.published_version", number=number))
    except (KioskError, OSError) as exc:  # a refusal, a busy database, or a content folder that cannot be written
        log.warning("publishing %s version %s failed: %s", slug, number, exc)
        place.say("error", s("editor.publish_failed", reason=exc))


def _packs(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    content_dir = runtime.settings.content_dir
    st.subheader(s("packs.share"))
    here = st.container()
    chosen = choose_many(here, s("packs.guides"), sorted(library.guides), s, "pack-guides", lambda slug: _title(library, slug, s))
    paths = choose_many(
        here, s("packs.paths"), sorted(library.paths), s, "pack-paths", lambda slug: _path_title(library, slug, s)
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
    permit_uploads(runtime)
    upload = upload_file(st.container(), s("packs.upload"), ["zip"], MAX_PACK_BYTES, s, "pack-upload")
    if upload is None:
        return
    if upload.size > MAX_PACK_BYTES:
        st.error(s("widget.too_big", mb=MAX_PACK_BYTES // (1024 * 1024)))
        return
    data = upload.getvalue()
    report = inspect_pack(data, library, content_dir, runtime.speaker.recordings)
    overwrite = show_pack_report(report, s)
    if not report.importable:
        st.error(s("packs.broken"))
        return
    if st.button(s("packs.import"), key="pack-import", type="primary"):
        try:
            written = apply_pack(
                data, library, content_dir, overwrite, runtime.speaker.recordings, engine=runtime.engine, author_id=user.id
            )
        except PackError as exc:
            st.error(escape_markdown(str(exc)))
            return
        except StoreUnavailable:  # the versions of the guides are not kept: import again when the database answers
            st.error(s("error.database_now"))
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
