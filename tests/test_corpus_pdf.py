"""The default corpus printed as PDF reads back to the same tables, and answers the same figures."""

from __future__ import annotations

import pytest

from policyqa.ingest.clean import clean_document
from policyqa.ingest.reader import read_document
from policyqa.records import Table
from policyqa.settings import Settings
from policyqa.tables import parse_tables

from conftest import CORPUS, corpus_tables
from corpus_pdf import corpus_as_pdfs


def typed(table: Table) -> tuple[object, ...]:
    """What a table says, leaving out where it sits (offsets, pages, boxes)."""
    rows = tuple((r.label, r.cells, r.values, r.text, r.group, r.code) for r in table.rows)
    return (
        table.table_id,
        table.name,
        table.unit,
        table.columns,
        table.schema,
        table.notes,
        table.year,
        table.source,
        rows,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return corpus_as_pdfs(CORPUS, tmp_path_factory.mktemp("printed"))


def test_the_printed_corpus_reads_back_to_the_same_tables(printed):
    tables = [
        t
        for path in printed
        for t in parse_tables(clean_document(read_document(path, root=path.parent, settings=Settings())))
    ]
    assert (len(tables), sum(len(t.rows) for t in tables)) == (4, 79)
    assert [typed(t) for t in tables] == [typed(t) for t in corpus_tables()]
    assert all(row.page is not None and row.box is not None for t in tables for row in t.rows)


@pytest.mark.integration
def test_every_dev_figure_question_gets_the_same_answer_from_the_printed_corpus(
    printed, corpus_assistant, real_embedder, tmp_path
):
    from policyqa import Assistant, build_index
    from policyqa.evaluate import load_gold

    build_index(printed[0].parent, tmp_path / "index", embedder=real_embedder)
    from_pdf = Assistant.from_index(tmp_path / "index", embedder=real_embedder)
    gold_questions, _ = load_gold(CORPUS.parent / "tests" / "eval" / "dev.jsonl")
    questions = [g for g in gold_questions if g.kind == "figure"]
    assert len(questions) == 50
    for gold in questions:
        text, pdf = corpus_assistant.ask(gold.q), from_pdf.ask(gold.q)
        assert (pdf.answer, pdf.figures, pdf.route) == (text.answer, text.figures, text.route), gold.q
