"""A citizen's visit at the kiosk as plain state: which screen, language, guide and step.

No Streamlit here: the kiosk page keeps one Visit per browser session and calls these
methods; everything about a visit is forgotten by `start_over`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


def new_visit_id() -> str:
    """128 random bits: not derived from anything about the person or the device."""
    return secrets.token_hex(16)


class Screen(StrEnum):
    START = "start"  # welcome and language tiles
    HOME = "home"  # categories (and search)
    CATEGORY = "category"  # the guides of one category
    SEARCH = "search"  # search results
    INTRO = "intro"  # what you need before step 1
    STEP = "step"
    END = "end"  # done: feedback and take it with you
    PRINT = "print"  # the whole guide on one page, for the printer
    PATH = "path"  # a life event's guides as a checklist
    PATH_PRINT = "path_print"  # the checklist on one page, for the printer


class TextSize(IntEnum):
    NORMAL = 0
    LARGE = 1
    LARGEST = 2


@dataclass
class Visit:
    id: str = field(default_factory=new_visit_id)
    language: str | None = None
    screen: Screen = Screen.START
    category: str | None = None
    guide: str | None = None
    step: int = 0  # index into the guide's steps
    text_size: TextSize = TextSize.NORMAL
    high_contrast: bool = False
    search_query: str = ""
    feedback_given: bool = False
    help_call_id: int | None = None  # the visit's active help call
    help_outside_hours: bool = False  # showing "no staff here now"
    slow_speech: bool = False  # read aloud at the slower speed
    asking_to_start_over: bool = False  # "Start over?" is on screen, waiting for yes or no
    path: str | None = None  # the life-event path the visitor follows (its checklist)
    finished_guides: tuple[str, ...] = ()  # guides finished in this visit: the checklist's ticks
    problem: str | None = None  # the step's problem whose fix is on screen ("if it goes wrong")
    bilingual: bool = False  # "Show in Norwegian too": each step also in the words of the service's own screen
    help_ref: str | None = None  # the random reference of this visit's last help call: its QR marks the stuck steps
    choosing_booking: bool = False  # the list of times to book is on screen
    booking_code: str | None = None  # a time was booked: the slip is on screen
    booking_replaced_call: bool = False  # the booking closed this visit's open call: the slip says so

    @property
    def is_pristine(self) -> bool:
        """Nothing to wipe: the idle reset has no reason to interrupt."""
        return self == Visit(id=self.id)

    @property
    def is_waiting_for_help(self) -> bool:
        """A help call is open: waiting without touching is what we asked for, so no idle reset."""
        return self.help_call_id is not None

    @property
    def start_over_needs_asking(self) -> bool:
        """Starting over would throw away something the visitor may want: a help call or a guide under way."""
        return self.is_waiting_for_help or self.screen is Screen.STEP

    def step_id(self, step_ids: list[str]) -> str | None:
        """The id of the step on screen (the last one on the end screen); None outside a guide's steps."""
        if not step_ids or self.screen not in (Screen.STEP, Screen.END):
            return None
        return step_ids[min(self.step, len(step_ids) - 1)]

    def toggle_bilingual(self) -> None:
        self.bilingual = not self.bilingual

    def choose_language(self, code: str) -> None:
        self.language = code
        self.screen = Screen.HOME

    def open_category(self, category_id: str) -> None:
        self.search_query = ""
        self.category = category_id
        self.guide = None
        self.path = None
        self.screen = Screen.CATEGORY

    def search(self, query: str) -> None:
        self.search_query = query.strip()[:200]
        self.category = None
        self.path = None
        self.screen = Screen.SEARCH if self.search_query else Screen.HOME

    def open_path(self, slug: str) -> None:
        self.search_query = ""
        self.category = None
        self.guide = None
        self.problem = None
        self.path = slug
        self.screen = Screen.PATH

    def back_to_path(self) -> None:
        """From a guide of the path (its end, say) to the checklist."""
        if self.path is None:
            self.go_home()
            return
        self.guide = None
        self.step = 0
        self.problem = None
        self.screen = Screen.PATH

    def print_path(self) -> None:
        if self.path is not None:
            self.screen = Screen.PATH_PRINT

    def show_problem(self, problem_id: str) -> None:
        self.problem = problem_id

    def open_guide(self, slug: str) -> None:
        self.guide = slug
        self.problem = None
        self.step = 0
        self.feedback_given = False
        self.screen = Screen.INTRO

    def print_guide(self) -> None:
        self.screen = Screen.PRINT

    def begin_steps(self) -> None:
        self.step = 0
        self.problem = None
        self.screen = Screen.STEP

    def next_step(self, step_count: int) -> None:
        self.problem = None
        if self.step + 1 < step_count:
            self.step += 1
        else:
            self.screen = Screen.END
            if self.guide and self.guide not in self.finished_guides:
                self.finished_guides += (self.guide,)  # ticks the guide on a path's checklist

    def back(self) -> None:
        self.problem = None
        if self.screen is Screen.PATH_PRINT:
            self.screen = Screen.PATH
        elif self.screen is Screen.PATH:
            self.path = None
            self.screen = Screen.HOME
        elif self.screen is Screen.PRINT:
            self.screen = Screen.END
        elif self.screen is Screen.END:
            self.screen = Screen.STEP
        elif self.screen is Screen.STEP and self.step > 0:
            self.step -= 1
        elif self.screen is Screen.STEP:
            self.screen = Screen.INTRO
        elif self.screen is Screen.INTRO:
            self.guide = None
            if self.path:
                self.screen = Screen.PATH
            elif self.category:
                self.screen = Screen.CATEGORY
            elif self.search_query:
                self.screen = Screen.SEARCH
            else:
                self.screen = Screen.HOME
        elif self.screen in (Screen.CATEGORY, Screen.SEARCH):
            self.search_query = ""
            self.category = None
            self.screen = Screen.HOME
        elif self.screen is Screen.HOME:
            self.screen = Screen.START

    def go_home(self) -> None:
        self.search_query = ""
        self.category = None
        self.guide = None
        self.path = None
        self.problem = None
        self.step = 0
        self.screen = Screen.HOME


def start_over() -> Visit:
    """A new, empty visit with a new anonymous id: nothing of the last visitor remains."""
    return Visit()


def resumed_while_waiting(
    visit_id: str, help_call_id: int, language: str | None, guide: str | None, step_index: int | None
) -> Visit:
    """The visit of someone waiting for help when the server restarted: their call, language and step again.

    Only what the help call itself records comes back (the screen settings start afresh); a guide or step
    that is no longer there leaves the visitor on the home screen, still waiting.
    """
    visit = Visit(id=visit_id, help_call_id=help_call_id)
    if language is None:
        return visit
    visit.choose_language(language)
    if guide is not None:
        visit.open_guide(guide)
        if step_index is not None:
            visit.begin_steps()
            visit.step = step_index
    return visit
