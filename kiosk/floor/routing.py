"""Routing a call by the visitor's language: who on shift speaks it, and the interpreter when nobody does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kiosk.floor.presence import OnShift


class Speaker(Protocol):
    """Someone who may speak the visitor's language (OnShift, or the notification's Alertee)."""

    @property
    def languages(self) -> tuple[str, ...]: ...


class InLanguage(Protocol):
    @property
    def language(self) -> str | None: ...


S = TypeVar("S", bound=Speaker)
C = TypeVar("C", bound=InLanguage)


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


def speaks(person: Speaker, language: str) -> bool:
    """The one rule for who speaks the visitor's language: the staff card and the notification both ask it."""
    return language in person.languages


def speakers_of(language: str | None, on_shift: Iterable[S]) -> tuple[S, ...]:
    if not language:
        return ()
    return tuple(person for person in on_shift if speaks(person, language))


def route(language: str | None, on_shift: Sequence[OnShift], interpreter: InterpreterService) -> LanguageRoute:
    speakers = speakers_of(language, on_shift)
    offer = interpreter if language and not speakers and interpreter.configured else None
    return LanguageRoute(speakers, offer)


def in_languages(calls: Iterable[C], languages: Iterable[str]) -> list[C]:
    """Only the calls in these languages (a staff member's "only my languages" view). A call whose
    visitor chose no language yet stays: nobody else would see it either."""
    wanted = set(languages)
    return [call for call in calls if call.language is None or call.language in wanted]


def first_to_alert(language: str | None, on_shift: Sequence[OnShift]) -> list[OnShift]:
    """Whom a new call's notification names: those who speak the language first, then the others."""
    speakers = speakers_of(language, on_shift)
    return list(speakers) + [person for person in on_shift if person not in speakers]
