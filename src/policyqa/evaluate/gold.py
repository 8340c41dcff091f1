"""Gold questions: JSON Lines of questions with the strings a right answer and a relevant chunk contain."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyQAError

# What a question asks for (tests/eval/README.md); "abstain": the corpus does not say.
KINDS = (
    "figure",
    "fact",
    "date",
    "definition",
    "why",
    "how",
    "list",
    "summary",
    "multipart",
    "followup",
    "abstain",
)
SPLITS = ("tune", "test")


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    id: str
    q: str
    kind: str  # one of KINDS
    answer: tuple[str, ...]  # strings a correct answer contains: all of them, or a share (metrics.SHARE_KINDS)
    support: tuple[str, ...]  # strings a relevant chunk contains, any of them
    history: tuple[str, ...] = ()  # the earlier questions of the conversation, oldest first
    split: str | None = None  # "tune" or "test": the half of a development set it belongs to


@dataclass(frozen=True, slots=True)
class GoldProblem:
    line: int  # 1-based line of the gold file
    problem: str


def load_gold(path: Path | str) -> tuple[list[GoldQuestion], list[GoldProblem]]:
    """Questions from a JSON Lines gold file; a malformed line is a problem, not the end."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyQAError(f"{path}: cannot read the gold file ({err})") from err
    questions: list[GoldQuestion] = []
    problems: list[GoldProblem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = parse_gold_line(line)
        except ValueError as err:
            problems.append(GoldProblem(number, str(err)))
            continue
        if question.id in seen:
            problems.append(GoldProblem(number, f"id {question.id!r} is also on line {seen[question.id]}"))
            continue
        seen[question.id] = number
        questions.append(question)
    return questions, problems


def parse_gold_line(line: str) -> GoldQuestion:
    """One gold line: {"id", "q", "kind", "answer": [...], "support": [...]}; ValueError if malformed."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON ({err.msg})") from err
    if not isinstance(raw, dict) or not isinstance(raw.get("q"), str) or not raw["q"].strip():
        raise ValueError('expected an object with a non-empty "q" string')
    kind = raw.get("kind", "fact")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    answer, support = raw.get("answer", []), raw.get("support", [])
    if not all(isinstance(x, list) and all(isinstance(s, str) for s in x) for x in (answer, support)):
        raise ValueError('"answer" and "support" must be lists of strings')
    if kind != "abstain" and not answer:
        raise ValueError(f'a {kind} question needs at least one "answer" string')
    history, split = raw.get("history", []), raw.get("split")
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise ValueError('"history" must be a list of earlier questions (strings)')
    if split is not None and split not in SPLITS:
        raise ValueError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    question_id = str(raw.get("id", raw["q"][:40]))
    return GoldQuestion(question_id, raw["q"], kind, tuple(answer), tuple(support), tuple(history), split)


def select_split(questions: Sequence[GoldQuestion], split: str | None) -> list[GoldQuestion]:
    """The questions of one half ("tune" or "test"); all of them when `split` is None."""
    if split is not None and split not in SPLITS:
        raise PolicyQAError(f"unknown split {split!r}: choose {' or '.join(SPLITS)}")
    return [q for q in questions if split is None or q.split == split]


def read_gold(data: bytes) -> tuple[list[GoldQuestion], list[GoldProblem]]:
    """Gold questions from an uploaded JSON Lines file; malformed lines become problems."""
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as err:
        raise PolicyQAError(f"the gold file is not UTF-8 text ({err.reason}): upload a .jsonl file") from err
    questions, problems = [], []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                questions.append(parse_gold_line(line))
            except ValueError as err:
                problems.append(GoldProblem(number, str(err)))
    if not questions:
        raise PolicyQAError('the gold file has no questions: one {"q": ...} object per line')
    return questions, problems
