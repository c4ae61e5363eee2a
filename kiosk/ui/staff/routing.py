"""Languages on the staff page: who on shift speaks the caller's language, the interpreter, "only my languages"."""

from __future__ import annotations

import streamlit as st

from kiosk.accounts.auth import User
from kiosk.floor.calls import HelpCall
from kiosk.floor.presence import OnShift
from kiosk.floor.routing import InterpreterService, in_languages, route
from kiosk.language.staff_texts import StaffText

ONLY_MINE_KEY = "only-my-languages"


def my_languages(user: User, default_language: str) -> tuple[str, ...]:
    return user.spoken_languages or (default_language,)


def only_mine_toggle(s: StaffText) -> bool:
    return st.toggle(s("languages.only_mine"), key=ONLY_MINE_KEY)


def shown_calls(calls: list[HelpCall], user: User, default_language: str, only_mine: bool) -> list[HelpCall]:
    return in_languages(calls, my_languages(user, default_language)) if only_mine else calls


def language_line(call: HelpCall, on_shift: list[OnShift], interpreter: InterpreterService, s: StaffText) -> str | None:
    """ "Speaks it: Amina, Ola", or the interpreter service when nobody on shift does (None: nothing to say)."""
    if not call.language:
        return None
    found = route(call.language, on_shift, interpreter)
    if found.speakers:
        return s("languages.speakers", names=", ".join(person.name for person in found.speakers))
    if found.interpreter is not None:
        return s("languages.interpreter", name=found.interpreter.name, phone=found.interpreter.phone)
    return s("languages.nobody")
