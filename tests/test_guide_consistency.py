"""Guides that cannot contradict themselves or each other: the rules `content check` applies to what a guide
says (ID methods its "what you need" rules out, an agency's phone number, a check older than its source's change),
and a translation made outdated by any change to the source text."""

from __future__ import annotations

from pathlib import Path

import yaml

from kiosk.content import load_content
from kiosk.content.status import TranslationState, translation_state


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_corrected_after_text_or_need_makes_the_translations_outdated(content_dir: Path) -> None:
    slug = "send-employment-status-form"
    before = load_content(content_dir)[0].guides[slug]
    # The shipped Polish was meaning checked by a back-translation; correcting the source takes that away too.
    assert translation_state(before, "pl") is TranslationState.MEANING_CHECKED

    def fix_after(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["nb"] = "Du får en kvittering. Trenger du hjelp? Spør oss som jobber her."

    _edit(content_dir / "guides" / f"{slug}.yaml", fix_after)
    after = load_content(content_dir)[0].guides[slug]
    assert translation_state(after, "pl") is TranslationState.OUTDATED, "the Polish after-text still says the old thing"

    def fix_needs(data: dict) -> None:  # type: ignore[type-arg]
        data["needs"]["nb"][0] = "BankID, Buypass eller Commfides."

    path = content_dir / "guides" / "bankid-on-mobile.yaml"
    _edit(path, fix_needs)
    assert translation_state(load_content(content_dir)[0].guides["bankid-on-mobile"], "uk") is TranslationState.OUTDATED


def test_the_corrected_guides_translations_wait_for_a_fluent_reader(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    for slug in ("register-as-job-seeker", "log-in-with-minid", "log-in-with-bankid", "helsenorge-prescriptions"):
        guide = library.guides[slug]
        states = {code: translation_state(guide, code) for code in guide.translated_from}
        assert set(states.values()) == {TranslationState.OUTDATED}, (slug, states)


OLD_FIX = {
    "nb": "Du kan logge inn med MinID i stedet. Trykk på «MinID» og følg stegene.",
    "en": "You can log in with MinID instead. Press «MinID» and follow the steps.",
}


def _fix(slug: str, step: str, problem: str, texts: dict[str, str]):  # type: ignore[no-untyped-def]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        found = next(s for s in data["steps"] if s["id"] == step)
        next(p for p in found["problems"] if p["id"] == problem)["fix"].update(texts)

    return change


def test_a_fix_offering_an_id_the_guide_rules_out_is_reported(content_dir: Path) -> None:
    _, problems = load_content(content_dir)
    assert not [p for p in problems if "rules it out" in p.message], "the shipped guides agree with themselves"
    # The register-as-job-seeker guide as it was: "what you need" says no MinID, the fix offers MinID.
    _edit(content_dir / "guides" / "register-as-job-seeker.yaml", _fix("register-as-job-seeker", "log-in", "no-bankid", OLD_FIX))
    _, problems = load_content(content_dir)
    found = {(p.guide, p.step, p.field) for p in problems if "rules it out" in p.message}
    assert ("register-as-job-seeker", "log-in", "problems.no-bankid.fix.nb") in found
    assert ("register-as-job-seeker", "log-in", "problems.no-bankid.fix.en") in found
    message = next(p.message for p in problems if p.field == "problems.no-bankid.fix.nb")
    assert "Du kan ikke bruke MinID her." in message, "the editor sees which need rules it out"


def test_a_fix_that_itself_says_not_to_use_the_id_is_no_contradiction(content_dir: Path) -> None:
    agrees = {"nb": "MinID virker ikke her. Gå til NAV-kontoret.", "en": "MinID does not work here. Go to the NAV office."}
    _edit(content_dir / "guides" / "register-as-job-seeker.yaml", _fix("register-as-job-seeker", "log-in", "no-bankid", agrees))
    _, problems = load_content(content_dir)
    assert not [p for p in problems if "rules it out" in p.message]


def test_an_agencys_number_that_its_page_does_not_give_or_that_differs_between_guides_is_reported(content_dir: Path) -> None:
    _, problems = load_content(content_dir)
    assert not [p for p in problems if p.field and p.field.startswith("after") and "Helsenorge" in p.message]

    def old_number(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["nb"] = data["after"]["nb"].replace("800 43 573", "23 32 70 00")

    _edit(content_dir / "guides" / "change-gp.yaml", old_number)  # the number the guides gave before
    _, problems = load_content(content_dir)
    unconfirmed = [p for p in problems if p.guide == "change-gp" and "its own page does not give" in p.message]
    assert unconfirmed and "23327000" in unconfirmed[0].message and "800 43 573" in unconfirmed[0].message
    differ = {p.guide for p in problems if "different numbers in different guides" in p.message}
    assert {"change-gp", "contact-gp-office", "helsenorge-prescriptions"} <= differ


def test_a_number_for_an_agency_no_official_page_confirmed_is_reported(content_dir: Path) -> None:
    def old_number(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["nb"] = (
            data["after"]["nb"]
            .replace("står på brreg.no", "er 75 00 75 00")
            .replace("Telefonnummeret til Brønnøysundregistrene", "Telefonnummeret til Brønnøysundregistrene")
        )

    _edit(content_dir / "guides" / "start-sole-proprietorship.yaml", old_number)
    _, problems = load_content(content_dir)
    assert any(p.guide == "start-sole-proprietorship" and "no official page confirmed a number" in p.message for p in problems)


def test_the_digital_mailbox_helpline_is_held_against_the_number_norge_no_gives(content_dir: Path) -> None:
    """800 30 300 is norge.no's "brukerstøtte for digital postkasse og ID-porten": the guide names whose line it is,
    so the number is checked, and another number there is reported."""
    slug = "digital-mailbox"
    _, problems = load_content(content_dir)
    assert not [p for p in problems if p.guide == slug and "800" in p.message]

    def other_number(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["nb"] = data["after"]["nb"].replace("800 30 300", "800 30 301")

    _edit(content_dir / "guides" / f"{slug}.yaml", other_number)
    _, problems = load_content(content_dir)
    assert any(p.guide == slug and "80030301" in p.message and "Digitaliseringsdirektoratet" in p.message for p in problems)


def test_a_check_older_than_its_sources_change_is_reported(content_dir: Path) -> None:
    def checked_then_changed(data: dict) -> None:  # type: ignore[type-arg]
        data["verified"] = {"checked": "2026-12-02", "by": "Innholdsteamet"}
        data["sources"][0]["changed"] = "2026-12-04"

    _edit(content_dir / "guides" / "register-as-job-seeker.yaml", checked_then_changed)
    _, problems = load_content(content_dir)
    stale = [p for p in problems if p.guide == "register-as-job-seeker" and "page changed on 2026-12-04" in p.message]
    assert stale and "2026-12-02" in stale[0].message


def test_a_verified_mark_without_its_evidence_is_no_check(content_dir: Path) -> None:
    from datetime import date

    from kiosk.authoring.verification import evidence_report, verification_problems
    from kiosk.visit.guide_view import view_guide

    slug = "register-as-job-seeker"

    def old_mark(data: dict) -> None:  # type: ignore[type-arg]
        data["verified"] = {"checked": "2026-12-02", "by": "Innholdsteamet"}  # the mark as it was: no pages, no steps

    _edit(content_dir / "guides" / f"{slug}.yaml", old_mark)
    library, _ = load_content(content_dir)
    guide = library.guides[slug]
    assert view_guide(guide, "nb", "nb").verified_on is None, "the kiosk must not say 'checked'"
    warnings = [p.message for p in verification_problems(library, date(2026, 12, 5), 180) if p.guide == slug]
    assert any("not backed" in w and "records no pages" in w for w in warnings)
    line = next(line for line in evidence_report(library) if f" {slug}:" in line)
    assert line.startswith("not compared") and "https://www.nav.no/registrer-arbeidssoker" in line

    def full_mark(data: dict) -> None:  # type: ignore[type-arg]
        data["verified"] = {
            "checked": "2026-12-05",
            "by": "Innholdsteamet",
            "pages": [{"url": "https://www.nav.no/registrer-arbeidssoker", "seen": "2026-12-05"}],
            "steps": [step["id"] for step in data["steps"]][:-1],
        }

    _edit(content_dir / "guides" / f"{slug}.yaml", full_mark)
    guide = load_content(content_dir)[0].guides[slug]
    assert guide.compared_on is None and "missing: check-done" in guide.evidence_gaps()[0], "one step not compared"

    def every_step(data: dict) -> None:  # type: ignore[type-arg]
        data["verified"]["steps"] = [step["id"] for step in data["steps"]]

    _edit(content_dir / "guides" / f"{slug}.yaml", every_step)
    library, _ = load_content(content_dir)
    assert view_guide(library.guides[slug], "nb", "nb").verified_on == date(2026, 12, 5)
    line = next(line for line in evidence_report(library) if f" {slug}:" in line)
    assert line.startswith("compared") and "registrer-arbeidssoker (seen 2026-12-05)" in line


def test_no_shipped_guide_claims_a_check_it_cannot_back(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    for guide in library.guides.values():
        assert guide.verified is None or guide.compared_on is not None, guide.slug
