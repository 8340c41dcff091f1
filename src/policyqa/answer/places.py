"""Places a question names by their capital or their people where the corpus names the country.

Analysts write "Washington" for the United States, "Seoul-Tokyo cooperation", "Dutch exports";
reports print the country. A capital or demonym the corpus never uses is read as its country,
as the corpus names it ("What did Beijing block ..." -> "What did China block ..."), so that
retrieval finds the passages and abstention does not decline for a name the corpus does hold.
A name the corpus uses itself ("Tokyo Electron", "Japanese") is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

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
    for alias in sorted(aliases, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", question):
            start, end = match.span()
            taken = any(s < end and start < e for s, e, _ in spans)
            if taken or _in_longer_name(question, start, end) or _glossed(question, end):
                continue
            if alias[0].islower() or known(alias):
                continue
            country = next((name for name in aliases[alias] if known(name)), None)
            if country is not None and country.lower() != alias.lower():
                spans.append((start, end, country))
    for _, end, country in sorted(spans, reverse=True):
        question = f"{question[:end]} ({country}){question[end:]}"
    return question


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word runs on from the match ("Tokyo Electron", "Bank of Seoul")."""
    after = re.match(r"(?:'s)?\s+(?:of\s+)?([A-Z]\w*)", text[end:])
    before = re.search(r"\b([A-Z]\w*)\s+(?:of\s+)?$", text[:start])
    return bool(after and not after.group(0).startswith("'")) or bool(before and before.start() > 0)


def _glossed(text: str, end: int) -> bool:
    return text[end:].lstrip().startswith("(")
