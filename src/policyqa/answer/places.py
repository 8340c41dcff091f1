"""Places a question names by their capital or their people where the corpus names the country.

Analysts write "Washington" for the United States, "Seoul-Tokyo cooperation", "Dutch exports";
reports print the country. A capital or demonym the corpus never uses is glossed with its
country as the corpus names it ("What did Beijing block ..." -> "What did Beijing (China) block
..."), so that retrieval finds the passages and abstention does not decline a place the corpus
does name (a name glossed by known words is known).
A name the corpus uses itself ("Tokyo Electron", "Japanese") is left as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from ..figures import find_countries

_OFFICIAL = re.compile(r"\s+D\.?\s?C\.?$")  # "Washington D.C." is written "Washington" as often


@lru_cache(maxsize=1)
def place_aliases() -> dict[str, tuple[str, ...]]:
    """Capital or demonym as printed ("New Delhi", "Dutch") -> the country's names, most common
    first. A capital of two countries is left out; a demonym of several ("French": France, French
    Guiana) is the country with the shortest name, the one the others are named after."""
    from countryinfo import all_countries

    capitals: dict[str, list[tuple[str, ...]]] = {}
    demonyms: dict[str, list[tuple[str, ...]]] = {}
    for country in all_countries():
        info = country.info()
        name = info.get("name")
        if not isinstance(name, str) or not name:
            continue
        spellings = [s for s in info.get("altSpellings") or () if isinstance(s, str) and s.isascii()]
        names = tuple(dict.fromkeys([name, *sorted(spellings, key=len, reverse=True)]))
        for capital in info.get("capital") if isinstance(info.get("capital"), list) else [info.get("capital")]:
            if isinstance(capital, str) and capital:
                for form in {capital, _OFFICIAL.sub("", capital)}:
                    capitals.setdefault(form, []).append(names)
        demonym = info.get("demonym")
        if isinstance(demonym, str) and demonym:
            demonyms.setdefault(demonym, []).append(names)
    out = {alias: found[0] for alias, found in capitals.items() if len(found) == 1}
    for alias, found in demonyms.items():
        out.setdefault(alias, min(found, key=lambda names: len(names[0])))
    return out


def read_places(question: str, known: Callable[[str], bool]) -> str:
    """The question with each capital or demonym that `known` (the corpus's words) lacks glossed by
    its country's first name the corpus knows: "Beijing (China)". A name the corpus uses is left
    as written, and so is a capital that is part of a longer name ("Bank of Seoul")."""
    aliases = place_aliases()
    spans: list[tuple[int, int, str]] = []
    for match in _alias_pattern().finditer(question):  # the longest alias at each place
        alias, (start, end) = match.group(0), match.span()
        if _in_longer_name(question, start, end) or _glossed(question, end):
            continue
        if alias[0].islower() or known(alias):
            continue
        country = next((name for name in aliases[alias] if known(name)), None)
        if country is not None and country.lower() != alias.lower():
            spans.append((start, end, country))
    for _, end, country in sorted(spans, reverse=True):
        question = f"{question[:end]} ({country}){question[end:]}"
    return question


@lru_cache(maxsize=1)
def _alias_pattern() -> re.Pattern[str]:
    names = sorted(place_aliases(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word runs on from the match ("Tokyo Electron", "Bank of Seoul")."""
    after = re.match(r"\s+(?:of\s+)?[A-Z]", text[end:])
    before = re.search(r"\b[A-Z]\w*\s+(?:of\s+)?$", text[:start])
    return after is not None or (before is not None and before.start() > 0)


def _glossed(text: str, end: int) -> bool:
    return text[end:].lstrip().startswith("(")


def _folded(text: str) -> str:
    """Lower case without accents: "Tamil Nādu" -> "tamil nadu"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=64)
def subdivision_names(country: str | None) -> frozenset[str]:
    """The folded names of a country's states, provinces, prefectures and counties (ISO 3166-2, by
    the country's alpha-2 code), or of every country's when None."""
    import pycountry

    every = list(pycountry.subdivisions)
    names = frozenset(_folded(s.name) for s in every if country is None or s.country_code == country)
    # Of every country's, not those that are ordinary words somewhere ("Central", "Capital", "Centre")
    return names if country else names - _ORDINARY


_ORDINARY = frozenset(
    "central centre center capital north south east west northern southern eastern western north-east "
    "north-west south-east south-west coast coastal island islands lake lakes river valley mountain "
    "highlands lowlands upper lower national federal city district metropolitan interior border".split()
)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def names_subdivision(sentence: str, country: str | None) -> bool:
    """Whether the sentence names a state, province or the like of `country` (alpha-2; any country's
    when None), written as a name (capitalised): "plants in Ohio and New York"."""
    names = subdivision_names(country)
    words = list(_WORD.finditer(sentence))
    for i, first in enumerate(words):
        if not first.group(0)[0].isupper():
            continue
        for size in range(1, 5):
            if i + size > len(words):
                break
            phrase = _folded(sentence[first.start() : words[i + size - 1].end()])
            if phrase in names:
                return True
    return False


# "Austin, TX 73301": a town, its region's ISO 3166-2 code and a postal code (a code alone, as in
# "Lithium, HS 2836" or "Japan, GDP", names no place)
_TOWN_REGION = re.compile(r"\b[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*,\s+([A-Z]{2,3})\s+\d{5,6}(?:-\d{4})?\b")


@lru_cache(maxsize=1)
def _region_codes() -> frozenset[str]:
    import pycountry

    return frozenset(s.code.split("-", 1)[1] for s in pycountry.subdivisions)


def names_place(sentence: str) -> bool:
    """Whether the sentence names a place: a country, a capital, a state or province, or a town
    with its region's code ("Austin, TX")."""
    if names_subdivision(sentence, None) or any(m.group(1) in _region_codes() for m in _TOWN_REGION.finditer(sentence)):
        return True
    if find_countries(sentence, (), known=frozenset()):
        return True
    return any(re.search(rf"\b{re.escape(alias)}\b", sentence) for alias in _capitals_in(sentence))


def _capitals_in(sentence: str) -> list[str]:
    return [alias for alias in place_aliases() if alias[:1].isupper() and alias in sentence]
