"""Keeping guides true, for editors: the guides due for a check against their official pages (oldest first),
"verified today" as one action, and a reviewer marking a translation in their own language reviewed."""

from __future__ import annotations

import streamlit as st

from kiosk.auth import User
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, translation_state
from kiosk.errors import KioskError
from kiosk.runtime import Runtime
from kiosk.translation_review import mark_reviewed, may_review
from kiosk.ui.plain import escape_markdown
from kiosk.verification import due_for_review, mark_verified


def render_due_for_review(runtime: Runtime, user: User, library: ContentLibrary) -> None:
    st.subheader("Guider som bør kontrolleres")
    limit = runtime.settings.verify_after_days
    today = runtime.local_now().date()
    due = due_for_review(library, today, limit)
    st.caption(
        f"Guider som aldri er kontrollert mot de offisielle sidene, eller ikke på {limit} dager, eldste først. "
        "Sammenlign stegene med kildene, ret det som er endret, og trykk «Kontrollert i dag»."
    )
    if due:
        st.dataframe(
            [
                {
                    "Guide": library.guides[d.slug].title.get("nb", d.slug),
                    "Sist kontrollert": d.verified_on.strftime("%d.%m.%Y") if d.verified_on else "aldri",
                    "Av": d.by or "",
                    "Dager siden": d.age_days if d.age_days is not None else "",
                }
                for d in due
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("Alle guidene er kontrollert innenfor grensen.")
    slugs = [d.slug for d in due] + sorted(set(library.guides) - {d.slug for d in due})
    slug = st.selectbox("Guide", slugs, format_func=lambda s: library.guides[s].title.get("nb", s), key="verify-guide")
    guide = library.guides[slug]
    st.markdown("**Kilder (de offisielle sidene guiden følger):**")
    if guide.sources:
        for source in guide.sources:
            st.markdown(f"- [{escape_markdown(source.title or str(source.url))}]({source.url})")
    else:
        st.markdown("Ingen kilder er oppgitt.")
    if guide.verified:
        st.markdown(f"Sist kontrollert {guide.verified.checked.strftime('%d.%m.%Y')} av {escape_markdown(guide.verified.by)}.")
    else:
        st.markdown("Aldri kontrollert.")
    if st.button("✔ Kontrollert i dag", key="verify-today", type="primary", disabled=not guide.sources):
        try:
            mark_verified(runtime.engine, slug, user.display_name, today, user.id, library, runtime.settings.content_dir)
        except (KioskError, OSError) as exc:
            st.error(f"Ikke lagret: {escape_markdown(str(exc))}")
            return
        runtime.content.reload()
        st.success(f"Lagret: kontrollert {today.strftime('%d.%m.%Y')} av {escape_markdown(user.display_name)}.")
    if not guide.sources:
        st.caption("En guide uten kilder kan ikke kontrolleres: legg inn kildene først.")


def render_review(runtime: Runtime, user: User, library: ContentLibrary) -> None:
    """Only for accounts with review languages: mark one guide's translation in one of them as checked by a person."""
    mine = [code for code in user.review_languages if code in library.languages]
    if not mine:
        return
    st.subheader("Kontroller en oversettelse")
    language = st.selectbox(
        "Språk du kontrollerer", mine, format_func=lambda c: library.languages[c].norwegian_name, key="review-language"
    )
    waiting = [
        slug
        for slug, guide in library.guides.items()
        if translation_state(guide, language) in (TranslationState.UNREVIEWED, TranslationState.OUTDATED)
    ]
    if not waiting:
        st.success("Alle oversettelsene på dette språket er kontrollert.")
        return
    slug = st.selectbox("Guide", waiting, format_func=lambda s: library.guides[s].title.get("nb", s), key="review-guide")
    if st.button("✅ Merk som kontrollert av meg", key="review-mark", disabled=not may_review(user, language)):
        today = runtime.local_now().date()
        try:
            mark_reviewed(runtime.engine, slug, language, user, today, library, runtime.settings.content_dir)
        except (KioskError, OSError) as exc:
            st.error(f"Ikke lagret: {escape_markdown(str(exc))}")
            return
        runtime.content.reload()
        st.success("Lagret. Kiosken sier ikke lenger at denne oversettelsen ikke er kontrollert.")
