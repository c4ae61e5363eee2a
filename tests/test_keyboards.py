"""On-screen keyboards: a layout for every script the kiosk is read in, chosen by the language registry;
suggestion tiles where there is no practical keyboard; right to left where the script is."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.content.keyboards import MAX_KEYS_IN_A_ROW, KeyboardLayout, keyboard_for, layouts
from kiosk.content.loader import load_content
from kiosk.content.models import Language
from kiosk.content.search import suggestion_words


def _letters(layout_id: str) -> set[str]:
    return {key for row in layouts()[layout_id].rows for key in row}


def test_every_language_gets_its_own_letters_or_suggestion_tiles(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    for language in library.languages.values():
        keyboard = keyboard_for(language.keyboard, language.keyboard_suggestions)
        assert keyboard.layout is not None or keyboard.suggestions, language.code
    expected = {
        "nb": {"æ", "ø", "å"},
        "pl": {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż"},
        "lt": {"ą", "č", "ę", "ė", "į", "š", "ų", "ū", "ž"},
        "uk": {"і", "ї", "є", "ґ"},
        "ar": {"ض", "ة", "ى", "ء"},
        "fa": {"پ", "چ", "ژ", "گ", "ی", "ک"},
        "ur": {"ٹ", "ڈ", "ڑ", "ں", "ھ", "ے"},
        "se": {"á", "č", "đ", "ŋ", "š", "ŧ", "ž"},
        "sv": {"å", "ä", "ö"},
    }
    for code, letters in expected.items():
        layout = library.languages[code].keyboard
        assert layout is not None and letters <= _letters(layout), code
    ti = library.languages["ti"]
    assert keyboard_for(ti.keyboard, ti.keyboard_suggestions).layout is None  # Ge'ez has hundreds of syllables


def test_right_to_left_scripts_lay_their_keys_out_right_to_left(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    for code in ("ar", "fa", "ur"):
        layout = layouts()[library.languages[code].keyboard or ""]
        assert layout.direction == "rtl" and library.languages[code].is_rtl
    assert all(layout.direction == "ltr" for layout in layouts().values() if layout.is_latin)


def test_a_non_latin_keyboard_can_switch_to_latin_letters_for_brand_names() -> None:
    assert keyboard_for("arabic", False).latin is not None
    assert keyboard_for("ukrainian", False).latin is not None
    assert keyboard_for(None, True).latin is not None  # Tigrinya: tiles, and Latin for "BankID"
    assert keyboard_for("norwegian", False).latin is None  # already Latin
    assert keyboard_for("latin", True).suggestions is True


def test_every_key_is_one_letter_and_a_row_fits_the_screen() -> None:
    for layout in layouts().values():
        for row in layout.rows:
            assert len(row) <= MAX_KEYS_IN_A_ROW
            assert all(len(key) == 1 and unicodedata.category(key).startswith("L") for key in row)
    with pytest.raises(ValidationError):
        KeyboardLayout(id="bad", rows=["a <script>"])  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        KeyboardLayout(id="bad", rows=["a b c d e f g h i j k l m"])  # type: ignore[list-item]


def test_the_registry_refuses_a_keyboard_that_does_not_exist() -> None:
    with pytest.raises(ValidationError, match="no keyboard layout 'klingon'"):
        Language(code="tlh", native_name="tlhIngan", english_name="Klingon", norwegian_name="Klingon", keyboard="klingon")


def test_suggestion_tiles_are_the_guides_words_in_the_visitors_language_most_asked_first(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    language, kind, words = suggestion_words(library, ["ti", "nb"])
    assert (language, kind) == ("ti", "tags")
    assert words[0] == library.guides["log-in-with-bankid"].tags["ti"][0]
    assert any(any("\u1200" <= ch <= "\u137f" for ch in word) for word in words)  # Ethiopic script
    assert len(words) == len(set(words)) <= 24
    # Northern Sami guides wait for a translator: the tiles are the Norwegian words a Sami reader reads next.
    assert suggestion_words(library, ["se", "nb", "en"])[0] == "nb"
