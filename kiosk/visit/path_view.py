"""A life-event path as one visitor sees it: a checklist of guides in order, in their language, with ticks."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.models import ContentLibrary, LifePath, ReviewStatus
from kiosk.language.texts import fallback_chain
from kiosk.visit.guide_view import guide_language


@dataclass(frozen=True)
class ChecklistItem:
    slug: str
    icon: str
    title: str
    language: str  # the language the guide's title is shown in
    done: bool  # finished in this visit


@dataclass(frozen=True)
class PathView:
    slug: str
    icon: str
    title: str
    summary: str
    language: str
    is_fallback: bool
    unreviewed: bool
    items: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)


def path_language(path: LifePath, wanted: str, default_language: str) -> str:
    written = path.languages()
    for code in fallback_chain(wanted, default_language):
        if code in written:
            return code
    return path.source_language


def view_path(
    path: LifePath, library: ContentLibrary, wanted: str, default_language: str, done: tuple[str, ...] | list[str]
) -> PathView:
    """A guide that has gone from the library since the path was saved is left out, never a crash."""
    lang = path_language(path, wanted, default_language)
    items = []
    for slug in path.guides:
        guide = library.guides.get(slug)
        if guide is None:
            continue
        shown_in = guide_language(guide, wanted, default_language)
        items.append(ChecklistItem(slug, guide.icon, guide.title[shown_in], shown_in, slug in done))
    return PathView(
        slug=path.slug,
        icon=path.icon,
        title=path.title[lang],
        summary=path.summary[lang],
        language=lang,
        is_fallback=lang != wanted,
        unreviewed=path.review_status(lang) is ReviewStatus.UNREVIEWED,
        items=items,
    )


def paths_of_category(library: ContentLibrary, category_id: str) -> list[str]:
    """The paths a life-event category's screen leads with: those with a guide in that category, in the
    library's order ("Having a child" on its category's screen). An everyday category gets none: a path
    is a life event, and tax or NAV guides belong to many of them."""
    category = library.categories.get(category_id)
    if category is None or category.kind != "life_event":
        return []
    return [
        slug
        for slug, path in library.paths.items()
        if any(guide.category == category_id for guide in map(library.guides.get, path.guides) if guide is not None)
    ]
