"""Hybrid retrieval: dense (FAISS) and BM25 rankings fused by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..index import Embedder, LoadedIndex
from ..records import Hit
from ..text import bm25_tokens, make_stemmer

MODES = ("bm25", "dense", "hybrid")
# A filter that leaves at most this many rows is searched exactly over those rows alone: cheaper than
# exact search over all rows with a selector, and than IVF, which above 200,000 chunks scans 64 lists
# of about sqrt(n)/2 vectors (32,000 at a million chunks) and misses some (benchmarks/results/scale.md).
SUBSET_EXACT = 20_000


@dataclass(frozen=True, slots=True)
class Ranking:
    """One retriever's candidates: chunk rows, best first, with that retriever's scores."""

    rows: tuple[int, ...]
    scores: tuple[float, ...]


def rrf_fuse(rankings: Sequence[Ranking], *, k: int = 60) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the rankings a row appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking.rows, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def top_rows(scores: np.ndarray, limit: int, *, minimum: float | None = None) -> Ranking:
    """The `limit` best rows of a score vector, ties broken by row order."""
    limit = min(limit, len(scores))
    if limit <= 0:
        return Ranking((), ())
    best = np.argpartition(-scores, limit - 1)[:limit]
    best = best[np.lexsort((best, -scores[best]))]
    if minimum is not None:
        best = best[scores[best] > minimum]
    return Ranking(tuple(int(r) for r in best), tuple(float(scores[r]) for r in best))


class Retriever:
    """Holds an open index and the query-side model."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, *, rrf_k: int = 60) -> None:
        self.index = index
        self.embedder = embedder
        self.rrf_k = rrf_k
        self._stemmer = make_stemmer()
        self._titles = {d.entry.doc_id: d.entry.title for d in index.contents.documents}
        self._rows = {c.chunk_id: row for row, c in enumerate(index.contents.chunks)}
        # Each row's document and kind as small integer codes, so a filter is one vectorised comparison.
        self._doc_codes, self._row_docs = _codes([c.doc_id for c in index.contents.chunks])
        self._kind_codes, self._row_kinds = _codes([c.kind for c in index.contents.chunks])

    @property
    def size(self) -> int:
        return len(self.index.contents.chunks)

    def embed_query(self, query: str) -> np.ndarray:
        vector: np.ndarray = self.embedder.embed([query])[0]
        return vector

    def allowed_rows(
        self, *, docs: Collection[str] | None = None, kinds: Collection[str] | None = None
    ) -> np.ndarray | None:
        """Rows of the chunks within the given documents and kinds (None: no restriction)."""
        if docs is None and kinds is None:
            return None
        keep = np.ones(self.size, dtype=bool)
        for wanted, codes, rows in (
            (docs, self._doc_codes, self._row_docs),
            (kinds, self._kind_codes, self._row_kinds),
        ):
            if wanted is not None:
                keep &= np.isin(rows, [codes[w] for w in wanted if w in codes])
        return np.flatnonzero(keep).astype("int64")

    def dense(self, vector: np.ndarray, limit: int, *, allowed: np.ndarray | None = None) -> Ranking:
        if self.size == 0 or (allowed is not None and not len(allowed)):
            return Ranking((), ())
        if allowed is not None and len(allowed) <= SUBSET_EXACT:
            # Few rows allowed: scoring just those is exact and cheaper than any index over all rows.
            ranked = top_rows(self.index.contents.vectors[allowed] @ vector, limit)
            return Ranking(tuple(int(allowed[r]) for r in ranked.rows), ranked.scores)
        params: Any = None  # faiss search parameters
        if allowed is not None:
            import faiss

            selector = faiss.IDSelectorBatch(allowed)
            if hasattr(self.index.dense, "nprobe"):  # IVF takes its own parameter type
                # Keywords set the parameters' fields; faiss's stubs do not list them.
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self.index.dense.nprobe)  # type: ignore[call-arg]
            else:
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        scores, rows = self.index.dense.search(vector.reshape(1, -1), min(limit, self.size), params=params)
        keep = rows[0] >= 0  # FAISS pads with -1 when it has fewer results
        return Ranking(tuple(int(r) for r in rows[0][keep]), tuple(float(s) for s in scores[0][keep]))

    def bm25(self, query: str, limit: int, *, allowed: np.ndarray | None = None) -> Ranking:
        tokens = bm25_tokens(query, self._stemmer)
        if self.size == 0 or not tokens:
            return Ranking((), ())
        scores = np.asarray(self.index.bm25.get_scores(tokens), dtype="float32")
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[allowed] = True
            scores = np.where(mask, scores, 0.0)
        return top_rows(scores, limit, minimum=0.0)

    def search(
        self,
        query: str,
        *,
        k: int,
        mode: str = "hybrid",
        candidates: int = 50,
        vector: np.ndarray | None = None,
        allowed: np.ndarray | None = None,
    ) -> tuple[Hit, ...]:
        """The k best chunks for `query`, only among `allowed` rows when given; mode is one of MODES."""
        if mode == "dense":
            ranked = _as_pairs(self.dense(self._vector(query, vector), k, allowed=allowed))
        elif mode == "bm25":
            ranked = _as_pairs(self.bm25(query, k, allowed=allowed))
        elif mode == "hybrid":
            limit = max(k, candidates)
            dense = self.dense(self._vector(query, vector), limit, allowed=allowed)
            rankings = [dense, self.bm25(query, limit, allowed=allowed)]
            ranked = rrf_fuse(rankings, k=self.rrf_k)
        else:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose one of {', '.join(MODES)}")
        return tuple(self._hit(row, score, rank) for rank, (row, score) in enumerate(ranked[:k], 1))

    def _vector(self, query: str, vector: np.ndarray | None) -> np.ndarray:
        """The query's vector: the one given, else embedded now."""
        return vector if vector is not None else self.embed_query(query)

    def _hit(self, row: int, score: float, rank: int) -> Hit:
        chunk = self.index.contents.chunks[row]
        return Hit(chunk=chunk, title=self._titles.get(chunk.doc_id, chunk.doc_id), score=score, rank=rank)

    def title_of(self, doc_id: str) -> str:
        return self._titles.get(doc_id, doc_id)

    def row_of(self, chunk_id: str) -> int:
        return self._rows[chunk_id]

    def term_share(self, term: str, doc_id: str) -> float:
        """The share of a document's chunks that use a stemmed BM25 term (its theme words use many),
        from the BM25 matrix's chunks per term."""
        i, code = self.index.bm25.vocab_dict.get(term), self._doc_codes.get(doc_id)
        if i is None or code is None:
            return 0.0
        scores = self.index.bm25.scores
        rows = scores["indices"][scores["indptr"][i] : scores["indptr"][i + 1]]
        return float(np.count_nonzero(self._row_docs[rows] == code)) / float(self._doc_sizes[code])

    @cached_property
    def _doc_sizes(self) -> np.ndarray:
        return np.bincount(self._row_docs, minlength=len(self._doc_codes))

    def similarity(self, vector: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """Cosine similarity of a query vector to the stored vectors of `rows`."""
        similarities: np.ndarray = self.index.contents.vectors[list(rows)] @ vector
        return similarities


def _as_pairs(ranking: Ranking) -> list[tuple[int, float]]:
    return list(zip(ranking.rows, ranking.scores, strict=True))


def _codes(values: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """Each distinct value's code, and the code of every value in order."""
    codes: dict[str, int] = {}
    rows = np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype="int32", count=len(values))
    return codes, rows
