"""The search structures an index builds: BM25 over stemmed tokens and FAISS over the vectors."""

from __future__ import annotations

from collections.abc import Sequence
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
