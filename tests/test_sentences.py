"""Evidence sentences are embedded once, at build time; asking encodes only the question."""

from __future__ import annotations

import numpy as np
import pytest
from test_build import CountingEmbedder

from policyqa import Assistant, build_index
from policyqa.index.folder import read_contents
from policyqa.index.sentences import SpanVectors
from policyqa.records import Chunk, Hit
from policyqa.text import evidence_spans

REPORT = (
    "# Supply chains\n\n"
    "The ministry designated eleven critical products in December 2022. "
    "Each product has a stable-supply plan approved by the minister. "
    "Subsidies cover up to one half of the cost of new capacity.\n\n"
    "Stockpiles of rare metals were raised to sixty days of domestic demand. "
    "The stockpiling agency buys when prices fall.\n"
)
NOTE = "The export controls on gallium took effect in August 2023. They cover eight gallium compounds.\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "report.md").write_text(REPORT, encoding="utf-8")
    return folder


def sentences_of(index):
    contents = read_contents(index)
    return contents, dict(zip(contents.sentences.texts(contents.chunks), contents.sentences.vectors, strict=True))


def test_the_build_stores_every_evidence_sentence_with_its_vector(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    contents, stored = sentences_of(index)
    expected = {c.text[s:e] for c in contents.chunks if c.kind == "passage" for s, e in evidence_spans(c.text, c.kind)}
    assert set(stored) == expected and len(expected) >= 5
    for text, vector in stored.items():
        assert np.allclose(vector, fake_embedder.embed([text])[0])
    assert list(contents.sentences.spans[:, 0]) == sorted(contents.sentences.spans[:, 0])


def test_asking_encodes_only_the_question(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    assistant = Assistant.from_index(index, embedder=counting)
    answer = assistant.ask("Stockpiles of rare metals were raised to how many days of domestic demand?")
    assert answer.citations and not answer.abstained  # sentences were weighed and one was quoted
    assert counting.embedded == ["Stockpiles of rare metals were raised to how many days of domestic demand?"]


def test_a_new_document_embeds_only_its_own_sentences(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    (corpus / "note.md").write_text(NOTE, encoding="utf-8")
    counting = CountingEmbedder(fake_embedder)
    report = build_index(corpus, index, embedder=counting)
    assert report.added == ("note.md",)
    # The note is one chunk (embedded once as such) holding two sentences (embedded for evidence).
    assert sorted(counting.embedded) == sorted(
        [
            NOTE.strip(),
            "The export controls on gallium took effect in August 2023.",
            "They cover eight gallium compounds.",
        ]
    )
    again = CountingEmbedder(fake_embedder)
    assert not build_index(corpus, index, embedder=again).wrote and again.embedded == []


def test_a_sentence_that_is_its_whole_chunk_takes_the_chunk_vector(tmp_path, fake_embedder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text("Japan imports most of its lithium-ion batteries from China.\n")
    counting = CountingEmbedder(fake_embedder)
    build_index(folder, tmp_path / "index", embedder=counting)
    contents = read_contents(tmp_path / "index")
    assert counting.embedded == [contents.chunks[0].text]  # once, as the chunk
    assert np.array_equal(contents.sentences.vectors[0], contents.vectors[0])


def _hit(chunk: Chunk) -> Hit:
    return Hit(chunk=chunk, title="t", score=1.0, rank=1)


def test_span_vectors_look_up_rows_and_sentences_and_embed_the_rest(fake_embedder):
    text = "The first sentence is about lithium. The second one is about cobalt."
    passage = Chunk("d:0", "d", text, "passage", None, None, 0, len(text))
    row = Chunk("d:1", "d", "Table 1 | Lithium | 39.1%", "table_row", None, None, 0, 25, "d:table-1", 0)
    chunk_vectors = fake_embedder.embed([passage.text, row.text])
    rows = {"d:0": 0, "d:1": 1}
    spans = evidence_spans(text, "passage")
    counting = CountingEmbedder(fake_embedder)
    from policyqa.index.sentences import SentenceVectors

    first = spans[0]
    stored = SentenceVectors(np.array([[0, *first]], dtype="int64"), fake_embedder.embed([text[first[0] : first[1]]]))
    lookup = SpanVectors(chunk_vectors, stored, rows.__getitem__, counting)
    found = [(_hit(passage), *spans[0]), (_hit(passage), *spans[1]), (_hit(row), 0, len(row.text))]
    vectors = lookup(found)
    assert np.allclose(vectors[0], stored.vectors[0]) and np.allclose(vectors[2], chunk_vectors[1])
    assert counting.embedded == [text[spans[1][0] : spans[1][1]]]  # only the span the build did not store
    assert np.allclose(vectors[1], fake_embedder.embed(counting.embedded)[0])
    # An index of format 3 stored none: every passage sentence is embedded as asked.
    counting.embedded.clear()
    SpanVectors(chunk_vectors, None, rows.__getitem__, counting)(found)
    assert len(counting.embedded) == 2


def test_words_of_a_heading_are_the_corpus_s_own(tmp_path, fake_embedder):
    """A name spelt out only in a heading is known: the question is answered, not declined for it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "note.md").write_text(
        "# Report\n\n## SCRA (Supply Chain Resilience Accord)\n\n"
        "Fifty-three countries have joined the SCRA since it opened in 2020.\n",
        encoding="utf-8",
    )
    build_index(folder, tmp_path / "index", embedder=fake_embedder)
    answer = Assistant.from_index(tmp_path / "index", embedder=fake_embedder).ask(
        "How many countries have joined the Supply Chain Resilience Accord?"
    )
    assert "never mentions" not in answer.answer
