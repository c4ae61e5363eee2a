"""The statistics' one vocabulary: the tables' column ids, measures, weekdays and channels, and the catalog key of
each one's label (content/staff_ui/<lang>.yaml holds the labels in every staff language).

The ids never change (charts and tests name columns by them); the labels follow the reader's page language.
Without a translator given, the statistics speak bokmål, the library's own language for its reports.
"""

from __future__ import annotations

from kiosk.content.models import ContentLibrary
from kiosk.floor.calls import Channel
from kiosk.floor.cards import language_label as language_list_label
from kiosk.floor.inquiries import Outcome
from kiosk.language.staff_texts import SHIPPED_DIR, SOURCE_LANGUAGE, StaffText, load_catalogs

COLUMNS = (
    "category", "channel", "count", "week", "weekday", "hour", "outcome", "referral", "measure", "value", "guide",
    "started", "finished", "finished_pct", "yes", "no", "talk", "step", "reached", "help_calls", "no_answers",
    "left_here", "sum", "problem", "presses", "language", "visits", "term",
)  # fmt: skip
MEASURES = (
    "calls", "done", "cancelled", "expired", "escalated", "open", "accept_median", "accept_p90", "finish_median",
    "finish_p90", "booked", "checked_in", "no_show",
)  # fmt: skip


def bokmal() -> StaffText:
    return StaffText(load_catalogs(SHIPPED_DIR), SOURCE_LANGUAGE)


def column_label(s: StaffText, column: str) -> str:
    return s(f"stats.col.{column}")


def table_title(s: StaffText, table: str) -> str:
    return s(f"stats.table.{table}")


def measure_label(s: StaffText, measure: str) -> str:
    return s(f"stats.measure.{measure}")


def weekday_names(s: StaffText) -> list[str]:
    """Monday first, as the database counts them (0-6)."""
    return [s(f"stats.weekday.{day}") for day in range(7)]


def channel_label(s: StaffText, channel: Channel) -> str:
    return s(f"stats.channel.{channel.value}")


def outcome_label(s: StaffText, outcome: Outcome) -> str:
    return s(f"outcome.{outcome.value}")


def language_label(s: StaffText, code: str, library: ContentLibrary) -> str:
    """A visitor's language in the reader's language: the registry's Norwegian name in bokmål, else CLDR's."""
    return language_list_label(code, s.language, library)
