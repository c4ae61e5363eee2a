"""The guide player: what you need, one step per screen, the end with feedback and take-away."""

from __future__ import annotations

import streamlit as st

from kiosk.audio.read_aloud import guide_text, step_text
from kiosk.content.models import Guide
from kiosk.store.events import EventKind, Feedback
from kiosk.ui.printout.guide import render_printable
from kiosk.ui.shared.plain import unlinked
from kiosk.ui.shared.qr_picture import qr_picture
from kiosk.ui.shared.step_card import TextBlock, language_notes, note, render_step
from kiosk.ui.visitor.actions import call_for_help, move, record_visit_event
from kiosk.ui.visitor.bilingual import bilingual_toggle, norwegian_for
from kiosk.ui.visitor.checked_note import checked_note
from kiosk.ui.visitor.context import KioskContext
from kiosk.ui.visitor.notices import notices
from kiosk.ui.visitor.paths import back_to_checklist
from kiosk.ui.visitor.read_aloud import read_aloud, slower_toggle
from kiosk.ui.visitor.step_help import if_it_goes_wrong, secret_reminder
from kiosk.visit.guide_view import GuideView
from kiosk.visit.qr import printable_guide_url, qr_svg


def _current(ctx: KioskContext) -> tuple[Guide, GuideView] | None:
    guide = ctx.library.guides.get(ctx.visit.guide or "")
    if guide is None:  # removed while someone was reading it
        ctx.visit.go_home()
        st.rerun()
        return None
    return guide, ctx.view(guide)


def _notes(ctx: KioskContext, view: GuideView) -> list[str]:
    shown_in = ctx.library.languages.get(view.language)
    return language_notes(view, ctx.t, shown_in.native_name if shown_in else view.language)


def _in_guide_language(ctx: KioskContext, view: GuideView) -> TextBlock:
    """Containers for the guide's own text: a fallback language keeps its lang and dir inside the screen's."""
    return lambda name: st.container(key=ctx.in_language(name, view.language))


def _language_notes(ctx: KioskContext, view: GuideView) -> None:
    for text in _notes(ctx, view):
        note(text)


def _read_aloud_row(ctx: KioskContext, text: str, key: str, view: GuideView) -> None:
    """Read aloud in the language the text is shown in (a fallback language is read as such)."""
    language = ctx.library.languages.get(view.language)
    say, slower = st.columns([3, 2])
    with say:
        read_aloud(ctx, text, key, language)
    with slower:
        slower_toggle(ctx, language)


def intro_screen(ctx: KioskContext) -> None:
    found = _current(ctx)
    if found is None:
        return
    guide, view = found
    in_guide_language = _in_guide_language(ctx, view)
    ctx.page_title = view.title
    with in_guide_language("guide-title"):
        st.title(view.title, anchor=False)
    ctx.icon("guide-title", before=view.icon)
    notices(ctx, guide_slug=guide.slug, category=guide.category)
    _language_notes(ctx, view)
    with in_guide_language("guide-summary"):
        st.markdown(unlinked(view.summary))
    _read_aloud_row(ctx, guide_text(view), f"title-{view.slug}", view)
    checked_note(ctx, view)
    if view.needs:
        st.header(ctx.t("guide.you_need"), anchor=False)
        with in_guide_language("guide-needs"):
            st.markdown(unlinked("\n".join(f"- {need}" for need in view.needs)))
    bilingual_toggle(ctx, guide, view)
    st.button(
        ctx.t("guide.begin"), key="begin", type="primary", on_click=move, args=(ctx, ctx.visit.begin_steps), width="stretch"
    )
    ctx.icon("begin", after=ctx.arrow_forward)


def step_screen(ctx: KioskContext) -> None:
    found = _current(ctx)
    if found is None:
        return
    guide, view = found
    step = view.steps[min(ctx.visit.step, len(view.steps) - 1)]
    ctx.page_title = f"{ctx.t('guide.step_of', current=step.number, total=step.total)} – {view.title}"
    render_step(
        view,
        step,
        ctx.t,
        ctx.runtime.settings.content_dir,
        _notes(ctx, view),
        below_text=lambda: _read_aloud_row(ctx, step_text(step), f"step-{view.slug}-{step.number}", view),
        text_block=_in_guide_language(ctx, view),
        norwegian=norwegian_for(ctx, guide, view),
    )
    secret_reminder(ctx, step)
    bilingual_toggle(ctx, guide, view)
    back, forward = st.columns(2)
    back.button(ctx.t("nav.back"), key="step-back", on_click=move, args=(ctx, ctx.visit.back), width="stretch")
    ctx.icon("step-back", before=ctx.arrow_back)
    last = step.number == step.total
    forward.button(
        ctx.t("guide.finish") if last else ctx.t("nav.next"),
        key="step-next",
        type="primary",
        on_click=move,
        args=(ctx, ctx.visit.next_step, len(guide.steps)),
        width="stretch",
    )
    ctx.icon("step-next", after="" if last else ctx.arrow_forward)
    if_it_goes_wrong(ctx, view, step)


def _give_feedback(ctx: KioskContext, answer: Feedback) -> None:
    ctx.visit.feedback_given = True
    if answer is Feedback.TALK:
        call_for_help(ctx)
    record_visit_event(ctx, EventKind.FEEDBACK, guide=ctx.visit.guide, value=answer.value)


def end_screen(ctx: KioskContext) -> None:
    found = _current(ctx)
    if found is None:
        return
    guide, view = found
    in_guide_language = _in_guide_language(ctx, view)
    ctx.page_title = ctx.t("guide.done_heading")
    with st.container(key="screen-title"):
        st.title(ctx.t("guide.done_heading"), anchor=False)
    ctx.icon("screen-title", before="✓")
    with in_guide_language("guide-title"):
        st.header(view.title, anchor=False)
    back_to_checklist(ctx)
    if view.after:
        st.header(ctx.t("guide.what_next"), anchor=False)
        with in_guide_language("guide-after"):
            st.markdown(unlinked(view.after))

    st.header(ctx.t("feedback.question"), anchor=False)
    if ctx.visit.feedback_given:
        st.success(ctx.t("feedback.thanks"))
    else:
        answers = st.columns(3)
        for column, (answer, key) in zip(
            answers,
            ((Feedback.YES, "feedback.yes"), (Feedback.NO, "feedback.no"), (Feedback.TALK, "feedback.talk")),
            strict=True,
        ):
            column.button(
                ctx.t(key), key=f"feedback-{answer.value}", on_click=_give_feedback, args=(ctx, answer), width="stretch"
            )

    st.header(ctx.t("take_home.heading"), anchor=False)
    codes = []
    if view.service_url:
        codes.append((view.service_url, ctx.t("take_home.service_qr")))
    base = str(ctx.runtime.settings.public_url or st.context.url or "")
    if base:
        bilingual = norwegian_for(ctx, guide, view) is not None
        # The visitor's language, not the guide's: the phone page speaks Arabic around an English fallback guide.
        address = printable_guide_url(base, view.slug, ctx.lang, bilingual=bilingual, ref=ctx.visit.help_ref)
        codes.append((address, ctx.t("take_home.guide_qr")))
    for column, (address, caption) in zip(st.columns(2), codes, strict=False):
        with column:
            qr_picture(qr_svg(address), caption, address)
    st.button(ctx.t("take_home.print"), key="print", on_click=ctx.visit.print_guide, width="stretch")
    ctx.icon("print", before="🖨")


def print_screen(ctx: KioskContext) -> None:
    found = _current(ctx)
    if found is None:
        return
    guide, view = found
    ctx.page_title = view.title
    shown_in = ctx.library.languages.get(view.language)
    render_printable(
        view,
        ctx.t,
        ctx.runtime.settings.content_dir,
        ctx.semantics,
        guide_rtl=bool(shown_in and shown_in.is_rtl),
        norwegian=norwegian_for(ctx, guide, view),
    )
    # The browser's print dialog (or the kiosk's printer, in kiosk-printing mode) opens by itself.
    st.html("<script>setTimeout(() => window.print(), 400);</script>", unsafe_allow_javascript=True)
