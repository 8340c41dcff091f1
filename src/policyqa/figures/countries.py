"""Country and region mentions in a question, resolved to the names the tables print.

Three passes over the question: short upper-case codes ("US", "UAE") case-sensitively; names
no table prints (pycountry's countries, regions) case-sensitively, provisionally; then windows
of one to three words against every name of a country the tables print, in any word order
and with at most one typo (OSA distance 1) in one word of five letters or more that is no
known word. A window
may take over a provisional name it strictly contains ("Sotuh Africa" over "Africa").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..text import words
from .lexicon import country_key, country_names, is_filler

_TOKEN = re.compile(r"[A-Za-z]{2,}")
_SHORT_CODE = re.compile(r"[A-Z](?:\.?[A-Z]){1,2}\.?")  # "US", "U.S.", "UAE", "U.S.A."
_TYPO_LENGTH = 5


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int  # span in the question
    end: int
    surface: str  # as the question writes it
    key: str  # ISO alpha-3 code or region name
    printed: str | None  # the name the tables print; None when no table names it


def find_countries(question: str, printed: Sequence[str], *, known: frozenset[str]) -> tuple[CountryMention, ...]:
    """Country and region mentions in question order; `known` words are never typos."""
    table_keys = {country_key(name): name for name in reversed(printed)}
    fixed = _short_codes(question, table_keys)
    claimed = [(m.start, m.end) for m in fixed]
    provisional = [m for m in _named(question, table_keys) if not _overlaps(m, claimed)]
    found = _windows(question, table_keys, claimed=claimed, provisional=provisional, known=known)
    kept = [m for m in provisional if not any(_overlaps(m, [(f.start, f.end)]) for f in found)]
    return tuple(sorted((*fixed, *found, *kept), key=lambda m: m.start))


def _short_codes(question: str, table_keys: dict[str, str]) -> list[CountryMention]:
    names = {name: key for name, key in country_names() if _SHORT_CODE.fullmatch(name)}
    out = []
    for match in re.finditer(r"(?<![A-Za-z.])" + _SHORT_CODE.pattern + r"(?![A-Za-z])", question):
        key = names.get(match[0]) or names.get(match[0].rstrip("."))
        if key:
            printed = table_keys.get(key)
            out.append(CountryMention(match.start(), match.end(), match[0], key, printed))
    return out


def _named(question: str, table_keys: dict[str, str]) -> list[CountryMention]:
    """Exact, case-sensitive mentions of names whose country no table prints."""
    out: list[CountryMention] = []
    for match in _foreign_pattern(frozenset(table_keys)).finditer(question):
        key = _foreign_keys(frozenset(table_keys))[match[0]]
        out.append(CountryMention(match.start(), match.end(), match[0], key, None))
    return out


@lru_cache(maxsize=8)
def _foreign_keys(table_keys: frozenset[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for name, key in country_names():
        if key not in table_keys and not _SHORT_CODE.fullmatch(name):
            names.setdefault(name, key)
    return names


@lru_cache(maxsize=8)
def _foreign_pattern(table_keys: frozenset[str]) -> re.Pattern[str]:
    names = sorted(_foreign_keys(table_keys), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")


def _windows(
    question: str,
    table_keys: dict[str, str],
    *,
    claimed: list[tuple[int, int]],
    provisional: Sequence[CountryMention],
    known: frozenset[str],
) -> list[CountryMention]:
    """Windows of 3, 2, then 1 words that name a table country (any order, one typo)."""
    tokens = [m for m in _TOKEN.finditer(question) if not _inside(m.span(), claimed)]
    keys = frozenset(table_keys)
    found: list[CountryMention] = []
    for size in (3, 2, 1):
        for i in range(len(tokens) - size + 1):
            span = (tokens[i].start(), tokens[i + size - 1].end())
            if _inside(span, [(f.start, f.end) for f in found]) or _blocked(span, provisional):
                continue
            if any(_overlaps_span(span, (f.start, f.end)) for f in found):
                continue
            key = _window_key(tuple(t[0].lower() for t in tokens[i : i + size]), keys, known)
            if key is not None:
                found.append(CountryMention(*span, question[span[0] : span[1]], key, table_keys[key]))
    return found


@lru_cache(maxsize=8)
def _aliases(table_keys: frozenset[str]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every name of every table country as lower-case words, with its key."""
    out = {(words(name), key) for name, key in country_names() if key in table_keys}
    # short codes ("us") are matched case-sensitively on their own, never as lower-case words
    kept = [(w, k) for w, k in out if w and not _SHORT_CODE.fullmatch(" ".join(w).upper())]
    return tuple(sorted(kept))


@lru_cache(maxsize=65_536)  # the same word windows recur across questions
def _window_key(window: tuple[str, ...], table_keys: frozenset[str], known: frozenset[str]) -> str | None:
    return _alias_key(list(window), _aliases(table_keys), known=known)


def _alias_key(
    window: list[str], aliases: Iterable[tuple[tuple[str, ...], str]], *, known: frozenset[str]
) -> str | None:
    """The key of the alias the window spells in any order; else of the closest one-typo alias."""
    best: tuple[float, str] | None = None
    for alias, key in aliases:
        if len(alias) != len(window):
            continue
        rest_w, rest_a = list(window), list(alias)
        for word in window:
            if word in rest_a:
                rest_w.remove(word)
                rest_a.remove(word)
        if not rest_w:
            return key
        score = _typo_score(rest_w[0], rest_a[0], known=known) if len(rest_w) == 1 else 0.0
        if score and (best is None or score > best[0]):
            best = (score, key)
    return best[1] if best else None


def _typo_score(word: str, meant: str, *, known: frozenset[str]) -> float:
    """How closely `word` spells `meant` when it is `meant` with one typo (an insertion,
    deletion, substitution or swap), `meant` has five letters or more and `word` is no real
    word itself; 0 otherwise."""
    if len(word) < _TYPO_LENGTH - 1 or len(meant) < _TYPO_LENGTH:  # "chna" may be "china"
        return 0.0
    if word in known or word in _name_words() or is_filler(word):
        return 0.0
    return fuzz.ratio(word, meant) if OSA.distance(word, meant, score_cutoff=1) <= 1 else 0.0


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Words of any country or region name: "america" is no misspelt "africa"."""
    return frozenset(w for name, _ in country_names() for w in words(name))


def _blocked(span: tuple[int, int], provisional: Sequence[CountryMention]) -> bool:
    """A window may overlap a provisional name only by strictly containing it."""
    for mention in provisional:
        inner = (mention.start, mention.end)
        if _overlaps_span(span, inner) and not (_inside(inner, [span]) and inner != span):
            return True
    return False


def _inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _overlaps_span(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlaps(mention: CountryMention, spans: Iterable[tuple[int, int]]) -> bool:
    return any(_overlaps_span((mention.start, mention.end), span) for span in spans)
