"""Search as a visitor types: typos, missing diacritics, other languages, ranked, and nothing for nonsense."""

from __future__ import annotations

import pytest

from kiosk.content.search import SearchIndex, normalise
from tests.search_fixtures import large_library, small_library


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(small_library())


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("skatemelding", "nb", "tax-return"),  # a letter missing
        ("skattemeldingen", "nb", "tax-return"),
        ("tax return", "pl", "tax-return"),  # English works from any language
        ("flytte", "nb", "report-a-move"),
        ("flyting", "nb", "report-a-move"),
        ("adresse", "ar", "report-a-move"),  # Norwegian works from any language
        ("Fa BankID pa mobil", "nb", "bankid-on-mobile"),  # å typed as a
        ("skatt", "nb", "tax-return"),  # the start of a compound word
        ("الانتقال", "ar", "report-a-move"),
        ("BANKID", "uk", "bankid-on-mobile"),
    ],
)
def test_finds_the_right_guide_first(index: SearchIndex, query: str, language: str, expected: str) -> None:
    hits = index.search(query, language)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].slug == expected


def test_nonsense_finds_nothing(index: SearchIndex) -> None:
    assert index.search("xyzzy qwerty", "nb") == []
    assert index.search("   ", "nb") == []
    assert index.search("?!", "nb") == []


def test_more_matching_words_rank_higher(index: SearchIndex) -> None:
    hits = index.search("bankid mobil", "nb")
    assert hits[0].slug == "bankid-on-mobile"


def test_normalise_folds_case_and_diacritics() -> None:
    assert normalise("Skåttemeldïng") == "skattemelding"
    assert normalise("Bjørn Ærlig") == "bjorn aerlig"
    assert normalise("Lietuvių") == "lietuviu"


def test_large_library_still_finds_the_real_guides() -> None:
    index = SearchIndex(large_library(500))
    assert index.search("skatemelding", "nb")[0].slug == "tax-return"
    assert index.search("moving", "so")[0].slug == "report-a-move"


def test_the_same_query_is_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk asks on the submit and again when it shows the results: the fuzzy matching runs once."""
    from kiosk.content import search

    index = SearchIndex(small_library())
    calls = []
    real_extract = search.process.extract

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(search.process, "extract", counting)
    first = index.search("skatemelding", "nb")
    matched = len(calls)
    again = index.search("skatemelding", "nb")
    assert again == first and first[0].slug == "tax-return"
    assert len(calls) == matched
    again.clear()  # a caller changing its list changes nobody else's
    assert index.search("skatemelding", "nb") == first
