"""The tables' own words for the question's: "workers" read as the "Employees" a table prints.

A question's word that no table uses anywhere is read as the one table word that means the same,
when the embedding model puts the two close enough (cosine at least `SIMILAR`). The tables' words
are embedded at build time (`index.terms`); the question's few unknown words as it is asked.

Words that say how to compare, rank or count ("bigger", "three") are never read otherwise, and
neither are names, numbers or a word the tables print: only what the tables call by another
name is renamed. Embeddings put opposites close ("male" and "female" 0.73, "private" and
"public" 0.67, "high" and "low" 0.71), synonyms closer ("workers" and "employees" 0.85, "cars" and
"vehicles" 0.88, "handgun" and "pistol" 0.85): the threshold sits between the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Table
from ..tables import TermVectors, terms_of
from ..text import NUMBER_WORDS, QUESTION_WORDS, STOP_WORDS, singular, stem_of
from .cache import per_table
from .lookup import ALIKE, ASKING, printed_words

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

_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")  # a lower-case word of four letters or more (a capital first)


@dataclass(frozen=True, slots=True)
class Reading:
    """A question's word read as a table's: ("workers", "employee", 0.85)."""

    asked: str
    printed: str
    similarity: float


@dataclass(frozen=True)
class TermReader:
    """Reads a question in the tables' words: their vectors, and the model for the question's."""

    terms: TermVectors
    embed: Callable[[Sequence[str]], np.ndarray]

    def read(self, question: str, tables: Sequence[Table]) -> tuple[str, tuple[Reading, ...]]:
        return read_in_table_terms(question, tables, self.terms, self.embed)


def read_in_table_terms(
    question: str,
    tables: Sequence[Table],
    terms: TermVectors,
    embed: Callable[[Sequence[str]], np.ndarray],
) -> tuple[str, tuple[Reading, ...]]:
    """The question with each word no table prints (`any word a table prints, its notes too) replaced by
    the table word nearest in meaning, and the readings made; the question unchanged when none is
    near enough."""
    everywhere = frozenset().union(*(printed_words(t) for t in tables))
    unknown = []
    for match in _WORD.finditer(question):
        word = match.group(0)
        if word[0].isupper() and match.start() > 0:
            continue  # a name ("Quebec") is a name: no table's other word stands for it
        lower = singular(word.lower())
        if lower in STOP_WORDS or lower in QUESTION_WORDS or word.lower() in COMPARING or lower in COMPARING:
            continue
        if stem_of(lower) in everywhere:
            continue
        unknown.append((match, lower))
    if not unknown:
        return question, ()
    ours = frozenset().union(*(per_table(t, terms_of) for t in tables))
    rows = [i for i, w in enumerate(terms.words) if w in ours]
    if not rows:
        return question, ()
    candidates = terms.vectors[rows]
    similar = embed([lower for _, lower in unknown]) @ candidates.T
    asked_stems = {stem_of(singular(w.lower())) for w in _WORD.findall(question)}
    readings, out, at = [], [], 0
    for (match, _), scores in zip(unknown, similar, strict=True):
        best = int(np.argmax(scores))
        word = terms.words[rows[best]]
        if scores[best] < SIMILAR or stem_of(word) in asked_stems or word in COMPARING:
            continue
        readings.append(Reading(match.group(0), word, round(float(scores[best]), 3)))
        out += [question[at : match.start()], word]
        at = match.end()
    out.append(question[at:])
    return "".join(out), tuple(readings)
