"""A question's words read as the short forms a table prints: "kindergartners" as the "K" of a
column "Grade K", "angle-of-attack sensor test" as the row "AOA sensor system test", and
"prekindergarten through grade 12" as the column "PK–12".

Tables abbreviate where prose spells out. A short form is read for the question's words only
where the document says what it stands for: a note under the table ("PK=prekindergarten"), its
title, or the document's text ("angle of attack (AOA)"). A span is read as a table's range
"A–B" only where the question names both ends ("A through grade B", "A to B"), and not between
two years, whose spans the operations read themselves ("from 2013 through 2022").

Each reading is said in the answer, as the term readings are (`terms`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..records import Table
from ..text import abbreviations, singular, stem_of
from .cache import per_table


@dataclass(frozen=True, slots=True)
class Reading:
    """A question's word read as a table's: ("workers", "employee", 0.83); `term` is the table's
    word in the singular and lower case, as the tables' words are stored."""

    asked: str
    term: str
    similarity: float


Spelled = Callable[[str], Mapping[str, str]]  # a document's acronyms and what each stands for

ALIKE_WORD = 85  # rapidfuzz ratio at which an inflected word is the spelt-out one ("kindergartners")

_SHORT = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{0,7}(?![\w])")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_RANGE = re.compile(r"(?<![\w–-])([A-Za-z0-9]{1,4})\s?[–-]\s?([A-Za-z0-9]{1,4})(?![\w–-])")


def read_short_forms(question: str, tables: Sequence[Table], spelled: Spelled) -> tuple[str, tuple[Reading, ...]]:
    """The question with the words an acronym of some table stands for read as that acronym, then
    its ranges read as a table prints them; the readings made. Unchanged when none applies."""
    spans: list[tuple[int, int, str]] = []
    for short, words in _spelled_out(tables, spelled).items():
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w])", question) is None:
            spans += [(start, end, short) for start, end in _said(question, words)]
    read, readings = _replaced(question, spans)
    spans = []
    for first, last in sorted(frozenset().union(*(per_table(t, _ranges) for t in tables))) if tables else ():
        pattern = rf"\b{re.escape(first)}\s+(?:through|thru|to)\s+(?:[a-z]+\s+)?{re.escape(last)}\b"
        spans += [(m.start(), m.end(), f"{first}–{last}") for m in re.finditer(pattern, read, re.IGNORECASE)]
    read, ranged = _replaced(read, spans)
    for r in ranged:  # "prekindergarten through grade 12" as "PK–12", not "PK through grade 12"
        inner = [s for s in readings if re.search(rf"(?<![\w-]){re.escape(s.term)}(?![\w])", r.asked)]
        readings = tuple(s for s in readings if s not in inner)
        asked = r.asked
        for s in inner:
            asked = asked.replace(s.term, s.asked, 1)
        readings += (Reading(asked, r.term, r.similarity),)
    return read, readings


def _replaced(question: str, spans: list[tuple[int, int, str]]) -> tuple[str, tuple[Reading, ...]]:
    """The question with each span replaced by its reading (the longest of overlapping spans)."""
    kept: list[tuple[int, int, str]] = []
    for start, end, short in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, short))
    out, at, readings = [], 0, []
    for start, end, short in sorted(kept):
        out += [question[at:start], short]
        readings.append(Reading(question[start:end], short, 1.0))
        at = end
    out.append(question[at:])
    return "".join(out), tuple(readings)


def _spelled_out(tables: Sequence[Table], spelled: Spelled) -> dict[str, tuple[str, ...]]:
    """The acronyms the tables print that their notes, titles or documents spell out, each with the
    words it stands for (singular, lower case)."""
    out: dict[str, tuple[str, ...]] = {}
    for table in tables:
        shorts = per_table(table, _printed_shorts)
        if not shorts:
            continue
        own = per_table(table, _own_spellings)
        document = spelled(table.doc_id)
        for short in shorts:
            words = own.get(short) or document.get(short)
            if words and short not in out:
                out[short] = tuple(singular(w.lower()) for w in _WORD.findall(words))
    return out


def _printed_shorts(table: Table) -> frozenset[str]:
    """The upper-case short forms a table prints in its headers and row labels."""
    return frozenset(w for text in (*table.columns, *(r.label for r in table.rows)) for w in _SHORT.findall(text))


def _own_spellings(table: Table) -> dict[str, str]:
    return abbreviations(" ".join((table.title, *table.notes)))


def _ranges(table: Table) -> frozenset[tuple[str, str]]:
    """The ranges a table's headers and labels print ("PK–12", "9–12"), not two years'."""
    found = set()
    for text in (*table.columns, *(r.label for r in table.rows)):
        for first, last in _RANGE.findall(text):
            if not (first.isdigit() and last.isdigit() and len(first) == 4):
                found.add((first, last))
    return frozenset(found)


def _said(question: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the question says `words` one after another (an inflection or hyphens apart)."""
    tokens = list(_WORD.finditer(question))
    found = []
    for at in range(len(tokens) - len(words) + 1):
        window = tokens[at : at + len(words)]
        if all(_same(m.group(0), w) for m, w in zip(window, words, strict=True)):
            found.append((window[0].start(), window[-1].end()))
    return found


def _same(asked: str, word: str) -> bool:
    asked = singular(asked.lower())
    if asked == word or stem_of(asked) == stem_of(word):
        return True
    return min(len(asked), len(word)) >= 6 and asked[:4] == word[:4] and fuzz.ratio(asked, word) >= ALIKE_WORD
