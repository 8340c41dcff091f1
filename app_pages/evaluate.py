"""Evaluate: run the gold questions mode by mode and show the report's tables, plot and misses."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from app.views import estimate_seconds, spread_sample
from app_pages import common
from policyqa import (
    EVAL_MODES,
    EvalReport,
    PolicyQAError,
    escape_markdown,
    find_misses,
    kind_rows,
    load_gold,
    miss_rows,
    plot_report,
    read_gold,
    run_evaluation,
    summary_rows,
)

DEV_GOLD = common.APP_ROOT / "tests" / "eval" / "dev.jsonl"
DEV_LABEL = "Development set"
QUICK_QUESTIONS = 20
MODE_HELP = (
    "bm25, dense and hybrid score retrieval only (fast); full asks the assistant each "
    "question and also scores its answers, citations and abstentions (slower)."
)


def gold_questions():
    """The chosen gold questions and problems, or None until there are some."""
    sources = [DEV_LABEL, "Upload a gold file"] if DEV_GOLD.is_file() else ["Upload a gold file"]
    source = st.radio("Questions", sources, horizontal=True)
    if source == DEV_LABEL:
        return load_gold(DEV_GOLD)
    upload = st.file_uploader(
        'Gold questions (JSON Lines: one {"q", "kind", "answer", "support"} per line)', type=["jsonl", "json"]
    )
    return read_gold(upload.getvalue()) if upload is not None else None


def frame(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows[1:], columns=rows[0])


def show_report(report: EvalReport) -> None:
    st.subheader("Metrics by mode")
    primary = st.columns(len(report.metrics))
    for column, (mode, values) in zip(primary, report.metrics.items(), strict=True):
        column.metric(f"{report.primary} · {mode}", f"{values.get(report.primary, 0):.3f}")
    st.dataframe(frame(summary_rows(report)), hide_index=True)
    with tempfile.TemporaryDirectory() as folder:
        plot = Path(folder) / "eval.png"
        plot_report(report, plot)
        st.image(plot.read_bytes(), caption="Hit@k per mode, the primary metric by kind, and full-mode answers by kind")
    st.subheader("By kind of question")
    st.dataframe(frame(kind_rows(report)), hide_index=True)
    misses = find_misses(report)
    st.subheader(f"Misses ({len(misses)})")
    st.caption(
        "No relevant chunk in some mode's top 5 (rank shown, – when not retrieved), "
        "or a wrong answer from the full mode."
    )
    if misses:
        st.dataframe(frame(miss_rows(report, misses, width=200)), hide_index=True)
    for problem in report.problems:
        st.warning(escape_markdown(f"Gold line {problem.line} skipped: {problem.problem}"))


def run(assistant, questions, problems, modes, count: int) -> None:
    """Run `count` of the questions in `modes`, with a progress bar; keep the report and its pace."""
    bar = st.progress(0.0, text="Evaluating…")
    chosen = spread_sample(questions, count)
    started = time.perf_counter()
    try:
        st.session_state["evaluation"] = run_evaluation(
            assistant,
            chosen,
            modes=modes,
            problems=problems,
            progress=lambda done, total: bar.progress(done / total, text=f"Question {done}/{total}"),
        )
        st.session_state["pace"] = (time.perf_counter() - started, len(chosen) * len(modes))
    except PolicyQAError as err:
        st.error(escape_markdown(str(err)))
    bar.empty()


def full_run_label(questions: int) -> str:
    """The full run's button, with its duration estimated from the pace of the last run."""
    label = f"Full run: {questions} questions x {len(EVAL_MODES)} modes"
    if "pace" not in st.session_state:
        return label
    seconds = estimate_seconds(*st.session_state["pace"], questions=questions, modes=len(EVAL_MODES))
    return f"{label} (about {max(1, round(seconds / 60))} min at the last run's pace)"


def main() -> None:
    st.title("Evaluate")
    assistant = common.assistant()
    if assistant is None:
        return
    try:
        gold = gold_questions()
    except PolicyQAError as err:
        st.error(escape_markdown(str(err)))
        return
    if gold is None:
        return
    questions, problems = gold
    quick = min(QUICK_QUESTIONS, len(questions))
    st.caption(
        f"Start with the quick run ({quick} questions, evenly spaced, in full mode: the assistant answers each); "
        "the full run scores every question in every mode and takes longer. " + MODE_HELP
    )
    left, right = st.columns(2)
    if left.button(f"Quick run: {quick} questions, full mode", type="primary", disabled=not questions):
        run(assistant, questions, problems, ["full"], quick)
    if right.button(full_run_label(len(questions)), disabled=not questions):
        run(assistant, questions, problems, list(EVAL_MODES), len(questions))
    with st.expander("Choose the modes and the number of questions"):
        modes = st.multiselect("Modes", EVAL_MODES, default=["full"], help=MODE_HELP)
        count = st.number_input(
            "Questions",
            1,
            max(1, len(questions)),
            quick or 1,
            help="This many questions, evenly spaced through the file",
        )
        if st.button("Run the evaluation", disabled=not (questions and modes)):
            run(assistant, questions, problems, modes, int(count))
    if "evaluation" in st.session_state:
        show_report(st.session_state["evaluation"])


main()
