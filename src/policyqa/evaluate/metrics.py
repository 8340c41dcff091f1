"""Pure evaluation metrics: qrels and runs in, numbers out; no models, no files.

qrels map a question id to its set of relevant chunk ids; a run is the ranked chunk ids retrieved
for one question. A metric whose denominator would be empty is left out rather than guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from ..text import normalise

SHARE_KINDS = frozenset({"list", "summary"})  # kinds scored by the share of expected strings found


class Judged(Protocol):
    """What answer metrics read of a question's result (evaluate.runner.QuestionResult)."""

    @property
    def kind(self) -> str: ...
    @property
    def abstained(self) -> bool | None: ...
    @property
    def correct(self) -> bool | None: ...
    @property
    def cited_facts(self) -> bool | None: ...
    @property
    def found(self) -> float | None: ...


def contains(text: str, expected: str) -> bool:
    """`expected` in `text`; a number only as a whole number ('7.7' is not in '47.7'), and never
    as a citation marker ('5' is not in '... Santa Ana [5]'). A number with decimals is also found
    computed to more of them ('13.9' in 'share: 13.92%'): a share or ratio the answer works out
    from two cells is stated to two decimals, whatever precision the gold was written to."""
    text, expected = (_PERCENT.sub("%", normalise(t)) for t in (_CITATION.sub(" ", text), expected))
    expected = expected.rstrip("%").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", expected):
        if re.search(rf"(?<![\d.]){re.escape(expected)}(?!\d|\.\d)", text) is not None:
            return True
        decimals = len(expected.partition(".")[2])
        return decimals > 0 and any(
            len(found.partition(".")[2]) > decimals
            and abs(float(found) - float(expected)) <= 0.5 * 10**-decimals + 1e-9
            for found in _DECIMAL.findall(text)
        )
    return expected in text


_PERCENT = re.compile(r"(?<=\d)\s*(?:per ?cent|percent)\b")  # "18.7 percent" is "18.7%"
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


_CITATION = re.compile(r"\[\d+\]")


def qrels_for(support: Sequence[str], chunks: Mapping[str, str]) -> set[str]:
    """Relevant chunk ids: those whose text contains any support string."""
    wanted = [normalise(s) for s in support if s.strip()]
    return {cid for cid, text in chunks.items() if any(w in normalise(text) for w in wanted)}


def first_relevant(run: Sequence[str], relevant: set[str]) -> int | None:
    """1-based rank of the first relevant chunk in `run`, None when there is none."""
    return next((rank for rank, cid in enumerate(run, start=1) if cid in relevant), None)


def hit_at_k(run: Sequence[str], relevant: set[str], k: int) -> float:
    return 1.0 if any(cid in relevant for cid in run[:k]) else 0.0


def recall_at_k(run: Sequence[str], relevant: set[str], k: int) -> float:
    return len(set(run[:k]) & relevant) / len(relevant) if relevant else 0.0


def mrr_at_k(run: Sequence[str], relevant: set[str], k: int) -> float:
    rank = first_relevant(run[:k], relevant)
    return 1.0 / rank if rank else 0.0


def ndcg_at_k(run: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-relevance nDCG: the ideal run puts min(k, |relevant|) relevant chunks first."""
    gains = sum(1.0 / math.log2(rank + 1) for rank, cid in enumerate(run[:k], start=1) if cid in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return gains / ideal if ideal else 0.0


def retrieval_metrics(
    runs: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]], ks: Sequence[int]
) -> dict[str, float]:
    """Mean Hit@k for each k, MRR@10 and nDCG@10 over the questions that have relevant chunks."""
    judged = [q for q in runs if qrels.get(q)]
    if not judged:
        return {}

    def mean(metric: Callable[[Sequence[str], set[str], int], float], k: int) -> float:
        return sum(metric(runs[q], qrels[q], k) for q in judged) / len(judged)

    out = {f"hit@{k}": mean(hit_at_k, k) for k in ks}
    return out | {"mrr@10": mean(mrr_at_k, 10), "ndcg@10": mean(ndcg_at_k, 10)}


def found_share(answer: str, expected: Sequence[str]) -> float:
    """The share of the expected strings the answer contains (0 when none are expected)."""
    return sum(contains(answer, e) for e in expected) / len(expected) if expected else 0.0


def answer_metrics(results: Sequence[Judged]) -> dict[str, float]:
    """Accuracy, citation faithfulness, abstention precision and recall, share handled correctly.

    answer_accuracy counts answerable questions, citation_faithfulness the answered ones,
    abstain_* treat the 'abstain' questions as the positives, and correct counts every question
    (answered right, or abstained on an 'abstain' question).
    """
    answerable = [r for r in results if r.kind != "abstain"]
    answered = [r for r in answerable if not r.abstained]
    said = [r for r in results if r.abstained]
    should = [r for r in results if r.kind == "abstain"]
    out = {
        "answer_accuracy": _share(answerable, lambda r: r.correct),
        "citation_faithfulness": _share(answered, lambda r: r.cited_facts),
        "abstain_precision": _share(said, lambda r: r.kind == "abstain"),
        "abstain_recall": _share(should, lambda r: r.abstained),
        "correct": _share(results, lambda r: r.correct),
        "false_refusal": _share(answerable, lambda r: r.abstained),
        "list_recall": _mean([r.found for r in results if r.kind in SHARE_KINDS and r.found is not None]),
    }
    return {name: value for name, value in out.items() if value is not None}


def _share(items: Sequence[Judged], test: Callable[[Judged], bool | None]) -> float | None:
    return sum(bool(test(item)) for item in items) / len(items) if items else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
