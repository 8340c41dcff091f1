"""A quick check (about a minute): build the default corpus, then warm search and ask latency on ten
questions, each also as a ratio to one bare MiniLM query encoding (sentence-transformers) timed
between the measured calls. bench_build.py and bench_query.py measure the same things thoroughly.

Run: .venv/bin/python benchmarks/bench_core.py [--repeats 5]
Writes benchmarks/results/core.json and core.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from policyqa import Assistant, build_index
from policyqa.index.embed import SentenceTransformerEmbedder
from policyqa.settings import DEFAULT_MODEL

from common import REPO, peak_rss_mib, percentiles, save, table, timed_ms

QUESTIONS = [
    "When was the Economic Security Promotion Act enacted?",
    "Which countries have ratified the IPEF supply chain agreement?",
    "What share of Japan's lithium-ion battery imports came from China?",
    "How many countries have joined the MPIA?",
    "What did METI add to the export control list in July 2023?",
    "Which items have an HHI above 50?",
    "How did China's share of Japan's imports change between 2010 and 2024?",
    "What is proactive cyber defense?",
    "Who supplies Japan's permanent magnets?",
    "What is layered globalization?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = build_index(REPO / "corpus", Path(tmp) / "index")
        build_s = time.perf_counter() - started
        assistant = Assistant.from_index(Path(tmp) / "index")
        assistant.ask(QUESTIONS[0])  # warm-up
        baseline = SentenceTransformerEmbedder(DEFAULT_MODEL)
        encode, search, ask = [], [], []
        for _ in range(args.repeats):
            for q in QUESTIONS:
                encode.append(timed_ms(lambda q=q: baseline.embed([q])))
                search.append(timed_ms(lambda q=q: assistant.search(q, 10)))
                ask.append(timed_ms(lambda q=q: assistant.ask(q)))
    result = {
        "build": {
            "seconds_including_model_load": round(build_s, 2),
            "documents": len(report.added),
            "chunks": report.chunks,
            "tables": report.tables,
            "table_rows": report.table_rows,
        },
        "encode_ms": percentiles(encode),
        "search_ms": percentiles(search),
        "ask_ms": percentiles(ask),
        "peak_rss_mib": peak_rss_mib(),
    }
    rows = [["measure", "p50", "p95", "p99", "p50 ×", "p95 ×", "n"]]
    base = result["encode_ms"]
    for name, key in (
        ("one query encoding ms (baseline)", "encode_ms"),
        ("search (hybrid) ms", "search_ms"),
        ("ask ms", "ask_ms"),
    ):
        m = result[key]
        ratios = [round(m[p] / base[p], 2) for p in ("p50", "p95")]
        result[key.replace("_ms", "_ratio")] = dict(zip(("p50", "p95"), ratios, strict=True))
        rows.append([name, m["p50"], m["p95"], m["p99"], *ratios, m["n"]])
    save(
        "core",
        result,
        f"# Core\n\nBuild including model load: {result['build']['seconds_including_model_load']} s "
        f"({report.chunks} chunks). Peak RSS {result['peak_rss_mib']} MiB.\n\n" + table(rows),
    )


if __name__ == "__main__":
    main()
