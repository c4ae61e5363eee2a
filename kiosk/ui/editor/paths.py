"""The editor's form for life-event paths: title and summary side by side with the source, the guides in order."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from kiosk.authoring.guides import EditConflict, NewGuideRefused
from kiosk.authoring.paths import InvalidPath, new_path, save_path, working_copy
from kiosk.content.models import ContentLibrary
from kiosk.floor.cards import language_name
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.plain import escape_markdown

PATH_EDIT_KEY = "editing-path"  # {"slug", "data", "base", "gen"}
NEW_PATH = "__new__"


def _key(name: str) -> str:
    return f"path{st.session_state.get(PATH_EDIT_KEY, {}).get('gen', 0)}-{name}"


def _load(runtime: Runtime, slug: str) -> None:
    data, base = working_copy(runtime.settings.content_dir, slug)
    generation = st.session_state.get(PATH_EDIT_KEY, {}).get("gen", 0) + 1
    st.session_state[PATH_EDIT_KEY] = {"slug": slug, "data": data, "base": base, "gen": generation}


def _text(data: dict[str, Any], name: str, label: str, lang: str, source: str, multiline: bool = False) -> None:
    texts = data.setdefault(name, {})
    left, right = st.columns(2)
    left.caption(f"{label} ({source})")
    left.markdown(escape_markdown(str(texts.get(source, "—"))))
    widget = right.text_area if multiline else right.text_input
    value = widget(f"{label} ({lang})", texts.get(lang, ""), key=_key(f"{name}-{lang}"))
    if value.strip() or lang in texts:
        texts[lang] = value


def _new_path_form(runtime: Runtime, library: ContentLibrary, s: StaffText) -> None:
    with st.form("new-path"):
        slug = st.text_input(s("paths.new_slug"))
        title = st.text_input(s("edit.new_title"))
        create = st.form_submit_button(s("paths.create"))
    if not create:
        return
    try:
        data = new_path(runtime.settings.content_dir, library, slug.strip(), title)
    except NewGuideRefused as refused:
        taken = refused.reason == "taken"
        st.error(s("paths.taken", slug=slug) if taken else s("paths.bad_slug"))
        return
    generation = st.session_state.get(PATH_EDIT_KEY, {}).get("gen", 0) + 1
    st.session_state[PATH_EDIT_KEY] = {"slug": data["slug"], "data": data, "base": "", "gen": generation}
    st.rerun()


def _save(runtime: Runtime, library: ContentLibrary, lang: str, reviewed: bool, s: StaffText) -> None:
    editing = st.session_state[PATH_EDIT_KEY]
    data = copy.deepcopy(editing["data"])
    source = data.get("source_language", "nb")
    if lang != source:
        data.setdefault("review", {})[lang] = "reviewed" if reviewed else "unreviewed"
    try:
        save_path(data, editing["base"], library, runtime.settings.content_dir)
    except InvalidPath as exc:
        st.error(s("edit.not_saved_fix"))
        st.text("\n".join(f"- {p.field or s('paths.the_path')}: {p.message}" for p in exc.problems))
        return
    except EditConflict as exc:
        st.error(s("paths.conflict", reason=exc))
        return
    except OSError:
        st.error(s("paths.not_writable"))
        return
    editing["data"] = data
    _, editing["base"] = working_copy(runtime.settings.content_dir, editing["slug"])
    runtime.content.reload()
    st.success(s("paths.saved"))


def render_path_editor(runtime: Runtime, library: ContentLibrary, s: StaffText) -> None:
    st.caption(s("paths.caption"))

    def title(slug: str) -> str:
        path = library.paths[slug]
        return f"{path.icon} {path.title.get(s.language) or path.title['nb']}"

    choice = st.selectbox(
        s("paths.path"),
        [*sorted(library.paths), NEW_PATH],
        format_func=lambda slug: s("paths.new") if slug == NEW_PATH else title(slug),
        key="edit-path",
    )
    editing = st.session_state.get(PATH_EDIT_KEY)
    if choice == NEW_PATH and (editing is None or editing.get("slug") in library.paths):
        _new_path_form(runtime, library, s)
        return
    if choice != NEW_PATH and (editing is None or editing["slug"] != choice):
        _load(runtime, choice)
    editing = st.session_state[PATH_EDIT_KEY]
    data = editing["data"]
    source = data.get("source_language", "nb")
    codes = list(library.languages)
    lang = st.selectbox(
        s("edit.writing_in"),
        codes,
        format_func=lambda c: f"{library.languages[c].native_name} ({language_name(c, s.language, library) or c})",
        key="edit-path-lang",
    )
    data["icon"] = st.text_input(s("edit.icon"), data.get("icon", "🧭"), max_chars=8, key=_key("icon"))
    _text(data, "title", s("edit.title"), lang, source)
    _text(data, "summary", s("paths.summary"), lang, source, multiline=True)
    known = [slug for slug in data.get("guides", []) if slug in library.guides]

    def guide(slug: str) -> str:
        found = library.guides[slug]
        return f"{found.icon} {found.title.get(s.language) or found.title.get('nb', slug)}"

    data["guides"] = st.multiselect(
        s("paths.guides"),
        sorted(library.guides),
        default=known,
        format_func=guide,
        key=_key("guides"),
        placeholder=s("widget.choose_many"),
    )
    reviewed = st.checkbox(
        s("edit.reviewed"),
        value=data.get("review", {}).get(lang) == "reviewed" or lang == source,
        disabled=lang == source,
        key=_key(f"reviewed-{lang}"),
    )
    if st.button(s("paths.save"), key="path-save", type="primary"):
        _save(runtime, library, lang, reviewed, s)
