"""Grounded answers: pick the best-supported sentences of the top passages and cite them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .embed import Embedder
from .errors import QuestionError
from .index import bm25_tokens
from .records import Citation, Hit
from .chunk import sentence_spans

ABSTAIN_SIMILARITY = 0.30  # best passage cosine below this: the corpus does not cover it
SECOND_SENTENCE_RATIO = 0.85  # a second sentence must score this close to the best
PASSAGES_READ = 5  # sentences are taken from this many top passages


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence (or a whole table row) that might answer the question."""

    hit: Hit
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Composed:
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]


def validate_question(question: str, *, max_chars: int) -> str:
    """The question stripped, or a QuestionError saying what is wrong with it."""
    text = (question or "").strip()
    if not text:
        raise QuestionError("the question is empty: type what you want to know")
    if len(text) > max_chars:
        raise QuestionError(
            f"the question is {len(text):,} characters long; the limit is {max_chars:,}: "
            "ask one thing at a time in a sentence or two"
        )
    return text


def term_overlap(question_terms: set[str], text_terms: set[str]) -> float:
    """Share of the question's key terms that the text contains."""
    if not question_terms:
        return 0.0
    return len(question_terms & text_terms) / len(question_terms)


def candidates_of(hits: Sequence[Hit]) -> list[tuple[Hit, str]]:
    """Sentences of passage hits and whole rows of table hits, in rank order."""
    out: list[tuple[Hit, str]] = []
    for hit in hits:
        if hit.chunk.kind == "table_row":
            out.append((hit, hit.chunk.text))
            continue
        for start, end in sentence_spans(hit.chunk.text):
            sentence = hit.chunk.text[start:end].strip()
            if len(sentence) >= 20:
                out.append((hit, sentence))
    return out


def score_candidates(
    question: str,
    query_vector: np.ndarray,
    pairs: Sequence[tuple[Hit, str]],
    *,
    embedder: Embedder,
    stemmer: object,
) -> list[Candidate]:
    """Blend meaning (cosine) and wording (key-term overlap); best first."""
    if not pairs:
        return []
    cosines = embedder.embed([text for _, text in pairs]) @ query_vector
    terms = set(bm25_tokens(question, stemmer))
    scored = [
        Candidate(hit, text, 0.6 * float(cos) + 0.4 * term_overlap(terms, set(bm25_tokens(text, stemmer))))
        for (hit, text), cos in zip(pairs, cosines)
    ]
    return sorted(scored, key=lambda c: (-c.score, c.hit.rank))


def choose(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The best candidate, plus a second from another passage when nearly as good."""
    if not candidates:
        return []
    best = candidates[0]
    for other in candidates[1:]:
        if other.hit.chunk.chunk_id == best.hit.chunk.chunk_id:
            continue
        if other.score >= SECOND_SENTENCE_RATIO * best.score and other.text not in best.text:
            return [best, other]
        break
    return [best]


def compose(
    question: str,
    query_vector: np.ndarray,
    hits: Sequence[Hit],
    similarities: np.ndarray,
    *,
    embedder: Embedder,
    stemmer: object,
) -> Composed:
    """An answer from the evidence, or an abstention when the evidence is too weak."""
    if not hits or float(np.max(similarities)) < ABSTAIN_SIMILARITY:
        return abstention(hits)
    pairs = candidates_of(hits[:PASSAGES_READ])
    chosen = choose(score_candidates(question, query_vector, pairs, embedder=embedder, stemmer=stemmer))
    if not chosen:
        return abstention(hits)
    citations = tuple(citation(n, c.hit) for n, c in enumerate(chosen, start=1))
    text = " ".join(f"{_sentence(c.text)} [{n}]" for n, c in enumerate(chosen, start=1))
    return Composed(text, False, citations)


def abstention(hits: Sequence[Hit]) -> Composed:
    """Say the corpus does not cover it; the closest passages travel in `passages`."""
    places = list(dict.fromkeys(_place(h) for h in hits[:3]))
    message = "The corpus does not cover this question."
    if places:
        message += " The closest passages are in " + "; ".join(places) + "."
    return Composed(message, True, ())


def _place(hit: Hit) -> str:
    section = (hit.chunk.section or "").split(" > ")[-1]
    return f"{hit.title}" + (f" ({section})" if section and section != hit.title else "")


def citation(n: int, hit: Hit) -> Citation:
    c = hit.chunk
    return Citation(n=n, doc=c.doc_id, title=hit.title, page=c.page, section=c.section, text=c.text, kind=c.kind)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "%")) or "|" in text else text + "."
