"""Machine-made translations against their Norwegian source: the parts no language changes (numbers, on-screen
words, e-IDs, addresses, placeholders), and a back-translation's negations and numbers; the command's report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk.authoring.meaning_check import back_translation_drift, fixed_part_drift, meaning_report
from kiosk.cli import main
from kiosk.content import load_content


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_wrong_number_a_lost_button_name_or_another_e_id_is_drift() -> None:
    source = "Trykk på «Logg inn». Logg inn med BankID. Ring NAV på 55 55 33 33."
    assert fixed_part_drift(source, "Naciśnij «Logg inn». Zaloguj się przez BankID. Zadzwoń do NAV: 55553333.") == []
    assert fixed_part_drift(source, "Naciśnij «Logg inn». Zaloguj się przez BankID. Zadzwoń do NAV: 55553334.") == [
        "number missing: 55553333"
    ]
    assert "on-screen word missing: Logg inn" in fixed_part_drift(source, "Naciśnij «Zaloguj». BankID. 55553333.")
    assert "e-ID added: MinID" in fixed_part_drift(source, "Naciśnij «Logg inn». Użyj BankID albo MinID. 55553333.")
    assert fixed_part_drift("Ring 55 55 33 33.", "اتصل على الرقم ٥٥٥٥٣٣٣٣.") == [], "Arabic-Indic digits are the same number"
    assert fixed_part_drift("Logg inn med BankID.", "ብBankID እተዉ።") == [], "a Tigrinya prefix on the name keeps it"


def test_the_kiosks_own_button_may_carry_its_translated_name() -> None:
    words = {"Be om hjelp": "Poproś o pomoc"}
    assert fixed_part_drift("Trykk på «Be om hjelp».", "Naciśnij «Poproś o pomoc».", words) == []
    assert fixed_part_drift("Trykk på «Be om hjelp».", "Naciśnij «Pomoc».", words) != []


def test_a_back_translation_shows_a_lost_negation() -> None:
    source = "Du kan ikke bruke MinID her."
    assert back_translation_drift(source, "Du kan ikke bruke MinID her.") == []
    assert back_translation_drift(source, "Du kan bruke MinID her.") == ["negation lost"]


def test_the_report_counts_every_machine_made_text_and_finds_a_changed_number(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    reports = {r.language: r for r in meaning_report(library)}
    assert all(not r.drifted for r in reports.values()), [d for r in reports.values() for d in r.drifted]
    assert reports["pl"].texts == reports["pl"].by_fixed_parts > 300 and reports["pl"].by_back_translation == 0

    def wrong_number(data: dict) -> None:  # type: ignore[type-arg]
        data["after"]["pl"] = data["after"]["pl"].replace("55 55 33 33", "55 55 33 34")

    _edit(content_dir / "guides" / "register-as-job-seeker.yaml", wrong_number)
    [pl] = meaning_report(load_content(content_dir)[0], ["pl"])
    assert [(d.where, d.reasons) for d in pl.drifted] == [
        ("guides/register-as-job-seeker.yaml after", ["number missing: 55553333"])
    ]


def test_the_command_reads_back_translations_and_fails_on_drift(
    content_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    back = tmp_path / "back.yaml"
    back.write_text(
        "register-as-job-seeker/needs[1]:\n  pl: BankID. Her kan du bruke MinID.\n", encoding="utf-8"
    )  # the Polish need put back into Norwegian says the opposite
    code = main(["content", "meaning-check", "--content-dir", str(content_dir), "--language", "pl", "--back", str(back)])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 compared with a back-translation" in out
    assert "drifted  guides/register-as-job-seeker.yaml needs[1] [pl]: negation lost" in out
    back.write_text("not: [a, mapping", encoding="utf-8")
    assert main(["content", "meaning-check", "--content-dir", str(content_dir), "--back", str(back)]) == 2
    assert "cannot read the back-translations" in capsys.readouterr().err
    assert main(["content", "meaning-check", "--content-dir", str(content_dir), "--language", "xx"]) == 2


def test_a_folder_of_back_translations_one_file_per_language_is_read_together(
    content_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "back-translations"
    folder.mkdir()
    (folder / "pl.yaml").write_text("register-as-job-seeker/needs[1]:\n  pl: BankID. Her kan du bruke MinID.\n", encoding="utf-8")
    (folder / "sv.yaml").write_text("register-as-job-seeker/needs[1]:\n  sv: BankID.\n", encoding="utf-8")
    code = main(["content", "meaning-check", "--content-dir", str(content_dir), "--language", "pl", "sv", "--back", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("1 compared with a back-translation") == 2, "both languages' files were read"
    assert "needs[1] [pl]: negation lost" in out


@pytest.mark.both_databases
def test_a_translation_compared_in_full_is_recorded_meaning_checked_but_still_waits_for_a_person(
    engine, content_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.authoring.meaning_check import _guide_texts
    from kiosk.content.status import TranslationState, translation_state
    from kiosk.visit.guide_view import view_guide

    # Start from an Arabic translation with no meaning check yet (the shipped content may carry one).
    _edit(content_dir / "guides" / "library-wifi.yaml", lambda data: data.pop("meaning_checked", None))
    library, _ = load_content(content_dir)
    guide = library.guides["library-wifi"]
    # A faithful back-translation of every Arabic text: the Norwegian source itself.
    back = {f"library-wifi/{name}": {"ar": texts["nb"]} for name, texts in _guide_texts(guide) if "ar" in texts}
    missing_one = dict(list(back.items())[1:])
    path = tmp_path / "back.yaml"
    path.write_text(yaml.safe_dump(missing_one, allow_unicode=True), encoding="utf-8")
    args = ["content", "meaning-check", "--language", "ar", "--back", str(path), "--record", "--by", "Tolk AS"]
    assert main(args) == 0
    assert "recorded for 0 guide translations" in capsys.readouterr().out, "one text without a back-translation: not in full"
    assert translation_state(load_content(content_dir)[0].guides["library-wifi"], "ar") is TranslationState.UNREVIEWED

    path.write_text(yaml.safe_dump(back, allow_unicode=True), encoding="utf-8")
    assert main(args) == 0
    assert "library-wifi/ar" in capsys.readouterr().out
    guide = load_content(content_dir)[0].guides["library-wifi"]
    assert translation_state(guide, "ar") is TranslationState.MEANING_CHECKED
    assert guide.meaning_checked["ar"].by == "Tolk AS"
    assert view_guide(guide, "ar", "nb").unreviewed, "the kiosk still says no person has checked it"
    assert main(["content", "meaning-check", "--record", "--back", str(path)]) == 2, "--record needs --by"
