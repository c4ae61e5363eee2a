"""Charts write dates and numbers in the reader's language: Vega's format locale from CLDR."""

from __future__ import annotations

import pytest

from kiosk.language.chart_locale import chart_locale, d3_pattern


def test_cldr_patterns_become_d3_formats() -> None:
    assert d3_pattern("d. MMM y") == "%-d. %b %Y"
    assert d3_pattern("MMM d, y") == "%b %-d, %Y"
    assert d3_pattern("dd.MM.y HH:mm:ss") == "%d.%m.%Y %H:%M:%S"
    assert d3_pattern("h:mm a 'o''clock' 100%") == "%-I:%M %p o'clock 100%%"
    with pytest.raises(ValueError, match="no d3 directive"):
        d3_pattern("QQQ y")


@pytest.mark.parametrize(
    ("language", "november", "sunday", "day_month", "decimal"),
    [
        ("nb", "november", "søndag", "%-d. %b", ","),
        ("nn", "november", "søndag", "%-d. %b", ","),
        ("sv", "november", "söndag", "%-d %b", ","),
        ("en", "November", "Sunday", "%b %-d", "."),
    ],
)
def test_each_staff_language_names_its_own_months_and_days(
    language: str, november: str, sunday: str, day_month: str, decimal: str
) -> None:
    locale = chart_locale(language)
    months, days = locale.time["months"], locale.time["days"]
    assert isinstance(months, list) and isinstance(days, list)
    assert months[10] == november and len(months) == 12
    assert days[0] == sunday and len(days) == 7  # d3 counts from Sunday
    assert locale.day_month == day_month
    assert locale.number["decimal"] == decimal


def test_bokmal_abbreviates_as_cldr_does() -> None:
    short = chart_locale("nb").time["shortMonths"]
    assert isinstance(short, list) and (short[10], short[4]) == ("nov.", "mai")
