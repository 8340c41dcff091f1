"""Capitals and demonyms read as the countries a corpus names."""

import pytest

from policyqa.answer import read_places
from policyqa.answer.places import place_aliases

# What a corpus might print: countries, one capital used in a company's name, one demonym.
CORPUS = {"china", "japan", "australia", "india", "south korea", "netherlands", "tokyo", "japanese"}


def known(name: str) -> bool:
    return name.lower() in CORPUS


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        (
            "What did Beijing block after Canberra called for an inquiry?",
            "What did Beijing (China) block after Canberra (Australia) called for an inquiry?",
        ),
        ("What names New Delhi's factory drive?", "What names New Delhi (India)'s factory drive?"),
        ("Where can Seoul-Tokyo cooperation grow?", "Where can Seoul (South Korea)-Tokyo cooperation grow?"),
        ("How large are Dutch exports?", "How large are Dutch (Netherlands) exports?"),
    ],
)
def test_a_capital_or_demonym_the_corpus_lacks_is_glossed_by_its_country(question, read_as):
    assert read_places(question, known) == read_as


@pytest.mark.parametrize(
    "question",
    [
        "What did Tokyo Electron sell to China?",  # the corpus uses the capital itself
        "What do Japanese firms import?",  # and the demonym
        "Which loans did the Bank of Seoul make?",  # part of a longer name
        "What did Beijing (China) block?",  # glossed already
        "What did Wellington decide?",  # a country the corpus never names: nothing to read it as
    ],
)
def test_names_the_corpus_uses_or_cannot_place_are_left_as_written(question):
    assert read_places(question, known) == question


def test_aliases_cover_capitals_and_demonyms_with_one_country_each():
    aliases = place_aliases()
    assert aliases["Washington"][0] == "United States" and "US" in aliases["Washington"]
    assert aliases["Seoul"][0] == "South Korea"
    assert aliases["French"][0] == "France"  # not French Guiana or French Polynesia
    assert aliases["Finnish"][0] == "Finland"
    assert "Kingston" not in aliases  # the capital of two places names neither


def test_the_assistant_reads_a_capital_as_its_country_and_says_so(corpus_assistant):
    answer = corpus_assistant.ask("What slogan names New Delhi's drive to build up manufacturing?")
    assert answer.read_as is not None and "(India)" in answer.read_as
    assert not answer.abstained and "Make in India" in answer.answer


def test_a_sentence_names_a_state_of_the_country_asked_about():
    from policyqa.answer.places import names_subdivision

    assert names_subdivision("The plants are in Ohio and New York.", "US")
    assert names_subdivision("Growth slowed in Tamil Nadu.", "IN")  # accents folded: "Tamil Nādu"
    assert not names_subdivision("Resources are available in the Western Hemisphere.", "US")
    assert not names_subdivision("The Central bank acted.", None)  # an ordinary word, not a place


def test_which_states_wants_a_place_and_only_a_sentence_naming_one_carries_it():
    from policyqa.answer.question import analyse, has_attribute

    asked = analyse("In which US states are the abrasives plants located?")
    assert asked.wants == "place"
    assert has_attribute("Two plants operate in Ohio and one in New York.", "place", asked=asked)
    assert not has_attribute("Domestic resources are rather limited.", "place", asked=asked)
    assert analyse("Which member states have the largest retail sector?").wants == "names"  # countries


@pytest.mark.parametrize(
    ("question", "summary"),
    [
        ("Summarise the section on retailers.", True),
        ("Give an overview of the CDC findings.", True),
        ("What are the main findings?", True),
        # what a document or section is called, not what is asked
        ("In which US states are the plants, according to the USGS abrasives summary?", False),
        ("How many retail outlets did Italy have according to the market-size overview?", False),
    ],
)
def test_a_summary_is_asked_for_not_a_document_called_one(question, summary):
    from policyqa.answer.question import analyse

    assert analyse(question).wants_summary is summary


def test_a_capital_the_corpus_uses_in_a_name_is_stated_by_its_people_too(fake_embedder):
    """ "Tokyo" (printed only in "Tokyo Electron") asked as the government: a sentence on "the
    Japanese government" is about it."""
    from dataclasses import replace

    from policyqa.answer.compose import Context, _unnamed_specific
    from policyqa.answer.evidence import Evidence
    from policyqa.records import Chunk, Hit

    text = "The Japanese government designated 11 critical materials in December 2031."
    chunk = Chunk("doc:1", "doc", text, "passage", 1, "Intro", 0, len(text))
    chosen = [Evidence(Hit(chunk=chunk, title="A report", score=1.0, rank=1), 0, len(text), 1.0, True)]
    ctx = Context(sentence_vectors=lambda found: None, stemmer=None, vocabulary=frozenset({"tokyo"}))
    ctx = replace(ctx, rare=frozenset({"tokyo", "osaka"}))
    assert _unnamed_specific("When did Tokyo name its critical materials?", chosen, ctx) == []
    assert _unnamed_specific("When did Osaka name its critical materials?", chosen, ctx) == ["Osaka"]
