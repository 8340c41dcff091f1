"""Evidence sentences and their vectors, embedded once at build time so a question encodes only itself.

An answer weighs the sentences of its top passages against the question. Which sentences those
are depends on the chunk's text alone (`evidence_spans`), so the build embeds them all and stores
them beside the chunk vectors: `sentence_spans.npy` (chunk row, start, end; sorted) and
`sentences.npy` (one unit vector per span). A table row's evidence is the whole row, whose vector
is the chunk's own, so rows store nothing here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Chunk, Hit
from ..text import evidence_spans
from .embed import Embedder, embed_in_batches

SENTENCES = "sentences.npy"
SENTENCE_SPANS = "sentence_spans.npy"


@dataclass(frozen=True)
class SentenceVectors:
    """Stored evidence-sentence vectors: row i is chunk `spans[i, 0]`'s text[spans[i, 1]:spans[i, 2]]."""

    spans: np.ndarray  # (n, 3) int64, sorted by chunk row then start
    vectors: np.ndarray  # (n, dimension) float32, unit length

    def find(self, row: int, start: int, end: int) -> int | None:
        """The stored row of one chunk's span, or None when it was not stored."""
        first = int(np.searchsorted(self.spans[:, 0], row, side="left"))
        last = int(np.searchsorted(self.spans[:, 0], row, side="right"))
        for position in range(first, last):
            if self.spans[position, 1] == start and self.spans[position, 2] == end:
                return position
        return None

    def texts(self, chunks: Sequence[Chunk]) -> list[str]:
        """Each stored span's text, in row order."""
        return [chunks[int(row)].text[int(start) : int(end)] for row, start, end in self.spans]


def empty_sentences(dimension: int) -> SentenceVectors:
    return SentenceVectors(np.zeros((0, 3), dtype="int64"), np.zeros((0, dimension), dtype="float32"))


def sentence_cache(chunks: Sequence[Chunk], sentences: SentenceVectors | None) -> dict[str, np.ndarray]:
    """A previous generation's sentence vectors by text hash, for reuse by the next build."""
    if sentences is None:
        return {}
    return {_text_key(text): sentences.vectors[i] for i, text in enumerate(sentences.texts(chunks))}


def missing_sentences(chunks: Sequence[Chunk], cached: Mapping[str, np.ndarray]) -> list[str]:
    """The distinct evidence sentences of `chunks` that `cached` lacks (a whole chunk has its own vector)."""
    wanted = {
        chunk.text[start:end]
        for chunk in chunks
        if chunk.kind != "table_row"
        for start, end in evidence_spans(chunk.text, chunk.kind)
        if (start, end) != (0, len(chunk.text))
    }
    return sorted(text for text in wanted if _text_key(text) not in cached)


def embed_sentences(
    chunks: Sequence[Chunk],
    chunk_vectors: np.ndarray,
    embedder: Embedder | None,
    cached: Mapping[str, np.ndarray],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[SentenceVectors, int]:
    """Every passage's evidence sentences with its vector: reused by text, embedded for the rest.

    A sentence that is its whole chunk takes the chunk's vector (row i of `chunk_vectors`).
    Returns the vectors and how many sentences were embedded; `embedder` may be None only when
    `missing_sentences` finds none.
    """
    wanted = missing_sentences(chunks, cached)
    lookup = dict(cached)
    if wanted:
        if embedder is None:
            raise ValueError(f"{len(wanted)} sentences to embed but no model to embed them")
        lookup.update(zip(map(_text_key, wanted), embed_in_batches(embedder, wanted, progress=progress), strict=True))
    spans: list[tuple[int, int, int]] = []
    vectors: list[np.ndarray] = []
    for row, chunk in enumerate(chunks):
        if chunk.kind == "table_row":
            continue
        for start, end in evidence_spans(chunk.text, chunk.kind):
            spans.append((row, start, end))
            whole = (start, end) == (0, len(chunk.text))
            vectors.append(chunk_vectors[row] if whole else lookup[_text_key(chunk.text[start:end])])
    if not spans:
        return empty_sentences(chunk_vectors.shape[1]), len(wanted)
    stored = SentenceVectors(np.asarray(spans, dtype="int64"), np.stack(vectors).astype("float32"))
    return stored, len(wanted)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SpanVectors:
    """Vectors of an open index's evidence spans: the stored ones looked up, any other embedded.

    Only an index of format 3 (no stored sentences) or a span the build did not store (none, as
    `evidence_spans` decides both) reaches the embedder.
    """

    def __init__(
        self,
        chunk_vectors: np.ndarray,
        stored: SentenceVectors | None,
        row_of: Callable[[str], int],
        embedder: Embedder,
    ) -> None:
        self.chunk_vectors = chunk_vectors
        self.stored = stored
        self.row_of = row_of
        self.embedder = embedder

    def __call__(self, found: Sequence[tuple[Hit, int, int]]) -> np.ndarray:
        out = np.zeros((len(found), self.chunk_vectors.shape[1]), dtype="float32")
        missing: list[int] = []
        for i, (hit, start, end) in enumerate(found):
            row = self.row_of(hit.chunk.chunk_id)
            if hit.chunk.kind == "table_row" and (start, end) == (0, len(hit.chunk.text)):
                out[i] = self.chunk_vectors[row]  # a row's evidence is the row: the chunk's own vector
                continue
            stored = self.stored
            position = stored.find(row, start, end) if stored is not None else None
            if stored is None or position is None:
                missing.append(i)
            else:
                out[i] = stored.vectors[position]
        if missing:
            out[missing] = self.embedder.embed([found[i][0].chunk.text[found[i][1] : found[i][2]] for i in missing])
        return out
