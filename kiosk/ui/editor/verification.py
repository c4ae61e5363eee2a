"""Keeping guides true, for editors: the guides due for a check against their official pages (oldest first),
"verified today" as one action, and a reviewer marking a translation in their own language reviewed."""

from __future__ import annotations

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.authoring.review import mark_reviewed, may_review
from kiosk.authoring.stuck_steps import StuckRule, mark_looked_at, stuck_steps
from kiosk.authoring.verification import due_for_review, mark_verified
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, translation_state
from kiosk.errors import KioskError
from kiosk.floor.cards import language_label
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.ui.shared.plain import escape_markdown

DATE = "%d.%m.%Y"
# A meaning check is a machine's comparison: the translation still waits for a person.
NEEDS_A_REVIEWER = (TranslationState.UNREVIEWED, TranslationState.MEANING_CHECKED, TranslationState.OUTDATED)


def _title(library: ContentLibrary, s: StaffText, slug: str) -> str:
    guide = library.guides[slug]
    return guide.title.get(s.language) or guide.title.get("nb") or slug


def render_due_for_review(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    st.subheader(s("trust.due_heading"))
    limit = runtime.settings.verify_after_days
    today = runtime.local_now().date()
    due = due_for_review(library, today, limit)
    st.caption(s("trust.due_caption", days=limit))
    if due:
        st.dataframe(
            [
                {
                    s("editor.guide"): _title(library, s, d.slug),
                    s("trust.col_checked"): d.verified_on.strftime(DATE) if d.verified_on else s("trust.never"),
                    s("trust.col_by"): d.by or "",
                    s("trust.col_days"): d.age_days if d.age_days is not None else "",
                }
                for d in due
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.success(s("trust.all_checked"))
    slugs = [d.slug for d in due] + sorted(set(library.guides) - {d.slug for d in due})
    slug = st.selectbox(s("editor.guide"), slugs, format_func=lambda slug: _title(library, s, slug), key="verify-guide")
    guide = library.guides[slug]
    st.markdown(s("trust.sources"))
    if guide.sources:
        for source in guide.sources:
            st.markdown(f"- [{escape_markdown(source.title or str(source.url))}]({source.url})")
    else:
        st.markdown(s("trust.no_sources"))
    if guide.verified:
        checked = guide.verified.checked.strftime(DATE)
        st.markdown(s("trust.last_checked", date=checked, name=escape_markdown(guide.verified.by)))
    else:
        st.markdown(s("trust.never_checked"))
    # "Checked" on the kiosk means every step was compared: the editor says so before the mark is set.
    # Keyed by guide: a tick given for one guide never carries over to the next one chosen.
    every_step = st.checkbox(s("trust.compared_every_step"), key=f"verify-every-step-{slug}", disabled=not guide.sources)
    if st.button(s("trust.verify_today"), key="verify-today", type="primary", disabled=not (guide.sources and every_step)):
        try:
            mark_verified(runtime.engine, slug, user.display_name, today, user.id, library, runtime.settings.content_dir)
        except (KioskError, OSError) as exc:
            st.error(s("trust.not_saved", reason=escape_markdown(str(exc))))
            return
        runtime.content.reload()
        st.success(s("trust.verified_saved", date=today.strftime(DATE), name=escape_markdown(user.display_name)))
    if not guide.sources:
        st.caption(s("trust.needs_sources"))


def stuck_rule(runtime: Runtime) -> StuckRule:
    settings = runtime.settings
    return StuckRule(min_presses=settings.stuck_min_presses, days=settings.stuck_days, ratio=settings.stuck_ratio)


def render_stuck_steps(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    """Steps where visitors press "if it goes wrong" or call for help far more than elsewhere in the guide."""
    rule = stuck_rule(runtime)
    st.subheader(s("stuck.heading"))
    st.caption(s("stuck.caption", presses=rule.min_presses, days=rule.days, ratio=f"{rule.ratio:g}"))
    now = runtime.local_now()
    try:
        flagged = stuck_steps(runtime.engine, library, now, rule)
    except KioskError:
        st.error(s("stuck.unavailable"))
        return
    if not flagged:
        st.success(s("stuck.none"))
        return
    for item in flagged:
        with st.container(border=True):
            st.markdown(
                s(
                    "stuck.item",
                    guide=escape_markdown(_title(library, s, item.guide)),
                    number=item.number,
                    step=item.step,
                )
            )
            st.markdown(
                s(
                    "stuck.counts",
                    presses=item.presses,
                    calls=item.calls,
                    others=f"{item.others:.1f}",
                    since=item.since.astimezone(now.tzinfo).strftime(DATE),
                )
            )
            if st.button(s("stuck.looked_at"), key=f"stuck-seen-{item.guide}-{item.step}"):
                try:
                    mark_looked_at(runtime.engine, item.guide, item.step, user.id, now)
                except KioskError as exc:
                    st.error(s("trust.not_saved", reason=escape_markdown(str(exc))))
                    return
                st.toast(s("stuck.looked_at_saved"))
                st.rerun()


def render_review(runtime: Runtime, user: User, library: ContentLibrary, s: StaffText) -> None:
    """Only for accounts with review languages: mark one guide's translation in one of them as checked by a person."""
    mine = [code for code in user.review_languages if code in library.languages]
    if not mine:
        return
    st.subheader(s("trust.review_heading"))
    language = st.selectbox(
        s("trust.review_language"),
        mine,
        format_func=lambda c: language_label(c, s.language, library),
        key="review-language",
    )
    waiting = [slug for slug, guide in library.guides.items() if translation_state(guide, language) in NEEDS_A_REVIEWER]
    if not waiting:
        st.success(s("trust.all_reviewed"))
        return
    slug = st.selectbox(s("editor.guide"), waiting, format_func=lambda slug: _title(library, s, slug), key="review-guide")
    if st.button(s("trust.mark_reviewed"), key="review-mark", disabled=not may_review(user, language)):
        today = runtime.local_now().date()
        try:
            mark_reviewed(runtime.engine, slug, language, user, today, library, runtime.settings.content_dir)
        except (KioskError, OSError) as exc:
            st.error(s("trust.not_saved", reason=escape_markdown(str(exc))))
            return
        runtime.content.reload()
        st.success(s("trust.reviewed_saved"))
