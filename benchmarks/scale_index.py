"""Index pieces of the scale benchmark: synthetic IndexContents, and exact, IVF and HNSW dense indexes."""

from __future__ import annotations

import math
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from policyqa.index.engines import dense_kind
from policyqa.index.manifest import DocumentEntry, IndexContents, Manifest, StoredDocument
from policyqa.records import Chunk
from policyqa.settings import ChunkerSettings

CHUNKS_PER_DOCUMENT = 1000
HNSW_PROBE = 100_000  # vectors added before the projected HNSW build time is checked
EF_SEARCH = (16, 32, 64, 128, 256)  # the package searched with 128 before it moved to IVF
NPROBE = (4, 8, 16, 32, 64, 128)
EF_CONSTRUCTION_UP_TO = 100_000  # sizes at which a better-built HNSW graph is measured for comparison


def synthetic_contents(pairs, vectors: np.ndarray, *, model: str, dimension: int) -> IndexContents:
    """An index of (kind, text) chunks, a thousand to a document, as build_index would write it."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    documents, chunks = [], []
    for first in range(0, len(pairs), CHUNKS_PER_DOCUMENT):
        doc_id = f"synthetic-{first // CHUNKS_PER_DOCUMENT:05d}"
        text, spans = _joined([t for _, t in pairs[first : first + CHUNKS_PER_DOCUMENT]])
        for ordinal, ((kind, chunk_text), (start, end)) in enumerate(
            zip(pairs[first : first + CHUNKS_PER_DOCUMENT], spans, strict=False)
        ):
            chunks.append(Chunk(f"{doc_id}:{ordinal}", doc_id, chunk_text, kind, None, None, start, end))
        entry = DocumentEntry(doc_id, f"Synthetic report {doc_id}", f"{doc_id}.txt", "0" * 64, None, len(spans), 0, now)
        documents.append(StoredDocument(entry, text, ()))
    manifest = Manifest(
        model=model,
        dimension=dimension,
        chunker=ChunkerSettings().as_dict(),
        documents=tuple(d.entry for d in documents),
        chunks=len(chunks),
        tables=0,
        built_at=now,
        build_seconds=0.0,
        dense=dense_kind(len(chunks)),
    )
    return IndexContents(manifest, tuple(documents), tuple(chunks), vectors)


def _joined(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, offset = [], 0
    for text in texts:
        spans.append((offset, offset + len(text)))
        offset += len(text) + 2
    return "\n\n".join(texts), spans


def exact_index(vectors: np.ndarray):
    """The package's exact search (index.build_dense at or below APPROX_THRESHOLD), at any size."""
    return _forced_dense(vectors, threshold=10**12)


def package_ivf(vectors: np.ndarray, *, flat, queries: np.ndarray):
    """The package's approximate index (IVF from index.build_dense above APPROX_THRESHOLD), forced at
    this size, with its build time, nprobe sweep and serialized size."""
    import policyqa.index.engines as index_module

    started = time.perf_counter()
    ivf = _forced_dense(vectors, threshold=-1)
    info = {
        "kind": f"ivf-flat (nlist={ivf.nlist}, nprobe={index_module.IVF_NPROBE})",
        "build_s": round(time.perf_counter() - started, 1),
    }
    info["sweep"] = _sweep(ivf, "nprobe", NPROBE, flat, queries)
    ivf.nprobe = index_module.IVF_NPROBE
    return ivf, info | {"serialized_mib": _serialized_mib(ivf)}


def reference_hnsw(vectors: np.ndarray, *, budget_s: float, flat, queries: np.ndarray):
    """HNSW as the package built it before IVF (M=32, efConstruction 40, efSearch 128), for comparison;
    None when its projected build time exceeds `budget_s`."""
    started = time.perf_counter()
    hnsw, projected = _hnsw(vectors, budget_s)
    if hnsw is None:
        return None, {
            "kind": "hnsw (M=32, efSearch=128)",
            "abandoned": {
                "projected_build_s": round(projected),
                "probe_s": round(time.perf_counter() - started, 1),
                "probe_vectors": HNSW_PROBE,
            },
        }
    info = {"kind": "hnsw (M=32, efSearch=128)", "build_s": round(time.perf_counter() - started, 1)}
    info["sweep"] = _sweep(hnsw, "efSearch", EF_SEARCH, flat, queries)
    hnsw.hnsw.efSearch = 128
    if len(vectors) <= EF_CONSTRUCTION_UP_TO:
        info["ef_construction_200"] = _better_graph(vectors, flat, queries)
    return hnsw, info


def _forced_dense(vectors: np.ndarray, *, threshold: int):
    """index.build_dense with APPROX_THRESHOLD set for this call: exact or IVF whatever the size."""
    import policyqa.index.engines as index_module

    saved, index_module.APPROX_THRESHOLD = index_module.APPROX_THRESHOLD, threshold
    try:
        return index_module.build_dense(vectors)
    finally:
        index_module.APPROX_THRESHOLD = saved


def _hnsw(vectors: np.ndarray, budget_s: float):
    """HNSW built in blocks; (None, projection) once its build would overrun the budget."""
    import faiss

    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    started = time.perf_counter()
    for first in range(0, len(vectors), HNSW_PROBE):
        hnsw.add(np.ascontiguousarray(vectors[first : first + HNSW_PROBE]))
        added = min(len(vectors), first + HNSW_PROBE)
        # insertion cost grows with log(n): project the rest from the rate so far
        projected = (time.perf_counter() - started) / added * len(vectors) * math.log(len(vectors)) / math.log(added)
        if added < len(vectors) and projected > budget_s:
            return None, projected
    return hnsw, projected


def _better_graph(vectors: np.ndarray, flat, queries: np.ndarray) -> dict:
    """The reference HNSW with efConstruction 200 instead of FAISS's 40: cost and recall."""
    import faiss

    started = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 200
    hnsw.add(np.ascontiguousarray(vectors))
    hnsw.hnsw.efSearch = 128
    return {
        "build_s": round(time.perf_counter() - started, 1),
        "recall_at_10": recall_at_10(flat, hnsw, queries),
        "score_ratio_at_10": score_ratio_at_10(flat, hnsw, queries),
    }


def _sweep(index, knob: str, values, flat, queries: np.ndarray) -> list[dict]:
    """Recall@10 against flat and mean search time per query, for each setting of the knob."""
    import faiss

    out, threads = [], faiss.omp_get_max_threads()
    for value in values:
        setattr(index.hnsw if knob == "efSearch" else index, knob, value)
        faiss.omp_set_num_threads(1)  # one query at a time, on one thread, as in bench_scale.latencies
        started = time.perf_counter()
        for q in queries:
            index.search(q.reshape(1, -1), 10)
        ms = (time.perf_counter() - started) * 1000 / len(queries)
        faiss.omp_set_num_threads(threads)
        out.append(
            {
                "value": value,
                "recall_at_10": recall_at_10(flat, index, queries),
                "score_ratio_at_10": score_ratio_at_10(flat, index, queries),
                "mean_ms": round(ms, 2),
            }
        )
    return out


def recall_at_10(flat, approx, queries: np.ndarray) -> float:
    """Mean share of flat's top 10 that the approximate index also returns."""
    _, exact = flat.search(np.ascontiguousarray(queries, dtype="float32"), 10)
    _, found = approx.search(np.ascontiguousarray(queries, dtype="float32"), 10)
    return round(float(np.mean([len(set(e) & set(f)) / 10 for e, f in zip(exact, found, strict=True)])), 4)


def score_ratio_at_10(flat, approx, queries: np.ndarray) -> float:
    """Mean similarity of the approximate top 10 over that of the exact top 10: near 1 when the
    chunks it misses are swapped for near-equals (the synthetic corpus has many near-duplicates)."""
    exact, _ = flat.search(np.ascontiguousarray(queries, dtype="float32"), 10)
    found, _ = approx.search(np.ascontiguousarray(queries, dtype="float32"), 10)
    return round(float(np.mean(found.sum(axis=1) / exact.sum(axis=1))), 4)


def _serialized_mib(index) -> float:
    import faiss

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dense.faiss"
        faiss.write_index(index, str(path))
        return round(path.stat().st_size / 2**20, 1)
