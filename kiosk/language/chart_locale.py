"""How a chart writes dates and numbers in the reader's language: Vega's time and number format locale, from
CLDR (Babel). Without one, Vega writes English ("Nov 09", "1,200") whatever language the page is in.

Vega takes d3's formats: months, days (Sunday first), `%`-patterns. CLDR's patterns ("d. MMM y") are turned
into those, so a bokmål reader sees "9. nov.", a Swedish one "9 nov.", an English one "Nov 9".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.language.dates import locale_for

# CLDR pattern letters (a run of one letter) -> d3's directive; quoted text is kept as it stands.
_D3 = {
    "y": "%Y", "yyyy": "%Y", "yy": "%y",
    "MMMM": "%B", "LLLL": "%B", "MMM": "%b", "LLL": "%b", "MM": "%m", "LL": "%m", "M": "%-m", "L": "%-m",
    "dd": "%d", "d": "%-d",
    "EEEE": "%A", "cccc": "%A", "E": "%a", "EE": "%a", "EEE": "%a", "ccc": "%a",
    "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "m": "%-M", "ss": "%S", "s": "%-S", "a": "%p",
}  # fmt: skip
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.DOTALL)


def d3_pattern(cldr: str) -> str:
    """A CLDR date pattern as a d3 time format: "d. MMM y" -> "%-d. %b %Y"."""
    out = []
    for match in _TOKEN.finditer(cldr):
        token = match.group(0)
        if token.startswith("'"):
            out.append((token[1:-1].replace("''", "'") or "'").replace("%", "%%"))
        elif match.group(1):
            if token not in _D3:
                raise ValueError(f"no d3 directive for {token!r} in {cldr!r}")
            out.append(_D3[token])
        else:
            out.append(token.replace("%", "%%"))
    return "".join(out)


@dataclass(frozen=True)
class ChartLocale:
    time: dict[str, object]  # d3-time-format's locale definition
    number: dict[str, object]  # d3-format's locale definition
    day_month: str  # a day of a month, as an axis label: "%-d. %b" in bokmål
    day_month_year: str  # a whole date, in a tooltip: "%-d. %b %Y" in bokmål


def chart_locale(language: str) -> ChartLocale:
    locale = locale_for(language)
    months, days = locale.months["format"], locale.days["format"]
    periods = locale.day_periods["format"]["abbreviated"]
    symbols = locale.number_symbols["latn"]

    def sunday_first(names: dict[int, str]) -> list[str]:  # CLDR counts from Monday (0), d3 from Sunday
        return [names[6], *(names[day] for day in range(6))]

    date, time = d3_pattern(locale.date_formats["short"].pattern), d3_pattern(locale.time_formats["medium"].pattern)
    return ChartLocale(
        time={
            "dateTime": str(locale.datetime_formats["medium"]).replace("{1}", date).replace("{0}", time),
            "date": date,
            "time": time,
            "periods": [periods["am"], periods["pm"]],
            "days": sunday_first(days["wide"]),
            "shortDays": sunday_first(days["abbreviated"]),
            "months": [months["wide"][month] for month in range(1, 13)],
            "shortMonths": [months["abbreviated"][month] for month in range(1, 13)],
        },
        number={"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3], "currency": ["", ""]},
        day_month=d3_pattern(locale.datetime_skeletons["MMMd"].pattern),
        day_month_year=d3_pattern(locale.datetime_skeletons["yMMMd"].pattern),
    )
