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
    slug = "register-as-job-seeker"
    before = load_content(content_dir)[0].guides[slug]
    assert translation_state(before, "pl") is TranslationState.UNREVIEWED

    def fix_after(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["nb"] = "Hver 14. dag må du bekrefte at du fortsatt vil være registrert."

    _edit(content_dir / "guides" / f"{slug}.yaml", fix_after)
    after = load_content(content_dir)[0].guides[slug]
    assert translation_state(after, "pl") is TranslationState.OUTDATED, "the Polish after-text still says the old thing"

    def fix_needs(data: dict) -> None:  # type: ignore[type-arg]
        data["needs"]["nb"][0] = "BankID, Buypass eller Commfides."

    path = content_dir / "guides" / "log-in-with-bankid.yaml"
    _edit(path, fix_needs)
    assert translation_state(load_content(content_dir)[0].guides["log-in-with-bankid"], "uk") is TranslationState.OUTDATED
