"""Listeners told after a change made in this process, by database: a shared live read (the queue, the
notices) reads again at once instead of at its next interval. Held weakly, so a dropped reader is forgotten."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from sqlalchemy import Engine


class ChangeListeners:
    def __init__(self) -> None:
        self._by_database: dict[str, list[weakref.WeakMethod[Callable[[], None]]]] = {}

    def add(self, engine: Engine, listener: Callable[[], None]) -> None:
        """`listener` (a bound method) is called after each change on this database (any engine on it)."""
        self._by_database.setdefault(str(engine.url), []).append(weakref.WeakMethod(listener))

    def changed(self, engine: Engine) -> None:
        for reference in self._by_database.get(str(engine.url), []):
            listener = reference()
            if listener is not None:
                listener()
