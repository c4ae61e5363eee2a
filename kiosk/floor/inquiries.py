"""The service desk's inquiry categories and referral agencies, from content/inquiries.yaml.

That file is their one home: no list of them is written in code. Read with the same bounded YAML reader as
the rest of the content and checked with pydantic; a missing or broken file gives the shipped file's list
(and a message), never a crash.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.content.problems import Problem
from kiosk.content.yaml_io import MAX_YAML_BYTES, load_yaml
from kiosk.language.staff_texts import StaffText
from kiosk.settings import PROJECT_ROOT

INQUIRIES_FILE = "inquiries.yaml"
SHIPPED_FILE = PROJECT_ROOT / "content" / INQUIRIES_FILE
OTHER = "other"  # the category a call falls back to, and the only one left when no file can be read
_ID = r"^[a-z0-9_]{1,32}$"


class Outcome(StrEnum):
    """What came of a help call; fixed, because the statistics compare them over years."""

    SOLVED = "solved"
    SHOWN_HOW = "shown_how"  # shown how to do it alone
    REFERRED = "referred"  # to an agency (the referral says which)
    FOLLOW_UP = "follow_up"
    COULD_NOT_HELP = "could_not_help"


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1, max_length=60)


class InquiryCategoryItem(_Item):
    guide_categories: list[str] = Field(default_factory=list)


class Agency(_Item):
    domains: list[str] = Field(default_factory=list)

    def serves(self, service_url: str | None) -> bool:
        host = (urlparse(service_url).hostname or "") if service_url else ""
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


class InquiryConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    categories: list[InquiryCategoryItem] = Field(min_length=1)
    agencies: list[Agency] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> InquiryConfig:
        for name, items in (("categories", self.categories), ("agencies", self.agencies)):
            ids = [item.id for item in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{name}: every id must be different")
        return self

    def category_names(self) -> dict[str, str]:
        return {item.id: item.name for item in self.categories}

    def agency_names(self) -> dict[str, str]:
        return {item.id: item.name for item in self.agencies}

    def suggested_category(self, guide_category: str | None) -> str:
        """The inquiry category a call from a guide in `guide_category` most likely belongs to."""
        for item in self.categories:
            if guide_category and guide_category in item.guide_categories:
                return item.id
        return OTHER if OTHER in self.category_names() else self.categories[-1].id

    def problems_with(self, guide_categories: Iterable[str]) -> list[Problem]:
        """Where the suggestion mapping and content/categories.yaml disagree (a typo would silently suggest "other")."""
        known = set(guide_categories)
        problems: list[Problem] = []
        mapped_by: dict[str, str] = {}
        for item in self.categories:
            for name in item.guide_categories:
                if name not in known:
                    message = f"guide category '{name}' is not in categories.yaml; known: {', '.join(sorted(known))}"
                    problems.append(Problem.warning(INQUIRIES_FILE, message, field=f"categories.{item.id}.guide_categories"))
                elif name in mapped_by:
                    message = f"guide category '{name}' is already suggested as '{mapped_by[name]}'; the first one wins"
                    problems.append(Problem.warning(INQUIRIES_FILE, message, field=f"categories.{item.id}.guide_categories"))
                else:
                    mapped_by[name] = item.id
        return problems


# Only for an installation whose shipped file is gone or broken too: staff can still close a call.
_LAST_RESORT = InquiryConfig(categories=[InquiryCategoryItem(id=OTHER, name=OTHER)], agencies=[Agency(id=OTHER, name=OTHER)])


def shipped_inquiry_config() -> InquiryConfig:
    """The shipped content/inquiries.yaml: what a missing or broken file falls back to."""
    path = SHIPPED_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _LAST_RESORT
    return _shipped(stamp)


@functools.lru_cache(maxsize=1)
def _shipped(_stamp: int) -> InquiryConfig:
    config, _problem = _read(SHIPPED_FILE)
    return config or _LAST_RESORT


def current_inquiry_config(content_dir: Path) -> tuple[InquiryConfig, str | None]:
    """load_inquiry_config, read again only when the file changed (pages ask on every refresh)."""
    path = content_dir / INQUIRIES_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _cached(content_dir, stamp)


@functools.lru_cache(maxsize=8)
def _cached(content_dir: Path, _stamp: int | None) -> tuple[InquiryConfig, str | None]:
    return load_inquiry_config(content_dir)


def load_inquiry_config(content_dir: Path) -> tuple[InquiryConfig, str | None]:
    """The configured categories and agencies, or the shipped ones and a message saying what is wrong."""
    path = content_dir / INQUIRIES_FILE
    if not path.exists():
        return shipped_inquiry_config(), None
    config, problem = _read(path)
    return (config, None) if config is not None else (shipped_inquiry_config(), problem)


def _read(path: Path) -> tuple[InquiryConfig | None, str | None]:
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            return None, f"{INQUIRIES_FILE}: the file is larger than {MAX_YAML_BYTES // 1024} KB"
        return InquiryConfig.model_validate(load_yaml(path.read_bytes())), None
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as refused:
        return None, f"{INQUIRIES_FILE}: {refused}"
    except ValidationError as invalid:
        first = invalid.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return None, f"{INQUIRIES_FILE}: {where}: {first['msg']}"


def category_names(config: InquiryConfig, s: StaffText) -> dict[str, str]:
    """The inquiry categories in the staff language: the catalog's label for a shipped id, else the file's name
    (a category an admin added has the one name they gave it)."""
    return {item.id: s(f"inquiry.{item.id}") if s.has(f"inquiry.{item.id}") else item.name for item in config.categories}
