"""A visit moves through the screens as a citizen expects, and Start over forgets everything."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.visit.journey import Screen, TextSize, Visit, resumed_while_waiting, start_over


def test_a_whole_guide_forwards_and_back() -> None:
    visit = Visit()
    visit.choose_language("ar")
    assert visit.screen is Screen.HOME
    visit.open_category("library")
    visit.open_guide("library-wifi")
    assert visit.screen is Screen.INTRO
    visit.begin_steps()
    visit.next_step(step_count=3)
    visit.next_step(step_count=3)
    assert (visit.screen, visit.step) == (Screen.STEP, 2)
    visit.next_step(step_count=3)
    assert visit.screen is Screen.END
    visit.back()
    assert (visit.screen, visit.step) == (Screen.STEP, 2)
    visit.back()
    visit.back()
    visit.back()
    assert visit.screen is Screen.INTRO
    visit.back()
    assert (visit.screen, visit.guide) == (Screen.CATEGORY, None)
    visit.back()
    assert (visit.screen, visit.category) == (Screen.HOME, None)
    visit.back()
    assert visit.screen is Screen.START


def test_start_over_forgets_the_visit() -> None:
    visit = Visit()
    visit.choose_language("nb")
    visit.text_size = TextSize.LARGEST
    visit.high_contrast = True
    visit.open_guide("library-wifi")
    fresh = start_over()
    assert fresh.id != visit.id
    assert (fresh.language, fresh.guide, fresh.screen, fresh.text_size, fresh.high_contrast) == (
        None,
        None,
        Screen.START,
        TextSize.NORMAL,
        False,
    )


def test_go_home_leaves_the_guide() -> None:
    visit = Visit()
    visit.choose_language("nb")
    visit.open_category("tax")
    visit.open_guide("x")
    visit.begin_steps()
    visit.go_home()
    assert (visit.screen, visit.category, visit.guide, visit.step) == (Screen.HOME, None, None, 0)


def test_start_over_asks_first_with_a_call_open_or_a_guide_under_way() -> None:
    visit = Visit()
    visit.choose_language("nb")
    assert not visit.start_over_needs_asking  # nothing to lose on the home screen
    visit.open_guide("library-wifi")
    visit.begin_steps()
    assert visit.start_over_needs_asking
    visit.go_home()
    visit.help_call_id = 7
    assert visit.start_over_needs_asking and visit.is_waiting_for_help


def test_the_step_on_screen_by_id() -> None:
    visit = Visit()
    visit.open_guide("library-wifi")
    assert visit.step_id(["a", "b"]) is None  # the intro is not a step
    visit.begin_steps()
    visit.next_step(2)
    assert visit.step_id(["a", "b"]) == "b"
    visit.next_step(2)
    assert visit.screen is Screen.END and visit.step_id(["a", "b"]) == "b"


def test_search_keeps_at_most_200_characters() -> None:
    # The field has no max_chars (its counter "3/200" is Streamlit's English): the visit cuts the query.
    visit = Visit(language="ar")
    visit.search("  " + "ب" * 500 + "  ")
    assert visit.search_query == "ب" * 200


def test_a_waiting_visit_comes_back_on_its_step_with_its_call() -> None:
    visit = resumed_while_waiting("ab" * 16, 7, "ar", "library-wifi", 2)
    assert (visit.id, visit.help_call_id, visit.language) == ("ab" * 16, 7, "ar")
    assert (visit.screen, visit.guide, visit.step) == (Screen.STEP, "library-wifi", 2)
    assert visit.is_waiting_for_help and visit.start_over_needs_asking


def test_a_waiting_visit_without_a_guide_or_step_comes_back_home_or_to_the_intro() -> None:
    assert resumed_while_waiting("c" * 32, 1, "nb", None, None).screen is Screen.HOME
    assert resumed_while_waiting("c" * 32, 1, "nb", "library-wifi", None).screen is Screen.INTRO
    assert resumed_while_waiting("c" * 32, 1, None, None, None).screen is Screen.START


# -- every move sets what it must and clears what it must (the whole visit is compared) ----------

ID = "f" * 32


def _on_step(step: int = 1, **extra: Any) -> Visit:
    """A visitor on a step of a guide they opened from a category, with a problem's fix on screen."""
    visit = Visit(id=ID, language="ar", screen=Screen.STEP, category="tax", guide="tax-card", step=step, problem="no-bankid")
    return replace(visit, **extra)


def test_opening_a_category_leaves_the_search_the_guide_and_the_path() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.SEARCH, search_query="skatt", guide="old", path="moving")
    visit.open_category("tax")
    assert visit == Visit(id=ID, language="nb", screen=Screen.CATEGORY, category="tax")


def test_a_search_trims_the_words_and_leaves_the_category_and_the_path() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.CATEGORY, category="tax", path="moving")
    visit.search("  skattekort \n")
    assert visit == Visit(id=ID, language="nb", screen=Screen.SEARCH, search_query="skattekort")
    visit.search("   ")  # nothing typed: back to the categories, not an empty result list
    assert visit == Visit(id=ID, language="nb", screen=Screen.HOME)


def test_a_search_of_exactly_200_characters_is_kept_whole() -> None:
    visit = Visit(id=ID)
    visit.search("a" * 200)
    assert visit.search_query == "a" * 200
    visit.search("b" * 201)
    assert visit.search_query == "b" * 200


def test_opening_a_path_leaves_the_search_the_category_the_guide_and_the_problem() -> None:
    visit = _on_step(search_query="flytte")
    visit.open_path("moving")
    assert visit == Visit(id=ID, language="ar", screen=Screen.PATH, path="moving", step=1)


def test_back_to_the_path_leaves_the_guide_and_its_step() -> None:
    visit = _on_step(step=3, path="moving")
    visit.back_to_path()
    assert visit == Visit(id=ID, language="ar", screen=Screen.PATH, category="tax", path="moving")


def test_back_to_the_path_without_a_path_goes_home() -> None:
    visit = _on_step(step=3, search_query="skatt")
    visit.back_to_path()
    assert visit == Visit(id=ID, language="ar", screen=Screen.HOME)


def test_the_checklist_prints_only_with_a_path() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.HOME)
    visit.print_path()
    assert visit.screen is Screen.HOME
    visit.open_path("moving")
    visit.print_path()
    assert visit.screen is Screen.PATH_PRINT
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.PATH, path="moving")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.HOME)


def test_opening_a_guide_starts_it_afresh() -> None:
    visit = _on_step(step=4, feedback_given=True)
    visit.open_guide("library-wifi")
    assert visit == Visit(id=ID, language="ar", screen=Screen.INTRO, category="tax", guide="library-wifi")
    visit.show_problem("no-signal")
    visit.step = 2
    visit.begin_steps()
    assert visit == Visit(id=ID, language="ar", screen=Screen.STEP, category="tax", guide="library-wifi")


def test_the_next_step_up_to_the_last_then_the_end_screen_ticks_the_guide_once() -> None:
    visit = _on_step(step=0, path="moving", finished_guides=("id-card",))
    visit.next_step(step_count=3)
    assert (visit.screen, visit.step, visit.problem) == (Screen.STEP, 1, None)
    visit.next_step(step_count=3)
    assert (visit.screen, visit.step) == (Screen.STEP, 2)  # the last step is shown, not skipped
    assert visit.finished_guides == ("id-card",)
    visit.next_step(step_count=3)
    assert (visit.screen, visit.step, visit.finished_guides) == (Screen.END, 2, ("id-card", "tax-card"))
    visit.back()
    visit.next_step(step_count=3)  # finishing it again ticks nothing twice
    assert (visit.screen, visit.finished_guides) == (Screen.END, ("id-card", "tax-card"))


def test_a_guide_of_one_step_ends_after_it() -> None:
    visit = _on_step(step=0)
    visit.next_step(step_count=1)
    assert (visit.screen, visit.step, visit.finished_guides) == (Screen.END, 0, ("tax-card",))


def test_back_through_every_screen_clears_the_problem_on_screen() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.PRINT, category="tax", guide="tax-card", step=2, problem="p")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.END, category="tax", guide="tax-card", step=2)
    visit.back()
    assert (visit.screen, visit.step) == (Screen.STEP, 2)
    visit.problem = "p"
    visit.back()
    assert (visit.screen, visit.step, visit.problem) == (Screen.STEP, 1, None)
    visit.back()
    assert (visit.screen, visit.step) == (Screen.STEP, 0)
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.INTRO, category="tax", guide="tax-card")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.CATEGORY, category="tax")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.HOME)
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.START)
    visit.back()  # the first screen has nothing before it
    assert visit == Visit(id=ID, language="nb", screen=Screen.START)


def test_back_from_a_guide_returns_to_where_it_was_found() -> None:
    found_on_path = Visit(id=ID, screen=Screen.INTRO, guide="g", path="moving", category="tax", search_query="s")
    found_on_path.back()
    assert found_on_path == Visit(id=ID, screen=Screen.PATH, path="moving", category="tax", search_query="s")
    found_in_category = Visit(id=ID, screen=Screen.INTRO, guide="g", category="tax", search_query="s")
    found_in_category.back()
    assert found_in_category == Visit(id=ID, screen=Screen.CATEGORY, category="tax", search_query="s")
    found_by_search = Visit(id=ID, screen=Screen.INTRO, guide="g", search_query="skatt")
    found_by_search.back()
    assert found_by_search == Visit(id=ID, screen=Screen.SEARCH, search_query="skatt")
    found_on_home = Visit(id=ID, screen=Screen.INTRO, guide="g")
    found_on_home.back()
    assert found_on_home == Visit(id=ID, screen=Screen.HOME)


def test_back_from_search_results_forgets_the_words() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.SEARCH, search_query="skatt")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.HOME)


def test_back_from_a_path_leaves_it() -> None:
    visit = Visit(id=ID, language="nb", screen=Screen.PATH, path="moving", problem="p")
    visit.back()
    assert visit == Visit(id=ID, language="nb", screen=Screen.HOME)


def test_home_leaves_everything_of_the_guide_but_keeps_the_visitors_settings() -> None:
    visit = _on_step(step=3, path="moving", search_query="s", text_size=TextSize.LARGE, high_contrast=True, feedback_given=True)
    visit.go_home()
    assert visit == Visit(
        id=ID, language="ar", screen=Screen.HOME, text_size=TextSize.LARGE, high_contrast=True, feedback_given=True
    )


def test_choosing_a_language_shows_the_categories() -> None:
    visit = Visit(id=ID)
    visit.choose_language("fa")
    assert visit == Visit(id=ID, language="fa", screen=Screen.HOME)


def test_a_fresh_visit_is_pristine_and_any_change_is_not() -> None:
    assert Visit(id=ID).is_pristine
    assert not Visit(id=ID, high_contrast=True).is_pristine
    assert not Visit(id=ID, screen=Screen.HOME).is_pristine
    visit = Visit(id=ID)
    visit.toggle_bilingual()
    assert visit.bilingual and not visit.is_pristine
    visit.toggle_bilingual()
    assert not visit.bilingual and visit.is_pristine


def test_start_over_is_not_asked_on_the_intro_or_the_end_screen() -> None:
    assert not Visit(id=ID, screen=Screen.INTRO, guide="g").start_over_needs_asking
    assert not Visit(id=ID, screen=Screen.END, guide="g").start_over_needs_asking
    assert Visit(id=ID, screen=Screen.STEP, guide="g").start_over_needs_asking
    assert Visit(id=ID, help_call_id=0).is_waiting_for_help  # call ids are counted from the database
    assert not Visit(id=ID).is_waiting_for_help


def test_the_step_id_on_each_screen() -> None:
    ids = ["a", "b", "c"]
    assert Visit(id=ID, screen=Screen.STEP, step=0).step_id(ids) == "a"
    assert Visit(id=ID, screen=Screen.STEP, step=2).step_id(ids) == "c"
    assert Visit(id=ID, screen=Screen.STEP, step=5).step_id(ids) == "c"  # the guide lost steps meanwhile
    assert Visit(id=ID, screen=Screen.END, step=1).step_id(ids) == "b"
    assert Visit(id=ID, screen=Screen.STEP, step=0).step_id([]) is None
    for screen in (Screen.INTRO, Screen.PRINT, Screen.HOME, Screen.PATH):
        assert Visit(id=ID, screen=screen, step=1).step_id(ids) is None


def test_a_waiting_visit_comes_back_on_its_first_step() -> None:
    visit = resumed_while_waiting(ID, 3, "ur", "library-wifi", 0)
    assert visit == Visit(id=ID, help_call_id=3, language="ur", screen=Screen.STEP, guide="library-wifi")


def test_each_visit_has_its_own_random_id() -> None:
    ids = {start_over().id for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_the_three_text_sizes_are_three_choices_from_small_to_large() -> None:
    # An IntEnum member with another's value is an alias: "Larger" would silently be "Normal".
    assert list(TextSize) == [TextSize.NORMAL, TextSize.LARGE, TextSize.LARGEST]
    assert TextSize.NORMAL < TextSize.LARGE < TextSize.LARGEST


def test_the_next_step_past_a_guide_that_lost_steps_ends_it() -> None:
    # A visit resumed on step 5 of a guide that now has 3 steps: "Next" finishes, it does not count on.
    visit = resumed_while_waiting(ID, 3, "nb", "tax-card", 5)
    visit.next_step(step_count=3)
    assert (visit.screen, visit.finished_guides) == (Screen.END, ("tax-card",))


def test_a_fresh_visit_starts_with_every_setting_at_its_default() -> None:
    fresh = start_over()
    assert (fresh.language, fresh.screen, fresh.category, fresh.guide, fresh.step, fresh.text_size) == (
        None,
        Screen.START,
        None,
        None,
        0,
        TextSize.NORMAL,
    )
    assert not any(
        (
            fresh.high_contrast,
            fresh.search_query,
            fresh.feedback_given,
            fresh.help_outside_hours,
            fresh.slow_speech,
            fresh.asking_to_start_over,
            fresh.bilingual,
            fresh.choosing_booking,
            fresh.booking_replaced_call,
        )
    )
    assert (fresh.help_call_id, fresh.path, fresh.finished_guides, fresh.problem, fresh.help_ref, fresh.booking_code) == (
        None,
        None,
        (),
        None,
        None,
        None,
    )


def test_back_from_home_goes_to_the_start_even_with_a_step_remembered() -> None:
    # From the end of a guide to a life-event path: the step index stays behind, and must not make
    # the home screen's Back count steps down instead of going to the start.
    visit = Visit(id=ID, language="nb", screen=Screen.END, guide="tax-card", step=2)
    visit.open_path("moving")
    visit.back()
    assert visit.screen is Screen.HOME
    visit.back()
    assert visit.screen is Screen.START
