"""Dates and times as a visitor reads them: weekday, date and time in the visitor's language (CLDR via Babel)."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

# A language Babel has no locale for is shown the way the kiosk's own country writes dates.
FALLBACK_LOCALE = "nb"
# Unicode first-strong isolate: a date inside a sentence of the other direction keeps its own order.
_ISOLATE, _POP = "\u2068", "\u2069"


def locale_for(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


def weekday_date_time(moment: datetime, language: str) -> str:
    """E.g. nb "mandag 30. november 2026 10:00", ar "الاثنين، 30 نوفمبر 2026 10:00 ص", isolated for use in a sentence."""
    locale = locale_for(language)
    date = format_date(moment, "full", locale=locale)
    time = format_time(moment, "short", locale=locale)
    pattern = locale.datetime_formats.get("long") or "{1} {0}"
    # CLDR quotes literal words in patterns ("{1} 'at' {0}"); the quotes are not part of the text.
    text = str(pattern).replace("'", "").replace("{1}", date).replace("{0}", time)
    return f"{_ISOLATE}{text}{_POP}"


def weekday_date(moment: datetime, language: str) -> str:
    """E.g. nb "mandag 30. november 2026": a heading over that day's times."""
    return f"{_ISOLATE}{format_date(moment, 'full', locale=locale_for(language))}{_POP}"


def clock_time(moment: datetime, language: str) -> str:
    """E.g. nb "10:00", ar "10:00 ص"."""
    return format_time(moment, "short", locale=locale_for(language))


def long_date(day: date, language: str) -> str:
    """E.g. nb "2. desember 2026", ar "2 ديسمبر 2026", isolated for use in a sentence."""
    return f"{_ISOLATE}{format_date(day, 'long', locale=locale_for(language))}{_POP}"
