"""Guides kept true: sources and verification dates, the guides due for review, and reviewers per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from kiosk.accounts.auth import AccountError, Role, add_user, get_user, set_review_languages
from kiosk.authoring.guides import DraftPending, guide_path, revisions, save_draft, working_copy
from kiosk.authoring.review import ReviewRefused, mark_reviewed
from kiosk.authoring.verification import due_for_review, mark_verified, verification_problems
from kiosk.cli import main
from kiosk.content import load_content
from kiosk.content.status import TranslationState, translation_state
from kiosk.visit.guide_view import view_guide

pytestmark = pytest.mark.both_databases
TODAY = date(2026, 12, 2)


def _set_verified(content_dir: Path, slug: str, checked: str | None) -> None:
    path = guide_path(content_dir, slug)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("verified", None)
    if checked:  # a check with its evidence: the pages compared and every step
        data["verified"] = {
            "checked": checked,
            "by": "Innholdsteamet",
            "pages": [{"url": source["url"], "seen": checked} for source in data.get("sources", [])],
            "steps": [step["id"] for step in data["steps"]],
        }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_guides_due_for_review_never_checked_first_then_oldest(content_dir: Path) -> None:
    for slug in list(load_content(content_dir)[0].guides):
        _set_verified(content_dir, slug, "2026-11-01")
    _set_verified(content_dir, "tax-return", "2025-01-10")
    _set_verified(content_dir, "library-wifi", "2026-02-01")
    _set_verified(content_dir, "change-gp", None)
    library, _ = load_content(content_dir)
    due = due_for_review(library, TODAY, 180)
    assert [(d.slug, d.age_days) for d in due] == [("change-gp", None), ("tax-return", 691), ("library-wifi", 304)]
    warnings = {(p.guide, p.field): p.message for p in verification_problems(library, TODAY, 180)}
    assert "691 days ago" in warnings[("tax-return", "verified")]
    assert "never been checked" in warnings[("change-gp", "verified")]
    assert ("library-e-books", "verified") not in warnings, "checked a month ago: not due"
    assert [d.slug for d in due_for_review(library, TODAY, 400)] == ["change-gp", "tax-return"], "the limit is a setting"


def test_verified_today_records_who_and_when_and_reaches_the_kiosk(engine: Engine, content_dir: Path) -> None:
    editor = add_user(engine, "rita", "Rita Redaktør", Role.EDITOR, "correct horse battery")
    library, _ = load_content(content_dir)
    revision = mark_verified(engine, "change-gp", "Rita Redaktør", TODAY, editor.id, library, content_dir)
    assert revision.state == "published" and revision.author == "Rita Redaktør"
    guide = load_content(content_dir)[0].guides["change-gp"]
    assert guide.verified is not None and (guide.verified.checked, guide.verified.by) == (TODAY, "Rita Redaktør")
    assert view_guide(guide, "ar", "nb").verified_on == TODAY
    # The same action twice is one more revision, not a failure.
    mark_verified(engine, "change-gp", "Rita Redaktør", TODAY, editor.id, load_content(content_dir)[0], content_dir)
    assert [r.number for r in revisions(engine, "change-gp")] == [2, 1, 0]  # 0: the text before the first check


def test_verified_today_is_refused_over_an_unpublished_draft(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    data, base = working_copy(engine, content_dir, "change-gp")
    data["title"]["nb"] = "Bytt fastlege (utkast)"
    save_draft(engine, data, base, None, library, content_dir)
    with pytest.raises(DraftPending):
        mark_verified(engine, "change-gp", "Rita", TODAY, None, library, content_dir)
    assert load_content(content_dir)[0].guides["change-gp"].title["nb"] != "Bytt fastlege (utkast)"


def test_a_reviewer_marks_their_language_reviewed_and_the_kiosk_note_goes(engine: Engine, content_dir: Path) -> None:
    add_user(engine, "amina", "Amina Hassan", Role.EDITOR, "correct horse battery")
    amina = set_review_languages(engine, "amina", ["so", "ar"])
    assert amina.review_languages == ("ar", "so")
    library, _ = load_content(content_dir)
    slug = "log-in-with-bankid"
    assert view_guide(library.guides[slug], "so", "nb").unreviewed is True
    mark_reviewed(engine, slug, "so", amina, TODAY, library, content_dir)
    guide = load_content(content_dir)[0].guides[slug]
    assert translation_state(guide, "so") is TranslationState.REVIEWED
    assert guide.reviewed_by["so"].by == "Amina Hassan" and guide.reviewed_by["so"].checked == TODAY
    assert view_guide(guide, "so", "nb").unreviewed is False
    assert view_guide(guide, "ur", "nb").unreviewed is True, "only the reviewed language"


def test_review_is_refused_outside_ones_languages_and_where_nothing_is_translated(engine: Engine, content_dir: Path) -> None:
    add_user(engine, "amina", "Amina Hassan", Role.EDITOR, "correct horse battery")
    amina = set_review_languages(engine, "amina", ["so"])
    library, _ = load_content(content_dir)
    with pytest.raises(ReviewRefused) as refused:
        mark_reviewed(engine, "log-in-with-bankid", "ur", amina, TODAY, library, content_dir)
    assert refused.value.reason == "not_yours"
    with pytest.raises(ReviewRefused) as missing:
        mark_reviewed(engine, "library-wifi", "so", amina, TODAY, library, content_dir)
    assert missing.value.reason == "missing"
    staff = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery")
    set_review_languages(engine, "kari", ["so"])
    with pytest.raises(ReviewRefused):
        mark_reviewed(engine, "log-in-with-bankid", "so", get_user(engine, staff.id), TODAY, library, content_dir)  # type: ignore[arg-type]
    with pytest.raises(AccountError):
        set_review_languages(engine, "amina", ["so", "<b>"])


def test_a_refused_review_changes_nothing_and_the_source_language_is_never_reviewed(engine: Engine, content_dir: Path) -> None:
    """From the side of someone who may not: the source text, a disabled reviewer, a lead, an admin of other languages."""
    from kiosk.accounts.auth import set_disabled

    slug = "log-in-with-bankid"
    library, _ = load_content(content_dir)
    before = guide_path(content_dir, slug).read_text(encoding="utf-8")
    add_user(engine, "nils", "Nils", Role.EDITOR, "correct horse battery")
    nils = set_review_languages(engine, "nils", ["nb", "so"])
    with pytest.raises(ReviewRefused) as source:
        mark_reviewed(engine, slug, "nb", nils, TODAY, library, content_dir)  # the source is not a translation
    assert source.value.reason == "missing"
    add_user(engine, "lise", "Lise", Role.LEAD, "correct horse battery")
    lead = set_review_languages(engine, "lise", ["so"])
    add_user(engine, "admin", "Admin", Role.ADMIN, "correct horse battery")
    admin = set_review_languages(engine, "admin", ["ar"])
    set_disabled(engine, "nils")
    gone = get_user(engine, nils.id)
    for who in (lead, admin, gone):
        with pytest.raises(ReviewRefused) as refused:
            mark_reviewed(engine, slug, "so", who, TODAY, library, content_dir)  # type: ignore[arg-type]
        assert refused.value.reason == "not_yours"
    assert guide_path(content_dir, slug).read_text(encoding="utf-8") == before
    assert revisions(engine, slug) == []
    admin = set_review_languages(engine, "admin", ["so"])  # an admin reviews the languages they read
    revision = mark_reviewed(engine, slug, "so", admin, TODAY, library, content_dir)
    assert revision.state.value == "published" and revision.author == "Admin"
    assert load_content(content_dir)[0].guides[slug].reviewed_by["so"].by == "Admin"


def test_cli_sets_review_languages_and_lists_them(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    add_user(engine, "amina", "Amina Hassan", Role.EDITOR, "correct horse battery")
    assert main(["users", "review-languages", "amina", "so", "ti"]) == 0
    assert main(["users", "list"]) == 0
    assert "amina\teditor\tAmina Hassan\treviews so ti" in capsys.readouterr().out
    assert main(["users", "review-languages", "nobody", "so"]) == 2
