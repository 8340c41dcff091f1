"""A question's word no table prints is read as the table word that means the same (the tables'
words embedded at build time)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_build import CountingEmbedder
from test_lookup import make_table

from policyqa import Assistant, build_index
from policyqa.figures import TermReader, answer_figures
from policyqa.figures.terms import read_in_table_terms
from policyqa.index.folder import read_contents
from policyqa.index.reading import MANIFEST
from policyqa.index.terms import TERM_VECTORS, TERMS
from policyqa.tables.terms import TermVectors, table_terms

from test_index import current, rewrite_manifest

NOTICES = make_table(
    "Layoff notices by month",
    ["Month", "Notices", "Employees Affected"],
    [["July 2031", "71", "8,574"], ["August 2031", "69", "5,890"], ["September 2031", "76", "2,864"]],
)
SCHOOLS = make_table(
    "Schools by province", ["Province", "Private schools", "Larger than two campuses"], [["Alberta", "310", "12"]]
)


@pytest.fixture(scope="module")
def reader(real_embedder):
    def made(tables, prose=lambda doc: frozenset()):
        words = table_terms(tables)
        return TermReader(TermVectors(words, real_embedder.embed(list(words))), real_embedder.embed, prose)

    return made


def test_a_word_no_table_prints_is_read_as_the_table_word_of_the_same_meaning(reader):
    question = "Which month had the fewest workers affected by notices?"
    answer = answer_figures(question, [NOTICES], terms=reader([NOTICES]))
    assert answer is not None and "September 2031" in answer.text and "2,864" in answer.text
    assert [(r.asked, r.term) for r in answer.readings] == [("workers", "employee")]
    assert answer.text.endswith("(Read “workers” as “employee”, as the tables say.)")
    unread = answer_figures(question, [NOTICES])  # "workers" read past: the fewest notices
    assert unread is None or "2,864" not in unread.text


def test_opposites_comparisons_and_names_are_never_read_as_another_word(reader, real_embedder):
    terms = reader([SCHOOLS]).terms
    for question in (
        "How many public schools did Alberta have?",  # "public" is near "private" (0.67): an opposite
        "Which provinces have bigger schools?",  # "bigger" is near "larger" (0.93): how to compare
        "How many schools did Alberta have three years ago?",  # "three" is near "two": a count
        "How many schools does the Province of Calgary run?",  # a name is a name
        "Lethbridge runs how many schools?",  # the first word too
    ):
        assert read_in_table_terms(question, [SCHOOLS], terms, real_embedder.embed) == (question, ())


def test_a_prefix_swapped_opposite_is_never_read_as_its_partner(reader, real_embedder):
    # "underweight" is 0.87 from "overweight", "outflow" 0.90 from "inflow": nearer than synonyms
    health = make_table(
        "Adults by weight", ["Province", "Overweight (%)", "Inflow", "Imports"], [["Ohio", "35", "4", "9"]]
    )
    terms = reader([health]).terms
    for question in (
        "What share of adults in the province were underweight?",
        "How large was the outflow of the province?",
        "What were the province's exports?",
    ):
        assert read_in_table_terms(question, [health], terms, real_embedder.embed) == (question, ())


def test_a_word_the_table_s_document_uses_in_its_text_is_a_word_of_its_own(reader, real_embedder):
    # "wife" is 0.87 from "husband": a report writing "wife" in its text means another thing by it
    question = "Which month had the fewest workers affected by notices?"
    terms = reader([NOTICES]).terms
    used = read_in_table_terms(question, [NOTICES], terms, real_embedder.embed, lambda doc: frozenset({"worker"}))
    assert used == (question, ())
    unused = read_in_table_terms(question, [NOTICES], terms, real_embedder.embed, lambda doc: frozenset({"layoff"}))
    assert [r.term for r in unused[1]] == ["employee"]


def test_a_word_some_table_prints_is_never_read_otherwise(reader, real_embedder):
    other = make_table("Workers by sector", ["Sector", "Workers"], [["Mining", "120"]], n=2)
    tables = [NOTICES, other]
    question = "Which month had the fewest workers affected by notices?"
    assert read_in_table_terms(question, tables, reader(tables).terms, real_embedder.embed) == (question, ())


TABLE_REPORT = (
    "Capacity\n\nTable 1: Smelting capacity by country (tons)\nCountry\t2029\t2030\n"
    "Brazil\t50,000\t51,000\nChile\t700,000\t700,000\n"
)


@pytest.fixture
def tabled(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "capacity.txt").write_text(TABLE_REPORT, encoding="utf-8")
    return corpus, tmp_path / "index"


def test_the_build_stores_the_tables_words_with_their_vectors_and_reuses_them(tabled, fake_embedder):
    corpus, index = tabled
    build_index(corpus, index, embedder=fake_embedder)
    terms = read_contents(index).terms
    assert {"smelting", "capacity", "country", "brazil"} <= set(terms.words)
    assert np.allclose(terms.vectors, fake_embedder.embed(list(terms.words)))
    files = {f["name"] for f in json.loads((current(index) / MANIFEST).read_text())["files"]}
    assert {TERMS, TERM_VECTORS} <= files
    (corpus / "note.txt").write_text("The smelter opened in 2031.\n", encoding="utf-8")
    counting = CountingEmbedder(fake_embedder)
    build_index(corpus, index, embedder=counting)
    assert "smelting" not in counting.embedded  # the previous generation's vector served


def test_an_index_of_format_4_serves_with_its_table_words_embedded_as_asked_until_rebuilt(tabled, fake_embedder):
    corpus, index = tabled
    build_index(corpus, index, embedder=fake_embedder)
    for name in (TERMS, TERM_VECTORS):
        (current(index) / name).unlink()
    rewrite_manifest(
        index,
        lambda raw: (
            raw | {"format_version": 4, "files": [f for f in raw["files"] if f["name"] not in (TERMS, TERM_VECTORS)]}
        ),
    )
    assert read_contents(index).terms is None
    counting = CountingEmbedder(fake_embedder)
    Assistant.from_index(index, embedder=counting).close()
    assert "smelting" in counting.embedded
    build_index(corpus, index, embedder=fake_embedder)
    assert "smelting" in read_contents(index).terms.words


def test_only_a_question_asking_a_figure_pays_a_model_call_for_its_words(tabled, fake_embedder):
    corpus, index = tabled
    build_index(corpus, index, embedder=fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    assistant = Assistant.from_index(index, embedder=counting)
    counting.embedded.clear()
    prose = "Why did the refining plant in Brazil open?"
    assistant.ask(prose)
    assert counting.embedded == [prose]  # a prose question: its own encoding only
    counting.embedded.clear()
    figure = "How much refining capacity did Brazil have in 2030?"
    assistant.ask(figure)
    assert counting.embedded == [figure, "refining"]  # the word no table prints, read against the table's
    assistant.close()


def test_a_word_is_read_only_as_a_word_of_a_table_the_question_is_about(reader, real_embedder):
    from dataclasses import replace

    months = make_table("Layoff notices by month", ["Month", "Notices", "Closures"], [["July 2031", "71", "9"]])
    staff = replace(make_table("Staff by sector", ["Sector", "Employees"], [["Mining", "120"]], n=2), doc_id="other")
    tables = [months, staff]
    question = "Which month had the fewest workers affected by notices?"
    # "workers" is 0.83 from the other report's "Employees", but the question is about the notices
    assert read_in_table_terms(question, tables, reader(tables).terms, real_embedder.embed) == (question, ())


def test_a_verb_the_table_prints_as_its_noun_is_read_as_the_noun(reader, real_embedder):
    checks = make_table(
        "Background checks by state",
        ["State", "Handgun", "Pre-Pawn Handgun", "Redemption Handgun"],
        [["Ohio", "34,878", "12", "1,228"], ["Iowa", "9,100", "4", "310"]],
    )
    question = "How many checks did Ohio run for handguns being redeemed from pawn?"
    answer = answer_figures(question, [checks], terms=reader([checks]))
    assert answer is not None and answer.text.startswith("Ohio, Redemption Handgun: 1,228")
    assert [(r.asked, r.term) for r in answer.readings] == [("redeemed", "redemption")]
    unread = answer_figures(question, [checks])  # "redeemed" names nothing: the plain handgun column
    assert unread is None or "1,228" not in unread.text
    # the model puts the two forms far apart: the reading is the grammar's, not the model's
    redeemed, redemption = real_embedder.embed(["redeemed", "redemption"])
    assert float(redeemed @ redemption) < 0.8


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("redeemed", "redemption"),
        ("produced", "production"),
        ("consumes", "consumption"),
        ("classified", "classification"),
        ("allocated", "allocation"),
        ("deducting", "deduction"),
        ("paying", "payment"),
    ],
)
def test_the_nouns_english_makes_of_a_verb(verb, noun):
    from policyqa.figures.terms import noun_forms

    assert noun in noun_forms(verb)
