"""Staffed hours as the visitor reads them: weekday, date and time in their own language."""

from __future__ import annotations

from datetime import datetime

from kiosk.language.dates import weekday_date_time

MONDAY_TEN = datetime(2026, 11, 30, 10, 0)


def _plain(text: str) -> str:
    assert text[0] == "\u2068" and text[-1] == "\u2069"  # isolated: keeps its order inside a sentence of either direction
    return text[1:-1]


def test_norwegian_has_weekday_date_and_24_hour_time() -> None:
    assert _plain(weekday_date_time(MONDAY_TEN, "nb")) == "mandag 30. november 2026, 10:00"


def test_arabic_is_written_the_arabic_way_not_the_norwegian() -> None:
    text = _plain(weekday_date_time(MONDAY_TEN, "ar"))
    assert "الاثنين" in text and "نوفمبر" in text
    assert "30.11." not in text


def test_every_kiosk_language_gets_its_own_weekday() -> None:
    weekdays = {
        "en": "Monday",
        "uk": "понеділок",
        "pl": "poniedziałek",
        "so": "Isniin",
        "ti": "ሰኑይ",
        "se": "vuossárga",
        "fa": "دوشنبه",
        "ur": "پیر",
        "lt": "pirmadienis",
        "sv": "måndag",
        "nn": "måndag",
    }
    for code, weekday in weekdays.items():
        assert weekday in weekday_date_time(MONDAY_TEN, code), code


def test_a_language_babel_does_not_know_is_written_the_norwegian_way() -> None:
    assert _plain(weekday_date_time(MONDAY_TEN, "xx")) == "mandag 30. november 2026, 10:00"
