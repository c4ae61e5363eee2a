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
from kiosk.content.search import SearchIndex, suggestion_words


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
    ti = keyboard_for(library.languages["ti"].keyboard, library.languages["ti"].keyboard_suggestions)
    assert ti.layout is not None and ti.layout.syllables and ti.suggestions  # fidel keys, and the tiles too


def test_right_to_left_scripts_lay_their_keys_out_right_to_left(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    for code in ("ar", "fa", "ur"):
        layout = layouts()[library.languages[code].keyboard or ""]
        assert layout.direction == "rtl" and library.languages[code].is_rtl
    assert all(layout.direction == "ltr" for layout in layouts().values() if layout.is_latin)


def test_a_non_latin_keyboard_can_switch_to_latin_letters_for_brand_names() -> None:
    assert keyboard_for("arabic", False).latin is not None
    assert keyboard_for("ukrainian", False).latin is not None
    assert keyboard_for(None, True).latin is not None  # a language with tiles only gets Latin for "BankID"
    assert keyboard_for("tigrinya", True).latin is not None
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


def test_every_tigrinya_consonant_opens_its_seven_forms() -> None:
    forms = layouts()["tigrinya"].forms()
    assert len(forms) == 38  # the 33 consonants Tigrinya writes and its 5 labialised ones
    assert forms["ሀ"] == ("ሀ", "ሁ", "ሂ", "ሃ", "ሄ", "ህ", "ሆ")  # ሇ after ሆ is another sound, not "hwa"
    assert [f"U+{ord(form):04X}" for form in forms["በ"]][:7] == [f"U+{0x1260 + order:04X}" for order in range(7)]
    assert forms["በ"][5] == "ብ" == "\u1265"
    assert forms["ለ"] == ("ለ", "ሉ", "ሊ", "ላ", "ሌ", "ል", "ሎ", "ሏ")  # and its labialised form
    assert forms["ቐ"] == tuple("ቐቑቒቓቔቕቖ")  # no labialised form in Unicode
    assert forms["ቈ"] == ("ቈ", "ቊ", "ቋ", "ቌ", "ቍ")  # a labialised consonant: five forms, U+1249 unassigned
    for consonant, syllables in forms.items():
        if consonant in "ቈኰጐቘዀ":
            continue
        assert syllables[:7] == tuple(chr(ord(consonant) + order) for order in range(7)), consonant
        assert all(unicodedata.name(s).startswith("ETHIOPIC SYLLABLE") for s in syllables), consonant
        assert len(syllables) in (7, 8), consonant


def test_every_fidel_key_has_a_name_a_screen_reader_can_say() -> None:
    layout = layouts()["tigrinya"]
    names = layout.spoken_names()
    keys = {char for syllables in layout.forms().values() for char in syllables} | set(layout.marks)
    assert set(names) == keys and all(name.isascii() and name for name in names.values())
    assert (names["ሉ"], names["ብ"], names["፣"]) == ("lu", "be", "comma")
    assert layouts()["norwegian"].spoken_names() == {}  # letters a screen reader says as they are


def test_a_syllabary_takes_only_consonants_and_punctuation_marks() -> None:
    with pytest.raises(ValidationError, match="not an Ethiopic consonant"):
        KeyboardLayout(id="bad", syllables=True, rows=["ሀ ሁ"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="not one punctuation sign"):
        KeyboardLayout(id="bad", syllables=True, rows=["ሀ"], marks=["a"])  # type: ignore[list-item]


def test_tigrinya_guides_can_be_typed_with_the_fidel_keys_and_are_found(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    layout = layouts()["tigrinya"]
    typable = {char for syllables in layout.forms().values() for char in syllables} | set(layout.marks)
    ethiopic = set()
    for guide in library.guides.values():
        texts = [guide.title.get("ti", ""), guide.summary.get("ti", "")]
        texts += guide.tags.get("ti", []) + guide.synonyms.get("ti", [])
        ethiopic |= {char for text in texts for char in text if "\u1200" <= char <= "\u137f"}
    assert ethiopic and ethiopic <= typable
    forms = layout.forms()
    # ፕሪንተር (printer): ፐ then its 6th form, ረ then its 3rd, ነ 6th, ተ 1st, ረ 6th.
    typed = forms["ፐ"][5] + forms["ረ"][2] + forms["ነ"][5] + forms["ተ"][0] + forms["ረ"][5]
    assert typed == "ፕሪንተር"
    slugs = [hit.slug for hit in SearchIndex(library).search(typed, "ti")]
    assert "library-print-scan-copy" in slugs
