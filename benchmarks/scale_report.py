"""The scale benchmark's table and plot: how each cost grows with the number of chunks."""

from __future__ import annotations

import json
from pathlib import Path

from common import table


def total_build_s(row: dict) -> float | None:
    """Embedding, BM25 and files, and the dense index the automatic rule picks (None: not measured)."""
    dense = _automatic_dense_s(row)
    return None if dense is None else round(row["embedding"]["seconds"] + row["write_index_s"] + dense, 1)


def open_s(row: dict) -> float | None:
    """Opening the index as the package does: FAISS is built at load, HNSW included (None: not measured)."""
    dense = _automatic_dense_s(row)
    return None if dense is None else round(row["load_flat_s"] + (0 if row["automatic_choice"] == "flat" else dense), 1)


def _automatic_dense_s(row: dict) -> float | None:
    if row["automatic_choice"] == "flat":
        return row["load_flat_s"]
    return row["approximate"]["build_s"] if row["approximate"]["kind"].startswith("hnsw") else None


def _or_dash(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def markdown(rows: list[dict], name: str = "scale") -> str:
    """The table, its notes, the plot and the recall sweep, as Markdown."""
    return "\n\n".join([
        "# Scale", table(_table(rows)), "\n".join(_notes(rows)), f"![cost against corpus size]({name}.png)",
        "## Approximate index by efSearch (HNSW) or nprobe (IVF): recall@10 against flat (score ratio) / mean ms per query",
        table([["chunks", "index", "setting: recall / time"], *_sweeps(rows)]),
    ])


def _table(rows: list[dict]) -> list[list]:
    header = ["chunks", "embedding s", "BM25 + files s", "load (flat) s", "open, automatic choice s", "approx. index", "approx. build s",
              "build total s", "disk MiB", "peak RSS MiB", "RSS loaded MiB", "dense p95 flat / approx. ms",
              "hybrid p95 flat / approx. ms", "BM25 p95 ms", "recall@10 approx. vs flat (score ratio)",
              "automatic choice"]
    body = [[
        f"{r['chunks']:,}",
        f"{r['embedding']['seconds']:,.0f}" + ("" if r["embedding"]["how"] == "measured" else " (extrap.)"),
        r["write_index_s"], r["load_flat_s"], _or_dash(open_s(r)), r["approximate"]["kind"].split(" (")[0],
        r["approximate"]["build_s"], _or_dash(total_build_s(r)), f"{r['disk_mib']:,.0f}", f"{r['peak_rss_mib_time_v']:,.0f}",
        f"{r['rss_after_load_mib']:,.0f}",
        f"{r['flat']['dense_ms']['p95']} / {r['approximate']['dense_ms']['p95']}",
        f"{r['flat']['hybrid_ms']['p95']} / {r['approximate']['hybrid_ms']['p95']}",
        r["flat"]["bm25_ms"]["p95"],
        f"{r['approximate']['recall_at_10_vs_flat']} ({r['approximate'].get('score_ratio_at_10', '–')})",
        r["automatic_choice"],
    ] for r in rows]
    return [header, *body]


def _notes(rows: list[dict]) -> list[str]:
    notes = [
        "- approx. index: the package's HNSW (`index.build_dense`: M=32, efConstruction 40 as FAISS sets it, "
        "efSearch 128), unless a note below says IVF.",
        "- Open = load with flat search, plus building HNSW when the automatic rule picks it: the package "
        "keeps no FAISS file and builds the dense index every time the index loads.",
        "- Build total = embedding + BM25 and files (`index.write_index`) + the dense index the automatic "
        "rule picks (flat: built when the index loads; above `HNSW_THRESHOLD` the approximate one).",
        "- Latencies: 129 dev questions × 3, query embedding excluded (see query.md for end-to-end); "
        "hybrid = dense + BM25 candidates (50 each) fused by RRF; FAISS on one thread (see the last note).",
        "- Recall@10: share of flat's top 10 the approximate index returns; score ratio: mean similarity of "
        "its top 10 over flat's. The synthetic corpus re-combines ~260 sentences and 79 table rows, and above 10k "
        "each real vector has many noisy copies (10 at 100k, 100 at 1M), so near-duplicates crowd every top 10 and "
        "the score ratio shows the substitutes are nearly as similar. HNSW suffers most from such near-duplicates"
        f"{_ivf_comparison()}; real corpora of that size were not measured.",
        "- Peak RSS: `/usr/bin/time -v` of the process measuring that size (generation, build, load, both indexes).",
    ]
    notes += [f"- {r['chunks']:,}: embedding {r['embedding']['how']}." for r in rows if r["embedding"]["how"] != "measured"]
    notes += [f"- {r['chunks']:,}: HNSW not kept, projected {r['approximate']['hnsw_abandoned']['projected_build_s']:,} s "
              f"to build (from the first {r['approximate']['hnsw_abandoned']['probe_vectors']:,} vectors in "
              f"{r['approximate']['hnsw_abandoned']['probe_s']} s), over `--hnsw-budget`; IVF measured instead, nprobe "
              f"{r['approximate']['nprobe']}." for r in rows if "hnsw_abandoned" in r["approximate"]]
    notes += [f"- {r['chunks']:,}: HNSW with efConstruction 200 (FAISS default 40) builds in "
              f"{r['approximate']['ef_construction_200']['build_s']} s (vs {r['approximate']['build_s']} s) and keeps "
              f"recall@10 {r['approximate']['ef_construction_200']['recall_at_10']} at efSearch 128."
              for r in rows if "ef_construction_200" in r["approximate"]]
    notes.append("- Dense p95 with FAISS's default threads (one per core) against one thread, flat / approx.: " + "; ".join(
        f"{r['chunks']:,}: {r['flat']['dense_ms_default_threads']['p95']} vs {r['flat']['dense_ms']['p95']} ms / "
        f"{r['approximate']['dense_ms_default_threads']['p95']} vs {r['approximate']['dense_ms']['p95']} ms" for r in rows))
    return notes


def _ivf_comparison() -> str:
    """The IVF run on the same vectors (bench_scale.py --hnsw-budget 0 --name scale-ivf), if there is one."""
    path = Path(__file__).resolve().parent / "results" / "scale-ivf.json"
    if not path.exists():
        return ""
    row = json.loads(path.read_text())["sizes"][-1]
    return f" (IVF on the same {row['chunks']:,} vectors keeps {row['approximate']['recall_at_10_vs_flat']}, `scale-ivf.md`)"


def _sweeps(rows: list[dict]) -> list[list]:
    return [[f"{r['chunks']:,}", r["approximate"]["kind"],
               ", ".join(f"{s['value']}: {s['recall_at_10']:.3f} ({s.get('score_ratio_at_10', '–')}) / {s['mean_ms']} ms"
                         for s in r["approximate"]["sweep"])]
              for r in rows]


def plot(rows: list[dict], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    sizes = [r["chunks"] for r in rows]
    figure = Figure(figsize=(13, 9), layout="constrained")
    (build, space), (latency, recall) = figure.subplots(2, 2)
    build.plot(sizes, [r["embedding"]["seconds"] for r in rows], "o--", label="embedding (extrapolated above 10k)")
    build.plot(sizes, [r["write_index_s"] for r in rows], "o-", label="BM25 + files")
    build.plot(sizes, [r["approximate"]["build_s"] for r in rows], "o-", label="approximate index build")
    build.plot(sizes, [r["load_flat_s"] for r in rows], "o-", label="load with flat index")
    _axes(build, "Build time", "seconds")
    space.plot(sizes, [r["disk_mib"] for r in rows], "o-", label="index on disk")
    space.plot(sizes, [r["peak_rss_mib_time_v"] for r in rows], "o-", label="peak RSS")
    space.plot(sizes, [r["rss_after_load_mib"] for r in rows], "o-", label="RSS, index loaded (flat)")
    _axes(space, "Disk and memory", "MiB")
    for name, key, part in (("dense flat", "flat", "dense_ms"), ("dense approx.", "approximate", "dense_ms"),
                            ("BM25", "flat", "bm25_ms"), ("hybrid flat", "flat", "hybrid_ms"),
                            ("hybrid approx.", "approximate", "hybrid_ms")):
        latency.plot(sizes, [r[key][part]["p95"] for r in rows], "o-", label=name)
    _axes(latency, "Search latency p95 (query embedding excluded)", "ms")
    recall.plot(sizes, [r["approximate"]["recall_at_10_vs_flat"] for r in rows], "o-", label="recall@10")
    recall.plot(sizes, [r["approximate"].get("score_ratio_at_10") for r in rows], "s--", label="score ratio@10")
    for r in rows:
        recall.annotate(r["approximate"]["kind"].split(" ")[0], (r["chunks"], r["approximate"]["recall_at_10_vs_flat"]),
                        textcoords="offset points", xytext=(0, -14), ha="center", fontsize=8)
    recall.set(xscale="log", title="Approximate index against flat (same queries)", xlabel="chunks", ylim=(0, 1.05))
    recall.grid(alpha=0.3)
    recall.legend(fontsize=8, loc="lower left")
    FigureCanvasAgg(figure).print_png(str(path))


def _axes(axes, title: str, unit: str) -> None:
    axes.set(xscale="log", yscale="log", title=title, xlabel="chunks", ylabel=unit)
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8)
