"""Build time of the default corpus and warm search/ask latency; prints the machine with the results.

Run: .venv/bin/python benchmarks/bench_core.py [--repeats 5]
Writes benchmarks/results/core.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from policyqa import Assistant, build_index  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
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


def machine() -> dict[str, object]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version()}


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(statistics.median(ordered), 1), "p95": round(pick(0.95), 1), "n": len(ordered)}


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = build_index(REPO / "corpus", Path(tmp) / "index")
        build_s = time.perf_counter() - started
        assistant = Assistant.from_index(Path(tmp) / "index")
        assistant.ask(QUESTIONS[0])  # warm-up
        search = [timed(lambda q=q: assistant.search(q, 10)) for _ in range(args.repeats) for q in QUESTIONS]
        ask = [timed(lambda q=q: assistant.ask(q)) for _ in range(args.repeats) for q in QUESTIONS]
    result = {
        "machine": machine(),
        "build": {"seconds_including_model_load": round(build_s, 2), "documents": len(report.added),
                  "chunks": report.chunks, "tables": report.tables, "table_rows": report.table_rows},
        "search_ms": percentiles(search),
        "ask_ms": percentiles(ask),
    }
    out = REPO / "benchmarks" / "results" / "core.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
