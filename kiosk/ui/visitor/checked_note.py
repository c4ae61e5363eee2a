"""'Checked <date>' on a guide's first screen: when someone last compared it with its official pages, or that nobody has."""

from __future__ import annotations

from kiosk.language.dates import long_date
from kiosk.ui.shared.step_card import note
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.guide_view import GuideView


def checked_note(ctx: KioskContext, view: GuideView) -> None:
    if view.verified_on is None:
        note(ctx.t("guide.not_checked"))
    else:
        note(ctx.t("guide.checked", date=long_date(view.verified_on, ctx.t.language)))
