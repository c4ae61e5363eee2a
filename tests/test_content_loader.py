"""The content schema and loader: shipped content is valid, every kind of mistake is reported precisely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kiosk.content import ContentSource, Severity, load_content
from kiosk.content.loader import KEPT_MESSAGE
from kiosk.content.models import Direction
from kiosk.content.source import SAVED_COPY_FILE, SAVED_COPY_LABEL
from kiosk.content.yaml_io import MAX_YAML_BYTES
from tests.conftest import SHIPPED_CONTENT
from tests.small_content import copy_with_only

GUIDE = "library-wifi"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small library that a test may break: the guides named here and a path that strings three of them."""
    guides = (GUIDE, "log-in-with-bankid", "bankid-on-mobile", "tax-return", "child-benefit", "kindergarten-place")
    return copy_with_only(tmp_path / "content", guides, paths=("having-a-child",))


def _guide_path(content_dir: Path, slug: str = GUIDE) -> Path:
    return content_dir / "guides" / f"{slug}.yaml"


def _edit_file(content_dir: Path, rel: str, change):  # type: ignore[no-untyped-def]
    """Change a content file's data as an editor would, and write it back; the data as written."""
    path = content_dir / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def _edit_guide(content_dir: Path, change, slug: str = GUIDE) -> None:  # type: ignore[no-untyped-def]
    _edit_file(content_dir, f"guides/{slug}.yaml", change)


def _errors(content_dir: Path):  # type: ignore[no-untyped-def]
    library, problems = load_content(content_dir)
    return library, [p for p in problems if p.severity is Severity.ERROR]


def test_shipped_content_loads_without_problems() -> None:
    library, problems = load_content(SHIPPED_CONTENT)  # read only: the whole library as shipped
    assert problems == []
    assert {"library-wifi", "log-in-with-bankid"} <= set(library.guides)
    assert library.languages["ar"].direction is Direction.RTL
    assert library.languages["nb"].direction is Direction.LTR
    assert library.languages["so"].can_be_read_aloud is False
    assert "nb" in library.guides[GUIDE].languages()


def test_yaml_syntax_error_names_file_and_line(content_dir: Path) -> None:
    path = _guide_path(content_dir)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "title: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    [error] = errors
    assert error.file == f"guides/{GUIDE}.yaml"
    assert error.guide == GUIDE
    # The line after the unclosed list on line 4, counted from 1 as an editor's text editor counts.
    assert error.message == "YAML syntax error at line 5, column 6: did not find expected ',' or ']'"


@pytest.mark.parametrize(
    ("change", "step", "field", "message"),
    [
        (lambda d: d.pop("category"), None, "category", "is required"),
        (lambda d: d.update(colour="red"), None, "colour", "not a known field"),
        (lambda d: d.update(service_url="not a url"), None, "service_url", "not a web address"),
        (lambda d: d.update(steps=[]), None, "steps", "must not be empty"),
        (lambda d: d["steps"][1].update(id="Find Wifi"), "Find Wifi", "id", "wrong form"),
        (lambda d: d["steps"][2]["text"].update(nb="  "), "choose-network", "text.nb", "must not be empty"),
        (lambda d: d["steps"][2]["image"].update(file="../secret.png"), "choose-network", "image.file", "inside"),
        (lambda d: d["review"].update(ar="maybe"), None, "review.ar", "'maybe' is not allowed"),
        (lambda d: d["steps"][1].update(id="open-settings"), None, "steps", "used twice"),
        (lambda d: d["steps"][0]["text"].pop("nb"), None, None, "steps.open-settings.text"),
    ],
)
def test_schema_errors_name_guide_step_and_field(content_dir: Path, change, step, field, message) -> None:  # type: ignore[no-untyped-def]
    _edit_guide(content_dir, change)
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    assert "log-in-with-bankid" in library.guides, "one broken guide must not take the others down"
    assert len(errors) == 1, [e.describe() for e in errors]
    error = errors[0]
    assert (error.file, error.guide, error.step, error.field) == (f"guides/{GUIDE}.yaml", GUIDE, step, field)
    assert message in error.message


@pytest.mark.parametrize(
    ("change", "step", "field", "message"),
    [
        (lambda d: d.update(category="cooking"), None, "category", "unknown category 'cooking'"),
        (lambda d: d["title"].update(xx="Hei"), None, "title", "unknown language code 'xx'"),
        (lambda d: d["steps"][3]["tip"].update(zz="tip"), "type-password", "tip", "unknown language code 'zz'"),
        (lambda d: d["steps"][2]["image"].update(file="images/missing.svg"), "choose-network", "image.file", "does not exist"),
        (lambda d: d.update(slug="other-name"), None, "slug", "must match the file name"),
        (lambda d: d.update(slug="a-first-name"), None, "slug", "must match the file name"),  # sorts before the file's
    ],
)
def test_reference_errors_name_guide_step_and_field(content_dir: Path, change, step, field, message) -> None:  # type: ignore[no-untyped-def]
    _edit_guide(content_dir, change)
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    [error] = errors
    assert (error.guide, error.step, error.field) == (GUIDE, step, field)
    assert message in error.message


def test_a_file_that_is_not_a_guide(content_dir: Path) -> None:
    _guide_path(content_dir).write_text("- just\n- a list\n", encoding="utf-8")
    _, [error] = _errors(content_dir)
    assert "must describe one guide" in error.message


def test_a_file_that_is_not_utf8(content_dir: Path) -> None:
    _guide_path(content_dir).write_bytes("title: Bjørn".encode("latin-1"))
    _, [error] = _errors(content_dir)
    assert error.message == "file is not UTF-8 text"


def test_content_guide_departures_are_warnings_and_still_served(content_dir: Path) -> None:
    def shorten(d: dict) -> None:
        d["steps"] = d["steps"][:3]
        d["steps"][2]["image"]["alt"].pop("ar")
        d.pop("after")

    _edit_guide(content_dir, shorten)
    library, problems = load_content(content_dir)
    assert GUIDE in library.guides
    messages = {(p.severity, p.step, p.message) for p in problems}
    assert (Severity.WARNING, None, "has 3 steps; a guide should have 4 to 10") in messages
    assert (Severity.WARNING, "choose-network", "image has no alt text in 'ar'") in messages
    assert (Severity.WARNING, None, "does not say what happens next and where to get help") in messages


def test_broken_language_registry_entry_is_reported(content_dir: Path) -> None:
    path = content_dir / "languages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["languages"][0]["direction"] = "sideways"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    library, problems = load_content(content_dir)
    assert "nb" not in library.languages
    assert any(p.file == "languages.yaml" and p.field == "nb.direction" for p in problems)


def test_missing_categories_file(content_dir: Path) -> None:
    (content_dir / "categories.yaml").unlink()
    library, problems = load_content(content_dir)
    assert library.categories == {}
    assert any(p.file == "categories.yaml" and p.message == "file is missing" for p in problems)


def test_ui_catalog_with_empty_text_is_reported(content_dir: Path) -> None:
    (content_dir / "ui" / "en.yaml").write_text("app.name: Kiosk\nnav.next: ''\n", encoding="utf-8")
    library, problems = load_content(content_dir)
    assert "en" not in library.messages
    assert any(p.file == "ui/en.yaml" and p.field == "nav.next" for p in problems)


def test_source_keeps_last_good_guide_and_recovers(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    good_title = source.current().library.guides[GUIDE].title["nb"]

    _guide_path(content_dir).write_text("title: [broken", encoding="utf-8")
    broken = source.current()
    assert broken.library.guides[GUIDE].title["nb"] == good_title, "the kiosk keeps serving the last good version"
    assert any(p.guide == GUIDE and p.severity is Severity.ERROR for p in broken.problems)
    assert any(p.guide == GUIDE and "last good version" in p.message for p in broken.warnings)

    _edit_guide(content_dir, lambda d: d, slug="log-in-with-bankid")  # unrelated save
    _guide_path(content_dir).write_text(
        (Path(__file__).parent.parent / "content" / "guides" / f"{GUIDE}.yaml")
        .read_text(encoding="utf-8")
        .replace(good_title, "Koble til nettet"),
        encoding="utf-8",
    )
    fixed = source.current()
    assert fixed.errors == []
    assert fixed.library.guides[GUIDE].title["nb"] == "Koble til nettet"


def test_source_keeps_last_good_languages_when_registry_breaks(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    before = set(source.current().library.languages)
    (content_dir / "languages.yaml").write_text("languages: {oops", encoding="utf-8")
    after = source.current()
    assert set(after.library.languages) == before
    assert any(p.file == "languages.yaml" for p in after.errors)
    assert ("languages.yaml", KEPT_MESSAGE) in [(p.file, p.message) for p in after.problems]
    _library, fresh = load_content(content_dir)  # nothing was shown before: nothing is kept
    broken = [p.message for p in after.errors if p.file == "languages.yaml"]
    assert [p.message for p in fresh if p.file == "languages.yaml"] == broken


def _write_coverage(content_dir: Path, **rule: object) -> None:
    (content_dir / "coverage.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")


def test_a_guide_missing_an_every_guide_language_is_named(content_dir: Path) -> None:
    def drop_english_tip(d: dict) -> None:
        d["steps"][3]["tip"].pop("en")

    _edit_guide(content_dir, drop_english_tip)
    _write_coverage(content_dir, every_guide=["nb", "en"])
    library, problems = load_content(content_dir)
    assert GUIDE in library.guides  # still served
    assert [(p.severity, p.guide, p.message) for p in problems] == [
        (Severity.WARNING, GUIDE, "is not complete in en; every guide must be (coverage.yaml)")
    ]


def test_a_most_used_guide_needs_enough_other_languages(content_dir: Path) -> None:
    rule = {"min_other_languages": 2, "guides": ["no-such-guide", GUIDE]}  # a guide after an unknown one is checked too
    _write_coverage(content_dir, every_guide=["nb", "en"], most_used=rule)
    _library, problems = load_content(content_dir)
    messages = {(p.file, p.message) for p in problems}
    assert (
        f"guides/{GUIDE}.yaml",
        "is one of the most-used guides and complete in 1 other languages (ar); coverage.yaml asks for 2",
    ) in messages
    assert ("coverage.yaml", "there is no guide 'no-such-guide'") in messages

    for enough in (1, 0):  # exactly as many other languages as asked for, and more
        _write_coverage(content_dir, every_guide=["nb", "en"], most_used={"min_other_languages": enough, "guides": [GUIDE]})
        assert load_content(content_dir)[1] == []


def test_a_translation_without_its_alt_text_is_not_complete(content_dir: Path) -> None:
    def drop_arabic_alt(d: dict) -> None:
        d["steps"][2]["image"]["alt"].pop("ar")

    _edit_guide(content_dir, drop_arabic_alt)
    library, _problems = load_content(content_dir)
    assert "ar" in library.guides[GUIDE].languages()  # shown in Arabic
    assert "ar" not in library.guides[GUIDE].complete_languages()  # but not complete


def test_broken_coverage_file_is_reported_and_last_good_kept(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    assert source.current().library.coverage.most_used.guides
    (content_dir / "coverage.yaml").write_text("most_used:\n  min_other_languages: many\n", encoding="utf-8")
    snapshot = source.current()
    assert snapshot.library.coverage.most_used.guides  # the last good promise
    assert any(p.file == "coverage.yaml" and p.severity is Severity.ERROR for p in snapshot.problems)


def test_the_shipped_library_keeps_its_language_promise() -> None:
    library, problems = load_content(SHIPPED_CONTENT)
    assert problems == []
    rule = library.coverage.most_used
    assert len(rule.guides) == 12 and rule.min_other_languages >= 10
    for slug in rule.guides:
        guide = library.guides[slug]
        assert {"nb", "en"} <= set(guide.complete_languages())
        others = set(guide.complete_languages()) - {"nb", "en"}
        assert len(others) >= 10, slug
        # Machine translations stay marked unreviewed until a fluent editor has checked them.
        assert {guide.review.get(code) for code in others} == {"unreviewed"}, slug


def test_a_spaced_phone_number_in_right_to_left_text_is_flagged(content_dir: Path) -> None:
    def spaced_number(d: dict) -> None:
        d["after"]["ar"] = "اتصل بالرقم 55 55 33 33."
        d["steps"][0]["text"]["ar"] = "اتصل بالرقم 22 33 44 55."  # a step's text too (after the guide's own fields)

    _edit_guide(content_dir, spaced_number)
    _library, problems = load_content(content_dir)
    reverse = "without spaces: in right-to-left text its groups show in reverse order"
    assert [(p.severity, p.step, p.field, p.message) for p in problems if p.guide == GUIDE] == [
        (Severity.WARNING, None, "after.ar", f"write '55 55 33 33' {reverse}"),
        (Severity.WARNING, "open-settings", "text.ar", f"write '22 33 44 55' {reverse}"),
    ]


def test_a_guide_without_an_official_address_is_flagged_unless_the_librarys_own(content_dir: Path) -> None:
    _edit_guide(content_dir, lambda d: d.pop("service_url"), slug="tax-return")
    library, problems = load_content(content_dir)
    assert "tax-return" in library.guides
    assert [(p.guide, p.field, p.severity) for p in problems] == [("tax-return", "service_url", Severity.WARNING)]
    assert library.categories["library"].local and library.guides[GUIDE].service_url is None  # no warning for it


# -- hostile files: bounded reading, a refusal instead of a crash ------------------------------

_RUN_LOADER = """
import sys
from pathlib import Path
from kiosk.content import load_content
library, problems = load_content(Path(sys.argv[1]))
for p in problems:
    if p.guide == "deep":
        print(p.message)
print("served:", len(library.guides))
"""


def test_deeply_nested_yaml_is_refused_and_the_process_lives(content_dir: Path) -> None:
    """200 KB of `[` overflowed libyaml's C stack: a segfault on every start. In a subprocess, so a crash shows as one."""
    (content_dir / "guides" / "deep.yaml").write_text("[" * 200_000, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _RUN_LOADER, str(content_dir)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"the loader died (exit {run.returncode}): {run.stderr[-500:]}"
    assert "refused: the data is nested more than" in run.stdout
    assert "served: 0" not in run.stdout, "the other guides are still served"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x: " + "{a: " * 30 + "1" + "}" * 30, "nested more than"),
        (
            "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
            + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcd", "bcde", strict=True)),
            "more than",
        ),  # "billion laughs": a few lines that expand to a million items
        ("&a [*a]", "refers to nothing before it or to itself"),
        ("slug: 2024-13-45", "cannot be read"),
        ("slug: !!timestamp ''", "explicit tags"),  # PyYAML's constructor raised an AttributeError
    ],
)
def test_hostile_yaml_is_a_problem_not_an_exception(content_dir: Path, text: str, message: str) -> None:
    _guide_path(content_dir).write_text(text, encoding="utf-8")
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    [error] = errors
    assert error.guide == GUIDE and error.message.startswith("refused:") and message in error.message


def test_an_oversized_guide_file_is_refused_without_reading_it_all(content_dir: Path) -> None:
    _guide_path(content_dir).write_text("# " + "x" * (MAX_YAML_BYTES + 10), encoding="utf-8")
    [error] = _errors(content_dir)[1]
    assert error.message == f"refused: the file is larger than {MAX_YAML_BYTES // 1024} KB"


def test_a_guide_file_of_exactly_the_largest_size_is_read(content_dir: Path) -> None:
    text = _guide_path(content_dir).read_bytes()
    padding = MAX_YAML_BYTES - len(text) - len(b"\n# \n")
    _guide_path(content_dir).write_bytes(text + b"\n# " + b"x" * padding + b"\n")
    assert _guide_path(content_dir).stat().st_size == MAX_YAML_BYTES
    library, errors = _errors(content_dir)
    assert errors == [] and GUIDE in library.guides


def test_a_ui_text_with_a_hidden_link_is_refused_and_the_last_good_kept(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    good = source.current().library.messages["en"]
    catalog = yaml.safe_load((content_dir / "ui" / "en.yaml").read_text(encoding="utf-8"))
    key = next(iter(catalog))
    catalog[key] = "Help [here][x]\n\n[x]: javascript:alert(1)"
    (content_dir / "ui" / "en.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    snapshot = source.current()
    assert snapshot.library.messages["en"] == good
    assert any(p.file == "ui/en.yaml" and p.field == key and "javascript:" in p.message for p in snapshot.errors)
    for n in range(7):  # many: the first five are named
        catalog[f"extra.{n}"] = f"[her](javascript:alert({n}))"
    (content_dir / "ui" / "en.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert len([p for p in source.current().errors if p.file == "ui/en.yaml"]) == 5


def test_a_restart_with_broken_content_serves_the_saved_last_good_copy(content_dir: Path, tmp_path: Path) -> None:
    saved = tmp_path / "var" / SAVED_COPY_FILE
    good = ContentSource(content_dir, check_interval=0, saved_copy=saved).current()
    good_title = good.library.guides[GUIDE].title["nb"]
    assert saved.is_file()

    # Content breaks while the server is down; the restarted server has only the files and the saved copy.
    _guide_path(content_dir).write_text("title: [broken", encoding="utf-8")
    (content_dir / "languages.yaml").write_text("languages: {oops", encoding="utf-8")
    restarted = ContentSource(content_dir, check_interval=0, saved_copy=saved).current()
    assert restarted.library.guides[GUIDE].title["nb"] == good_title
    assert set(restarted.library.languages) == set(good.library.languages)
    assert any(p.guide == GUIDE and "last good version" in p.message for p in restarted.warnings)
    assert any(p.file == SAVED_COPY_LABEL and "copy saved before" in p.message for p in restarted.warnings)

    # A damaged copy is no worse than none.
    saved.write_text("{not json", encoding="utf-8")
    shutil.copy(Path(__file__).parent.parent / "content" / "languages.yaml", content_dir / "languages.yaml")
    fresh = ContentSource(content_dir, check_interval=0, saved_copy=saved).current()
    assert GUIDE not in fresh.library.guides and "log-in-with-bankid" in fresh.library.guides


RLM = "\u200f"


def test_right_to_left_marks_are_named_once_per_field_with_the_problem_they_stand_in(content_dir: Path) -> None:
    """Marks in two tags of one language are one problem; a mark in a step's fix names that problem's fix."""

    def marks(d: dict) -> None:
        d["tags"]["nb"] = [f"{RLM}wifi", f"{RLM}nett", "passord"]
        d["summary"]["so"] = f"Wac {RLM}22 33"  # a language written after a right-to-left one (ar) in the same field
        d["steps"][2]["image"]["alt"]["nb"] = f"Ring {RLM}22 33"
        d["steps"][0]["problems"] = [{"id": "no-settings", "symptom": {"nb": "Finner ikke"}, "fix": {"nb": f"Ring {RLM}22 33"}}]

    _edit_guide(content_dir, marks)
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    assert sorted((e.step or "", e.field) for e in errors if "right-to-left mark" in e.message) == [
        ("", "summary.so"),
        ("", "tags.nb"),
        ("choose-network", "alt.nb"),
        ("open-settings", "problems.no-settings.fix.nb"),
    ]


def test_a_step_without_an_id_is_named_by_its_place(content_dir: Path) -> None:
    def plain_steps(d: dict) -> None:
        d["steps"][1] = "Finn nettet"  # not a step at all
        del d["steps"][2]["id"]

    _edit_guide(content_dir, plain_steps)
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    assert {e.step for e in errors} == {"#2", "#3"}, [e.describe() for e in errors]


def _edit_path(content_dir: Path, change) -> None:  # type: ignore[no-untyped-def]
    _edit_file(content_dir, "paths/having-a-child.yaml", change)


def test_a_category_title_in_an_unknown_language_is_named(content_dir: Path) -> None:
    # The last category: every one is checked, not only the first.
    data = _edit_file(content_dir, "categories.yaml", lambda d: d["categories"][-1]["title"].update(zz="Tittel"))
    _library, problems = load_content(content_dir)
    [problem] = [p for p in problems if "unknown language code 'zz'" in p.message]
    assert (problem.file, problem.field) == ("categories.yaml", f"{data['categories'][-1]['id']}.title")


@pytest.mark.parametrize("written", ["aaa-first", "zzz-last"])  # names that sort before and after the file's
def test_a_path_whose_short_name_is_not_its_file_name_is_named(content_dir: Path, written: str) -> None:
    _edit_path(content_dir, lambda d: d.update(slug=written))
    library, errors = _errors(content_dir)
    assert "having-a-child" not in library.paths
    assert [(e.file, e.field) for e in errors] == [("paths/having-a-child.yaml", "slug")]
    assert f"'{written}' must match the file name 'having-a-child'" in errors[0].message


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.update(guides=["log-in-with-bankid"]), "guides", "needs at least 2 items"),
        (lambda d: d["guides"].insert(1, "no-such-guide"), "guides[2]", "there is no guide 'no-such-guide'"),
    ],
)
def test_a_path_error_names_the_field_as_an_editor_counts(content_dir: Path, change, field: str, message: str) -> None:  # type: ignore[no-untyped-def]
    _edit_path(content_dir, change)
    library, errors = _errors(content_dir)
    assert "having-a-child" not in library.paths
    assert [(e.file, e.field, e.message) for e in errors] == [("paths/having-a-child.yaml", field, message)]


def test_an_unknown_most_used_guide_is_named_by_its_place_in_the_list(content_dir: Path) -> None:
    _edit_file(content_dir, "coverage.yaml", lambda d: d["most_used"]["guides"].insert(1, "no-such-guide"))
    _library, problems = load_content(content_dir)
    [problem] = [p for p in problems if "no-such-guide" in p.message]
    assert (problem.severity, problem.field) == (Severity.WARNING, "most_used.guides[2]")


def test_an_error_outside_the_steps_names_no_step(content_dir: Path) -> None:
    """A bad source address (the list sorts before "steps") is the guide's field, not the first step's."""
    _edit_guide(content_dir, lambda d: d.update(sources=[{"url": "https://www.nav.no/"}, {"url": "not an address"}]))
    library, errors = _errors(content_dir)
    assert GUIDE not in library.guides
    assert [(e.step, e.field) for e in errors] == [(None, "sources.1.url")], [e.describe() for e in errors]


def test_a_path_file_that_cannot_be_read_is_named_and_its_last_good_version_kept(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    assert "having-a-child" in source.current().library.paths
    (content_dir / "paths" / "having-a-child.yaml").write_text("slug: having-a-child\nguides: [unclosed\n", encoding="utf-8")
    snapshot = source.current()
    assert "having-a-child" in snapshot.library.paths, "the last good version is served"
    assert GUIDE in snapshot.library.guides
    [error] = [p for p in snapshot.problems if p.severity is Severity.ERROR]
    assert error.file == "paths/having-a-child.yaml" and "YAML syntax error at line 3" in error.message


def test_a_category_with_a_kind_not_allowed_is_named_with_the_kinds_that_are(content_dir: Path) -> None:
    def weekly_and_one_without_its_id(d: dict) -> None:
        d["categories"][0]["kind"] = "weekly"
        del d["categories"][1]["id"]  # named by its place

    data = _edit_file(content_dir, "categories.yaml", weekly_and_one_without_its_id)
    _library, problems = load_content(content_dir)
    by_field = {p.field: p.message for p in problems if p.file == "categories.yaml"}
    first = data["categories"][0]["id"]
    assert by_field[f"{first}.kind"] == "'weekly' is not allowed; Input should be 'life_event' or 'everyday'"
    assert by_field["#2.id"] == "is required"


@pytest.mark.parametrize(("steps", "warned"), [(3, True), (4, False), (10, False), (11, True)])
def test_a_guide_should_have_four_to_ten_steps(content_dir: Path, steps: int, warned: bool) -> None:
    def resize(d: dict) -> None:
        text_only = {key: value for key, value in d["steps"][1].items() if key != "image"}
        d["steps"] = [text_only | {"id": f"step-{n}"} for n in range(1, steps + 1)]

    _edit_guide(content_dir, resize)
    library, problems = load_content(content_dir)
    assert GUIDE in library.guides
    named = [p.message for p in problems if p.guide == GUIDE and p.field == "steps"]
    assert named == ([f"has {steps} steps; a guide should have 4 to 10"] if warned else [])


@pytest.mark.parametrize(("lix", "warned"), [(40.0, False), (40.1, True)])
def test_plain_language_allows_a_lix_of_forty_and_no_more(content_dir: Path, monkeypatch, lix: float, warned: bool) -> None:  # type: ignore[no-untyped-def]
    import kiosk.content.loader as loader

    monkeypatch.setattr(loader, "guide_lix", lambda guide, language: lix)
    _library, problems = load_content(content_dir)
    assert any(p.guide == GUIDE and p.field == "nb" and "LIX" in p.message for p in problems) is warned


@pytest.mark.parametrize("catalog", ["app.name: Kiosk\nnav.next: 5\n", "app.name: Kiosk\nnav.next: [a, b]\n", "app.name: [\n"])
def test_a_ui_catalog_that_is_not_texts_is_named_and_the_last_good_kept(content_dir: Path, catalog: str) -> None:
    source = ContentSource(content_dir, check_interval=0)
    shown = source.current().library.messages["en"]
    (content_dir / "ui" / "en.yaml").write_text(catalog, encoding="utf-8")
    snapshot = source.current()
    assert snapshot.library.messages["en"] == shown
    assert [p.file for p in snapshot.problems if p.severity is Severity.ERROR] == ["ui/en.yaml"]


def test_an_upload_counts_as_present_only_under_images(content_dir: Path, tmp_path: Path) -> None:
    """A draft's staged upload is published into images/; the same name in another folder would never exist."""
    from kiosk.content.loader import validate_guide

    library, _ = load_content(content_dir)
    staged = tmp_path / "staged"
    staged.mkdir()
    (staged / "library-wifi-open-settings-0123456789abcdef.png").write_bytes(b"\x89PNG")
    data = yaml.safe_load(_guide_path(content_dir).read_text(encoding="utf-8"))
    found = {}
    for folder in ("a", "images", "other", "zz"):  # folders that sort before and after images/
        data["steps"][0]["image"] = {"file": f"{folder}/library-wifi-open-settings-0123456789abcdef.png", "alt": {"nb": "Bilde"}}
        guide, _problems = validate_guide(
            data, GUIDE, f"guides/{GUIDE}.yaml", content_dir, library.languages, library.categories, staged_images=staged
        )
        found[folder] = guide is not None
    assert found == {"a": False, "images": True, "other": False, "zz": False}


def test_a_ui_catalog_for_a_language_not_registered_is_named_and_the_others_load(content_dir: Path) -> None:
    (content_dir / "ui" / "aa.yaml").write_text("app.name: Kiosk\n", encoding="utf-8")  # sorts before every real one
    library, problems = load_content(content_dir)
    assert [(p.file, p.severity, p.message) for p in problems] == [
        ("ui/aa.yaml", Severity.WARNING, "'aa' is not in languages.yaml")
    ]
    assert "aa" not in library.messages
    assert set(library.messages) == {path.stem for path in (SHIPPED_CONTENT / "ui").glob("*.yaml")}


def test_a_categories_file_that_is_no_list_keeps_the_last_good_and_says_so(content_dir: Path) -> None:
    (content_dir / "categories.yaml").write_text("categories: 5\n", encoding="utf-8")
    _library, problems = load_content(content_dir)  # nothing was shown before: nothing is kept
    assert [(p.file, p.field, p.message) for p in problems if p.file == "categories.yaml"] == [
        ("categories.yaml", "categories", "must start with 'categories:' followed by a list")
    ]
    shutil.copy(SHIPPED_CONTENT / "categories.yaml", content_dir / "categories.yaml")
    source = ContentSource(content_dir, check_interval=0)
    before = set(source.current().library.categories)
    (content_dir / "categories.yaml").write_text("categories: 5\n", encoding="utf-8")
    after = source.current()
    assert set(after.library.categories) == before
    assert ("categories.yaml", Severity.WARNING, KEPT_MESSAGE) in [(p.file, p.severity, p.message) for p in after.problems]


def test_a_ui_catalog_with_many_empty_texts_names_the_first_five(content_dir: Path) -> None:
    (content_dir / "ui" / "en.yaml").write_text("".join(f"key.{n}: ''\n" for n in range(1, 8)), encoding="utf-8")
    _library, problems = load_content(content_dir)
    [problem] = [p for p in problems if p.file == "ui/en.yaml"]
    assert (problem.field, problem.message) == ("key.1, key.2, key.3, key.4, key.5", "every text must be non-empty text")


def test_a_category_listed_twice_is_named_and_the_ones_after_it_still_load(content_dir: Path) -> None:
    # The first, written again as the second.
    data = _edit_file(content_dir, "categories.yaml", lambda d: d["categories"].insert(1, dict(d["categories"][0])))
    first = data["categories"][0]
    library, problems = load_content(content_dir)
    assert [(p.field, p.message) for p in problems if p.file == "categories.yaml"] == [
        (f"categories[{first['id']}]", f"'{first['id']}' is listed twice")
    ]
    assert list(library.categories) == [category["id"] for category in data["categories"][:1] + data["categories"][2:]]
