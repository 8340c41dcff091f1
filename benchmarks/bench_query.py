"""Query: warm latency p50/p95/p99 of search and ask over the dev questions; cold start of the CLI
(process start to first answer, and --help) and of Streamlit (start to first answer); peak RSS.

Every time is also given as a ratio to a baseline measured in the same run, because absolute times on
a shared machine are not stable: one bare MiniLM query encoding (sentence-transformers, the model as
usually run) for search and ask, a bare `python -c pass` for start-up. "Before" runs the question path
as it was before evidence sentences were stored and questions were encoded by onnxruntime (the same
index with its stored sentences dropped, questions encoded by torch); "after" is the default.

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

import dataclasses
import statistics

from policyqa import Assistant, build_index
from policyqa.index.embed import SentenceTransformerEmbedder
from policyqa.index.encoder import load_encoder
from policyqa.index.folder import load_index
from policyqa.settings import DEFAULT_MODEL, resolve_settings

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
        torch_model = SentenceTransformerEmbedder(DEFAULT_MODEL)
        build_index(REPO / "corpus", index, embedder=torch_model)
        result = {"warm": warm(index, torch_model, args.repeats)}
        result["warm"]["peak_rss_mib"] = peak_rss_mib()
        result["start"] = start_up(index, args.cold)
        result["streamlit_server_ready"] = [server_ready(index) for _ in range(args.cold)]
        result["streamlit_cold"] = [streamlit_cold(index) for _ in range(args.cold)]
    save("query", result, markdown(result))


def warm(index: Path, torch_model: SentenceTransformerEmbedder, repeats: int) -> dict:
    """Latency once the model and index are loaded, for new questions and for repeated ones, before and after.

    The Assistant caches query embeddings, so each "new" pass starts from a fresh Assistant (the model
    stays loaded) and sees every dev question once; the "repeated" passes ask them again. The baseline,
    one bare query encoding, is timed in the same passes, question by question, so a busy moment of the
    machine slows the baseline and the measured call alike.
    """
    questions = dev_questions()
    onnx_model = load_encoder(DEFAULT_MODEL)
    configurations = {"after": lambda: _fresh(index, onnx_model), "before": lambda: _before(index, torch_model)}
    out: dict = {"questions": len(questions), "query_encoder_after": type(onnx_model).__name__}
    samples: dict[str, list[float]] = {}

    def add(name: str, call) -> None:
        samples.setdefault(name, []).append(timed_ms(call))

    assistants = {name: make() for name, make in configurations.items()}
    searchers = {name: make() for name, make in configurations.items()}
    for q in questions:  # interleaved: every measure sees the same moments of the machine
        add("encode_torch_ms", lambda q=q: torch_model.embed([q]))
        add("encode_onnx_ms", lambda q=q: onnx_model.embed([q]))
        for name in configurations:
            add(f"ask_{name}_ms", lambda q=q, a=assistants[name]: a.ask(q))
            add(f"search_hybrid_{name}_ms", lambda q=q, a=searchers[name]: a.search(q, 10))
        add("search_bm25_ms", lambda q=q, a=searchers["after"]: a.search(q, 10, mode="bm25"))
    for _ in range(repeats):
        for q in questions:
            for name in configurations:
                add(f"ask_{name}_repeated_ms", lambda q=q, a=assistants[name]: a.ask(q))
                add(f"search_hybrid_{name}_repeated_ms", lambda q=q, a=searchers[name]: a.search(q, 10))
    for name, values in samples.items():
        out[name] = percentiles(values)
    for name in samples:
        if name.startswith(("ask_", "search_")):
            out[name.removesuffix("_ms") + "_ratio"] = {
                p: round(out[name][p] / out["encode_torch_ms"][p], 2) for p in ("p50", "p95", "p99")
            }
    return out


def _fresh(index: Path, embedder) -> Assistant:
    """An Assistant with empty caches over the loaded model, warmed on a question outside the dev set."""
    assistant = Assistant.from_index(index, embedder=embedder)
    assistant.ask(WARM_UP)
    return assistant


def _before(index: Path, torch_model: SentenceTransformerEmbedder) -> Assistant:
    """The question path before this change: torch encodes the question and every evidence sentence."""
    loaded = load_index(index, model=DEFAULT_MODEL)
    without = dataclasses.replace(loaded, contents=dataclasses.replace(loaded.contents, sentences=None))
    assistant = Assistant(without, torch_model, resolve_settings())
    assistant.ask(WARM_UP)
    return assistant


def start_up(index: Path, runs: int) -> dict:
    """Process start to exit: bare Python, `policyqa --help`, `policyqa ask` after and before (torch)."""
    python = str(BIN / "python")
    ask = [str(BIN / "policyqa"), "ask", FIRST_QUESTION, "--index", str(index)]
    commands = {
        "python_pass": ([python, "-c", "pass"], {}),
        "help": ([str(BIN / "policyqa"), "--help"], {}),
        "ask_after": (ask, {}),
        "ask_before": (ask, {"POLICYQA_RUNTIME": "torch"}),
    }
    quick = max(20, runs)  # start-ups of tens of milliseconds need more runs for a stable median
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float | None]] = {name: [] for name in commands}
    for turn in range(quick):
        for name, (argv, env) in commands.items():
            if name.startswith("ask") and turn >= runs:
                continue
            started = time.perf_counter()
            done = subprocess.run(
                ["/usr/bin/time", "-v", *argv], capture_output=True, text=True, env=os.environ | env, check=True
            )
            seconds[name].append(time.perf_counter() - started)
            rss[name].append(_peak(done.stderr))
    out: dict = {}
    for name in commands:
        out[name] = {
            "median_s": round(statistics.median(seconds[name]), 4),
            "runs": [round(x, 3) for x in seconds[name]],
            "peak_rss_mib": rss[name][-1],
        }
    base = out["python_pass"]["median_s"]
    for name in ("help", "ask_after", "ask_before"):
        out[name]["ratio_to_python"] = round(out[name]["median_s"] / base, 2)
    return out


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
    rows = [["warm (model and index loaded)", "p50 ms", "p95 ms", "p99 ms", "p50 ×", "p95 ×", "n"]]
    for name, key in (
        ("baseline: one MiniLM query encoding (sentence-transformers)", "encode_torch"),
        ("one query encoding, onnxruntime (policyqa's query encoder)", "encode_onnx"),
        ("**ask, after**", "ask_after"),
        ("ask, before", "ask_before"),
        ("search, hybrid, after", "search_hybrid_after"),
        ("search, hybrid, before", "search_hybrid_before"),
        ("search, BM25", "search_bm25"),
        ("ask, repeated question, after", "ask_after_repeated"),
        ("ask, repeated question, before", "ask_before_repeated"),
        ("search, hybrid, repeated question, after", "search_hybrid_after_repeated"),
        ("search, hybrid, repeated question, before", "search_hybrid_before_repeated"),
    ):
        m = w[f"{key}_ms"]
        ratio = w.get(f"{key}_ratio", {"p50": 1.0, "p95": 1.0} if key == "encode_torch" else None)
        shown = (
            [ratio["p50"], ratio["p95"]]
            if ratio
            else [
                round(m["p50"] / w["encode_torch_ms"]["p50"], 2),
                round(m["p95"] / w["encode_torch_ms"]["p95"], 2),
            ]
        )
        rows.append([name, m["p50"], m["p95"], m["p99"], *shown, m["n"]])
    s = r["start"]
    start = [
        ["process start → exit", "median s", "× bare python", "peak RSS MiB", "runs (s)"],
        ["baseline: `python -c pass`", s["python_pass"]["median_s"], 1.0, s["python_pass"]["peak_rss_mib"], ""],
        ["`policyqa --help`", s["help"]["median_s"], s["help"]["ratio_to_python"], s["help"]["peak_rss_mib"], ""],
    ]
    for name, label in (
        ("ask_after", "`policyqa ask` → answer printed, after"),
        ("ask_before", "`policyqa ask`, before (torch)"),
    ):
        start.append(
            [
                label,
                s[name]["median_s"],
                s[name]["ratio_to_python"],
                s[name]["peak_rss_mib"],
                ", ".join(map(str, s[name]["runs"])),
            ]
        )
    cold = [
        ["Streamlit", "seconds (each run)", "peak RSS MiB"],
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
        "× is the ratio to the baseline measured in the same run (ask and search: one bare query encoding "
        "by sentence-transformers, timed question by question between the measured calls; start-up: a bare "
        "`python -c pass`). **Before**: the same index with its stored sentence vectors dropped and questions "
        "encoded by torch, as policyqa answered before evidence sentences were embedded at build time; "
        "**after**: the default. Streamlit start to first answer ≈ server healthy + app script to first "
        "answer: a browser's first visit runs the same script (index and query encoder via "
        "`st.cache_resource`), then the question."
    )
    return "\n\n".join(
        [
            "# Query",
            f"Warm process peak RSS: {w['peak_rss_mib']} MiB; {w['questions']} dev questions, each asked once "
            "of a fresh Assistant per configuration, then again as repeated questions.",
            table(rows),
            table(start),
            table(cold),
            notes,
        ]
        + ([f"Streamlit problems: {problems}"] if any(problems) else [])
    )


def _each(runs: list[dict], key: str) -> str:
    return ", ".join("–" if run.get(key) is None else str(run[key]) for run in runs)


if __name__ == "__main__":
    main()
