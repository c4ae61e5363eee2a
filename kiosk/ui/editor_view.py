"""The editors' page: content status, the guide editor, history with diff and revert, content packs."""

from __future__ import annotations

import logging

import streamlit as st

from kiosk.auth import Role, User
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, translation_matrix
from kiosk.content_packs import ItemState, PackError, PackReport, apply_pack, export_pack, inspect_pack
from kiosk.editing import diff, publish, revert, revisions
from kiosk.errors import KioskError
from kiosk.i18n import missing_ui_keys
from kiosk.runtime import Runtime
from kiosk.store import StoreUnavailable
from kiosk.ui.chrome import apply_staff_look
from kiosk.ui.content_health import show_content_problems
from kiosk.ui.editor_recordings import render_audio_coverage, render_recordings
from kiosk.ui.editor_trust import render_due_for_review, render_review
from kiosk.ui.editor_xliff import render_xliff
from kiosk.ui.guide_editor import EDIT_KEY, render_guide_editor
from kiosk.ui.path_editor import render_path_editor
from kiosk.ui.plain import escape_markdown
from kiosk.ui.signin import require_role, sign_out_button

log = logging.getLogger(__name__)

TAB_KEY = "editor-tab"
_SYMBOL = {
    TranslationState.REVIEWED: "✅",
    TranslationState.UNREVIEWED: "📝",
    TranslationState.OUTDATED: "⚠️",
    TranslationState.MISSING: "—",
}
_PACK_STATE = {
    ItemState.NEW: "ny",
    ItemState.IDENTICAL: "lik den vi har",
    ItemState.CONFLICT: "finnes her med annet innhold",
    ItemState.INVALID: "har feil",
}


def render_editor(runtime: Runtime) -> None:
    apply_staff_look(runtime.settings.default_language)
    user = require_role(runtime, Role.EDITOR)
    sign_out_button(user)
    snapshot = runtime.content.current()
    library = snapshot.library
    st.title("Guider og oversettelser")
    # Stateful tabs: the chosen tab survives reruns (typing, choosing), and only it is computed.
    overview, edit, paths, history, packs, voices, checks, agency = st.tabs(
        ["Oversikt", "Rediger", "Livshendelser", "Historikk", "Innholdspakker", "Innlesing", "Kontroll", "Oversettelsesbyrå"],
        key=TAB_KEY,
        on_change="rerun",
    )
    if overview.open:
        with overview:
            show_content_problems(snapshot)
            _matrix(library)
            render_audio_coverage(runtime, library)
            render_review(runtime, user, library)
            _ui_texts(library)
    if voices.open:
        with voices:
            render_recordings(runtime, user, library)
    if checks.open:
        with checks:
            render_due_for_review(runtime, user, library)
    if agency.open:
        with agency:
            render_xliff(runtime, user, library)
    if edit.open:
        with edit:
            render_guide_editor(runtime, user, library)
    if paths.open:
        with paths:
            render_path_editor(runtime, library)
    if history.open:
        with history:
            _history(runtime, user, library)
    if packs.open:
        with packs:
            _packs(runtime, library)


def _matrix(library: ContentLibrary) -> None:
    st.subheader("Oversettelser")
    st.caption("★ mest brukt · ✅ kontrollert · 📝 ikke kontrollert · ⚠️ utdatert (kildeteksten er endret etterpå) · — mangler")
    matrix = translation_matrix(library)
    most_used = set(library.coverage.most_used.guides)
    rows = [
        {"Guide": ("★ " if slug in most_used else "") + library.guides[slug].title.get("nb", slug)}
        | {code: _SYMBOL[state] for code, state in states.items()}
        for slug, states in matrix.items()
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.info("Ingen guider er lastet.")


def _ui_texts(library: ContentLibrary) -> None:
    st.subheader("Kioskens egne tekster")
    missing = missing_ui_keys(library)
    complete = [library.languages[c].norwegian_name for c, keys in missing.items() if not keys]
    st.markdown("Komplette språk (vises på kiosken): " + (", ".join(complete) or "ingen"))
    for code, keys in missing.items():
        if keys:
            st.markdown(
                f"- **{library.languages[code].norwegian_name}** mangler {len(keys)} tekster: "
                + ", ".join(f"`{k}`" for k in keys[:8])
                + (" …" if len(keys) > 8 else "")
            )


def _history(runtime: Runtime, user: User, library: ContentLibrary) -> None:
    slug = st.session_state.get(EDIT_KEY, {}).get("slug") or st.session_state.get("edit-guide")
    if not slug or slug not in library.guides:
        st.info("Velg en guide under «Rediger» for å se historikken.")
        return
    try:
        history = revisions(runtime.engine, slug)
    except StoreUnavailable:
        st.warning("Databasen svarer ikke akkurat nå.")
        return
    st.subheader(f"Historikk for «{library.guides[slug].title.get('nb', slug)}»")
    if not history:
        st.info("Ingen lagrede versjoner ennå. Den publiserte filen er utgangspunktet.")
        return
    st.dataframe(
        [
            {
                "Versjon": r.number,
                "Status": "publisert" if r.state == "published" else "utkast",
                "Av": r.author or "ukjent",
                "Når": r.created_at.astimezone().strftime("%d.%m.%Y %H:%M"),
                "Endring": r.summary,
            }
            for r in history
        ],
        hide_index=True,
        width="stretch",
    )
    numbers = [r.number for r in history]
    older, newer = st.columns(2)
    a = older.selectbox("Sammenlign versjon", numbers, index=min(1, len(numbers) - 1), key="diff-a")
    b = newer.selectbox("med versjon", numbers, index=0, key="diff-b")
    by_number = {r.number: r for r in history}
    st.code(diff(by_number[a].body, by_number[b].body, f"versjon {a}", f"versjon {b}") or "(ingen forskjell)", language="diff")
    back, out = st.columns(2)
    if back.button(f"↺ Gå tilbake til versjon {a} (som nytt utkast)", key="revert"):
        try:
            new = revert(runtime.engine, slug, a, user.id, library, runtime.settings.content_dir)
            st.session_state.pop(EDIT_KEY, None)
            st.success(f"Versjon {a} er lagret på nytt som versjon {new.number} (utkast).")
        except KioskError as exc:  # a refusal (no such version, a broken guide) or a busy database
            st.error(f"Kunne ikke gå tilbake: {exc}")
    if out.button(f"🚀 Publiser versjon {b}", key="publish-version"):
        try:
            publish(runtime.engine, slug, b, library, runtime.settings.content_dir)
            runtime.content.reload()
            st.success(f"Versjon {b} er publisert.")
        except (KioskError, OSError) as exc:  # a refusal, a busy database, or a content folder that cannot be written
            log.warning("publishing %s version %s failed: %s", slug, b, exc)
            st.error(f"Kunne ikke publisere: {exc}")


def _packs(runtime: Runtime, library: ContentLibrary) -> None:
    content_dir = runtime.settings.content_dir
    st.subheader("Del guider med en annen kommune")
    chosen = st.multiselect(
        "Guider i pakken", sorted(library.guides), format_func=lambda s: library.guides[s].title.get("nb", s), key="pack-guides"
    )
    if chosen:
        st.download_button(
            "⬇ Last ned innholdspakken",
            export_pack(content_dir, chosen, runtime.speaker.recordings),
            file_name="innholdspakke.zip",
            mime="application/zip",
            key="pack-download",
        )
    st.subheader("Hent inn en innholdspakke")
    upload = st.file_uploader("Innholdspakke (.zip)", type=["zip"], key="pack-upload")
    if upload is None:
        return
    data = upload.getvalue()
    report = inspect_pack(data, library, content_dir, runtime.speaker.recordings)
    overwrite = show_pack_report(report)
    if not report.importable:
        st.error("Pakken har feil og kan ikke hentes inn. Ingenting er endret.")
        return
    if st.button("Hent inn", key="pack-import", type="primary"):
        try:
            written = apply_pack(data, library, content_dir, overwrite, runtime.speaker.recordings)
        except PackError as exc:
            st.error(escape_markdown(str(exc)))
            return
        runtime.content.reload()
        kept = [path for path in report.conflicts if path not in overwrite]
        st.success(f"Hentet inn: {escape_markdown(', '.join(written)) or 'ingenting nytt'}.")
        if kept:
            st.info(f"Ikke overskrevet (du krysset ikke av): {escape_markdown(', '.join(kept))}.")


def show_pack_report(report: PackReport) -> set[str]:
    """The report, every name and message as plain text (a pack is written by an outsider); returns the conflicts to overwrite."""
    for error in report.errors:
        st.error(escape_markdown(error))
    overwrite: set[str] = set()
    for item in report.items:
        if item.state is ItemState.CONFLICT:
            if st.checkbox(f"Overskriv {escape_markdown(item.path)}", key=f"overwrite-{item.path}"):
                overwrite.add(item.path)
        else:
            st.text(f"{item.path}: {_PACK_STATE[item.state]}")
        for problem in item.problems:
            st.text(f"  - {problem.describe()}")
    return overwrite
