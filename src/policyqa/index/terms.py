"""The tables' words embedded at build time: what the figures engine reads a question's other words as.

Two files per generation: `terms.npy` (the words, a unicode array) and `term_vectors.npy` (their
unit vectors, row i for word i). A build reuses the previous generation's vectors by word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..records import Table
from ..tables import TermVectors, table_terms
from .embed import Embedder, embed_in_batches

TERMS = "terms.npy"
TERM_VECTORS = "term_vectors.npy"


def empty_terms(dimension: int) -> TermVectors:
    return TermVectors((), np.zeros((0, dimension), dtype="float32"))


def term_cache(terms: TermVectors | None) -> dict[str, np.ndarray]:
    """A previous generation's word vectors by word, for reuse by the next build."""
    return {} if terms is None else dict(zip(terms.words, terms.vectors, strict=True))


def missing_terms(tables: Sequence[Table], cached: dict[str, np.ndarray]) -> list[str]:
    return [w for w in table_terms(tables) if w not in cached]


def embed_terms(
    tables: Sequence[Table],
    embedder: Embedder | None,
    cached: dict[str, np.ndarray],
    dimension: int,
    progress: Callable[[int, int], None] | None = None,
) -> TermVectors:
    """Every table word with its vector: reused by word, embedded for the rest (`embedder` may be
    None only when none is missing)."""
    words = table_terms(tables)
    wanted = [w for w in words if w not in cached]
    found = dict(cached)
    if wanted:
        if embedder is None:
            raise ValueError(f"{len(wanted)} table words to embed but no model to embed them")
        found.update(zip(wanted, embed_in_batches(embedder, wanted, progress=progress), strict=True))
    if not words:
        return empty_terms(dimension)
    return TermVectors(words, np.stack([found[w] for w in words]).astype("float32"))


def save_words(path: str, words: Sequence[str]) -> None:
    np.save(path, np.asarray(words, dtype=str) if words else np.zeros(0, dtype="<U1"), allow_pickle=False)
