"""Routing a call by the visitor's language: who on shift speaks it, and the interpreter when nobody does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.floor.calls import HelpCall
from kiosk.floor.presence import OnShift


@dataclass(frozen=True)
class InterpreterService:
    """The interpreter service a card offers when nobody on shift speaks the visitor's language."""

    name: str
    phone: str

    @property
    def configured(self) -> bool:
        return bool(self.name or self.phone)


@dataclass(frozen=True)
class LanguageRoute:
    speakers: tuple[OnShift, ...]  # on shift and speaking the visitor's language, by name
    interpreter: InterpreterService | None  # offered only when nobody on shift speaks it


def speakers_of(language: str | None, on_shift: Iterable[OnShift]) -> tuple[OnShift, ...]:
    if not language:
        return ()
    return tuple(person for person in on_shift if language in person.languages)


def route(language: str | None, on_shift: Sequence[OnShift], interpreter: InterpreterService) -> LanguageRoute:
    speakers = speakers_of(language, on_shift)
    offer = interpreter if language and not speakers and interpreter.configured else None
    return LanguageRoute(speakers, offer)


def in_languages(calls: Iterable[HelpCall], languages: Iterable[str]) -> list[HelpCall]:
    """Only the calls in these languages (a staff member's "only my languages" view). A call whose
    visitor chose no language yet stays: nobody else would see it either."""
    wanted = set(languages)
    return [call for call in calls if call.language is None or call.language in wanted]


def first_to_alert(language: str | None, on_shift: Sequence[OnShift]) -> list[OnShift]:
    """Whom a new call's notification names: those who speak the language first, then the others."""
    speakers = speakers_of(language, on_shift)
    return list(speakers) + [person for person in on_shift if person not in speakers]
