"""Build: documents/s and chunks/s for the default corpus; embedding throughput by batch size, with
and without length-sorted batches; an incremental rebuild after adding one document against a full one.

Run: .venv/bin/python benchmarks/bench_build.py [--repeats 3]
Writes benchmarks/results/build.json and build.md.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from policyqa import build_index
from policyqa.index.embed import SentenceTransformerEmbedder, embed_in_batches
from policyqa.index.folder import read_contents
from policyqa.settings import DEFAULT_MODEL

from common import REPO, peak_rss_mib, save, table
from synth import material, synthetic_document

BATCH_SIZES = (8, 16, 32, 64, 128)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind; the median is reported")
    args = parser.parse_args()
    started = time.perf_counter()
    embedder = SentenceTransformerEmbedder(DEFAULT_MODEL)
    result = {"model_load_s": round(time.perf_counter() - started, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(REPO / "corpus", corpus)
        result["full_build"] = full_builds(embedder, corpus, Path(tmp), args.repeats)
        result["cli_cold_build"] = cli_build(corpus, Path(tmp) / "cli-index")
        texts = [c.text for c in read_contents(Path(tmp) / "index-0").chunks]
        result["embedding"] = throughput(embedder, texts)
        result["incremental"] = incremental(embedder, corpus, Path(tmp), args.repeats)
    result["peak_rss_mib"] = peak_rss_mib()
    save("build", result, markdown(result))


def full_builds(embedder, corpus: Path, tmp: Path, repeats: int) -> dict:
    """From scratch with the model already loaded: documents/s and chunks/s."""
    runs = []
    for n in range(repeats):
        started = time.perf_counter()
        report = build_index(corpus, tmp / f"index-{n}", embedder=embedder)
        runs.append((time.perf_counter() - started, report))
    seconds = statistics.median(s for s, _ in runs)
    report = runs[0][1]
    return {
        "seconds_median": round(seconds, 2),
        "seconds_all": [round(s, 2) for s, _ in runs],
        "documents": len(report.added),
        "chunks": report.chunks,
        "table_rows": report.table_rows,
        "documents_per_s": round(len(report.added) / seconds, 3),
        "chunks_per_s": round(report.chunks / seconds, 1),
    }


def cli_build(corpus: Path, index: Path) -> dict:
    """`policyqa build` in a new process: Python start, model load and build; peak RSS from time -v."""
    command = [
        "/usr/bin/time",
        "-v",
        str(REPO / ".venv" / "bin" / "policyqa"),
        "build",
        "--corpus",
        str(corpus),
        "--index",
        str(index),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mib": round(int(peak.group(1)) / 1024, 1)}


def throughput(embedder, texts: list[str]) -> dict:
    """Chunks/s by batch size, in length-sorted batches (as the build does) and in shuffled ones."""
    texts = texts * 2  # the corpus has ~150 chunks; twice over gives every batch size several batches
    shuffled = random.Random(0).sample(texts, len(texts))
    embedder.embed(texts[:8])  # warm-up
    rows = []
    for size in BATCH_SIZES:
        embedder.batch_size = size  # one forward pass per call: padding is decided by our batches
        sorted_s = _seconds(lambda size=size: embed_in_batches(embedder, texts, batch_size=size))
        unsorted_s = _seconds(
            lambda size=size: [embedder.embed(shuffled[i : i + size]) for i in range(0, len(shuffled), size)]
        )
        rows.append(
            {
                "batch_size": size,
                "sorted_chunks_per_s": round(len(texts) / sorted_s, 1),
                "unsorted_chunks_per_s": round(len(texts) / unsorted_s, 1),
            }
        )
    tokens = [embedder.count_tokens(t) for t in texts]
    return {
        "texts": len(texts),
        "mean_word_pieces": round(statistics.fmean(tokens), 1),
        "max_word_pieces": max(tokens),
        "by_batch_size": rows,
    }


def incremental(embedder, corpus: Path, tmp: Path, repeats: int) -> dict:
    """Add one new document: the update embeds only its chunks; a forced rebuild embeds them all."""
    base = tmp / "index-0"
    (corpus / "added-report.md").write_text(
        synthetic_document(
            material(read_contents(base).chunks),
            title="A further report on supply chain resilience",
            paragraphs=24,
            seed=7,
        )
    )
    updates, fulls = [], []
    for n in range(repeats):
        target = tmp / f"incremental-{n}"
        shutil.copytree(base, target)
        started = time.perf_counter()
        update = build_index(corpus, target, embedder=embedder)
        updates.append((time.perf_counter() - started, update))
        started = time.perf_counter()
        full = build_index(corpus, tmp / f"full-{n}", embedder=embedder, force=True)
        fulls.append((time.perf_counter() - started, full))
    added = next(d for d in read_contents(tmp / "incremental-0").manifest.documents if d.source == "added-report.md")
    return {
        "added_document_chunks": added.chunks,
        "total_chunks": updates[0][1].chunks,
        "incremental_s": round(statistics.median(s for s, _ in updates), 2),
        "incremental_embedded": updates[0][1].embedded,
        "incremental_added": list(updates[0][1].added),
        "incremental_unchanged": len(updates[0][1].unchanged),
        "full_s": round(statistics.median(s for s, _ in fulls), 2),
        "full_embedded": fulls[0][1].embedded,
    }


def _seconds(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def markdown(r: dict) -> str:
    full, inc, emb = r["full_build"], r["incremental"], r["embedding"]
    rows = [
        ["measure", "value"],
        ["model load (s)", r["model_load_s"]],
        [f"full build, model loaded (s, median of {len(full['seconds_all'])})", full["seconds_median"]],
        ["documents / chunks / table rows", f"{full['documents']} / {full['chunks']} / {full['table_rows']}"],
        ["documents/s", full["documents_per_s"]],
        ["chunks/s", full["chunks_per_s"]],
        ["`policyqa build` from a new process (s)", r["cli_cold_build"]["seconds"]],
        ["`policyqa build` peak RSS (MiB, time -v)", r["cli_cold_build"]["peak_rss_mib"]],
        ["incremental: one document added (s)", inc["incremental_s"]],
        [
            "incremental: chunks embedded / new document's chunks",
            f"{inc['incremental_embedded']} / {inc['added_document_chunks']}",
        ],
        ["full rebuild of the same corpus (s)", inc["full_s"]],
        ["full rebuild: chunks embedded", inc["full_embedded"]],
    ]
    batches = [["batch size", "length-sorted chunks/s", "shuffled chunks/s", "sorted speed-up"]]
    batches += [
        [
            b["batch_size"],
            b["sorted_chunks_per_s"],
            b["unsorted_chunks_per_s"],
            f"{b['sorted_chunks_per_s'] / b['unsorted_chunks_per_s']:.2f}×",
        ]
        for b in emb["by_batch_size"]
    ]
    return "\n\n".join(
        [
            "# Build",
            table(rows),
            f"## Embedding throughput ({emb['texts']} chunk texts, mean {emb['mean_word_pieces']} word pieces, "
            f"max {emb['max_word_pieces']})",
            table(batches),
            "Length-sorted: `embed.embed_in_batches` (shortest first, as the build does); shuffled: the same "
            "texts in random order, so each batch pads to its longest text.",
        ]
    )


if __name__ == "__main__":
    main()
