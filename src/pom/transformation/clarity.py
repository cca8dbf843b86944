"""Scoring the clarity pulse: does a priority someone named match one the company declared?

A local, offline method — nothing leaves the server and no model is downloaded. Each declared
priority (an active strategic bet, a live business or product outcome) is a small document: its
title (counted ``TITLE_WEIGHT`` times) and its description. A named priority ("faster payouts
for our customers") is matched against them like this:

1. **Normalise**: lowercase, accents dropped, split into words; ``SYNONYMS`` maps a few common
   business synonyms to one word (*client* → *customer*); ``STOP_WORDS`` (English function words
   and survey filler such as *important*, *things*, *business*) are dropped; what remains is
   stemmed by ``stem`` (a light suffix stripper: *payouts* → *payout*, *faster* → *fast*,
   *onboarding* → *onboard*). Numbers and one-letter words are dropped.
2. **Misspellings**: a word of ``FUZZY_MIN_LENGTH`` letters or more that no declared priority
   uses is replaced by the closest word they do use when the two are at least ``FUZZY_CUTOFF``
   alike (``difflib``'s ratio: *retension* → *retention*).
3. **TF-IDF cosine**: the inverse document frequency of each word is computed over the declared
   priorities (``idf = ln((1 + N) / (1 + df)) + 1``); the named priority and each declared one
   become tf·idf vectors and are compared by cosine similarity. A word no declared priority uses
   still counts in the named priority's length (with the highest idf), so a sentence about
   something else scores low even when it shares one word.
4. The best match counts when its similarity is ``THRESHOLD`` or more; otherwise the priority is
   *unmatched* — named, but not something the company declared.

The constants were set on the "tuning" organization of the hand-labelled sample
(``tests/data/clarity_sample.json``) and checked on the "held-out" one; ``test_clarity_agreement``
measures both and the README reports the figures.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

THRESHOLD = 0.2  # the lowest cosine similarity that counts as naming a declared priority
TITLE_WEIGHT = 2  # a declared priority's title words count this many times its description's
FUZZY_CUTOFF = 0.8  # how alike an unknown word and a known one must be to be read as it
FUZZY_MIN_LENGTH = 4  # shorter words are never corrected (too many near neighbours)
MIN_STEM = 3  # a suffix is stripped only when this many letters remain
STEM_PASSES = 3  # at most this many suffixes are stripped from one word

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "important",
        "importance",
        "thing",
        "things",
        "stuff",
        "priority",
        "priorities",
        "top",
        "key",
        "main",
        "focus",
        "focusing",
        "right",
        "now",
        "today",
        "currently",
        "current",
        "business",
        "company",
        "really",
        "lot",
        "lots",
        "make",
        "making",
        "made",
        "keep",
        "need",
        "needs",
        "want",
        "wants",
        "think",
        "like",
        "well",
        "new",
        "way",
        "ways",
        "better",
        "good",
        "great",
        "every",
        "sure",
        "year",
        "years",
        "quarter",
        "next",
        "first",
        "second",
        "third",
        "one",
        "two",
        "three",
        "number",
        "overall",
        "general",
        "generally",
    ]
)

# Everyday synonyms of business words, each mapped to the word declared priorities tend to use.
SYNONYMS = {
    "client": "customer",
    "clients": "customer",
    "customers": "customer",
    "consumer": "customer",
    "consumers": "customer",
    "shopper": "customer",
    "shoppers": "customer",
    "buyer": "customer",
    "buyers": "customer",
    "paid": "pay",
    "paying": "pay",
    "payments": "payment",
    "smb": "small",
    "smbs": "small",
    "sme": "small",
    "smes": "small",
    "app": "mobile",
    "apps": "mobile",
    "phone": "mobile",
    "phones": "mobile",
    "smartphone": "mobile",
    "sales": "revenue",
    "income": "revenue",
    "turnover": "revenue",
    "expenses": "cost",
    "spend": "cost",
    "quicker": "fast",
    "quickly": "fast",
    "quick": "fast",
    "speed": "fast",
    "faster": "fast",
    "fastest": "fast",
    "rapid": "fast",
    "partnership": "partner",
    "partnerships": "partner",
    "eu": "europe",
    "european": "europe",
    "usa": "us",
    "america": "us",
    "american": "us",
    "attrition": "churn",
    "churning": "churn",
    "leaving": "churn",
    "retain": "retention",
    "retaining": "retention",
    "signups": "signup",
    "registrations": "signup",
    "onboarding": "onboard",
    "setup": "onboard",
}

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("iness", "y"),
    ("ingly", ""),
    ("ations", ""),
    ("ation", ""),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ities", ""),
    ("ions", ""),
    ("ion", ""),
    ("ity", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("est", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
)
_KEEP_DOUBLE = frozenset("lsz")


def stem(word: str) -> str:
    """A light suffix stripper: the same stem for a word's usual forms (not a dictionary form).

    Suffixes are stripped until none applies (``ordered`` → ``order`` → ``ord``, the stem of
    ``orders`` too); a final *e* or *y* goes (``pricing`` / ``price``, ``delivery`` / ``deliver``).
    """
    for _ in range(STEM_PASSES):
        before = word
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                if suffix == "s" and word.endswith(("ss", "us", "is")):
                    break
                word = word[: -len(suffix)] + replacement
                if len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] not in _KEEP_DOUBLE:
                    word = word[:-1]  # shipping → shipp → ship
                break
        if len(word) > MIN_STEM + 1 and word[-1] in "ey":
            word = word[:-1]
        if word == before:
            break
    return word


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _normal(word: str) -> str:
    word = SYNONYMS.get(word, word)
    if word in STOP_WORDS or len(word) < 2 or word.isdigit():
        return ""
    stemmed = stem(word)
    return "" if stemmed in STOP_WORDS else stemmed


def tokens(text: str) -> list[str]:
    """The normalised words of ``text`` (see the module's step 1), in order, repeats kept."""
    return [t for t in (_normal(w) for w in _WORD.findall(_fold(text or ""))) if t]


def key(text: str) -> str:
    """What two wordings of one priority share: its distinct normalised words, sorted."""
    return " ".join(sorted(set(tokens(text))))


@dataclass(frozen=True)
class Target:
    """A declared priority: ``key`` names it ("bet:3", "outcome:12"); ``group`` is what a match
    counts for — an outcome under a bet counts for the bet, others for themselves."""

    key: str
    group: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Match:
    target: Target | None  # None: below the threshold (unmatched)
    score: float  # the best cosine similarity found, matched or not

    @property
    def matched(self) -> bool:
        return self.target is not None


Vector = dict[str, float]


def _unit(counts: Counter[str], idf: dict[str, float], unknown: float) -> Vector:
    vec = {t: n * idf.get(t, unknown) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


class Matcher:
    """Matches named priorities against the declared ones (built once per report)."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = list(targets)
        docs: list[Counter[str]] = []
        for t in self.targets:
            words = Counter(tokens(t.title))
            for w in list(words):
                words[w] *= TITLE_WEIGHT
            words.update(tokens(t.description))
            docs.append(words)
        n = len(docs)
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        self.unknown = math.log(1 + n) + 1  # the idf of a word no declared priority uses
        self.vocabulary = sorted(self.idf)
        self.vectors = [_unit(d, self.idf, self.unknown) for d in docs]
        self._corrected: dict[str, str] = {}

    def _correct(self, word: str) -> str:
        if word in self.idf or len(word) < FUZZY_MIN_LENGTH:
            return word
        if word not in self._corrected:
            close = difflib.get_close_matches(word, self.vocabulary, n=1, cutoff=FUZZY_CUTOFF)
            self._corrected[word] = close[0] if close else word
        return self._corrected[word]

    def match(self, priority: str) -> Match:
        words = Counter(self._correct(w) for w in tokens(priority))
        query = _unit(words, self.idf, self.unknown)
        best, best_score = None, 0.0
        for target, vec in zip(self.targets, self.vectors, strict=True):
            score = sum(v * vec.get(t, 0.0) for t, v in query.items())
            if score > best_score + 1e-12:
                best, best_score = target, score
        score = round(best_score, 4)
        return Match(best if best_score >= THRESHOLD else None, score)

    def match_all(self, priorities: Iterable[str]) -> list[Match]:
        return [self.match(p) for p in priorities]
