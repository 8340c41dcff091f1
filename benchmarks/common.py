"""What every benchmark shares: the machine, percentiles, peak memory, and writing results."""

from __future__ import annotations

import json
import math
import os
import resource
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # benchmarks never reach for a model hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from policyqa.evaluate.gold import load_gold
from policyqa.evaluate.runner import machine_info

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
DEV = REPO / "tests" / "eval" / "dev.jsonl"


def machine() -> dict[str, Any]:
    """Cores, CPU and memory, plus the load average: other work on the machine skews timings."""
    info = machine_info()
    meminfo = Path("/proc/meminfo").read_text().splitlines() if Path("/proc/meminfo").exists() else []
    total_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return info | {
        "memory_gib": round(total_kb / 2**20, 1),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def dev_questions() -> list[str]:
    questions, _ = load_gold(DEV)
    return [q.q for q in questions]


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 (nearest rank) and the mean of timings in milliseconds."""
    ordered = sorted(samples_ms)
    pick = lambda q: ordered[max(0, math.ceil(q * len(ordered)) - 1)]  # noqa: E731
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(pick(0.95), 2),
        "p99": round(pick(0.99), 2),
        "mean": round(statistics.fmean(ordered), 2),
        "n": len(ordered),
    }


def timed_ms(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def peak_rss_mib() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def folder_mib(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20, 2)


def command() -> str:
    """The command line that produced a result, relative to the repository."""
    script = Path(sys.argv[0]).resolve()
    shown = script.relative_to(REPO) if script.is_relative_to(REPO) else script
    return shlex.join([".venv/bin/python", str(shown), *sys.argv[1:]])


def save(name: str, result: dict[str, Any], markdown: str) -> Path:
    """benchmarks/results/NAME.json and NAME.md, each naming the command and the machine."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = {
        "command": command(),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    full = stamp | result
    (RESULTS / f"{name}.json").write_text(json.dumps(full, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(_header(stamp) + markdown.strip() + "\n")
    print(json.dumps(full, indent=2))
    return RESULTS / f"{name}.json"


def rewrite(name: str, markdown: str) -> None:
    """NAME.md again from NAME.json, keeping the command and machine that produced the numbers."""
    stamp = json.loads((RESULTS / f"{name}.json").read_text())
    (RESULTS / f"{name}.md").write_text(_header(stamp) + markdown.strip() + "\n")


def _header(stamp: dict[str, Any]) -> str:
    m = stamp["machine"]
    return (
        f"Command: `{stamp['command']}`  \nMachine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB, "
        f"Python {m['python']}; load average at the end {m['load_average_1_5_15']}; finished {stamp['finished']}.\n\n"
    )


def table(rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table; the first row is the header."""
    lines = ["| " + " | ".join(map(str, rows[0])) + " |", "|" + "---|" * len(rows[0])]
    return "\n".join(lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows[1:]])
