"""Calibrate the answer engine's abstention thresholds on the development questions.

Run: .venv/bin/python scripts/calibrate_answers.py [--index index] [--questions tests/eval/dev.jsonl]

Answers every question once with the thresholds off, records the signals the thresholds act
on, then searches the thresholds that keep answerable questions answered while abstaining on
the rest. Prints both error rates for the chosen and the current thresholds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from policyqa import Assistant
from policyqa.answer import compose as answer
from policyqa.evaluate.gold import load_gold
from policyqa.evaluate.metrics import answer_correct


@dataclass(frozen=True)
class Signals:
    kind: str
    similarity: float  # best passage cosine
    evidence: float  # best evidence score of the main part (0 when none carries the attribute)
    strict: bool  # the question uses words the corpus never does
    vetoed: bool  # abstained before any threshold (unknown names, figures not covered)
    correct: bool  # the answer given with thresholds off is right


def collect(assistant: Assistant, questions) -> list[Signals]:
    floors = (answer.SIMILARITY_FLOOR, answer.EVIDENCE_FLOOR, answer.STRICT_FLOOR)
    answer.SIMILARITY_FLOOR = answer.EVIDENCE_FLOOR = answer.STRICT_FLOOR = -1.0
    try:
        return [_signals(assistant, q) for q in questions]
    finally:
        answer.SIMILARITY_FLOOR, answer.EVIDENCE_FLOOR, answer.STRICT_FLOOR = floors


def _signals(assistant: Assistant, q) -> Signals:
    retriever, context = assistant.retriever, assistant._context
    vector = retriever.embed_query(q.q)
    hits = retriever.search(q.q, k=10, vector=vector)
    similarity = float(np.max(retriever.similarity(vector, [retriever.row_of(h.chunk.chunk_id) for h in hits])))
    chosen = answer.text_evidence(q.q, vector, hits, context)
    result = assistant.ask(q.q)
    correct = (
        result.abstained if q.kind == "abstain" else (not result.abstained and answer_correct(result.answer, q.answer))
    )
    return Signals(
        q.kind,
        similarity,
        chosen[0].score if chosen else 0.0,
        bool(answer.unknown_words(q.q, context)),
        result.abstained,
        correct,
    )


def outcome(signals: list[Signals], sim: float, floor: float, strict: float) -> dict[str, float]:
    rows = []
    for s in signals:
        abstains = s.vetoed or s.similarity < sim or s.evidence < (strict if s.strict else floor)
        right = abstains if s.kind == "abstain" else (not abstains and s.correct)
        rows.append((s.kind, abstains, right))
    answerable = [r for r in rows if r[0] != "abstain"]
    said = [r for r in rows if r[1]]
    should = [r for r in rows if r[0] == "abstain"]
    return {
        "accuracy": sum(r[2] for r in answerable) / len(answerable),
        "false_abstain_rate": sum(r[1] for r in answerable) / len(answerable),
        "missed_abstain_rate": sum(not r[1] for r in should) / max(1, len(should)),
        "abstain_precision": sum(r[0] == "abstain" for r in said) / max(1, len(said)),
        "abstain_recall": sum(r[1] for r in should) / max(1, len(should)),
    }


def objective(o: dict[str, float]) -> float:
    # A refused answerable question and a confident wrong answer cost the same.
    return o["accuracy"] + o["abstain_recall"] * 0.5 + o["abstain_precision"] * 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default="index")
    parser.add_argument("--questions", default="tests/eval/dev.jsonl")
    args = parser.parse_args()
    assistant = Assistant.from_index(args.index)
    questions, _ = load_gold(Path(args.questions))
    signals = collect(assistant, questions)
    grid = np.round(np.arange(0.0, 0.81, 0.025), 3)
    best = max(
        (
            (objective(outcome(signals, a, b, c)), a, b, c)
            for a, b, c in itertools.product(grid[:17], grid, grid)
            if c >= b
        ),
        key=lambda t: (t[0], -t[1], -t[2], -t[3]),
    )
    current = (answer.SIMILARITY_FLOOR, answer.EVIDENCE_FLOOR, answer.STRICT_FLOOR)
    print(
        json.dumps(
            {
                "questions": len(signals),
                "current": {"thresholds": current, **outcome(signals, *current)},
                "best": {"thresholds": best[1:], **outcome(signals, *best[1:])},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
