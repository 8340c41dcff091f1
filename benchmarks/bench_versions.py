"""Before and after in one run: another commit's policyqa against this checkout, on the same machine.

The other commit is checked out into a temporary git worktree and run with this virtualenv
(`PYTHONPATH` points at its `src/`), so both versions see the same interpreter, packages and
moments of the machine: every measure alternates between them, run by run. Measured from a new
process each time: a forced full build of the default corpus, `policyqa ask` from process start to
the printed answer, `policyqa --help`, and a bare `python -c pass` as the baseline.

Run: .venv/bin/python benchmarks/bench_versions.py --before 77bae2a [--runs 3]
Writes benchmarks/results/versions.json and versions.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, save, table

PYTHON = REPO / ".venv" / "bin" / "python"
QUESTION = "When was the IPEF Supply Chain Resilience Agreement signed?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the commit to compare with (e.g. 77bae2a)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build and ask (start-ups: 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(worktree), args.before], check=True
        )
        try:
            result = compare({"before": worktree / "src", "after": REPO / "src"}, Path(tmp), args.runs)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=True)
    result["before_commit"] = args.before
    result["after_commit"] = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    save("versions", result, markdown(result))


def compare(sources: dict[str, Path], tmp: Path, runs: int) -> dict:
    def cli(version: str, *argv: str) -> list[str]:
        return [str(PYTHON), "-c", "import sys; from policyqa.cli import main; sys.exit(main())", *argv]

    measures = {
        "build": lambda v: cli(v, "build", "--force", "--corpus", str(REPO / "corpus"), "--index", str(tmp / v)),
        "ask": lambda v: cli(v, "ask", QUESTION, "--index", str(tmp / v)),
        "help": lambda v: cli(v, "--help"),
        "python": lambda v: [str(PYTHON), "-c", "pass"],
    }
    for version in sources:  # each version's index, built once before timing anything
        _run(measures["build"](version), sources[version])
    seconds: dict[str, dict[str, list[float]]] = {m: {v: [] for v in sources} for m in measures}
    rss: dict[str, dict[str, list[float]]] = {m: {v: [] for v in sources} for m in measures}
    for turn in range(max(20, runs)):
        for measure, argv in measures.items():
            if measure in ("build", "ask") and turn >= runs:
                continue
            for version, src in sources.items():
                took, peak = _run(argv(version), src)
                seconds[measure][version].append(took)
                rss[measure][version].append(peak)
    out: dict = {"runs": runs}
    for measure in measures:
        out[measure] = {
            v: {
                "median_s": round(statistics.median(seconds[measure][v]), 4),
                "runs_s": [round(x, 3) for x in seconds[measure][v]],
                "peak_rss_mib": max(rss[measure][v]),
            }
            for v in sources
        }
    return out


def _run(argv: list[str], src: Path) -> tuple[float, float]:
    env = os.environ | {"PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr[-400:]}")
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return took, round(int(found.group(1)) / 1024, 1) if found else 0.0


def markdown(r: dict) -> str:
    base = {v: r["python"][v]["median_s"] for v in ("before", "after")}
    rows = [
        [
            "from a new process",
            "before s",
            "after s",
            "after / before",
            "before × python",
            "after × python",
            "peak RSS MiB before → after",
        ]
    ]
    for measure, label in (
        ("build", "`policyqa build --force`, default corpus"),
        ("ask", "`policyqa ask` → answer printed"),
        ("help", "`policyqa --help`"),
        ("python", "`python -c pass` (baseline)"),
    ):
        b, a = r[measure]["before"], r[measure]["after"]
        rows.append(
            [
                label,
                b["median_s"],
                a["median_s"],
                round(a["median_s"] / b["median_s"], 2),
                round(b["median_s"] / base["before"], 1),
                round(a["median_s"] / base["after"], 1),
                f"{b['peak_rss_mib']} → {a['peak_rss_mib']}",
            ]
        )
    return "\n\n".join(
        [
            f"# Before ({r['before_commit']}) and after ({r['after_commit']}), one run",
            table(rows),
            f"Medians of {r['runs']} alternating runs for build and ask, 20 for the start-ups. Both versions "
            "run with this checkout's virtualenv; the before version answers with torch (it has no other runtime).",
        ]
    )


if __name__ == "__main__":
    main()
