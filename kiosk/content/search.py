"""Finding a guide from a few words: in the visitor's language, Norwegian and English,
tolerant of typos and missing diacritics ("skatemelding", "flytte", "tax return").

The index maps each normalised word to the guides and fields it occurs in; a query word
is compared with the whole vocabulary at once by rapidfuzz, so a query stays fast with
hundreds of guides in many languages.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kiosk.content.models import ContentLibrary, Guide

# How much a word counts by where it stands.
FIELD_WEIGHTS = {"title": 3.0, "tags": 2.5, "synonyms": 2.5, "summary": 1.0}
SEARCH_ALSO_IN = ("nb", "en")  # besides the visitor's language: the kiosk's and the world's lingua franca
MIN_SIMILARITY = 78  # rapidfuzz ratio, 0-100
MAX_RESULTS = 8
REMEMBERED_QUERIES = 256  # the kiosk asks for the same results on the submit and again on each rerun of the results screen

_FOLD = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ß": "ss", "ŧ": "t", "ŋ": "n", "š": "s", "č": "c", "ž": "z"})
_WORD = re.compile(r"\w+", re.UNICODE)
# Arabic-script diacritics (harakat) and tatweel: often left out when typing.
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def normalise(text: str) -> str:
    """Lower case without diacritics: 'Skattemelding' and 'skåttemeldïng' both become 'skattemelding'."""
    text = _ARABIC_MARKS.sub("", text.lower().translate(_FOLD))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@dataclass(frozen=True)
class SearchHit:
    slug: str
    score: float


class SearchIndex:
    def __init__(self, library: ContentLibrary) -> None:
        # language -> word -> guide slug -> best field weight
        self._postings: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
        self._vocabulary: dict[str, list[str]] = {}
        for guide in library.guides.values():
            self._add(guide)
        for language, postings in self._postings.items():
            self._vocabulary[language] = list(postings)
        # The index never changes (a new library gets a new index), so an answer can be given again.
        self._answers: OrderedDict[tuple[str, str, int], tuple[SearchHit, ...]] = OrderedDict()
        self._answers_lock = threading.Lock()

    def _add(self, guide: Guide) -> None:
        fields: dict[str, dict[str, list[str]]] = {
            "title": {lang: [text] for lang, text in guide.title.items()},
            "summary": {lang: [text] for lang, text in guide.summary.items()},
            "tags": guide.tags,
            "synonyms": guide.synonyms,
        }
        for field, by_language in fields.items():
            weight = FIELD_WEIGHTS[field]
            for language, texts in by_language.items():
                for text in texts:
                    for word in words(text):
                        slot = self._postings[language][word]
                        slot[guide.slug] = max(weight, slot.get(guide.slug, 0.0))

    def search(self, query: str, language: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
        key = (query, language, limit)
        with self._answers_lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return list(self._answers[key])
        hits = self._search(query, language, limit)
        with self._answers_lock:
            self._answers[key] = tuple(hits)
            while len(self._answers) > REMEMBERED_QUERIES:
                self._answers.popitem(last=False)
        return hits

    def _search(self, query: str, language: str, limit: int) -> list[SearchHit]:
        query_words = [w for w in words(query) if len(w) > 1] or words(query)
        if not query_words:
            return []
        languages = [language, *(code for code in SEARCH_ALSO_IN if code != language)]
        totals: dict[str, float] = defaultdict(float)
        matched: dict[str, set[str]] = defaultdict(set)
        for query_word in query_words:
            best: dict[str, float] = {}
            for lang in languages:
                for slug, score in self._match_word(query_word, lang).items():
                    best[slug] = max(score, best.get(slug, 0.0))
            for slug, score in best.items():
                totals[slug] += score
                matched[slug].add(query_word)
        # Guides that match more of the query's words rank first, then by score.
        ranked = sorted(totals, key=lambda slug: (len(matched[slug]), totals[slug], slug), reverse=True)
        return [SearchHit(slug, round(totals[slug], 2)) for slug in ranked[:limit]]

    def _match_word(self, query_word: str, language: str) -> dict[str, float]:
        vocabulary = self._vocabulary.get(language)
        if not vocabulary:
            return {}
        postings = self._postings[language]
        similar: dict[str, float] = {}
        # Short words ("in", "på") only match exactly: fuzzy matching them is noise.
        cutoff = MIN_SIMILARITY if len(query_word) > 3 else 100
        for word, similarity, _ in process.extract(query_word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            similar[word] = similarity
        if len(query_word) >= 3:
            # Beginnings and parts of compound words: "skatt" finds "skattemelding".
            for word in vocabulary:
                if word not in similar and query_word in word:
                    similar[word] = 85.0 if word.startswith(query_word) else 75.0
        result: dict[str, float] = {}
        for word, similarity in similar.items():
            for slug, weight in postings[word].items():
                result[slug] = max(result.get(slug, 0.0), similarity / 100 * weight)
        return result


MAX_SUGGESTIONS = 24


def suggestion_words(library: ContentLibrary, languages: list[str], limit: int = MAX_SUGGESTIONS) -> tuple[str, str, list[str]]:
    """Words to search by for a visitor with no practical keyboard: the guides' tags (and then titles) in the first
    of `languages` that has any, most-asked guides first. Returns (language, "tags"/"titles", words)."""
    order = {slug: index for index, slug in enumerate(library.coverage.most_used.guides)}
    guides = sorted(library.guides.values(), key=lambda guide: order.get(guide.slug, len(order)))
    for language in languages:
        tags = list(dict.fromkeys(tag for guide in guides for tag in guide.tags.get(language, [])))
        if tags:
            return language, "tags", tags[:limit]
        titles = list(dict.fromkeys(guide.title[language] for guide in guides if language in guide.title))
        if titles:
            return language, "titles", titles[:limit]
    return languages[0] if languages else "", "tags", []
