"""Scale: synthetic corpora of growing size; build time, disk, memory, query p95, flat vs approximate.

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,100000,1000000]
Writes benchmarks/results/scale.json, scale.md and scale.png.

Each size runs in its own process under `/usr/bin/time -v`, which reports its peak RSS. Chunks are
re-combinations of the default corpus's passages and table rows (benchmarks/synth.py). Up to
--embed-max chunks are embedded with the packaged model; above that, vectors are those real
embeddings plus noise and the embedding time is extrapolated from the measured throughput.
At every size three dense indexes are measured against each other: exact search and the package's
IVF (both from index.build_dense, the threshold set for the call) and, for comparison, the HNSW the
package used before (M=32, efSearch 128), skipped when its projected build exceeds --hnsw-budget s.
The index itself is written and opened as the package does (above APPROX_THRESHOLD chunks, the
IVF is trained while writing and read back when opening).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, dev_questions, folder_mib, machine, peak_rss_mib, percentiles, rewrite, save, timed_ms
from scale_index import exact_index, package_ivf, recall_at_10, reference_hnsw, score_ratio_at_10, synthetic_contents
from synth import material, perturbed, synthetic_chunks

NOISE = 0.5  # norm of the noise added to a real embedding: cosine to it about 0.89


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--embed-max", type=int, default=10_000, help="largest size embedded for real")
    parser.add_argument(
        "--hnsw-budget",
        type=float,
        default=900.0,
        help="seconds; the reference HNSW is skipped when its projected build exceeds it",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/policyqa-scale"))
    parser.add_argument("--name", default="scale", help="results/NAME.json, .md and .png (default: scale)")
    parser.add_argument("--replot", action="store_true", help="rewrite NAME.md and NAME.png from NAME.json only")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.one:
        print(json.dumps(measure(args.one, args)))
        return
    if args.replot:
        from scale_report import markdown, plot

        plot(json.loads((RESULTS / f"{args.name}.json").read_text())["sizes"], RESULTS / f"{args.name}.png")
        rewrite(args.name, markdown(json.loads((RESULTS / f"{args.name}.json").read_text())["sizes"], args.name))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = [run_child(size, args) for size in sizes]
    write_results(rows, args)


def run_child(size: int, args: argparse.Namespace) -> dict:
    """One size in a fresh process, for an honest peak RSS."""
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        __file__,
        "--one",
        str(size),
        "--work",
        str(args.work),
        "--embed-max",
        str(args.embed_max),
        "--hnsw-budget",
        str(args.hnsw_budget),
    ]
    print(f"size {size:,}: {' '.join(command[2:])}", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"size {size} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    result["peak_rss_mib_time_v"] = round(int(peak_kb.group(1)) / 1024, 1) if peak_kb else None
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def measure(size: int, args: argparse.Namespace) -> dict:
    """Everything measured at one size, in this process."""
    from policyqa.index.embed import SentenceTransformerEmbedder
    from policyqa.settings import DEFAULT_MODEL

    embedder = SentenceTransformerEmbedder(DEFAULT_MODEL)
    base = base_contents(embedder, args.work)
    started = time.perf_counter()
    pairs = synthetic_chunks(material(base.chunks), size, seed=size)
    out = {"chunks": size, "generate_s": round(time.perf_counter() - started, 1)}
    vectors, out["embedding"] = vectors_for(pairs, embedder, size, args)
    folder = args.work / f"index-{size}"
    started = time.perf_counter()
    write_synthetic(folder, pairs, vectors, embedder)
    out["write_index_s"] = round(time.perf_counter() - started, 1)  # BM25, files, and IVF above the threshold
    out["disk_mib"] = folder_mib(folder)
    out["vectors_npy_mib"] = round(next(folder.glob("gen-*/vectors.npy")).stat().st_size / 2**20, 1)
    del pairs, vectors
    out |= query_costs(folder, embedder, args)
    out["peak_rss_mib"] = peak_rss_mib()
    return out


def base_contents(embedder, work: Path):
    """The default corpus indexed once with the real model: the material and the base vectors."""
    from policyqa import build_index
    from policyqa.index.folder import read_contents

    folder = work / "base-index"
    build_index(Path(__file__).resolve().parent.parent / "corpus", folder, embedder=embedder)
    return read_contents(folder)


def vectors_for(pairs, embedder, size: int, args) -> tuple[np.ndarray, dict]:
    """Real embeddings up to --embed-max chunks; above, perturbed real ones and an extrapolated cost."""
    from policyqa.index.embed import embed_in_batches

    cache, record = args.work / f"vectors-{args.embed_max}.npy", args.work / "throughput.json"
    if size <= args.embed_max:
        texts = [text for _, text in pairs]
        fingerprint = hashlib.sha256("\n".join(texts).encode()).hexdigest()
        seen = json.loads(record.read_text()) if record.exists() and cache.exists() else {}
        if seen.get("fingerprint") == fingerprint and seen.get("chunks") == size:  # same texts: reuse
            return np.load(cache, allow_pickle=False), {
                "how": "measured",
                "seconds": seen["seconds"],
                "chunks_per_s": seen["chunks_per_s"],
                "measured_at": seen["at"],
            }
        started = time.perf_counter()
        vectors = embed_in_batches(embedder, texts, batch_size=64)
        seconds = round(time.perf_counter() - started, 1)
        np.save(cache, vectors, allow_pickle=False)
        seen = {
            "chunks": size,
            "seconds": seconds,
            "chunks_per_s": round(size / seconds, 1),
            "fingerprint": fingerprint,
            "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        record.write_text(json.dumps(seen))
        return vectors, {
            "how": "measured",
            "seconds": seconds,
            "chunks_per_s": seen["chunks_per_s"],
            "measured_at": seen["at"],
        }
    rate = json.loads((args.work / "throughput.json").read_text())["chunks_per_s"]
    started = time.perf_counter()
    vectors = perturbed(np.load(cache, allow_pickle=False), size, noise=NOISE, seed=size)
    return vectors, {
        "how": f"extrapolated at {rate:.1f} chunks/s measured at {args.embed_max:,}; vectors are "
        f"real embeddings plus noise of norm {NOISE}",
        "seconds": round(size / rate, 1),
        "perturb_s": round(time.perf_counter() - started, 1),
    }


def write_synthetic(folder: Path, pairs, vectors: np.ndarray, embedder) -> None:
    from policyqa.index.folder import write_index

    write_index(folder, synthetic_contents(pairs, vectors, model=embedder.name, dimension=embedder.dimension))


def query_costs(folder: Path, embedder, args) -> dict:
    """Open time and memory as the package loads the index; latency and recall of exact search, the
    package's IVF and the earlier HNSW, over the dev questions."""
    from policyqa.index.folder import load_index

    started = time.perf_counter()
    loaded = load_index(folder, model=embedder.name)  # exact search built, or the stored IVF read
    out: dict = {
        "open_s": round(time.perf_counter() - started, 1),
        "rss_after_load_mib": _rss_mib(),
        "automatic_choice": loaded.contents.manifest.dense,
    }
    questions = dev_questions()
    vectors = embedder.embed(questions)
    started = time.perf_counter()
    flat = exact_index(loaded.contents.vectors)
    out["flat_build_s"] = round(time.perf_counter() - started, 1)
    loaded = replace(loaded, dense=flat)  # frees a stored IVF: each index below is measured on its own
    out["flat"] = latencies(loaded, embedder, questions, vectors)
    ivf, out["approximate"] = package_ivf(loaded.contents.vectors, flat=flat, queries=vectors)
    out["approximate"] |= _against_flat(loaded, ivf, embedder, questions, vectors)
    del ivf
    hnsw, out["hnsw"] = reference_hnsw(loaded.contents.vectors, budget_s=args.hnsw_budget, flat=flat, queries=vectors)
    if hnsw is not None:
        out["hnsw"] |= _against_flat(loaded, hnsw, embedder, questions, vectors)
    out["rss_with_all_mib"] = _rss_mib()
    return out


def _against_flat(loaded, approx, embedder, questions, vectors) -> dict:
    return latencies(replace(loaded, dense=approx), embedder, questions, vectors) | {
        "recall_at_10_vs_flat": recall_at_10(loaded.dense, approx, vectors),
        "score_ratio_at_10": score_ratio_at_10(loaded.dense, approx, vectors),
    }


def latencies(loaded, embedder, questions, vectors, repeats: int = 3) -> dict:
    """Dense-only, BM25-only and hybrid search over pre-embedded questions (query embedding excluded).

    FAISS runs one query on one thread here: with its default of a thread per core, a single query
    on this shared, loaded 2-core machine waited on the second thread (15x slower at 10k chunks).
    The default is measured too, for dense search.
    """
    import faiss

    from policyqa.retrieve.retriever import Retriever

    retriever = Retriever(loaded, embedder)
    retriever.search(questions[0], k=10, vector=vectors[0])  # warm-up
    pairs = list(zip(questions, vectors, strict=True)) * repeats
    out = {"dense_ms_default_threads": percentiles([timed_ms(lambda v=v: retriever.dense(v, 10)) for _, v in pairs])}
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return out | {
            "dense_ms": percentiles([timed_ms(lambda v=v: retriever.dense(v, 10)) for _, v in pairs]),
            "bm25_ms": percentiles([timed_ms(lambda q=q: retriever.bm25(q, 10)) for q, _ in pairs]),
            "hybrid_ms": percentiles(
                [timed_ms(lambda q=q, v=v: retriever.search(q, k=10, vector=v)) for q, v in pairs]
            ),
        }
    finally:
        faiss.omp_set_num_threads(threads)


def _rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1)


def write_results(rows: list[dict], args) -> None:
    from scale_report import markdown, plot

    plot(rows, RESULTS / f"{args.name}.png")
    save(
        args.name,
        {
            "sizes": rows,
            "noise": NOISE,
            "embed_max": args.embed_max,
            "hnsw_budget_s": args.hnsw_budget,
            "machine_at_start": machine(),
        },
        markdown(rows, args.name),
    )


if __name__ == "__main__":
    main()
