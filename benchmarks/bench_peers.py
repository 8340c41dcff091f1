"""Peers: policyqa's hybrid search beside a Haystack hybrid pipeline and plain MiniLM + FAISS, in one process,
on the same chunks and the same dev questions: Hit@1, Hit@5, MRR@10 and warm latency per query, each latency
also as a multiple of one bare MiniLM query encoding measured in the same run.

Run: .venv/bin/python benchmarks/bench_peers.py [--repeats 3] [--index DIR]
Needs the peers extra: .venv/bin/pip install -e '.[peers]'
Writes benchmarks/results/peers.json and peers.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")  # Haystack posts usage events unless told not to
sys.path.insert(0, str(Path(__file__).resolve().parent))

from policyqa import Assistant, build_index, load_embedder
from policyqa.evaluate.gold import GoldQuestion, load_gold
from policyqa.evaluate.metrics import first_relevant, qrels_for, retrieval_metrics
from policyqa.index.embed import Embedder, resolve_model_path
from policyqa.records import Chunk
from policyqa.settings import DEFAULT_MODEL, Settings

from common import DEV, REPO, percentiles, save, table, timed_ms

TOP_K = 10  # hits scored per question: MRR@10 needs ten
KS = (1, 5)
CANDIDATES = Settings().candidates  # per retriever before fusion, as policyqa's hybrid search takes them
WARM_UP = "Which report discusses semiconductor subsidies?"  # not a dev question: a fresh Assistant's first search
BASELINE = "MiniLM query encoding"
SCRATCH = Path(tempfile.gettempdir()) / "policyqa-bench-peers" / "index"
VERSIONS = ("haystack-ai", "sentence-transformers-haystack", "sentence-transformers", "faiss-cpu", "torch")

Search = Callable[[str], list[str]]  # one query -> ranked chunk ids


@dataclass(frozen=True)
class Contender:
    name: str
    start: Callable[[], Search]  # a searcher with empty caches; its model and index stay loaded


@dataclass(frozen=True)
class Judged:
    questions: tuple[GoldQuestion, ...]  # answerable dev questions with at least one relevant chunk
    qrels: dict[str, set[str]]  # question id -> relevant chunk ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over the questions, after one warm-up")
    parser.add_argument("--index", type=Path, default=SCRATCH, help="scratch index folder (reused when current)")
    args = parser.parse_args()
    embedder = load_embedder(DEFAULT_MODEL, runtime="torch")  # the encoder the peers use: only retrieval differs
    built = build_index(REPO / "corpus", args.index, embedder=embedder)
    with Assistant.from_index(args.index, embedder=embedder) as opened:
        chunks = opened.chunks()
    judged = judge(chunks)
    model = _sentence_transformer()
    haystack, haystack_vectors = haystack_hybrid(chunks)
    faiss_search, faiss_vectors = faiss_flat(chunks, model)
    contenders = [
        Contender("policyqa hybrid", policyqa_hybrid(args.index, embedder)),
        Contender(
            "policyqa hybrid, its default encoder (onnxruntime)",
            policyqa_hybrid(args.index, load_embedder(DEFAULT_MODEL)),
        ),
        Contender("Haystack hybrid", lambda: haystack),
        Contender("MiniLM + FAISS", lambda: faiss_search),
        Contender(BASELINE, bare_encoding(model)),
    ]
    texts = [q.q for q in judged.questions]
    runs = {c.name: ranked(c.start(), judged.questions) for c in contenders}  # the warm-up pass, scored
    samples = timings(contenders, texts, args.repeats)
    result = {
        "questions": len(texts),
        "chunks": len(chunks),
        "repeats": args.repeats,
        "index": {"path": str(args.index), "wrote": built.wrote, "seconds": built.seconds},
        "model": resolve_model_path(DEFAULT_MODEL),
        "candidates_per_retriever": CANDIDATES,
        "versions": _versions(),
        "embedding_max_abs_difference": float(np.max(np.abs(haystack_vectors - faiss_vectors))),
        "systems": summarise(runs, samples, judged),
    }
    save("peers", result, markdown(result))


def judge(chunks: Sequence[Chunk]) -> Judged:
    """The answerable dev questions with gold sources, and their relevant chunks as `policyqa eval` finds them."""
    gold, _ = load_gold(DEV)
    texts = {c.chunk_id: c.text for c in chunks}
    qrels = {q.id: qrels_for(q.support, texts) for q in gold if q.kind != "abstain"}
    return Judged(tuple(q for q in gold if qrels.get(q.id)), {k: v for k, v in qrels.items() if v})


def policyqa_hybrid(index: Path, embedder: Embedder) -> Callable[[], Search]:
    """A fresh Assistant each pass: it caches query embeddings, which would make later passes free."""

    def start() -> Search:
        assistant = Assistant.from_index(index, embedder=embedder)
        assistant.search(WARM_UP, TOP_K, mode="hybrid")
        return lambda query: [h.chunk.chunk_id for h in assistant.search(query, TOP_K, mode="hybrid")]

    return start


def haystack_hybrid(chunks: Sequence[Chunk]) -> tuple[Callable[[str], list[str]], np.ndarray]:
    """Text embedder -> embedding retriever, and BM25, fused by RRF; also the chunk vectors it stored."""
    from haystack import Document, Pipeline
    from haystack.components.joiners import DocumentJoiner
    from haystack.components.retrievers.in_memory import InMemoryBM25Retriever, InMemoryEmbeddingRetriever
    from haystack.document_stores.in_memory import InMemoryDocumentStore

    document_embedder, text_embedder = _haystack_embedders()
    documents = [Document(id=c.chunk_id, content=c.text, meta={"doc_id": c.doc_id, "page": c.page}) for c in chunks]
    document_embedder.warm_up()
    embedded = document_embedder.run(documents=documents)["documents"]
    store = InMemoryDocumentStore()
    store.write_documents(embedded)
    pipeline = Pipeline()
    pipeline.add_component("text_embedder", text_embedder)
    pipeline.add_component("embedding_retriever", InMemoryEmbeddingRetriever(store, top_k=CANDIDATES))
    pipeline.add_component("bm25_retriever", InMemoryBM25Retriever(store, top_k=CANDIDATES))
    pipeline.add_component("joiner", DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=TOP_K))
    pipeline.connect("text_embedder.embedding", "embedding_retriever.query_embedding")
    pipeline.connect("embedding_retriever", "joiner")
    pipeline.connect("bm25_retriever", "joiner")
    pipeline.warm_up()

    def search(query: str) -> list[str]:
        out = pipeline.run({"text_embedder": {"text": query}, "bm25_retriever": {"query": query}})
        return [d.id for d in out["joiner"]["documents"]]

    order = {d.id: d.embedding for d in embedded}
    return search, np.asarray([order[c.chunk_id] for c in chunks], dtype="float32")


def _haystack_embedders() -> tuple[Any, Any]:
    """Haystack's sentence-transformers embedders on the packaged MiniLM folder, offline, unit-length vectors."""
    try:  # Haystack 2.x
        from haystack.components.embedders import (
            SentenceTransformersDocumentEmbedder,
            SentenceTransformersTextEmbedder,
        )
    except ImportError:  # from 3.0 they are in the sentence-transformers-haystack integration
        from haystack_integrations.components.embedders.sentence_transformers import (
            SentenceTransformersDocumentEmbedder,
            SentenceTransformersTextEmbedder,
        )
    from haystack.utils import ComponentDevice

    shared = {
        "model": resolve_model_path(DEFAULT_MODEL),
        "device": ComponentDevice.from_str("cpu"),
        "normalize_embeddings": True,
        "local_files_only": True,
        "progress_bar": False,
        "batch_size": 32,
    }
    return SentenceTransformersDocumentEmbedder(**shared), SentenceTransformersTextEmbedder(**shared)


def faiss_flat(chunks: Sequence[Chunk], model: Any) -> tuple[Callable[[str], list[str]], np.ndarray]:
    """Exact inner-product search over unit-length MiniLM vectors, no BM25; also the chunk vectors."""
    import faiss

    vectors = np.ascontiguousarray(
        model.encode([c.text for c in chunks], batch_size=32, normalize_embeddings=True), dtype="float32"
    )
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    ids = [c.chunk_id for c in chunks]

    def search(query: str) -> list[str]:
        _, rows = index.search(model.encode([query], normalize_embeddings=True), TOP_K)
        return [ids[row] for row in rows[0] if row >= 0]

    return search, vectors


def _sentence_transformer() -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(resolve_model_path(DEFAULT_MODEL), device="cpu", local_files_only=True)


def bare_encoding(model: Any) -> Callable[[], Search]:
    """The latency baseline: one query through MiniLM, nothing ranked."""

    def encode(query: str) -> list[str]:
        model.encode([query])
        return []

    return lambda: encode


def ranked(search: Search, questions: Sequence[GoldQuestion]) -> dict[str, list[str]]:
    """Question id -> ranked chunk ids."""
    return {q.id: search(q.q) for q in questions}


def timings(contenders: Sequence[Contender], texts: Sequence[str], repeats: int) -> dict[str, list[float]]:
    """Milliseconds per query. Each question goes to every contender in turn, so a burst of other work on
    the shared machine (it stalls torch's threads for a few seconds) slows them all alike."""
    samples: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        searches = {c.name: c.start() for c in contenders}
        for text in texts:
            for name, search in searches.items():
                samples[name].append(timed_ms(lambda search=search, text=text: search(text)))
    return samples


def summarise(
    runs: Mapping[str, Mapping[str, list[str]]], samples: Mapping[str, list[float]], judged: Judged
) -> dict[str, dict[str, Any]]:
    base = percentiles(samples[BASELINE])
    out: dict[str, dict[str, Any]] = {}
    for name, run in runs.items():
        latency = percentiles(samples[name])
        ratio = {f"{p}_x_encode": round(latency[p] / base[p], 2) for p in ("p50", "p95")}
        metrics = {} if name == BASELINE else retrieval_metrics(run, judged.qrels, KS)
        out[name] = {
            "metrics": {k: round(v, 4) for k, v in metrics.items()},
            "latency_ms": latency,
            "latency_ratio": ratio,
            "first_relevant": {q: first_relevant(r, judged.qrels[q]) for q, r in run.items() if name != BASELINE},
        }
    return out


def _versions() -> dict[str, str | None]:
    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    return {package: installed(package) for package in VERSIONS}


def markdown(r: dict[str, Any]) -> str:
    rows: list[list[Any]] = [["system", "Hit@1", "Hit@5", "MRR@10", "p50 ms", "p95 ms", "p50 × encode", "p95 × encode"]]
    for name, s in r["systems"].items():
        m, lat, ratio = s["metrics"], s["latency_ms"], s["latency_ratio"]
        scores = [f"{m[k]:.3f}" for k in ("hit@1", "hit@5", "mrr@10")] if m else ["–"] * 3
        rows.append([name, *scores, lat["p50"], lat["p95"], ratio["p50_x_encode"], ratio["p95_x_encode"]])
    v = r["versions"]
    return "\n\n".join(
        [
            "# Peers: policyqa beside Haystack and plain MiniLM + FAISS",
            f"{r['questions']} answerable questions of `tests/eval/dev.jsonl` with gold sources, over the "
            f"{r['chunks']} chunks of policyqa's index of `corpus/`, in one process. Each system ranks the same "
            f"chunks (Haystack's store and the FAISS index are filled from policyqa's index, so chunking is "
            f"identical and only retrieval differs) with the same packaged all-MiniLM-L6-v2 folder. Latency is "
            f"per query, warm: one pass over the questions (the one scored), then {r['repeats']} timed passes, each "
            "question put to every system in turn, so bursts of other work on this shared machine slow them "
            "alike (they show in the p95 column); policyqa gets a fresh Assistant each pass because it caches query "
            f"embeddings. The ratios divide by the same percentile of `{BASELINE}` (sentence-transformers "
            "`model.encode([q])` of the same questions).",
            table(rows),
            "- **Relevance**: `policyqa eval`'s — a chunk is relevant when its text contains one of the "
            "question's `support` strings (`evaluate.metrics.qrels_for`, normalised text); Hit@k and MRR@10 "
            "are `evaluate.metrics.retrieval_metrics` over the top 10 chunk ids of each system.",
            f'- **policyqa hybrid**: `Assistant.search(q, 10, mode="hybrid")`: FAISS and bm25s (stemmed) '
            f"rankings of {r['candidates_per_retriever']} candidates each, fused by RRF (k=60). The Assistant is "
            'given `load_embedder(runtime="torch")` (sentence-transformers on torch), the query encoder the '
            'others use, so that only retrieval differs; the row "its default encoder" is the same search with '
            "policyqa's default runtime, the same model run by onnxruntime from its ONNX export (same vectors).",
            f"- **Haystack hybrid**: `SentenceTransformersTextEmbedder → InMemoryEmbeddingRetriever` and "
            f"`InMemoryBM25Retriever` (its default BM25L, unstemmed), top_k {r['candidates_per_retriever']} each, "
            'joined by `DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=10)` (k=61, 0-based ranks: '
            "the same fusion); chunks embedded by `SentenceTransformersDocumentEmbedder`, unit length, in an "
            f"`InMemoryDocumentStore`. haystack-ai {v['haystack-ai']}, sentence-transformers-haystack "
            f"{v['sentence-transformers-haystack']}.",
            "- **MiniLM + FAISS**: the chunks embedded by sentence-transformers, `IndexFlatIP`, top 10, no BM25.",
            f"- Haystack's and sentence-transformers' chunk vectors differ by at most "
            f"{r['embedding_max_abs_difference']:.1e}; sentence-transformers {v['sentence-transformers']}, "
            f"faiss-cpu {v['faiss-cpu']}, torch {v['torch']}.",
        ]
    )


if __name__ == "__main__":
    main()
