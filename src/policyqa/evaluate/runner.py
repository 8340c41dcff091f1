"""The evaluation runner: every mode on the same gold questions, scored by the pure metrics."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import PolicyQAError
from ..records import Answer, Chunk, Hit
from ..retrieve import MODES as RETRIEVAL_MODES
from .gold import KINDS, GoldProblem, GoldQuestion
from .metrics import SHARE_KINDS, answer_metrics, contains, first_relevant, found_share, qrels_for, retrieval_metrics

MODES = (*RETRIEVAL_MODES, "full")  # full: hybrid plus tables plus answer composition
DEFAULT_KS = (1, 3, 5, 10)
PRIMARY = "hit@5"  # the one number to watch
DEPTH = 10  # chunks retrieved per question: MRR@10 and nDCG@10 need ten
LIST_FLOOR = 0.8  # share of a list's or summary's expected items that makes it right (the target)


class Subject(Protocol):
    """What the runner asks of a policyqa.Assistant (evaluate never imports the API)."""

    @property
    def path(self) -> Path: ...
    def chunks(self) -> Sequence[Chunk]: ...
    def search(self, query: str, k: int = 10, *, mode: str = "hybrid") -> Sequence[Hit]: ...
    def ask(self, question: str, *, history: Sequence[str] = ()) -> Answer: ...


@dataclass(frozen=True, slots=True)
class QuestionResult:
    id: str
    q: str
    kind: str
    mode: str
    relevant: int  # chunks judged relevant from the support strings; 0: not judged
    first_relevant: int | None  # 1-based rank of the first relevant chunk, None if not retrieved
    expected: tuple[str, ...] = ()
    answer: str | None = None  # full mode only, like the fields below
    abstained: bool | None = None
    correct: bool | None = None  # answered with every expected string, or abstained on 'abstain'
    cited_facts: bool | None = None  # every expected string is in some citation
    found: float | None = None  # share of the expected strings the answer gives (full mode)


@dataclass(frozen=True)
class EvalReport:
    metrics: dict[str, dict[str, float]]  # mode -> metric -> value
    by_kind: dict[str, dict[str, dict[str, float]]]  # mode -> kind -> metric -> value
    results: tuple[QuestionResult, ...]
    problems: tuple[GoldProblem, ...] = ()
    primary: str = PRIMARY
    questions: int = 0
    ks: tuple[int, ...] = DEFAULT_KS
    seconds: dict[str, float] = field(default_factory=dict)  # mode -> wall time of its run
    index: str = ""  # the index folder evaluated
    machine: dict[str, Any] = field(default_factory=dict)


# --- running ----------------------------------------------------------------------------------


def run_evaluation(
    assistant: Subject,
    questions: Sequence[GoldQuestion],
    *,
    modes: Sequence[str] = MODES,
    ks: Sequence[int] = DEFAULT_KS,
    problems: Sequence[GoldProblem] = (),
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Every mode on the same questions; `assistant` is a policyqa.Assistant."""
    _check(questions, modes, ks, problems)
    chunks = {c.chunk_id: c.text for c in assistant.chunks()}
    qrels = {q.id: qrels_for(q.support, chunks) for q in questions}
    rows = {text: cid for cid, text in chunks.items()}
    depth = max(*ks, DEPTH)
    runs: dict[str, dict[str, list[str]]] = {}
    results: list[QuestionResult] = []
    seconds: dict[str, float] = {}
    for mode in modes:
        started, runs[mode] = time.perf_counter(), {}
        for q in questions:
            runs[mode][q.id], result = _run_one(assistant, q, mode, depth, qrels[q.id], rows)
            results.append(result)
            if progress is not None:
                progress(len(results), len(questions) * len(modes))
        seconds[mode] = round(time.perf_counter() - started, 2)
    metrics, by_kind = _score(results, runs, qrels, modes, ks)
    return EvalReport(
        metrics,
        by_kind,
        tuple(results),
        tuple(problems),
        PRIMARY,
        len(questions),
        tuple(ks),
        seconds,
        str(assistant.path),
        machine_info(),
    )


def _check(
    questions: Sequence[GoldQuestion], modes: Sequence[str], ks: Sequence[int], problems: Sequence[GoldProblem]
) -> None:
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise PolicyQAError(f"unknown mode {(unknown or [''])[0]!r}: choose from {', '.join(MODES)}")
    if not ks or any(k < 1 for k in ks):
        raise PolicyQAError(f"cut-offs must be positive whole numbers, not {list(ks)}: e.g. --k 1,3,5,10")
    if not questions:
        first = f" ({len(problems)} malformed, line {problems[0].line}: {problems[0].problem})" if problems else ""
        raise PolicyQAError(f"no questions to evaluate{first}: fix the gold file")


def _run_one(
    assistant: Subject, q: GoldQuestion, mode: str, depth: int, relevant: set[str], rows: Mapping[str, str]
) -> tuple[list[str], QuestionResult]:
    if mode != "full":
        run = [h.chunk.chunk_id for h in assistant.search(q.q, depth, mode=mode)]
        return run, QuestionResult(q.id, q.q, q.kind, mode, len(relevant), first_relevant(run, relevant), q.answer)
    answer = assistant.ask(q.q, history=q.history)
    # The full mode's ranking: what it cited first, then the passages it showed.
    texts = [c.text for c in answer.citations] + [p.text for p in answer.passages]
    run = list(dict.fromkeys(rows[t] for t in texts if t in rows))
    cited = " ".join(c.text for c in answer.citations)
    found = 0.0 if answer.abstained else found_share(answer.answer, q.answer)
    # a list or a summary is right with most of its items (the share is reported too); the rest need all
    answered_right = found >= LIST_FLOOR if q.kind in SHARE_KINDS else found == 1.0
    return run, QuestionResult(
        q.id,
        q.q,
        q.kind,
        mode,
        len(relevant),
        first_relevant(run, relevant),
        q.answer,
        answer=answer.answer,
        abstained=answer.abstained,
        correct=answer.abstained if q.kind == "abstain" else answered_right,
        cited_facts=bool(q.answer) and all(contains(cited, e) or _computed(answer, e) for e in q.answer),
        found=found if q.answer else None,
    )


def _computed(answer: Answer, expected: str) -> bool:
    """A value the figures engine computed (a change in points) is carried by its figures."""
    return any(contains(str(f.get("printed", "")), expected) for f in answer.figures)


Runs = Mapping[str, Sequence[str]]  # question id -> ranked chunk ids
Qrels = Mapping[str, set[str]]  # question id -> relevant chunk ids


def _score(
    results: Sequence[QuestionResult],
    runs: Mapping[str, Runs],
    qrels: Qrels,
    modes: Sequence[str],
    ks: Sequence[int],
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, dict[str, float]]]]:
    """Metrics per mode, and per mode and kind."""
    metrics: dict[str, dict[str, float]] = {}
    by_kind: dict[str, dict[str, dict[str, float]]] = {}
    for mode in modes:
        mine = [r for r in results if r.mode == mode]
        metrics[mode] = _mode_metrics(mine, runs[mode], qrels, ks)
        by_kind[mode] = {
            kind: _mode_metrics([r for r in mine if r.kind == kind], runs[mode], qrels, ks)
            for kind in KINDS
            if any(r.kind == kind for r in mine)
        }
    return metrics, by_kind


def _mode_metrics(results: Sequence[QuestionResult], runs: Runs, qrels: Qrels, ks: Sequence[int]) -> dict[str, float]:
    out = retrieval_metrics({r.id: runs[r.id] for r in results}, qrels, ks)
    if results and results[0].mode == "full":
        out |= answer_metrics(results)
    return {name: round(value, 4) for name, value in out.items()}


def machine_info() -> dict[str, Any]:
    """Cores, CPU model and Python version, stated with every measured figure."""
    cpu = platform.processor() or platform.machine()
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), cpu)
    except OSError:
        pass  # not Linux: platform's answer stands
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "system": platform.system()}
