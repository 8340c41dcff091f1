"""The words tables name their rows and columns with, and those words' vectors (embedded at build time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..records import Table
from ..text import QUESTION_WORDS, STOP_WORDS, normal_words


@dataclass(frozen=True)
class TermVectors:
    """The tables' words and their unit vectors, row i for words[i]."""

    words: tuple[str, ...]
    vectors: np.ndarray

    @cached_property
    def rows(self) -> dict[str, int]:
        """Each word's row, read once: a question looks words up, it does not rebuild this."""
        return {word: row for row, word in enumerate(self.words)}


def table_terms(tables: Sequence[Table]) -> tuple[str, ...]:
    """Every word the tables name rows and columns with, singular and lower-case, sorted."""
    return tuple(sorted(frozenset().union(*(terms_of(t) for t in tables))))


def terms_of(table: Table) -> frozenset[str]:
    """The words of a table's title, section, headers, row labels, groups and text cells: not its
    notes, not its numbers, not function words."""
    texts = [table.title, table.section or "", *table.columns]
    for row in table.rows:
        texts += [row.label, row.group or ""]
        texts += [c for j, c in enumerate(row.cells) if j < len(row.values) and row.values[j] is None]
    found = {w for text in texts for w in normal_words(text) if w.isalpha() and len(w) >= 3}
    return frozenset(w for w in found if w not in STOP_WORDS and w not in QUESTION_WORDS)
