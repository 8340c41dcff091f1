import numpy as np
import pytest

from policyqa.answer import Candidate, choose, compose, term_overlap, validate_question
from policyqa.errors import QuestionError
from policyqa.records import Chunk, Citation, Hit


def hit(rank: int, text: str, kind: str = "passage") -> Hit:
    chunk = Chunk(f"doc:{rank}", "doc", text, kind, None, "Intro", 0, len(text))
    return Hit(chunk=chunk, title="A report", score=1.0 / rank, rank=rank)


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_refused(question):
    with pytest.raises(QuestionError, match="empty"):
        validate_question(question, max_chars=100)


def test_overlong_question_names_its_length_and_the_limit():
    with pytest.raises(QuestionError, match="10,000 characters long; the limit is 2,000"):
        validate_question("x" * 10_000, max_chars=2000)


def test_term_overlap():
    assert term_overlap({"ipef", "sign"}, {"ipef", "sign", "decemb"}) == 1.0
    assert term_overlap({"ipef", "sign"}, {"ipef"}) == 0.5
    assert term_overlap(set(), {"ipef"}) == 0.0


def test_choose_adds_a_close_second_from_another_passage():
    a, b = hit(1, "first"), hit(2, "second")
    best, close, far = Candidate(a, "A one.", 0.9), Candidate(b, "B two.", 0.85), Candidate(b, "B three.", 0.2)
    assert choose([best, close]) == [best, close]
    assert choose([best, far]) == [best]
    assert choose([best, Candidate(a, "A again.", 0.89)]) == [best]
    assert choose([]) == []


def test_compose_cites_the_sentence_that_answers(fake_embedder):
    hits = [
        hit(1, "The agreement was signed in December 2023. It has a crisis response mechanism."),
        hit(2, "Rapidus is a logic semiconductor foundry announced by METI."),
    ]
    question = "When was the agreement signed?"
    composed = compose(question, fake_embedder.embed([question])[0], hits, np.array([0.8, 0.4]),
                       embedder=fake_embedder, stemmer=None)
    assert not composed.abstained
    assert composed.answer.startswith("The agreement was signed in December 2023. [1]")
    assert composed.citations[0] == Citation(1, "doc", "A report", None, "Intro", hits[0].chunk.text, "passage")


def test_compose_abstains_when_nothing_is_close(fake_embedder):
    hits = [hit(1, "Rapidus is a logic semiconductor foundry announced by METI.")]
    question = "What is the GDP of Peru?"
    composed = compose(question, fake_embedder.embed([question])[0], hits, np.array([0.05]),
                       embedder=fake_embedder, stemmer=None)
    assert composed.abstained and composed.citations == ()
    assert composed.answer == "The corpus does not cover this question. The closest passages are in A report (Intro)."
