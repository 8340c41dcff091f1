"""The scale benchmark's tables and plot: how each cost grows with the number of chunks."""

from __future__ import annotations

from pathlib import Path

from common import table

INDEXES = (("flat", "exact"), ("approximate", "IVF"), ("hnsw", "HNSW"))  # row key, name shown


def markdown(rows: list[dict], name: str = "scale") -> str:
    """The two tables, their notes, the plot and the recall sweeps, as Markdown."""
    return "\n\n".join(
        [
            "# Scale",
            "## Build, disk and memory",
            table(_cost_table(rows)),
            "## Search (p95 ms, query embedding excluded) and recall against exact search",
            table(_search_table(rows)),
            "\n".join(_notes(rows)),
            f"![cost against corpus size]({name}.png)",
            "## Recall@10 against exact search (score ratio) / mean ms per query, by nprobe (IVF) and efSearch (HNSW)",
            table([["chunks", "IVF nprobe", "HNSW efSearch"], *_sweeps(rows)]),
        ]
    )


def _cost_table(rows: list[dict]) -> list[list]:
    header = [
        "chunks",
        "embedding s",
        "write index s",
        "build total s",
        "open s",
        "dense index (automatic)",
        "disk MiB",
        "peak RSS MiB",
        "RSS opened MiB",
    ]
    return [
        header,
        *[
            [
                f"{r['chunks']:,}",
                f"{r['embedding']['seconds']:,.0f}" + ("" if r["embedding"]["how"] == "measured" else " (extrap.)"),
                r["write_index_s"],
                f"{r['embedding']['seconds'] + r['write_index_s']:,.0f}",
                r["open_s"],
                r["automatic_choice"],
                f"{r['disk_mib']:,.0f}",
                f"{r['peak_rss_mib_time_v']:,.0f}",
                f"{r['rss_after_load_mib']:,.0f}",
            ]
            for r in rows
        ],
    ]


def _search_table(rows: list[dict]) -> list[list]:
    header = [
        "chunks",
        "dense exact / IVF / HNSW",
        "hybrid exact / IVF / HNSW",
        "BM25",
        "recall@10 IVF (score ratio)",
        "recall@10 HNSW (score ratio)",
        "build s exact / IVF / HNSW",
    ]
    return [
        header,
        *[
            [
                f"{r['chunks']:,}",
                _three(r, "dense_ms"),
                _three(r, "hybrid_ms"),
                r["flat"]["bm25_ms"]["p95"],
                _recall(r["approximate"]),
                _recall(r["hnsw"]),
                f"{r['flat_build_s']} / {r['approximate']['build_s']} / {r['hnsw'].get('build_s', '–')}",
            ]
            for r in rows
        ],
    ]


def _three(row: dict, part: str) -> str:
    return " / ".join(str(row[key][part]["p95"]) if part in row[key] else "–" for key, _ in INDEXES)


def _recall(info: dict) -> str:
    return f"{info['recall_at_10_vs_flat']} ({info['score_ratio_at_10']})" if "recall_at_10_vs_flat" in info else "–"


def _notes(rows: list[dict]) -> list[str]:
    notes = [
        "- Write index = `index.write_index`: chunks, documents, vectors and BM25, and above `APPROX_THRESHOLD` "
        "(200,000 chunks) the trained IVF index (`dense.faiss`). Build total = embedding + write index. Open = "
        "`index.load_index` as the package does it: exact search built from the vectors, or the stored IVF read.",
        "- Exact and IVF are `index.build_dense` with the threshold set for the call (IVF: nlist = 2√n, "
        "nprobe 64); HNSW is the index the package used before IVF (M=32, efConstruction 40, efSearch 128).",
        "- Latencies: 129 dev questions × 3, query embedding excluded (`query.md` has end-to-end figures); "
        "hybrid = dense + BM25, 50 candidates each, fused by RRF; FAISS on one thread (see the last note).",
        "- Recall@10: share of exact search's top 10 the index returns; score ratio: mean similarity of its top "
        "10 over exact's. The synthetic corpus re-combines ~260 sentences and 79 table rows, and above 10k each "
        "real vector has many noisy copies (10 at 100k, 100 at 1M), so near-duplicates crowd every top 10: "
        "HNSW suffers most. Real corpora of these sizes were not measured.",
        "- Peak RSS: `/usr/bin/time -v` of the process measuring that size "
        "(generation, write, open, all three indexes).",
    ]
    notes += [
        f"- {r['chunks']:,}: embedding {r['embedding']['how']}." for r in rows if r["embedding"]["how"] != "measured"
    ]
    notes += [
        f"- {r['chunks']:,}: HNSW skipped, projected {r['hnsw']['abandoned']['projected_build_s']:,} s to build "
        f"(over `--hnsw-budget`)."
        for r in rows
        if "abandoned" in r["hnsw"]
    ]
    notes += [
        f"- {r['chunks']:,}: HNSW with efConstruction 200 builds in {r['hnsw']['ef_construction_200']['build_s']} s "
        f"(vs {r['hnsw']['build_s']} s) and recalls {r['hnsw']['ef_construction_200']['recall_at_10']} at efSearch 128."
        for r in rows
        if "ef_construction_200" in r["hnsw"]
    ]
    notes.append(
        "- Dense p95, FAISS's default threads (one per core) vs one thread, exact / IVF: "
        + "; ".join(
            f"{r['chunks']:,}: {r['flat']['dense_ms_default_threads']['p95']} vs {r['flat']['dense_ms']['p95']} ms / "
            f"{r['approximate']['dense_ms_default_threads']['p95']} vs {r['approximate']['dense_ms']['p95']} ms"
            for r in rows
        )
        + ". On this shared 2-core machine a single query waits for the second thread."
    )
    return notes


def _sweeps(rows: list[dict]) -> list[list]:
    def line(sweep: list[dict]) -> str:
        return ", ".join(
            f"{s['value']}: {s['recall_at_10']:.3f} ({s['score_ratio_at_10']}) / {s['mean_ms']} ms" for s in sweep
        )

    return [[f"{r['chunks']:,}", line(r["approximate"]["sweep"]), line(r["hnsw"].get("sweep", []))] for r in rows]


def plot(rows: list[dict], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    sizes = [r["chunks"] for r in rows]
    figure = Figure(figsize=(13, 9), layout="constrained")
    (build, space), (latency, recall) = figure.subplots(2, 2)
    _lines(
        build,
        sizes,
        [
            ("embedding (extrapolated above 10k)", [r["embedding"]["seconds"] for r in rows]),
            ("write index", [r["write_index_s"] for r in rows]),
            ("open", [r["open_s"] for r in rows]),
            ("IVF build", [r["approximate"]["build_s"] for r in rows]),
            ("HNSW build", [r["hnsw"].get("build_s") for r in rows]),
        ],
        "Build time",
        "seconds",
    )
    _lines(
        space,
        sizes,
        [
            ("index on disk", [r["disk_mib"] for r in rows]),
            ("peak RSS", [r["peak_rss_mib_time_v"] for r in rows]),
            ("RSS, index opened", [r["rss_after_load_mib"] for r in rows]),
        ],
        "Disk and memory",
        "MiB",
    )
    series = [
        (f"{part.split('_')[0]} {shown}", [r[key].get(part, {}).get("p95") for r in rows])
        for part in ("dense_ms", "hybrid_ms")
        for key, shown in INDEXES
    ]
    _lines(
        latency,
        sizes,
        [*series, ("BM25", [r["flat"]["bm25_ms"]["p95"] for r in rows])],
        "Search latency p95 (query embedding excluded)",
        "ms",
    )
    for (key, shown), colour in zip(INDEXES[1:], ("C1", "C2"), strict=False):
        recall.plot(
            sizes, [r[key].get("recall_at_10_vs_flat") for r in rows], "o-", color=colour, label=f"{shown} recall@10"
        )
        recall.plot(
            sizes,
            [r[key].get("score_ratio_at_10") for r in rows],
            "s:",
            color=colour,
            alpha=0.6,
            label=f"{shown} score ratio",
        )
    recall.set(xscale="log", title="Against exact search (same queries)", xlabel="chunks", ylim=(0, 1.05))
    recall.grid(alpha=0.3)
    recall.legend(fontsize=8, loc="lower left")
    FigureCanvasAgg(figure).print_png(str(path))


def _lines(axes, sizes: list[int], series: list[tuple[str, list]], title: str, unit: str) -> None:
    for label, values in series:
        points = [(s, v) for s, v in zip(sizes, values, strict=False) if v is not None]
        if points:
            axes.plot(*zip(*points, strict=False), "o--" if label.startswith("embedding") else "o-", label=label)
    axes.set(xscale="log", yscale="log", title=title, xlabel="chunks", ylabel=unit)
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8)
