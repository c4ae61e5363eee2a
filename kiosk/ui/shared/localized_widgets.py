"""Widgets that speak the page's language where Streamlit's own speak English.

- Multiselect: Streamlit's placeholder ("Choose options") can be told; it is the page's.
- Date: Streamlit's calendar has English months and quick picks ("Past Week", "Select…"), weeks from Sunday,
  and cannot be told otherwise (1.67: no locale, no first weekday). A date is chosen as a month ("desember
  2026") and a day of it with its weekday ("mandag 7."), written by Babel in the page's language; no calendar
  grid needs a first weekday.
- File upload: Streamlit writes "Drag and drop a file here", "Upload" and its server's limit ("50MB per file")
  and cannot be told otherwise. Its instructions are hidden; the page says them with the real limit, and the
  button's word is the page's (CSS generated content, which browsers include in the button's accessible name).
  The limit itself is checked where the file is read, with a refusal in the page's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

import streamlit as st
from babel.dates import format_date
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from kiosk.language.dates import locale_for
from kiosk.language.staff_texts import StaffText

T = TypeVar("T")


def choose_many(
    where: DeltaGenerator,
    label: str,
    options: Sequence[T],
    s: StaffText,
    key: str,
    format_func: Callable[[T], str] = str,
) -> list[T]:
    return where.multiselect(label, options, format_func=format_func, key=key, placeholder=s("widget.choose_many"))


@lru_cache(maxsize=4096)
def month_name(first_of_month: date, language: str) -> str:
    """E.g. nb "desember 2026", sv "december 2026" (CLDR's stand-alone month and year)."""
    return format_date(first_of_month, "LLLL y", locale=locale_for(language))


@lru_cache(maxsize=8192)
def day_name(day: date, language: str) -> str:
    """E.g. nb "mandag 7.", sv "måndag 7": the weekday and the day of the month."""
    weekday = format_date(day, "EEEE", locale=locale_for(language))
    number = format_date(day, "d.", locale=locale_for(language)) if language in ("nb", "nn") else str(day.day)
    return f"{weekday} {number}"


def _months(first: date, last: date) -> list[date]:
    months, month = [], last.replace(day=1)
    while month >= first.replace(day=1):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months


def choose_date(where: DeltaGenerator, label: str, value: date, first: date, last: date, s: StaffText, key: str) -> date:
    """One day between `first` and `last`: its month, then the day (weekday and number), newest first, in the page's
    language. Two short lists, so the page stays quick however many years are offered."""
    month_key, day_key = f"{key}-month", f"{key}-day"
    months = _months(first, last)
    if st.session_state.get(month_key) not in months:
        st.session_state[month_key] = value.replace(day=1) if value.replace(day=1) in months else months[0]
    # Stacked, not in columns of their own: columns nested in the page's filter row make Streamlit redraw the
    # whole row on every change (for a moment twice).
    month: date = where.selectbox(label, months, format_func=lambda m: month_name(m, s.language).capitalize(), key=month_key)
    following = (month + timedelta(days=32)).replace(day=1)
    days = [d for d in (month + timedelta(days=n) for n in range((following - month).days)) if first <= d <= last]
    days.reverse()
    wanted = st.session_state.get(day_key, value)
    if wanted not in days:  # another month: the same day of it, as near as it has
        near = [d for d in days if d.day <= wanted.day] if isinstance(wanted, date) else []
        st.session_state[day_key] = near[0] if near else days[-1]
    chosen: date = where.selectbox(
        s("widget.day_of", label=label),
        days,
        format_func=lambda d: day_name(d, s.language),
        key=day_key,
        label_visibility="collapsed",  # right under the month, which is labelled; a screen reader hears its own name
    )
    return chosen


def upload_file(
    where: DeltaGenerator, label: str, types: Sequence[str], limit_bytes: int, s: StaffText, key: str, **kwargs: Any
) -> UploadedFile | None:
    """Streamlit's uploader with its English hidden and the page's words and real limit said instead."""
    scope = f".st-key-{key}"
    button_word = json.dumps(s("widget.upload_button"), ensure_ascii=False)
    where.html(
        "<style>"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] {{ display: none; }}"
        f"{scope} [data-testid='stFileUploaderDropzone'] button > * {{ display: none; }}"
        f"{scope} [data-testid='stFileUploaderDropzone'] button::after {{ content: {button_word}; }}"
        "</style>"
    )
    upload: UploadedFile | None = where.file_uploader(label, type=list(types), key=key, **kwargs)
    kinds = ", ".join(t.upper() for t in types)
    where.caption(s("widget.upload_hint", mb=_megabytes(limit_bytes), types=kinds))
    return upload


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return str(int(megabytes)) if megabytes == int(megabytes) else f"{megabytes:.1f}"
