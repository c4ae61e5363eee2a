"""Widgets that speak the page's language where Streamlit's own speak English.

- Multiselect: Streamlit's placeholder ("Choose options") can be told; it is the page's.
- Date: Streamlit's calendar has English months and quick picks ("Past Week", "Select…"), weeks from Sunday,
  and cannot be told otherwise (1.67: no locale, no first weekday). A date is chosen in a selectbox of days
  written out in the page's language, weekday first ("mandag 7. desember 2026"): typing "desember" or "mandag"
  narrows it, and no calendar grid needs a first weekday.
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


@lru_cache(maxsize=8192)
def day_name(day: date, language: str) -> str:
    """E.g. nb "mandag 7. desember 2026", sv "måndag 7 december 2026"."""
    return format_date(day, "full", locale=locale_for(language))


def choose_date(where: DeltaGenerator, label: str, value: date, first: date, last: date, s: StaffText, key: str) -> date:
    """One day between `first` and `last`, newest first, written out in the page's language."""
    days = [last - timedelta(days=n) for n in range((last - first).days + 1)]
    if st.session_state.get(key) not in days:
        st.session_state[key] = value if value in days else days[0]
    chosen: date = where.selectbox(label, days, format_func=lambda d: day_name(d, s.language), key=key)
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
