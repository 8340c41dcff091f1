"""Figure answers on the real reports, before and after: another commit's policyqa against this checkout.

The figure questions of `tests/eval/figures_real.jsonl` and `figures_fresh.jsonl` (both halves)
are asked of one index of the default corpus and the real reports in `../shared/pdfs/reports`,
built once by this checkout. Each version answers them in its own process (the other commit
checked out into a temporary git worktree, run with this virtualenv through `PYTHONPATH`), warm:
every question is asked once before timing. Rounds alternate between the versions, so both see the
same moments of the machine. Reported: `Assistant.ask` per question, and its answering part
(`timing_ms["answer"]`: the figures engine and composing, retrieval left out), as p50 and p95,
and after / before: the baseline is the other version measured in the same run.

Run: .venv/bin/python benchmarks/bench_figures.py --before 6c889ba [--rounds 3] [--index PATH]
Writes benchmarks/results/figures.json and figures.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, percentiles, save, table

PYTHON = REPO / ".venv" / "bin" / "python"
SETS = ("figures_real", "figures_fresh")
REPORTS = REPO.parent / "shared" / "pdfs" / "reports"

# Run in each version's process: ask every question once (warm-up), then time each, print JSON.
_WORKER = """
import json, sys, time
from policyqa import Assistant
index, questions = sys.argv[1], json.load(open(sys.argv[2]))
assistant = Assistant.from_index(index)
for q in questions:
    assistant.ask(q)
out = []
for q in questions:
    started = time.perf_counter()
    answer = assistant.ask(q)
    out.append({"total": (time.perf_counter() - started) * 1000, "answer": answer.timing_ms["answer"]})
print(json.dumps(out))
"""


def questions() -> list[str]:
    out = []
    for name in SETS:
        with open(REPO / "tests" / "eval" / f"{name}.jsonl", encoding="utf-8") as lines:
            out += [json.loads(line)["q"] for line in lines if line.strip()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the commit to compare with (e.g. 6c889ba)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of every question per version")
    parser.add_argument("--index", type=Path, help="an index of the corpus and the reports (else built here)")
    args = parser.parse_args()
    asked = questions()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or _build(Path(tmp))
        listed = Path(tmp) / "questions.json"
        listed.write_text(json.dumps(asked), encoding="utf-8")
        worktree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(worktree), args.before], check=True
        )
        try:
            sources = {"before": worktree / "src", "after": REPO / "src"}
            samples: dict[str, dict[str, list[float]]] = {v: {"total": [], "answer": []} for v in sources}
            for _ in range(args.rounds):
                for version, src in sources.items():
                    for timing in _ask(src, index, listed):
                        for part in ("total", "answer"):
                            samples[version][part].append(timing[part])
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=True)
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    result = {
        "before_commit": args.before,
        "after_commit": head.stdout.strip(),
        "questions": len(asked),
        "rounds": args.rounds,
        **{v: {part: percentiles(ms) for part, ms in parts.items()} for v, parts in samples.items()},
    }
    save("figures", result, markdown(result))


def _build(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for source in [*(REPO / "corpus").iterdir(), *REPORTS.glob("*.pdf")]:
        if source.is_file() and source.suffix in (".txt", ".pdf", ".md") and source.name != "SOURCES.md":
            shutil.copy(source, corpus / source.name)
    index = tmp / "index"
    cli = [str(PYTHON), "-m", "policyqa.cli", "build", "--corpus", str(corpus), "--index", str(index)]
    subprocess.run(cli, check=True, env=_env(REPO / "src"), capture_output=True)
    return index


def _ask(src: Path, index: Path, listed: Path) -> list[dict[str, float]]:
    done = subprocess.run(
        [str(PYTHON), "-c", _WORKER, str(index), str(listed)], capture_output=True, text=True, env=_env(src)
    )
    if done.returncode != 0:
        raise SystemExit(f"asking with {src} failed: {done.stderr[-400:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env(src: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def markdown(r: dict) -> str:
    rows = [
        [
            "per figure question",
            "before p50 ms",
            "after p50 ms",
            "p50 after / before",
            "before p95 ms",
            "after p95 ms",
            "p95 after / before",
        ]
    ]
    for part, label in (("total", "`Assistant.ask`"), ("answer", "answering (figures engine and composing)")):
        b, a = r["before"][part], r["after"][part]
        rows.append(
            [
                label,
                b["p50"],
                a["p50"],
                round(a["p50"] / b["p50"], 2),
                b["p95"],
                a["p95"],
                round(a["p95"] / b["p95"], 2),
            ]
        )
    return "\n\n".join(
        [
            f"# Figure answers on the real reports: before ({r['before_commit']}) and after ({r['after_commit']})",
            table(rows),
            f"{r['questions']} questions ({', '.join(f'`tests/eval/{s}.jsonl`' for s in SETS)}, both halves), "
            f"each asked warm {r['rounds']} times per version in alternating rounds, of one index of the default "
            "corpus and the 16 reports. Both versions run with this checkout's virtualenv. The warm-up asks "
            "each question once, and a question asked before is retrieved from the cache: `Assistant.ask` "
            "here is mostly answering.",
        ]
    )


if __name__ == "__main__":
    main()
