"""The editor's form for life-event paths: title and summary side by side with the source, the guides in order."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from kiosk.content.models import ContentLibrary
from kiosk.editing import EditConflict, NewGuideRefused
from kiosk.path_editing import InvalidPath, new_path, save_path, working_copy
from kiosk.runtime import Runtime
from kiosk.ui.plain import escape_markdown

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


def _new_path_form(runtime: Runtime, library: ContentLibrary) -> None:
    with st.form("new-path"):
        slug = st.text_input("Kort navn (små bokstaver og bindestrek), for eksempel «ny-i-norge»")
        title = st.text_input("Tittel (bokmål)")
        create = st.form_submit_button("Lag livshendelsen")
    if not create:
        return
    try:
        data = new_path(runtime.settings.content_dir, library, slug.strip(), title)
    except NewGuideRefused as refused:
        taken = refused.reason == "taken"
        st.error(f"Det finnes alt en livshendelse som heter «{slug}»." if taken else "Bruk bare a–z, tall og bindestrek.")
        return
    generation = st.session_state.get(PATH_EDIT_KEY, {}).get("gen", 0) + 1
    st.session_state[PATH_EDIT_KEY] = {"slug": data["slug"], "data": data, "base": "", "gen": generation}
    st.rerun()


def _save(runtime: Runtime, library: ContentLibrary, lang: str, reviewed: bool) -> None:
    editing = st.session_state[PATH_EDIT_KEY]
    data = copy.deepcopy(editing["data"])
    source = data.get("source_language", "nb")
    if lang != source:
        data.setdefault("review", {})[lang] = "reviewed" if reviewed else "unreviewed"
    try:
        save_path(data, editing["base"], library, runtime.settings.content_dir)
    except InvalidPath as exc:
        st.error("Ikke lagret. Teksten din er beholdt her. Rett dette og lagre igjen:")
        st.text("\n".join(f"- {p.field or 'livshendelsen'}: {p.message}" for p in exc.problems))
        return
    except EditConflict as exc:
        st.error(f"Ikke lagret: {exc}. Teksten din er beholdt her; last inn livshendelsen på nytt.")
        return
    except OSError:
        st.error("Ikke lagret: innholdsmappen kan ikke skrives. Teksten din er beholdt her.")
        return
    editing["data"] = data
    _, editing["base"] = working_copy(runtime.settings.content_dir, editing["slug"])
    runtime.content.reload()
    st.success("Lagret. Kiosken viser livshendelsen nå.")


def render_path_editor(runtime: Runtime, library: ContentLibrary) -> None:
    st.caption("En livshendelse er guider i den rekkefølgen folk trenger dem. Kiosken viser den som en sjekkliste.")
    choice = st.selectbox(
        "Livshendelse",
        [*sorted(library.paths), NEW_PATH],
        format_func=lambda s: (
            "➕ Ny livshendelse" if s == NEW_PATH else f"{library.paths[s].icon} {library.paths[s].title['nb']}"
        ),
        key="edit-path",
    )
    editing = st.session_state.get(PATH_EDIT_KEY)
    if choice == NEW_PATH and (editing is None or editing.get("slug") in library.paths):
        _new_path_form(runtime, library)
        return
    if choice != NEW_PATH and (editing is None or editing["slug"] != choice):
        _load(runtime, choice)
    editing = st.session_state[PATH_EDIT_KEY]
    data = editing["data"]
    source = data.get("source_language", "nb")
    codes = list(library.languages)
    lang = st.selectbox(
        "Språk du skriver i",
        codes,
        format_func=lambda c: f"{library.languages[c].native_name} ({library.languages[c].norwegian_name})",
        key="edit-path-lang",
    )
    data["icon"] = st.text_input("Ikon", data.get("icon", "🧭"), max_chars=8, key=_key("icon"))
    _text(data, "title", "Tittel", lang, source)
    _text(data, "summary", "Kort om livshendelsen", lang, source, multiline=True)
    known = [slug for slug in data.get("guides", []) if slug in library.guides]
    data["guides"] = st.multiselect(
        "Guidene, i rekkefølge (den rekkefølgen du velger dem i)",
        sorted(library.guides),
        default=known,
        format_func=lambda s: f"{library.guides[s].icon} {library.guides[s].title.get('nb', s)}",
        key=_key("guides"),
    )
    reviewed = st.checkbox(
        "Kontrollert av en som kan språket godt",
        value=data.get("review", {}).get(lang) == "reviewed" or lang == source,
        disabled=lang == source,
        key=_key(f"reviewed-{lang}"),
    )
    if st.button("💾 Lagre og publiser", key="path-save", type="primary"):
        _save(runtime, library, lang, reviewed)
