"""The tables' own words for the question's: "workers" read as the "Employees" a table prints.

A question's word that no table uses anywhere is read as the one table word that means the same,
when the embedding model puts the two close enough (cosine at least `SIMILAR`). The tables' words
are embedded at build time (`index.terms`); the question's few unknown words as it is asked.

Embeddings put synonyms close ("workers" and "employees" 0.83, "airplane" and "aircraft" 0.90),
but opposites and partners close too, some closer ("inflow" and "outflow" 0.90, "wife" and
"husband" 0.87, "buyer" and "seller" 0.83): no threshold tells them apart. So a word is read
otherwise only where nothing says it is a word of its own:

- no table prints it, and the document a table comes from never uses it in its text: a report
  that writes "tenant" in its prose and "Landlord" in a table means two things;
- it is no name (capitalised, first word included), number, or word that compares, ranks,
  changes or counts ("bigger", "grew", "three"): the operations read those;
- the two words are not one stem with its prefix swapped ("inflow", "outflow"; "overweight",
  "underweight"; "import", "export").

A verb the tables print as its noun ("redeemed" for the "Redemption" column, "produced" for
"Production") is one word in two forms, which embeddings do not put close ("redeemed" and
"redemption" 0.52): it is read as the noun by the regular ways English makes a noun of a verb
(`noun_forms`), under the same conditions.

The answer says how it read the question, so a reader sees the reading and can judge it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Table
from ..tables import TermVectors, terms_of
from ..text import NUMBER_WORDS, QUESTION_WORDS, STOP_WORDS, abbreviations, normal_words, singular, stem_of
from .cache import per_table
from .lookup import ALIKE, ASKING, printed_words
from .spelled import Reading, read_short_forms

SIMILAR = 0.8  # the cosine at which a table's word stands for the question's

# Words that say how to compare, rank, change, combine or count, never what: the operations read
# them, and the words the engine already reads as a table prints them ("overall", "women").
COMPARING = (
    frozenset(
        "large small big high low great long short"
        " highest largest most biggest greatest fastest steepest sharpest maximum top lowest smallest least fewest"
        " slowest minimum bottom higher lower larger smaller bigger greater more less fewer older younger newer"
        " earlier later faster slower first last second third fourth fifth half double twice triple times"
        " eleven twelve hundred thousand million billion trillion dozen factor multiple ratio every combined"
        " together altogether rise rose risen grow grew grown increase increased decrease decreased drop dropped"
        " fall fell fallen change changed decline declined shrink shrank shrunk gain gained lose lost climb"
        " climbed jump jumped outnumber outnumbered exceed exceeded surpass surpassed".split()
    )
    | frozenset(NUMBER_WORDS)
    | ASKING
    | frozenset(ALIKE)
)

_WORD = re.compile(r"\b[a-z]{4,}\b")  # a lower-case word of four letters or more: a capitalised one is a name


class ProseWords:
    """The word stems each document uses in its text, read on first asking: `(doc_id, text)`
    pairs of its passages, never its table rows. Its section headings (`headings`, the same pairs)
    count only where they spell an acronym out ("2.1 The MPIA (Multi-Party Interim ...)")."""

    def __init__(self, passages: Iterable[tuple[str, str]], headings: Iterable[tuple[str, str]] = ()) -> None:
        self._texts: dict[str, list[str]] = {}
        for doc_id, text in passages:
            self._texts.setdefault(doc_id, []).append(text)
        self._headings: dict[str, list[str]] = {}
        for doc_id, heading in dict.fromkeys(headings):
            self._headings.setdefault(doc_id, []).append(heading)
        self._read: dict[str, frozenset[str]] = {}
        self._spelled: dict[str, dict[str, str]] = {}

    def __call__(self, doc_id: str) -> frozenset[str]:
        if doc_id not in self._read:
            self._read[doc_id] = frozenset(stem_of(w) for t in self._texts.get(doc_id, ()) for w in normal_words(t))
        return self._read[doc_id]

    def spelled(self, doc_id: str) -> dict[str, str]:
        """The acronyms a document's text spells out, with the words each stands for."""
        if doc_id not in self._spelled:
            found: dict[str, str] = {}
            for text in (*self._texts.get(doc_id, ()), *self._headings.get(doc_id, ())):
                found |= {k: v for k, v in abbreviations(text).items() if k not in found}
            self._spelled[doc_id] = found
        return self._spelled[doc_id]


@dataclass(frozen=True)
class TermReader:
    """Reads a question in the tables' words: their vectors, and the model for the question's."""

    terms: TermVectors
    embed: Callable[[Sequence[str]], np.ndarray]
    prose: Callable[[str], frozenset[str]]  # a document's word stems in its text (not its tables)
    spelled: Callable[[str], Mapping[str, str]] = lambda doc_id: {}  # a document's acronyms spelt out

    def read(self, question: str, tables: Sequence[Table]) -> tuple[str, tuple[Reading, ...]]:
        """The question in the tables' words: their short forms (`spelled.read_short_forms`), then
        the words no table prints read as the nearest one in meaning."""
        short, spelt = read_short_forms(question, tables, self.spelled)
        read, readings = read_in_table_terms(short, tables, self.terms, self.embed, self.prose)
        return read, spelt + readings


def read_in_table_terms(
    question: str,
    tables: Sequence[Table],
    terms: TermVectors,
    embed: Callable[[Sequence[str]], np.ndarray],
    prose: Callable[[str], frozenset[str]] = lambda doc: frozenset(),
) -> tuple[str, tuple[Reading, ...]]:
    """The question with each word no table prints (any word a table prints, its notes too) read
    as the nearest table word in meaning, and the readings made; `prose(doc_id)` gives the word
    stems a document uses in its text. Unchanged when no reading is safe (see the module)."""
    candidates = _candidates(question, tables, terms, prose)
    if not candidates:
        return question, ()  # no model call: nothing to read, or no table to read it by
    asked_stems = {stem_of(w) for w in normal_words(question)}
    # A verb a table prints as its noun needs no model: the noun is the reading.
    nouns = [
        next((terms.words[r] for r in rows if terms.words[r] in noun_forms(lower)), None)
        for _, lower, rows in candidates
    ]
    left = [c for c, noun in zip(candidates, nouns, strict=True) if noun is None]
    similar = embed([lower for _, lower, _ in left]) @ terms.vectors.T if left else np.zeros((0, len(terms.words)))
    scored = iter(similar)
    readings, out, at = [], [], 0
    for (match, lower, rows), noun in zip(candidates, nouns, strict=True):
        if noun is not None:
            term, score = noun, 1.0
        else:
            scores = next(scored)
            best = rows[int(np.argmax(scores[rows]))]
            term, score = terms.words[best], float(scores[best])
        if score < SIMILAR or stem_of(term) in asked_stems or term in COMPARING or _swapped(lower, term):
            continue
        readings.append(Reading(match.group(0), term, round(score, 3)))
        out += [question[at : match.start()], term]
        at = match.end()
    out.append(question[at:])
    return "".join(out), tuple(readings)


# How English makes a noun of a verb: "redeem" -> "redemption", "consume" -> "consumption",
# "produce" -> "production", "describe" -> "description", "receive" -> "reception", "allocate" ->
# "allocation", "deduct" -> "deduction", "classify" -> "classification", "admit" -> "admission",
# "organize" -> "organization", "pay" -> "payment"
_NOMINALISED = (
    ("eem", "emption"),
    ("ume", "umption"),
    ("uce", "uction"),
    ("ibe", "iption"),
    ("eive", "eption"),
    ("ate", "ation"),
    ("ct", "ction"),
    ("ify", "ification"),
    ("mit", "mission"),
    ("ize", "ization"),
    ("ise", "isation"),
    ("", "ment"),
)


def noun_forms(word: str) -> frozenset[str]:
    """The nouns English regularly makes of a verb form ("redeemed", "redeeming", "redeems" ->
    "redemption"); none for a word no rule fits."""
    bases = {word}
    for ending, cut in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            bases.add(word[: -len(ending)] + cut)
    return frozenset(
        base[: len(base) - len(verb)] + noun
        for base in bases
        for verb, noun in _NOMINALISED
        if base.endswith(verb) and len(base) - len(verb) >= 2
    )


def _candidates(
    question: str, tables: Sequence[Table], terms: TermVectors, prose: Callable[[str], frozenset[str]]
) -> list[tuple[re.Match[str], str, list[int]]]:
    """The question's words no table prints that some table's words may stand for: each with its
    match, its singular lower-case form, and the rows of `terms` it may be read as."""
    everywhere = frozenset().union(*(printed_words(t) for t in tables))
    unknown = []
    for match in _WORD.finditer(question):
        lower = singular(match.group(0).lower())
        if lower in STOP_WORDS or lower in QUESTION_WORDS or match.group(0).lower() in COMPARING or lower in COMPARING:
            continue
        if stem_of(lower) not in everywhere:  # a word no table prints
            unknown.append((match, lower))
    if not unknown:
        return []
    about = _about(question, tables)
    index = terms.rows
    found = [(match, lower, _rows(lower, about, index, prose)) for match, lower in unknown]
    return [c for c in found if c[2]]


def _about(question: str, tables: Sequence[Table]) -> list[Table]:
    """The tables the question's other words are about: those printing at least half of the words
    it shares with any table (not its comparing and counting words). A word is read only as a word
    of such a table, never of another document's table it happens to sit close to."""
    asked = {stem_of(w) for w in normal_words(question) if w not in COMPARING and w not in STOP_WORDS}
    asked -= {stem_of(w) for w in QUESTION_WORDS}
    shared = [asked & printed_words(t) for t in tables]
    known = frozenset().union(*shared)
    if not known:
        return []
    return [t for t, said in zip(tables, shared, strict=True) if len(said) * 2 >= len(known)]


def _rows(
    word: str, tables: Sequence[Table], index: dict[str, int], prose: Callable[[str], frozenset[str]]
) -> list[int]:
    """The rows of `terms` a word may be read as: the words of the tables whose documents never
    use the word themselves."""
    stem = stem_of(word)
    own = [t for t in tables if stem not in prose(t.doc_id)]
    return sorted({index[w] for t in own for w in per_table(t, terms_of) if w in index})


SWAPPED_SUFFIX = 4  # the letters two words share at their end for one to be the other's prefix swapped


def _swapped(asked: str, term: str) -> bool:
    """Whether two words are one stem with different prefixes ("inflow"/"outflow", "import"/"export")."""
    shared = 0
    while shared < min(len(asked), len(term)) and asked[-1 - shared] == term[-1 - shared]:
        shared += 1
    return shared >= SWAPPED_SUFFIX and asked[:-shared] != term[:-shared] and bool(asked[:-shared] and term[:-shared])
