"""The editor's workshop: edit a guide side by side with its source language, preview it as the
kiosk shows it, save drafts, publish. Each guide's working copy lives in the page's place (place.py)
until it is saved, so a refused save, another guide picked or another tab opened loses nothing."""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError

from kiosk.accounts.auth import User
from kiosk.authoring.guides import (
    EditConflict,
    InvalidGuide,
    NewGuideRefused,
    UnsafeImageName,
    add_source,
    add_step,
    discard_staged,
    mark_translation,
    new_guide,
    publish,
    remove_source,
    save_draft,
    source_problem,
    source_problems,
    stage_image,
    staged_image,
    working_copy,
)
from kiosk.authoring.images import MAX_UPLOAD_BYTES, ImageRejected
from kiosk.authoring.review import may_review
from kiosk.content.models import ContentLibrary, Guide
from kiosk.errors import StoreUnavailable
from kiosk.floor.cards import language_name
from kiosk.language.staff_texts import StaffText
from kiosk.language.texts import Translator
from kiosk.runtime import Runtime
from kiosk.ui.editor.place import NEW_GUIDE, EditorPlace, WorkingCopy
from kiosk.ui.shared.localized_widgets import upload_file
from kiosk.ui.shared.plain import escape_markdown
from kiosk.ui.shared.step_card import language_notes, render_step
from kiosk.ui.shared.theme import RTL_TEXT
from kiosk.ui.shared.uploads import permit_uploads
from kiosk.visit.guide_view import view_guide

PLACE_KEY = "editor-place"
GUIDE_PICKER = "edit-guide"
LANGUAGE_PICKER = "edit-lang"
LIST_FIELDS = {"needs", "tags", "synonyms"}  # one item per line
IMAGE_TYPES = ("png", "jpg", "jpeg", "webp")


def editor_place() -> EditorPlace:
    """The page's own record of where the editor is (guide, language, unsaved copies)."""
    place = st.session_state.get(PLACE_KEY)
    if not isinstance(place, EditorPlace):
        place = st.session_state[PLACE_KEY] = EditorPlace()
    return place


def _open(runtime: Runtime, slug: str) -> WorkingCopy:
    """The guide's working copy: the one with unsaved changes if there is one, else the newest saved version."""
    place = editor_place()
    kept = place.copies.get(slug)
    if kept is not None and kept.unsaved:
        kept.generation = place.next_generation()  # drawn afresh from the copy, not from another guide's fields
        return kept
    data, base = working_copy(runtime.engine, runtime.settings.content_dir, slug)
    return place.keep(WorkingCopy(slug, data, base))


def reopen(runtime: Runtime, slug: str) -> None:
    """Throw the guide's working copy away; the next look opens its newest saved version."""
    place = editor_place()
    place.drop(slug)
    if place.guide == slug:
        _open(runtime, slug)


def _put(texts: dict[str, Any], lang: str, value: str, is_list: bool) -> None:
    if is_list:
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if lines:
            texts[lang] = lines
        else:
            texts.pop(lang, None)
    elif value.strip():
        texts[lang] = value
    elif lang in texts:
        texts[lang] = ""  # emptied on purpose: validation says so, the other languages stay


def _keeps(key: str, store: Callable[[Any], None]) -> Callable[[], None]:
    """A widget's change goes into the working copy before the run: a run that draws another tab or guide
    (the editor typed, then went elsewhere) would not draw the widget and its text would be lost."""

    def keep() -> None:
        if key in st.session_state:
            store(st.session_state[key])

    return keep


def _field(
    data: dict[str, Any], name: str, lang: str, label: str, source: str, s: StaffText, multiline: bool = False, key: str = ""
) -> None:
    """Source text on the left, the editable language on the right; what is typed goes into the working copy."""
    left, right = st.columns(2)
    texts = data.setdefault(name, {}) if isinstance(data.get(name, {}), dict) else {}
    left.caption(f"{label} ({source})")
    is_list = name in LIST_FIELDS
    left.markdown(str(texts.get(source, "—")) if not is_list else "\n".join(f"- {n}" for n in texts.get(source, [])) or "—")
    widget_key = _key(f"{key or name}-{lang}")
    data[name] = texts
    keep = _keeps(widget_key, lambda value: _put(texts, lang, str(value), is_list))
    if is_list:
        label_text = s("edit.one_per_line", label=label, lang=lang)
        value = right.text_area(label_text, "\n".join(texts.get(lang, [])), key=widget_key, on_change=keep)
    else:
        widget = right.text_area if multiline else right.text_input
        value = widget(f"{label} ({lang})", texts.get(lang, ""), key=widget_key, on_change=keep)
    _put(texts, lang, value, is_list)


def _step_editor(runtime: Runtime, data: dict[str, Any], index: int, lang: str, source: str, s: StaffText) -> None:
    steps = data["steps"]
    step = steps[index]
    preview = step.get("text", {}).get(source, step.get("id", ""))[:60]
    with st.expander(s("edit.step", number=index + 1, preview=preview), expanded=index == 0):
        _field(step, "text", lang, s("edit.text"), source, s, multiline=True, key=f"s{index}-text")
        for optional, label in (("tip", s("edit.tip")), ("warning", s("edit.warning"))):
            if step.get(optional) is None:
                step[optional] = {}
            _field(step, optional, lang, label, source, s, multiline=True, key=f"s{index}-{optional}")
            if not any(v for v in step[optional].values()):
                step.pop(optional)
        _secret_and_problems(step, index, lang, source, s)
        permit_uploads(runtime)
        upload = upload_file(st.container(), s("edit.image"), IMAGE_TYPES, MAX_UPLOAD_BYTES, s, _key(f"upload-{index}"))
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            st.error(s("widget.too_big", mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
        elif upload is not None:
            _stage_upload(runtime, data, step, upload.file_id, upload.getvalue(), s)
        if step.get("image"):
            st.image(str(_image_path(runtime, data, step["image"]["file"])), width=200, alt="")
            _field(step["image"], "alt", lang, s("edit.alt"), source, s, key=f"s{index}-alt")
        up, down, remove = st.columns(3)
        up.button(s("edit.move_up"), key=f"up-{index}", disabled=index == 0, on_click=_move, args=(steps, index, -1))
        last = index == len(steps) - 1
        down.button(s("edit.move_down"), key=f"down-{index}", disabled=last, on_click=_move, args=(steps, index, 1))
        remove.button(s("edit.remove"), key=f"remove-{index}", disabled=len(steps) == 1, on_click=_remove, args=(steps, index))


def _stage_upload(
    runtime: Runtime, data: dict[str, Any], step: dict[str, Any], file_id: str, content: bytes, s: StaffText
) -> None:
    """Keep the upload with the draft (the data dir), once per uploaded file: the kiosk sees it only after publish."""
    editing = editor_place().open_copy()
    assert editing is not None  # only an open guide's fields are drawn
    done = editing.uploads  # the uploader hands the same file back on every rerun
    if done.get(file_id) is None:
        try:
            done[file_id] = stage_image(runtime.settings.data_dir, str(data.get("slug")), str(step.get("id")), content)
        except (ImageRejected, UnsafeImageName) as exc:
            st.error(s("edit.image_refused", reason=escape_markdown(str(exc))))
            return
        editing.staged.append(done[file_id])
        step["image"] = {"file": done[file_id], "alt": step.get("image", {}).get("alt", {})}


def _image_path(runtime: Runtime, data: dict[str, Any], file: str) -> Path:
    """The draft's picture: its staged upload, else the published file."""
    return staged_image(runtime.settings.data_dir, str(data.get("slug")), file) or runtime.settings.content_dir / file


SECRET_CHOICES = {None: "edit.secret_unsaid", True: "edit.secret_yes", False: "edit.secret_no"}


def _secret_and_problems(step: dict[str, Any], index: int, lang: str, source: str, s: StaffText) -> None:
    """Whether the step is secret, and its problems ("if it goes wrong"): each a symptom and a fix, in every language."""
    choices = list(SECRET_CHOICES)
    secret = st.selectbox(
        s("edit.secret"),
        choices,
        index=choices.index(step.get("secret")) if step.get("secret") in choices else 0,
        format_func=lambda c: s(SECRET_CHOICES[c]),
        key=_key(f"s{index}-secret"),
    )
    if secret is None:
        step.pop("secret", None)
    else:
        step["secret"] = secret
    problems = step.setdefault("problems", [])
    for number, problem in enumerate(problems):
        st.markdown(f"**{s('edit.problem', number=number + 1)}**")
        problem["id"] = st.text_input(
            s("edit.problem_id"),
            problem.get("id", ""),
            key=_key(f"s{index}-p{number}-id"),
            disabled=lang != source,
        ).strip()
        _field(problem, "symptom", lang, s("edit.symptom"), source, s, key=f"s{index}-p{number}-symptom")
        _field(problem, "fix", lang, s("edit.fix"), source, s, multiline=True, key=f"s{index}-p{number}-fix")
        st.button(s("edit.problem_remove"), key=_key(f"s{index}-p{number}-remove"), on_click=_remove_problem, args=(step, number))
    st.button(s("edit.problem_add"), key=_key(f"s{index}-add-problem"), on_click=_add_problem, args=(step, source))
    if not problems:
        step.pop("problems")


def _add_problem(step: dict[str, Any], source: str) -> None:
    problems = step.setdefault("problems", [])
    taken = {problem.get("id") for problem in problems}
    number = len(problems) + 1
    while f"problem-{number}" in taken:
        number += 1
    problems.append({"id": f"problem-{number}", "symptom": {source: ""}, "fix": {source: ""}})


def _remove_problem(step: dict[str, Any], index: int) -> None:
    step.get("problems", []).pop(index)
    _forget_step_widgets()


def _move(steps: list[dict[str, Any]], index: int, offset: int) -> None:
    steps[index], steps[index + offset] = steps[index + offset], steps[index]
    _forget_step_widgets()


def _remove(steps: list[dict[str, Any]], index: int) -> None:
    steps.pop(index)
    _forget_step_widgets()


_GENERATED = re.compile(r"^edit\d+-")


def _key(name: str) -> str:
    """Widget keys carry a generation: a new one after a move, a removal or loading a guide.

    A browser sends back what its widgets show; with the same keys, a field could hand the text of
    the step (or guide) that stood there before to the one standing there now.
    """
    editing = editor_place().open_copy()
    return f"edit{editing.generation if editing else 0}-{name}"


def _forget_step_widgets() -> None:
    place = editor_place()
    editing = place.open_copy()
    if editing is not None:
        editing.generation = place.next_generation()
    current = _key("")
    for key in [k for k in st.session_state if _GENERATED.match(str(k)) and not str(k).startswith(current)]:
        del st.session_state[key]


def _add_step(data: dict[str, Any], source: str) -> None:
    add_step(data, source)  # a button callback returns nothing


def _show_problems(exc: InvalidGuide, s: StaffText) -> None:
    st.error(s("edit.not_saved_fix"))
    lines = []
    for problem in exc.problems:
        step = s("edit.problem_step", step=problem.step) if problem.step else ""
        where = " · ".join(part for part in (step, problem.field or "") if part)
        lines.append(f"- {where or s('edit.the_guide')}: {problem.message}")
    st.text("\n".join(lines))  # plain text: a message quotes the editor's input, which may come from a pack


def _save(
    runtime: Runtime, user: User, library: ContentLibrary, then_publish: bool, lang: str, reviewed: bool, s: StaffText
) -> None:
    editing = editor_place().open_copy()
    assert editing is not None  # the save button is under the open guide
    data = editing.data
    refused = source_problems(data)
    if refused:  # the loader would refuse them too; said here in the editor's language
        st.error(s("edit.sources_not_saved"))
        st.text("\n".join(f"- {s(f'edit.source_refused.{reason}', number=number)}" for number, reason in refused))
        return
    # Only a reviewer of this language vouches for it, whatever the browser sent for the checkbox.
    mark_translation(data, lang, reviewed and may_review(user, lang), user.display_name, runtime.local_now().date())
    try:
        revision = save_draft(
            runtime.engine,
            copy.deepcopy(editing.data),
            editing.base,
            user.id,
            library,
            runtime.settings.content_dir,
            runtime.settings.data_dir,
        )
        editing.mark_saved(revision.number)
        if then_publish:
            settings = runtime.settings
            publish(runtime.engine, editing.slug, revision.number, library, settings.content_dir, settings.data_dir)
            runtime.content.reload()
            st.success(s("edit.published", number=revision.number))
        else:
            st.success(s("edit.saved_draft", number=revision.number))
    except InvalidGuide as exc:
        _show_problems(exc, s)
    except EditConflict as exc:
        st.error(s("edit.conflict", reason=exc))
    except StoreUnavailable:
        st.error(s("edit.database"))


def _preview(runtime: Runtime, library: ContentLibrary, data: dict[str, Any], s: StaffText) -> None:
    st.subheader(s("edit.preview"))
    codes = list(library.languages)
    lang = st.selectbox(
        s("edit.language"),
        codes,
        index=codes.index(editor_place().language or "nb") if (editor_place().language or "nb") in codes else 0,
        format_func=lambda c: library.languages[c].native_name,
        key="preview-lang",
    )
    try:
        guide = Guide.model_validate(data)
    except ValidationError:
        st.info(s("edit.preview_later"))
        return
    view = view_guide(guide, lang, runtime.settings.default_language, runtime.settings.library_url)
    number = st.number_input(s("edit.preview_step"), min_value=1, max_value=len(view.steps), value=1, key="preview-step")
    step = view.steps[int(number) - 1]
    t = Translator(library, lang, runtime.settings.default_language)
    language = library.languages.get(view.language)
    shown = language.native_name if language else view.language
    key = "kiosk-preview-rtl" if language and language.is_rtl else "kiosk-preview"
    with st.container(border=True, key=key):
        notes = language_notes(view, t, shown)
        render_step(view, step, t, runtime.settings.content_dir, notes, image=lambda f: _image_path(runtime, data, f))


def _category_title(library: ContentLibrary, category: str, s: StaffText) -> str:
    titles = library.categories[category].title
    return titles.get(s.language) or titles.get("nb") or category


def _details(data: dict[str, Any], library: ContentLibrary, s: StaffText) -> None:
    """What is the same in every language: icon, category, the official address."""
    icon, category, url = st.columns([1, 2, 3])
    keep_icon = _keeps(_key("icon"), lambda value: data.__setitem__("icon", value))
    data["icon"] = icon.text_input(s("edit.icon"), data.get("icon", "📄"), key=_key("icon"), max_chars=8, on_change=keep_icon)
    categories = list(library.categories)
    current = data.get("category")
    data["category"] = category.selectbox(
        s("edit.category"),
        categories,
        index=categories.index(current) if current in categories else 0,
        format_func=lambda c: f"{library.categories[c].icon} {_category_title(library, c, s)}",
        key=_key("category"),
        on_change=_keeps(_key("category"), lambda value: data.__setitem__("category", value)),
    )
    keep_address = _keeps(_key("service-url"), lambda value: _put_address(data, str(value)))
    address = url.text_input(
        s("edit.service_url"), data.get("service_url") or "", key=_key("service-url"), on_change=keep_address
    )
    _put_address(data, address)


def _put_address(data: dict[str, Any], address: str) -> None:
    if address.strip():
        data["service_url"] = address.strip()
    else:
        data.pop("service_url", None)


def _sources(data: dict[str, Any], s: StaffText) -> None:
    """The official pages the guide follows: an address and an optional name each; a hostile address is refused."""
    with st.expander(s("edit.sources"), expanded=bool(data.get("sources"))):
        sources = data.get("sources") or []
        if not sources:
            st.caption(s("edit.sources_none"))
        for index, source in enumerate(sources):
            number = index + 1
            st.markdown(f"**{s('edit.source_number', number=number)}**")
            address, name = st.columns([3, 2])
            url = address.text_input(s("edit.source_url"), str(source.get("url") or ""), key=_key(f"source{index}-url"))
            source["url"] = url.strip()
            title = name.text_input(s("edit.source_title"), str(source.get("title") or ""), key=_key(f"source{index}-title"))
            if title.strip():
                source["title"] = title.strip()
            else:
                source.pop("title", None)
            reason = source_problem(url)
            if reason and url.strip():  # a new, still empty row is not an error until it is saved
                st.error(s(f"edit.source_refused.{reason}", number=number))
            st.button(s("edit.source_remove"), key=_key(f"source{index}-remove"), on_click=_remove_source, args=(data, index))
        st.button(s("edit.source_add"), key=_key("source-add"), on_click=add_source, args=(data,))


def _remove_source(data: dict[str, Any], index: int) -> None:
    remove_source(data, index)
    _forget_step_widgets()


def _guide_label(library: ContentLibrary, place: EditorPlace, slug: str, s: StaffText) -> str:
    if slug == NEW_GUIDE:
        return s("edit.new_guide")
    copy_ = place.copies.get(slug)
    if slug not in library.guides and copy_ is not None:  # created here, not yet on the kiosk
        title = copy_.data.get("title", {})
        return f"{copy_.data.get('icon', '📄')} {title.get(s.language) or title.get('nb') or slug} · {s('edit.not_published')}"
    guide = library.guides[slug]
    return f"{guide.icon} {guide.title.get(s.language) or guide.title.get('nb', slug)}"


def _picked() -> None:
    """The guide picker's change: the editor's own choice, recorded before the run draws anything."""
    editor_place().pick(st.session_state.get(GUIDE_PICKER))


def _language_picked() -> None:
    editor_place().language = st.session_state.get(LANGUAGE_PICKER)


def _show_picker(place: EditorPlace, key: str, value: object, options: list[Any]) -> None:
    """A picker shows the place, whatever Streamlit kept or forgot of the widget while it was not drawn."""
    if value in options and st.session_state.get(key) != value:
        st.session_state[key] = value


def _guide_picker(library: ContentLibrary, s: StaffText) -> str:
    place = editor_place()
    created = [slug for slug, copy_ in place.copies.items() if slug not in library.guides and copy_.new]
    options = [*sorted({*library.guides, *created}), NEW_GUIDE]
    if place.guide not in options:
        place.pick(options[0] if options[0] != NEW_GUIDE else NEW_GUIDE)
    _show_picker(place, GUIDE_PICKER, place.guide, options)
    st.selectbox(
        s("editor.guide"),
        options,
        format_func=lambda slug: _guide_label(library, place, slug, s),
        key=GUIDE_PICKER,
        on_change=_picked,
    )
    assert place.guide is not None
    return place.guide


def _unsaved_note(library: ContentLibrary, place: EditorPlace, s: StaffText) -> None:
    """Unsaved work is kept per guide; the editor is told where it waits, so nothing is lost unnoticed."""
    others = [slug for slug in place.unsaved_guides() if slug != place.guide]
    editing = place.open_copy()
    if editing is not None and editing.unsaved:
        st.warning(s("edit.unsaved_here"))
    if others:
        names = ", ".join(_guide_label(library, place, slug, s) for slug in others)
        st.info(s("edit.unsaved_elsewhere", guides=names))


def render_guide_editor(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    # Fields in a right-to-left language are typed right to left.
    # Chosen by the field's name, "… (ur)": a key's "-ur" would also be the "-url" of an address field.
    rtl_fields = " ".join(
        f"[class*='st-key-edit'] textarea[aria-label*='({code})'], [class*='st-key-edit'] input[aria-label*='({code})'] "
        "{ direction: rtl; text-align: right; }"
        for code, language in library.languages.items()
        if language.is_rtl
    )
    st.html(
        "<style>.st-key-kiosk-preview-rtl { direction: rtl; text-align: right; }"
        f" .st-key-kiosk-preview-rtl {RTL_TEXT} {{ text-align: start; }}"
        f" .st-key-kiosk-preview, .st-key-kiosk-preview-rtl {{ font-size: 22px; }} {rtl_fields}</style>"
    )
    place = editor_place()
    for kind, text in place.said():
        getattr(st, kind)(text)
    choice = _guide_picker(library, s)
    if choice == NEW_GUIDE:
        _unsaved_note(library, place, s)
        _new_guide_form(runtime, library, s)
        return
    editing = place.copies.get(choice)
    if editing is None or place.shown != choice:
        editing = _open(runtime, choice)
        _forget_step_widgets_of_others(editing)
        place.shown = choice
    if editing.new and choice in library.guides:
        editing.new = False  # published: from now on one of the guides in the list
    _unsaved_note(library, place, s)
    if editing.new:
        st.info(s("edit.new_guide_notice"))
        if st.button(s("edit.new_guide_cancel"), key="new-guide-cancel"):
            place.drop(choice)
            place.pick(None)
            st.rerun()
    data = editing.data
    source = data.get("source_language", "nb")
    codes = list(library.languages)
    if place.language not in codes:
        place.language = st.session_state.get(LANGUAGE_PICKER) if st.session_state.get(LANGUAGE_PICKER) in codes else codes[0]
    _show_picker(place, LANGUAGE_PICKER, place.language, codes)
    lang = st.selectbox(
        s("edit.writing_in"),
        codes,
        format_func=lambda c: f"{library.languages[c].native_name} ({language_name(c, s.language, library) or c})",
        key=LANGUAGE_PICKER,
        on_change=_language_picked,
    )
    place.language = lang
    st.caption(s("edit.version_source", number=editing.base, source=language_name(source, s.language, library) or source))
    _details(data, library, s)
    _sources(data, s)
    _field(data, "title", lang, s("edit.title"), source, s)
    _field(data, "summary", lang, s("edit.summary"), source, s, multiline=True)
    _field(data, "needs", lang, s("edit.needs"), source, s)
    for index in range(len(data["steps"])):
        _step_editor(runtime, data, index, lang, source, s)
    st.button(s("edit.add_step"), key="add-step", on_click=_add_step, args=(data, source))
    _field(data, "after", lang, s("edit.after"), source, s, multiline=True)
    with st.expander(s("edit.search_words")):
        _field(data, "tags", lang, s("edit.tags"), source, s)
        _field(data, "synonyms", lang, s("edit.synonyms"), source, s)
    reviewed = st.checkbox(
        s("edit.reviewed"),
        value=data.get("review", {}).get(lang) == "reviewed" or lang == source,
        disabled=lang == source or not may_review(user, lang),
        key=_key(f"reviewed-{lang}"),
    )

    save, publish_now, discard = st.columns(3)
    if save.button(s("edit.save_draft"), key="save-draft", type="secondary"):
        _save(runtime, user, library, then_publish=False, lang=lang, reviewed=reviewed, s=s)
    if publish_now.button(s("edit.save_publish"), key="save-publish", type="primary"):
        _save(runtime, user, library, then_publish=True, lang=lang, reviewed=reviewed, s=s)
    if discard.button(s("edit.discard"), key="discard"):
        with contextlib.suppress(StoreUnavailable):  # without the database the files wait for the next discard
            discard_staged(runtime.engine, runtime.settings.data_dir, editing.slug, editing.staged)
        if editing.new and editing.base == 0:
            place.drop(choice)
            place.pick(None)
        else:
            reopen(runtime, choice)
        st.rerun()
    _preview(runtime, library, data, s)


def _forget_step_widgets_of_others(editing: WorkingCopy) -> None:
    """Fields drawn for another guide (or an older generation) are forgotten: this guide's are drawn from its copy."""
    current = f"edit{editing.generation}-"
    for key in [k for k in st.session_state if _GENERATED.match(str(k)) and not str(k).startswith(current)]:
        del st.session_state[key]


def _new_guide_form(runtime: Runtime, library: ContentLibrary, s: StaffText) -> None:
    with st.form("new-guide"):
        slug = st.text_input(s("edit.new_slug"))
        category = st.selectbox(
            s("edit.category"), list(library.categories), format_func=lambda c: _category_title(library, c, s)
        )
        title = st.text_input(s("edit.new_title"))
        create = st.form_submit_button(s("edit.new_create"))
    if not create:
        return
    place = editor_place()
    try:
        data = new_guide(runtime.settings.content_dir, library, slug.strip(), category, title)
        if data["slug"] in place.copies:
            raise NewGuideRefused(data["slug"], "taken")  # being written already, in this browser
    except NewGuideRefused as refused:
        if refused.reason == "taken":
            st.error(s("edit.new_taken", slug=escape_markdown(slug)))
        else:
            st.error(s("edit.new_bad_slug"))
        return
    place.keep(WorkingCopy(data["slug"], data, 0, new=True))
    place.pick(data["slug"])
    st.rerun()
