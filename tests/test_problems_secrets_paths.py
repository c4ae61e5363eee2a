"""The guide schema's problems ("if it goes wrong"), secret steps and life-event paths, and the rules `content check` applies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk.content import ContentSource, Severity, load_content
from kiosk.content.secret_steps import names_a_secret

GUIDE = "library-wifi"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _guide(content_dir: Path, slug: str = GUIDE) -> Path:
    return content_dir / "guides" / f"{slug}.yaml"


def _path(content_dir: Path, slug: str = "new-in-norway") -> Path:
    return content_dir / "paths" / f"{slug}.yaml"


def _problem(ident: str = "no-networks", **override: object) -> dict[str, object]:
    problem: dict[str, object] = {
        "id": ident,
        "symptom": {"nb": "Jeg ser ingen nett", "en": "I see no networks"},
        "fix": {"nb": "Slå wifi av og på igjen.", "en": "Turn wifi off and on again."},
    }
    problem.update(override)
    return problem


def test_a_steps_problems_are_loaded_in_order(content_dir: Path) -> None:
    _edit(_guide(content_dir), lambda d: d["steps"][0].update(problems=[_problem(), _problem("wrong-name")]))
    library, problems = load_content(content_dir)
    step = library.guides[GUIDE].steps[0]
    assert [p.id for p in step.problems] == ["no-networks", "wrong-name"]
    assert step.problems[0].fix["en"] == "Turn wifi off and on again."
    assert not [p for p in problems if p.severity is Severity.ERROR]


@pytest.mark.parametrize(
    ("problem", "field", "message"),
    [
        (_problem(fix={"nb": "Se [her](javascript:alert(1))", "en": "x"}), "problems.0.fix.nb", "links must start with https://"),
        (_problem(symptom={"nb": "Koden\u202ekom ikke", "en": "x"}), "problems.0.symptom.nb", "invisible control character"),
        (_problem(fix={"nb": "a" * 1501, "en": "x"}), "problems.0.fix.nb", "at most 1500"),
        (_problem(fix={"nb": "<b>Trykk</b>", "en": "x"}), "problems.0.fix.nb", "contains HTML"),
        (_problem("Not An Id"), "problems.0.id", "has the wrong form"),
        (_problem(symptom={"en": "Only English"}), None, "source language 'nb' is missing: steps.open-settings.problems"),
    ],
)
def test_a_problem_goes_through_the_same_text_validation_as_steps(content_dir: Path, problem, field, message) -> None:  # type: ignore[no-untyped-def]
    _edit(_guide(content_dir), lambda d: d["steps"][0].update(problems=[problem]))
    library, problems = load_content(content_dir)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert GUIDE not in library.guides
    assert any(message in e.message and (field is None or e.field == field) for e in errors), errors


def test_the_same_problem_id_twice_in_a_step_is_refused(content_dir: Path) -> None:
    _edit(_guide(content_dir), lambda d: d["steps"][0].update(problems=[_problem(), _problem()]))
    _library, problems = load_content(content_dir)
    assert any("problem id 'no-networks' is used twice" in p.message for p in problems)


def test_an_unknown_language_in_a_problem_names_step_and_field(content_dir: Path) -> None:
    _edit(_guide(content_dir), lambda d: d["steps"][0].update(problems=[_problem(fix={"nb": "x", "xx": "y"})]))
    _library, problems = load_content(content_dir)
    [error] = [p for p in problems if p.severity is Severity.ERROR]
    assert (error.step, error.field, error.message) == ("open-settings", "problems.no-networks.fix", "unknown language code 'xx'")


def test_an_untranslated_problem_makes_the_translation_incomplete_and_outdated(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    before = library.guides[GUIDE]
    assert "ar" in before.complete_languages()
    _edit(_guide(content_dir), lambda d: d["steps"][0].update(problems=[_problem()]))
    library, _ = load_content(content_dir)
    after = library.guides[GUIDE]
    assert "ar" not in after.complete_languages()  # the problem has no Arabic yet
    assert "ar" in after.languages()  # but the guide is still shown in Arabic
    assert after.source_fingerprint() != before.source_fingerprint()


def test_a_step_naming_a_code_must_say_whether_it_is_secret(content_dir: Path) -> None:
    def unmark(d: dict) -> None:
        d["steps"][1].pop("secret", None)
        d["steps"][1]["text"]["en"] = "Type the code from the SMS."

    _edit(_guide(content_dir), unmark)
    library, problems = load_content(content_dir)
    assert GUIDE in library.guides  # a warning: still served
    [warning] = [p for p in problems if p.field == "secret"]
    assert warning.severity is Severity.WARNING
    assert warning.step == library.guides[GUIDE].steps[1].id
    assert "secret: true" in warning.message

    _edit(_guide(content_dir), lambda d: d["steps"][1].update(secret=True))
    library, problems = load_content(content_dir)
    assert not [p for p in problems if p.field == "secret"]
    assert library.guides[GUIDE].steps[1].secret is True


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        ({"nb": "Skriv koden fra SMS-en."}, "nb"),
        ({"nb": "Trykk på «Neste».", "en": "Type your password."}, "en"),
        ({"ar": "اكتب الرمز من رسالة SMS."}, "ar"),
        ({"fa": "رمز عبور خود را بنویسید."}, "fa"),
        ({"uk": "Введіть пароль."}, "uk"),
        ({"pl": "Wpisz hasło."}, "pl"),
        ({"ti": "ኮድ ጽሓፉ።"}, "ti"),
        ({"so": "Qor koodhka."}, "so"),
        ({"ur": "اپنا پاس ورڈ لکھیں۔"}, "ur"),
        ({"sv": "Skriv din PIN-kod."}, "sv"),
        # Not a secret: a QR code, the code device, the Lithuanian personal code (ID number), the Arabic "symbol".
        ({"nb": "Skann QR-koden med telefonen."}, None),
        ({"en": "Log in with the code device."}, None),
        ({"lt": "Įrašykite savo asmens kodą."}, None),
        ({"ar": "ابحث عن رمز المروحة أعلى الشاشة."}, None),
        ({"nb": "Skriv fødselsnummeret ditt."}, None),
    ],
)
def test_code_and_password_words_in_every_language(texts: dict[str, str], found: str | None) -> None:
    assert names_a_secret(texts) == found


def test_the_shipped_guides_mark_their_code_steps() -> None:
    library, problems = load_content(Path("content"))
    assert not [p for p in problems if p.field == "secret"]
    secret = {(g.slug, s.id) for g in library.guides.values() for s in g.steps if s.secret}
    assert {
        ("log-in-with-minid", "type-password"),
        ("log-in-with-bankid", "confirm"),
        ("bankid-on-mobile", "type-sms-code"),
    } <= secret
    assert ("recognise-scams", "never-give-codes") not in secret  # it names codes, nobody types one


def test_shipped_paths_string_existing_guides() -> None:
    library, _ = load_content(Path("content"))
    assert library.paths["new-in-norway"].guides[:3] == ["d-number-and-tax-card", "bankid-on-mobile", "digital-mailbox"]
    assert {"having-a-child", "losing-a-job", "after-a-death"} <= set(library.paths)
    for path in library.paths.values():
        assert {"nb", "en", "ar"} <= set(path.languages())


def test_a_path_with_an_unknown_guide_is_a_problem_and_the_last_good_version_is_kept(content_dir: Path) -> None:
    source = ContentSource(content_dir, check_interval=0)
    assert "new-in-norway" in source.current().library.paths
    _edit(_path(content_dir), lambda d: d["guides"].append("no-such-guide"))
    snapshot = source.reload()
    [error] = snapshot.errors
    assert (error.file, error.field, error.message) == (
        "paths/new-in-norway.yaml",
        "guides[5]",
        "there is no guide 'no-such-guide'",
    )
    assert snapshot.library.paths["new-in-norway"].guides[-1] == "change-gp"  # the last good version
    assert any(p.message.startswith("the last good version") for p in snapshot.warnings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("guides: [", "YAML syntax error"),
        ("- just a list", "must describe one path"),
        ("slug: new-in-norway\nicon: x\ntitle: {nb: T}\nsummary: {nb: S}\nguides: [change-gp]\n", "needs at least 2 items"),
        (
            "slug: new-in-norway\nicon: x\ntitle: {nb: T}\nsummary: {nb: S}\nguides: [change-gp, change-gp]\n",
            "guide 'change-gp' is listed twice",
        ),
        ("slug: other\nicon: x\ntitle: {nb: T}\nsummary: {nb: S}\nguides: [change-gp, tax-return]\n", "must match the file name"),
        (
            "slug: new-in-norway\nicon: x\ntitle: {en: T}\nsummary: {en: S}\nguides: [change-gp, tax-return]\n",
            "source language 'nb'",
        ),
    ],
)
def test_a_broken_path_file_is_a_problem_not_a_crash(content_dir: Path, text: str, message: str) -> None:
    _path(content_dir).write_text(text, encoding="utf-8")
    library, problems = load_content(content_dir)
    assert "new-in-norway" not in library.paths
    assert any(message in p.message for p in problems if p.severity is Severity.ERROR), problems


def test_a_path_missing_a_language_all_its_guides_have_is_warned(content_dir: Path) -> None:
    _edit(_path(content_dir, "having-a-child"), lambda d: (d["title"].pop("en"), d["summary"].pop("en")))
    library, problems = load_content(content_dir)
    assert "having-a-child" in library.paths
    [warning] = [p for p in problems if p.file == "paths/having-a-child.yaml"]
    assert warning.severity is Severity.WARNING and "not translated into en" in warning.message
