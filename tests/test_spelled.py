"""A question's words read as the short forms a table prints, where the document spells them out:
"kindergartners" as the "K" of "Grade K", "angle-of-attack" as "AOA", "prekindergarten through
grade 12" as "PK–12"."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_lookup import make_table

from policyqa.figures import TermReader, answer_figures
from policyqa.figures.spelled import read_short_forms
from policyqa.tables.terms import TermVectors, table_terms
from policyqa.text import abbreviations

GRADES = replace(
    make_table(
        "Enrollment in public schools, by grade",
        ["Year", "Grade PK", "Grade K", "Grade 1", "Private PK–12", "Private PK–8"],
        [["2030", "1,279", "3,682", "3,754", "5,391", "4,091"], ["2031", "1,287", "3,705", "3,779", "5,320", "4,060"]],
    ),
    notes=("NOTE: PK=prekindergarten. K=kindergarten. Detail may not sum to totals because of rounding.",),
)
COSTS = make_table(
    "Estimated costs",
    ["Action", "Cost per product", "Cost on U.S. operators"],
    [["Stabilizer wiring change", "10,500", "766,500"], ["AOA sensor system test", "3,400", "248,200"]],
    n=2,
)


def no_document(doc_id: str) -> dict[str, str]:
    return {}


def test_the_forms_a_text_spells_an_acronym_out_in():
    text = (
        "a single erroneously high angle of attack (AOA) sensor input. The FAA (Federal Aviation "
        "Administration) said so. NOTE: PK=prekindergarten. K=kindergarten. Total = 40 (n)."
    )
    assert abbreviations(text) == {
        "AOA": "angle of attack",
        "FAA": "Federal Aviation Administration",
        "PK": "prekindergarten",
        "K": "kindergarten",
    }
    assert abbreviations("the first (A) and second (B) options; see Part (C)") == {}  # letters in lists


def test_a_word_a_note_spells_out_is_read_as_the_short_form_the_table_prints():
    question = "How many kindergartners were enrolled in 2030?"
    assert read_short_forms(question, [GRADES], no_document)[0] == "How many K were enrolled in 2030?"
    read, readings = read_short_forms(
        "How many pupils in private schools, prekindergarten through grade 12, in 2031?", [GRADES], no_document
    )
    assert read == "How many pupils in private schools, PK–12, in 2031?"
    assert [(r.asked, r.term) for r in readings] == [("prekindergarten through grade 12", "PK–12")]


def test_the_document_spells_out_what_its_table_abbreviates():
    question = "What does the angle-of-attack sensor system test cost per product?"
    assert read_short_forms(question, [COSTS], no_document) == (question, ())  # nothing says what AOA is
    read, readings = read_short_forms(question, [COSTS], lambda doc: {"AOA": "angle of attack"})
    assert read == "What does the AOA sensor system test cost per product?"
    assert [(r.asked, r.term) for r in readings] == [("angle-of-attack", "AOA")]


def test_nothing_is_read_where_the_question_prints_the_short_form_spans_years_or_says_part_of_it():
    for question in (
        "How many K pupils in 2030?",  # the question's own short form
        "How many pupils in grade 1 from 2030 through 2031?",  # years the operations read as a span
    ):
        assert read_short_forms(question, [GRADES], no_document) == (question, ())
    question = "What does the angle sensor system test cost per product?"  # one word of "angle of attack"
    assert read_short_forms(question, [COSTS], lambda doc: {"AOA": "angle of attack"}) == (question, ())


@pytest.fixture(scope="module")
def reader(real_embedder):
    def made(tables, spelled=no_document):
        words = table_terms(tables)
        vectors = TermVectors(words, real_embedder.embed(list(words)))
        return TermReader(vectors, real_embedder.embed, lambda doc: frozenset(), spelled)

    return made


def test_the_figure_is_answered_with_the_reading_said(reader):
    question = "How many kindergartners were enrolled in 2030?"
    answer = answer_figures(question, [GRADES], terms=reader([GRADES]))
    assert answer is not None and "3,682" in answer.text
    assert answer.text.endswith("(Read “kindergartners” as “K”, as the tables say.)")
    unread = answer_figures(question, [GRADES])
    assert unread is None or "3,682" not in unread.text
    question = "How much does the angle-of-attack sensor system test cost per product?"
    answer = answer_figures(question, [COSTS], terms=reader([COSTS], lambda doc: {"AOA": "angle of attack"}))
    assert answer is not None and "3,400" in answer.text and "10,500" not in answer.text
