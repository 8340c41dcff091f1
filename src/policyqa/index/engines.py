"""The search structures an index builds: BM25 over stemmed tokens and FAISS over the vectors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..text import Stemmer, bm25_tokens

APPROX_THRESHOLD = 200_000  # chunks; above it an approximate (IVF) index replaces exact search
# IVF probes: 64 kept recall@10 0.967 against exact search at 1M chunks (benchmarks/results/scale-ivf.md)
IVF_NPROBE = 64


def build_bm25(texts: Sequence[str], stemmer: Stemmer | None) -> Any:
    import bm25s

    retriever = bm25s.BM25()
    corpus = [bm25_tokens(t, stemmer) or [""] for t in texts]
    retriever.index(corpus, show_progress=False)
    return retriever


def rare_terms(bm25: Any, *, share: float) -> frozenset[str]:
    """Terms found in at most `share` of the chunks (document frequency from the BM25 matrix)."""
    counts = np.diff(np.asarray(bm25.scores["indptr"]))
    limit = max(1, int(share * bm25.scores["num_docs"]))
    by_id = {i: term for term, i in bm25.vocab_dict.items()}
    return frozenset(by_id[i] for i in np.flatnonzero(counts <= limit) if by_id.get(i))


def term_shares(bm25: Any, groups: Sequence[str]) -> Callable[[str, str], float]:
    """share(term, group): the share of a group's chunks that use a term, where `groups` gives
    each chunk's group (its document), from the BM25 matrix (chunks per term)."""
    codes = {name: k for k, name in enumerate(dict.fromkeys(groups))}
    of_row = np.array([codes[name] for name in groups], dtype=np.int64)
    sizes = np.bincount(of_row, minlength=len(codes)) if len(of_row) else np.zeros(0, dtype=np.int64)
    indptr, indices = np.asarray(bm25.scores["indptr"]), np.asarray(bm25.scores["indices"])

    def share(term: str, group: str) -> float:
        i, code = bm25.vocab_dict.get(term), codes.get(group)
        if i is None or code is None or i + 1 >= len(indptr):
            return 0.0
        rows = indices[indptr[i] : indptr[i + 1]]
        return float(np.count_nonzero(of_row[rows] == code)) / float(sizes[code])

    return share


def build_dense(vectors: np.ndarray) -> Any:
    """Exact inner-product search; IVF (nlist = 2 sqrt(n)) above APPROX_THRESHOLD vectors."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype="float32")
    count, dimension = vectors.shape
    dense: faiss.Index
    if count <= APPROX_THRESHOLD:
        dense = faiss.IndexFlatIP(dimension)
    else:
        nlist = int(2 * np.sqrt(count))
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(count, size=min(count, 40 * nlist), replace=False)
        ivf.train(vectors[np.sort(sample)])
        ivf.nprobe = IVF_NPROBE
        dense = ivf
    if count:
        dense.add(vectors)
    return dense


def dense_kind(count: int) -> str:
    return "ivf" if count > APPROX_THRESHOLD else "flat"
