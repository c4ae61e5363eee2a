"""Read the content folder into a ContentLibrary and report every problem found.

Layout of the folder:
    languages.yaml      languages: [ {code, native_name, ...}, ... ]
    categories.yaml     categories: [ {id, icon, kind, title}, ... ]
    guides/<slug>.yaml  one guide per file; the file name is the slug
    ui/<code>.yaml      the kiosk's own texts in one language, key: text
    images/...          step images, referred to from guides

A broken item is left out and reported; when a previous library is given, its last
good version of that item is served instead, so an editor's typo never empties the kiosk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kiosk.content.bidi import right_to_left_mark
from kiosk.content.consistency import id_method_contradictions, phone_problems, source_change_problems
from kiosk.content.models import Agency, Category, ContentLibrary, Coverage, Guide, Language, LifePath, plain_text
from kiosk.content.plain_language import MAX_LIX, guide_lix
from kiosk.content.problems import Problem
from kiosk.content.secret_steps import names_a_secret
from kiosk.content.yaml_io import MAX_YAML_BYTES, YamlRefused, load_yaml

RECOMMENDED_STEPS = range(4, 11)

M = TypeVar("M", bound=BaseModel)


class _Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_content(content_dir: Path, previous: ContentLibrary | None = None) -> tuple[ContentLibrary, list[Problem]]:
    """Load and cross-check everything below content_dir."""
    problems: list[Problem] = []
    prev_languages = previous.languages if previous else {}
    prev_categories = previous.categories if previous else {}
    prev_guides = previous.guides if previous else {}
    prev_messages = previous.messages if previous else {}

    languages = _load_list_file(content_dir, "languages.yaml", "languages", Language, "code", prev_languages, problems)
    categories = _load_list_file(content_dir, "categories.yaml", "categories", Category, "id", prev_categories, problems)
    for category in categories.values():
        _check_language_keys(problems, "categories.yaml", languages, {"title": category.title}, guide=None, item=category.id)

    guides: dict[str, Guide] = {}
    guide_dir = content_dir / "guides"
    seen_files: set[str] = set()
    for path in sorted(guide_dir.glob("*.yaml")) if guide_dir.is_dir() else []:
        slug = path.stem
        seen_files.add(slug)
        rel = _rel(content_dir, path)
        guide, guide_problems = _load_guide(path, rel, slug, content_dir, languages, categories)
        problems.extend(guide_problems)
        if guide is not None:
            guides[slug] = guide
        elif slug in prev_guides:
            guides[slug] = prev_guides[slug]
            problems.append(_kept(rel, guide=slug))

    paths = _load_paths(content_dir, guides, languages, previous.paths if previous else {}, problems)
    messages = _load_messages(content_dir, languages, prev_messages, problems)
    coverage = _load_coverage(content_dir, previous.coverage if previous else Coverage(), problems)
    problems.extend(_coverage_warnings(coverage, guides))
    agencies = _load_agencies(content_dir, previous.agencies if previous else {}, problems)
    problems.extend(phone_problems(guides, agencies))
    library = ContentLibrary(
        languages=languages,
        categories=categories,
        guides=guides,
        messages=messages,
        coverage=coverage,
        paths=paths,
        agencies=agencies,
    )
    return library, problems


# -- files ------------------------------------------------------------------------------


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, rel: str) -> Any:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)  # never more than the limit into memory
        if len(data) > MAX_YAML_BYTES:
            raise _Unreadable(Problem(file=rel, message=f"refused: the file is larger than {MAX_YAML_BYTES // 1024} KB"))
        text = data.decode("utf-8")
    except FileNotFoundError as exc:
        raise _Unreadable(Problem(file=rel, message="file is missing")) from exc
    except UnicodeDecodeError as exc:
        raise _Unreadable(Problem(file=rel, message="file is not UTF-8 text")) from exc
    except OSError as exc:
        raise _Unreadable(Problem(file=rel, message=f"cannot be read: {exc.strerror}")) from exc
    try:
        return load_yaml(text)
    except YamlRefused as exc:
        raise _Unreadable(Problem(file=rel, message=f"refused: {exc}")) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise _Unreadable(Problem(file=rel, message=f"YAML syntax error{where}: {reason}")) from exc


KEPT_MESSAGE = "the last good version is still shown on the kiosk until this is fixed"


def _kept(rel: str, guide: str | None = None, field: str | None = None) -> Problem:
    return Problem.warning(rel, KEPT_MESSAGE, guide=guide, field=field)


def _load_list_file(
    content_dir: Path,
    name: str,
    key: str,
    model: type[M],
    id_field: str,
    previous: dict[str, M],
    problems: list[Problem],
) -> dict[str, M]:
    try:
        raw = _read_yaml(content_dir / name, name)
    except _Unreadable as exc:
        problems.append(exc.problem)
        if previous:
            problems.append(_kept(name))
        return dict(previous)
    items = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        problems.append(Problem(file=name, field=key, message=f"must start with '{key}:' followed by a list"))
        if previous:
            problems.append(_kept(name))
        return dict(previous)

    result: dict[str, M] = {}
    for index, item in enumerate(items):
        ident = item.get(id_field) if isinstance(item, dict) else None
        label = str(ident) if ident else f"#{index + 1}"
        try:
            parsed = model.model_validate(item)
        except ValidationError as exc:
            problems.extend(_problems_from_validation(name, exc, raw_item=item, item_label=label))
            if ident in previous:
                result[str(ident)] = previous[str(ident)]
                problems.append(_kept(name, field=f"{key}[{label}]"))
            continue
        ident = getattr(parsed, id_field)
        if ident in result:
            problems.append(Problem(file=name, field=f"{key}[{label}]", message=f"'{ident}' is listed twice"))
            continue
        result[ident] = parsed
    return result


def _load_guide(
    path: Path,
    rel: str,
    slug: str,
    content_dir: Path,
    languages: dict[str, Language],
    categories: dict[str, Category],
) -> tuple[Guide | None, list[Problem]]:
    try:
        raw = _read_yaml(path, rel)
    except _Unreadable as exc:
        return None, [exc.problem.model_copy(update={"guide": slug})]
    return validate_guide(raw, slug, rel, content_dir, languages, categories)


def validate_guide(
    raw: Any,
    slug: str,
    rel: str,
    content_dir: Path,
    languages: dict[str, Language],
    categories: dict[str, Category],
    staged_images: Path | None = None,
) -> tuple[Guide | None, list[Problem]]:
    """One guide's data against the schema and the rest of the library: the loader's and the editor's check.

    `staged_images`: a folder holding the draft's uploads (by file name) that publishing will copy into
    `images/`; an image found there counts as present. The loader passes none: the kiosk sees only what is published.
    """
    if not isinstance(raw, dict):
        return None, [Problem(file=rel, guide=slug, message="must describe one guide (a mapping of fields)")]
    try:
        guide = Guide.model_validate(raw)
    except ValidationError as exc:
        return None, _problems_from_validation(rel, exc, raw_item=raw, guide=slug)

    errors: list[Problem] = []
    if guide.slug != slug:
        errors.append(Problem(file=rel, guide=slug, field="slug", message=f"'{guide.slug}' must match the file name '{slug}'"))
    if guide.category not in categories:
        errors.append(
            Problem(
                file=rel,
                guide=slug,
                field="category",
                message=f"unknown category '{guide.category}'; known: {', '.join(sorted(categories))}",
            )
        )
    _check_language_keys(errors, rel, languages, _localized_fields(guide), guide=slug)
    errors += _right_to_left_marks(rel, languages, guide)
    for step in guide.steps:
        if step.image is not None and not _image_present(step.image.file, content_dir, staged_images):
            errors.append(
                Problem(
                    file=rel,
                    guide=slug,
                    step=step.id,
                    field="image.file",
                    message=f"image '{step.image.file}' does not exist in the content folder",
                )
            )
    if errors:
        return None, errors
    return guide, _guide_warnings(rel, guide, languages, categories)


def _image_present(file: str, content_dir: Path, staged_images: Path | None) -> bool:
    if (content_dir / file).is_file():
        return True
    folder, _, name = file.rpartition("/")
    return staged_images is not None and folder == "images" and (staged_images / name).is_file()


def _right_to_left_marks(rel: str, languages: dict[str, Language], guide: Guide) -> list[Problem]:
    """RLM and ALM in a left-to-right language's text can only reorder it (a phone number read backwards)."""
    problems: list[Problem] = []
    for field, texts in _localized_fields(guide).items():
        if not isinstance(texts, dict):
            continue
        for code, value in texts.items():
            language = languages.get(code)
            if language is None or language.is_rtl:
                continue
            for text in value if isinstance(value, list) else [value]:
                mark = right_to_left_mark(text) if isinstance(text, str) else None
                if mark is not None:
                    step, short = _step_and_field(field)
                    problems.append(
                        Problem(
                            file=rel,
                            guide=guide.slug,
                            step=step,
                            field=f"{short}.{code}",
                            message=f"a right-to-left mark (U+{ord(mark):04X}) in {code} text reorders numbers and"
                            " punctuation; remove it",
                        )
                    )
                    break
    return problems


def _localized_fields(guide: Guide) -> dict[str, Iterable[str]]:
    fields: dict[str, Iterable[str]] = {
        "title": guide.title,
        "summary": guide.summary,
        "tags": guide.tags,
        "synonyms": guide.synonyms,
        "needs": guide.needs,
        "after": guide.after,
        "review": guide.review,
        "source_language": [guide.source_language],
    }
    for step in guide.steps:
        for name, texts in step.localized_texts().items():
            fields[f"steps.{step.id}.{name}"] = texts
    return fields


def _step_and_field(field: str) -> tuple[str | None, str]:
    """ "steps.<id>.image.alt" -> ("<id>", "alt"); "steps.<id>.problems.<p>.fix" -> ("<id>", "problems.<p>.fix")."""
    if field.startswith("steps."):
        parts = field.split(".")
        return parts[1], ".".join(parts[2:]) if parts[2] == "problems" else parts[-1]
    return None, field


def _check_language_keys(
    problems: list[Problem],
    rel: str,
    languages: dict[str, Language],
    fields: dict[str, Iterable[str]],
    guide: str | None,
    item: str | None = None,
) -> None:
    for field, codes in fields.items():
        for code in codes:
            if code not in languages:
                step, short = _step_and_field(field)
                problems.append(
                    Problem(
                        file=rel,
                        guide=guide,
                        step=step,
                        field=f"{item}.{field}" if item else short,
                        message=f"unknown language code '{code}'",
                    )
                )


# Digit groups split by spaces ("55 55 33 33"): in a right-to-left paragraph the browser's bidi
# algorithm lays the groups out right to left, so the number reads "33 33 55 55".
_SPACED_NUMBER = re.compile(r"\d+(?: \d+)+")


def _guide_warnings(rel: str, guide: Guide, languages: dict[str, Language], categories: dict[str, Category]) -> list[Problem]:
    """Departures from the content guide: served, but worth an editor's look."""
    warnings: list[Problem] = []

    def warn(message: str, field: str | None = None, step: str | None = None) -> None:
        warnings.append(Problem.warning(rel, message, guide=guide.slug, step=step, field=field))

    if len(guide.steps) not in RECOMMENDED_STEPS:
        warn(f"has {len(guide.steps)} steps; a guide should have 4 to 10", field="steps")
    src = guide.source_language
    if src not in guide.needs:
        warn("does not say what you need before you start", field="needs")
    if src not in guide.after:
        warn("does not say what happens next and where to get help", field="after")
    if guide.service_url is None and not categories[guide.category].local:
        local = "only guides in a category marked 'local' (the library's own) may leave it out"
        warn(f"has no official address; {local}", field="service_url")
    norwegian_lix = guide_lix(guide, "nb")
    if norwegian_lix is not None and norwegian_lix > MAX_LIX:
        warn(f"the Norwegian text has LIX {norwegian_lix:g}; plain language needs {MAX_LIX:g} or less", field="nb")
    written = guide.languages()
    for step in guide.steps:
        if step.image is None:
            continue
        for code in written:
            if code not in step.image.alt:
                warn(f"image has no alt text in '{code}'", step=step.id, field="image.alt")
    warnings += _secret_warnings(rel, guide)
    warnings += id_method_contradictions(rel, guide)
    warnings += source_change_problems(rel, guide)
    rtl = {code for code, language in languages.items() if language.is_rtl}
    for name, texts in _localized_fields(guide).items():
        if not isinstance(texts, dict):
            continue
        for code in sorted(rtl & set(texts)):
            values = texts[code] if isinstance(texts[code], list) else [texts[code]]
            for found in filter(None, (_SPACED_NUMBER.search(value) for value in values)):
                step_id, short = _step_and_field(name)
                warn(
                    f"write '{found.group()}' without spaces: in right-to-left text its groups show in reverse order",
                    step=step_id,
                    field=f"{short}.{code}",
                )
    return warnings


def _load_paths(
    content_dir: Path,
    guides: dict[str, Guide],
    languages: dict[str, Language],
    previous: dict[str, LifePath],
    problems: list[Problem],
) -> dict[str, LifePath]:
    """Life-event paths (paths/<slug>.yaml): a broken one is reported and its last good version served."""
    paths: dict[str, LifePath] = {}
    path_dir = content_dir / "paths"
    for file in sorted(path_dir.glob("*.yaml")) if path_dir.is_dir() else []:
        slug, rel = file.stem, _rel(content_dir, file)
        try:
            raw = _read_yaml(file, rel)
        except _Unreadable as exc:
            found, path_problems = None, [exc.problem]
        else:
            found, path_problems = validate_path(raw, slug, rel, guides, languages)
        problems.extend(path_problems)
        if found is not None:
            paths[slug] = found
        elif slug in previous:
            paths[slug] = previous[slug]
            problems.append(_kept(rel))
    return paths


def validate_path(
    raw: Any, slug: str, rel: str, guides: dict[str, Guide], languages: dict[str, Language]
) -> tuple[LifePath | None, list[Problem]]:
    """One path against the schema and the guides it strings: the loader's and the editor's check."""
    if not isinstance(raw, dict):
        return None, [Problem(file=rel, message="must describe one path (a mapping of fields)")]
    try:
        path = LifePath.model_validate(raw)
    except ValidationError as exc:
        return None, _problems_from_validation(rel, exc, raw_item=raw)
    errors: list[Problem] = []
    if path.slug != slug:
        errors.append(Problem(file=rel, field="slug", message=f"'{path.slug}' must match the file name '{slug}'"))
    for index, guide in enumerate(path.guides):
        if guide not in guides:
            errors.append(Problem(file=rel, field=f"guides[{index + 1}]", message=f"there is no guide '{guide}'"))
    fields: dict[str, Iterable[str]] = {"title": path.title, "summary": path.summary, "review": path.review}
    _check_language_keys(errors, rel, languages, fields, guide=None)
    if errors:
        return None, errors
    # Translated like the guides it strings: every language all of them are shown in.
    shared = set.intersection(*(set(guides[g].languages()) for g in path.guides))
    missing = sorted(shared - set(path.languages()))
    warnings = []
    if missing:
        message = f"is not translated into {', '.join(missing)}, which every guide of the path is written in"
        warnings.append(Problem.warning(rel, message, field="title"))
    return path, warnings


def _secret_warnings(rel: str, guide: Guide) -> list[Problem]:
    """A step whose text names a code, PIN or password must say whether the visitor types one there."""
    return [
        Problem.warning(
            rel,
            f"the {code} text names a code, PIN or password: mark the step 'secret: true' if the visitor types one"
            " here, or 'secret: false' if not",
            guide=guide.slug,
            step=step.id,
            field="secret",
        )
        for step in guide.steps
        if step.secret is None and (code := names_a_secret(step.text))
    ]


COVERAGE_FILE = "coverage.yaml"
CONTACTS_FILE = "contacts.yaml"


def _load_agencies(content_dir: Path, previous: dict[str, Agency], problems: list[Problem]) -> dict[str, Agency]:
    """The agencies' phone numbers as their own pages give them; without the file, none are known."""
    if not (content_dir / CONTACTS_FILE).exists():
        return {}
    return _load_list_file(content_dir, CONTACTS_FILE, "agencies", Agency, "id", previous, problems)


def _load_coverage(content_dir: Path, previous: Coverage, problems: list[Problem]) -> Coverage:
    """The library's language promise; without the file there is none."""
    if not (content_dir / COVERAGE_FILE).exists():
        return Coverage()
    try:
        return Coverage.model_validate(_read_yaml(content_dir / COVERAGE_FILE, COVERAGE_FILE) or {})
    except _Unreadable as exc:
        problems.append(exc.problem)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(COVERAGE_FILE, exc, raw_item=None))
    problems.append(_kept(COVERAGE_FILE))
    return previous


def _coverage_warnings(coverage: Coverage, guides: dict[str, Guide]) -> list[Problem]:
    """Where the guides fall short of coverage.yaml: served as they are, but not what the library promises."""
    warnings: list[Problem] = []
    every = set(coverage.every_guide)
    for slug, guide in guides.items():
        missing = sorted(every - set(guide.complete_languages()))
        if missing:
            message = f"is not complete in {', '.join(missing)}; every guide must be (coverage.yaml)"
            warnings.append(Problem.warning(f"guides/{slug}.yaml", message, guide=slug))
    rule = coverage.most_used
    for index, slug in enumerate(rule.guides):
        if slug not in guides:
            warnings.append(Problem.warning(COVERAGE_FILE, f"there is no guide '{slug}'", field=f"most_used.guides[{index + 1}]"))
            continue
        others = sorted(set(guides[slug].complete_languages()) - every)
        if len(others) < rule.min_other_languages:
            message = (
                f"is one of the most-used guides and complete in {len(others)} other languages"
                f" ({', '.join(others) or 'none'}); coverage.yaml asks for {rule.min_other_languages}"
            )
            warnings.append(Problem.warning(f"guides/{slug}.yaml", message, guide=slug))
    return warnings


def _load_messages(
    content_dir: Path,
    languages: dict[str, Language],
    previous: dict[str, dict[str, str]],
    problems: list[Problem],
) -> dict[str, dict[str, str]]:
    messages: dict[str, dict[str, str]] = {}
    ui_dir = content_dir / "ui"
    for path in sorted(ui_dir.glob("*.yaml")) if ui_dir.is_dir() else []:
        code, rel = path.stem, _rel(content_dir, path)
        if code not in languages:
            problems.append(Problem.warning(rel, f"'{code}' is not in languages.yaml"))
            continue
        try:
            raw = _read_yaml(path, rel)
        except _Unreadable as exc:
            problems.append(exc.problem)
            raw = None
        if isinstance(raw, dict) and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
            # The kiosk's own texts render as Markdown like guide text: the same rules on links and hidden characters.
            unsafe = {str(k): why for k, v in raw.items() if (why := _text_problem(v))}
            if not unsafe:
                messages[code] = {k: v.strip() for k, v in raw.items()}
                continue
            problems.extend(Problem(file=rel, field=k, message=why) for k, why in list(unsafe.items())[:5])
            raw = None
        if isinstance(raw, dict):
            bad = [str(k) for k, v in raw.items() if not isinstance(v, str) or not v.strip()]
            problems.append(Problem(file=rel, field=", ".join(bad[:5]), message="every text must be non-empty text"))
        elif raw is not None:
            problems.append(Problem(file=rel, message="must be a list of 'key: text' lines"))
        if code in previous:
            messages[code] = previous[code]
            problems.append(_kept(rel))
    return messages


def _text_problem(text: str) -> str | None:
    try:
        plain_text(text)
    except ValueError as exc:
        return str(exc)
    return None


# -- validation errors -> problems -------------------------------------------------------


def _problems_from_validation(
    rel: str,
    exc: ValidationError,
    raw_item: Any,
    guide: str | None = None,
    item_label: str | None = None,
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        step = _step_label(raw_item, loc)
        if step is not None:
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or None
        if item_label:
            field = f"{item_label}.{field}" if field else item_label
        problems.append(Problem(file=rel, guide=guide, step=step, field=field, message=_friendly(error)))
    return problems


def _step_label(raw: Any, loc: list[Any]) -> str | None:
    if len(loc) < 2 or loc[0] != "steps" or not isinstance(loc[1], int):
        return None
    steps = raw.get("steps") if isinstance(raw, dict) else None
    if isinstance(steps, list) and loc[1] < len(steps) and isinstance(steps[loc[1]], dict):
        ident = steps[loc[1]].get("id")
        if ident:
            return str(ident)
    return f"#{loc[1] + 1}"


_MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "missing": lambda e: "is required",
    "extra_forbidden": lambda e: "is not a known field (check the spelling)",
    "string_pattern_mismatch": lambda e: f"'{e.get('input')}' has the wrong form",
    "url_parsing": lambda e: f"'{e.get('input')}' is not a web address",
    "url_scheme": lambda e: f"'{e.get('input')}' must start with http:// or https://",
    "too_short": lambda e: _too_short(e.get("ctx", {}).get("min_length", 1)),
    "enum": lambda e: f"'{e.get('input')}' is not allowed; {e['msg'].split(':', 1)[-1].strip()}",
    "literal_error": lambda e: f"'{e.get('input')}' is not allowed; {e['msg'].split(':', 1)[-1].strip()}",
}


def _too_short(min_length: int) -> str:
    return "must not be empty" if min_length <= 1 else f"needs at least {min_length} items"


def _friendly(error: ErrorDetails) -> str:
    render = _MESSAGES.get(error["type"])
    if render:
        return render(error)
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
