"""The staff pages' catalogs: every staff language has every key with the same placeholders."""

from __future__ import annotations

from pathlib import Path

from kiosk.language.staff_texts import SHIPPED_DIR, STAFF_LANGUAGES, StaffText, load_catalogs, missing_staff_keys, page_language


def test_every_staff_catalog_has_every_key_with_the_same_placeholders() -> None:
    catalogs = load_catalogs(SHIPPED_DIR)
    assert sorted(catalogs) == sorted(STAFF_LANGUAGES)
    assert missing_staff_keys(catalogs) == {code: [] for code in STAFF_LANGUAGES}


def test_a_missing_key_or_a_changed_placeholder_is_reported(tmp_path: Path) -> None:
    for code in STAFF_LANGUAGES:
        (tmp_path / f"{code}.yaml").write_text("a: A {n}\nb: B\n", encoding="utf-8")
    (tmp_path / "sv.yaml").write_text("a: A {count}\n", encoding="utf-8")
    missing = missing_staff_keys(load_catalogs(tmp_path))
    assert missing["sv"] == ["b", "a"] and missing["nb"] == []


def test_the_page_language_is_the_users_then_the_librarys_then_bokmal() -> None:
    assert page_language("sv", "nb") == "sv"
    assert page_language(None, "nn") == "nn"
    assert page_language(None, "ar") == "nb"
    assert page_language("xx", "en") == "en"


def test_a_key_missing_in_one_language_falls_back_to_bokmal() -> None:
    s = StaffText({"nb": {"a": "Hei {name}", "b": "B"}, "sv": {"a": "Hej {name}"}}, "sv")
    assert s("a", name="Kari") == "Hej Kari"
    assert s("b") == "B"
    assert s("c") == "c"
