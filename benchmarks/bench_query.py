"""Query: warm latency p50/p95/p99 of search and ask over the dev questions; cold start of the CLI
(process start to first answer) and of Streamlit (start to first answer); peak RSS of each.

Run: .venv/bin/python benchmarks/bench_query.py [--repeats 3] [--cold 3]
Writes benchmarks/results/query.json and query.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from policyqa import Assistant, build_index
from policyqa.index.embed import SentenceTransformerEmbedder
from policyqa.settings import DEFAULT_MODEL

from common import REPO, dev_questions, peak_rss_mib, percentiles, save, table, timed_ms

FIRST_QUESTION = "When was the IPEF Supply Chain Resilience Agreement signed?"
WARM_UP = "Which report discusses semiconductor subsidies?"  # not a dev question: its cache entry is unused
BIN = REPO / ".venv" / "bin"
# Run by a fresh interpreter: the Streamlit app in its test harness, from import to first answer.
STREAMLIT_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from streamlit.testing.v1 import AppTest
app = AppTest.from_file(sys.argv[1], default_timeout=900)
app.run()
loaded = time.perf_counter()
app.chat_input[0].set_value(sys.argv[2]).run()
shown = [m.value for m in app.markdown] + [w.value for w in app.warning]
print(json.dumps({"page_s": loaded - started, "answer_s": time.perf_counter() - loaded,
                  "errors": [str(e.value) for e in app.exception], "answered": any(len(s) > 40 for s in shown)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="passes over the dev questions for search")
    parser.add_argument("--cold", type=int, default=3, help="cold starts of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        embedder = SentenceTransformerEmbedder(DEFAULT_MODEL)
        build_index(REPO / "corpus", index, embedder=embedder)
        result = {"warm": warm(index, embedder, args.repeats)}
        result["warm"]["peak_rss_mib"] = peak_rss_mib()
        result["cli_cold"] = [cli_cold(index) for _ in range(args.cold)]
        result["streamlit_server_ready"] = [server_ready(index) for _ in range(args.cold)]
        result["streamlit_cold"] = [streamlit_cold(index) for _ in range(args.cold)]
    save("query", result, markdown(result))


def warm(index: Path, embedder, repeats: int) -> dict:
    """Latency once the model and index are loaded, for new questions and for repeated ones.

    The Assistant caches query embeddings, so each "new" pass starts from a fresh Assistant (the model
    stays loaded) and sees every dev question once; the "repeated" passes ask them again.
    """
    questions = dev_questions()
    out: dict = {"questions": len(questions)}
    for mode in ("hybrid", "bm25", "dense"):
        assistant = _fresh(index, embedder)
        out[f"search_{mode}_ms"] = percentiles(
            [
                timed_ms(lambda q=q, assistant=assistant, mode=mode: assistant.search(q, 10, mode=mode))
                for q in questions
            ]
        )
        out[f"search_{mode}_repeated_ms"] = percentiles(
            [
                timed_ms(lambda q=q, assistant=assistant, mode=mode: assistant.search(q, 10, mode=mode))
                for _ in range(repeats)
                for q in questions
            ]
        )
    assistant, answers = _fresh(index, embedder), []
    out["ask_ms"] = percentiles([timed_ms(lambda q=q: answers.append(assistant.ask(q))) for q in questions])
    out["ask_retrieve_ms"] = percentiles([a.timing_ms["retrieve"] for a in answers])
    out["ask_answer_ms"] = percentiles([a.timing_ms["answer"] for a in answers])
    out["ask_repeated_ms"] = percentiles([timed_ms(lambda q=q: assistant.ask(q)) for q in questions])
    return out


def _fresh(index: Path, embedder) -> Assistant:
    """An Assistant with empty caches over the loaded model, warmed on a question outside the dev set."""
    assistant = Assistant.from_index(index, embedder=embedder)
    assistant.ask(WARM_UP)
    return assistant


def cli_cold(index: Path) -> dict:
    """`policyqa ask` in a new process: interpreter start, imports, model and index load, one answer."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", str(BIN / "policyqa"), "ask", FIRST_QUESTION, "--index", str(index)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mib": _peak(done.stderr)}


def server_ready(index: Path) -> dict:
    """`streamlit run` until its health endpoint answers (the page then loads the model on first visit)."""
    port = _free_port()
    env = os.environ | {"POLICYQA_INDEX": str(index)}
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            str(BIN / "streamlit"),
            "run",
            str(REPO / "streamlit_app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        return {"seconds": round(time.perf_counter() - started, 2)}
            except OSError:
                time.sleep(0.1)
        return {"seconds": None, "error": "not ready in 300 s"}
    finally:
        server.terminate()
        server.wait(timeout=30)


def streamlit_cold(index: Path) -> dict:
    """The Streamlit app's script in a new process (AppTest, no browser): first page, then first answer."""
    env = os.environ | {"POLICYQA_INDEX": str(index)}
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-c", STREAMLIT_SCRIPT, str(REPO / "streamlit_app.py"), FIRST_QUESTION],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    total = round(time.perf_counter() - started, 2)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"seconds": total, "error": done.stderr[-500:]}
    inner = json.loads(lines[-1])
    return {
        "seconds": total,
        "page_s": round(inner["page_s"], 2),
        "answer_s": round(inner["answer_s"], 2),
        "answered": inner["answered"],
        "errors": inner["errors"],
        "peak_rss_mib": _peak(done.stderr),
    }


def _peak(time_v_output: str) -> float | None:
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_v_output)
    return round(int(found.group(1)) / 1024, 1) if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def markdown(r: dict) -> str:
    w = r["warm"]
    rows = [["warm (model and index loaded)", "p50 ms", "p95 ms", "p99 ms", "n"]]
    for name, key in (
        ("search, hybrid", "search_hybrid_ms"),
        ("search, BM25", "search_bm25_ms"),
        ("search, dense", "search_dense_ms"),
        ("ask", "ask_ms"),
        ("ask: retrieval part (query embedding included)", "ask_retrieve_ms"),
        ("ask: answer part", "ask_answer_ms"),
        ("search, hybrid, repeated question (cached embedding)", "search_hybrid_repeated_ms"),
        ("search, dense, repeated question", "search_dense_repeated_ms"),
        ("ask, repeated question", "ask_repeated_ms"),
    ):
        rows.append([name, w[key]["p50"], w[key]["p95"], w[key]["p99"], w[key]["n"]])
    cold = [
        ["cold start", "seconds (each run)", "peak RSS MiB"],
        [
            "`policyqa ask` process start → answer printed",
            _each(r["cli_cold"], "seconds"),
            _each(r["cli_cold"], "peak_rss_mib"),
        ],
        ["`streamlit run` start → server healthy", _each(r["streamlit_server_ready"], "seconds"), "–"],
        [
            "Streamlit app script start → first answer (AppTest)",
            _each(r["streamlit_cold"], "seconds"),
            _each(r["streamlit_cold"], "peak_rss_mib"),
        ],
        ["  of which page load (imports, model, index)", _each(r["streamlit_cold"], "page_s"), ""],
        ["  of which the first answer", _each(r["streamlit_cold"], "answer_s"), ""],
    ]
    problems = [s.get("error") or "; ".join(s.get("errors", [])) for s in r["streamlit_cold"]]
    notes = (
        "Streamlit start to first answer ≈ server healthy + app script to first answer: a browser's first "
        "visit runs the same script (model and index load via `st.cache_resource`), then the question."
    )
    return "\n\n".join(
        [
            "# Query",
            f"Warm process peak RSS: {w['peak_rss_mib']} MiB; {w['questions']} dev questions, "
            "each asked once of a fresh Assistant (the model stays loaded; the Assistant caches query "
            "embeddings), then again as repeated questions.",
            table(rows),
            table(cold),
            notes,
        ]
        + ([f"Streamlit problems: {problems}"] if any(problems) else [])
    )


def _each(runs: list[dict], key: str) -> str:
    return ", ".join("–" if run.get(key) is None else str(run[key]) for run in runs)


if __name__ == "__main__":
    main()
