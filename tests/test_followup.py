"""Follow-up questions read with the conversation (policyqa.answer.followup)."""

import pytest

from policyqa.answer import Reading, is_follow_up, read_follow_up

COPPER = "What was Chile's share of world copper output in 2015?"


@pytest.mark.parametrize(
    ("question", "history", "read_as"),
    [
        # a year in place of the previous question's year
        ("And in 2019?", [COPPER], "What was Chile's share of world copper output in 2019?"),
        # several years for one
        ("and in 2005 and 2010?", [COPPER], "What was Chile's share of world copper output in 2005 and 2010?"),
        # a country in place of the previous question's country
        ("What about Peru?", [COPPER], "What was Peru's share of world copper output in 2015?"),
        ("How about the US?", [COPPER], "What was the US's share of world copper output in 2015?"),
        ("What about Peru?", ["What was the US's share of copper output?"], "What was Peru's share of copper output?"),
        # both at once
        ("And Peru in 2019?", [COPPER], "What was Peru's share of world copper output in 2019?"),
        # a range asked again for one year
        (
            "And in 2012?",
            ["How much did tin prices rise between 2001 and 2008?"],
            "How much did tin prices rise in 2012?",
        ),
        # a year added where the previous question had none
        ("and in 2003?", ["Who mined the most cobalt?"], "Who mined the most cobalt in 2003?"),
        # a country added where the previous question had none
        (
            "What about Kenya?",
            ["How large was the tea harvest in 2020?"],
            "How large was the tea harvest in 2020 for Kenya?",
        ),
        # a chain: the history holds earlier turns as read
        (
            "And in 2021?",
            ["What was Peru's share of world copper output in 2019?"],
            "What was Peru's share of world copper output in 2021?",
        ),
    ],
)
def test_years_and_countries_take_the_place_of_the_previous_ones(question, history, read_as):
    assert read_follow_up(question, history) == Reading(question, read_as)


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("Which of those has the lowest tariff?", "Which of those has the lowest tariff"),
        ("And how many firms answered the survey?", "How many firms answered the survey"),
        ("What about the Danish one?", "The Danish one"),
        # a place in the ranking the question before asked about
        ("Which port came second, and with what volume?", "Which port came second, and with what volume"),
        ("Who was the runner-up?", "Who was the runner-up"),
    ],
)
def test_a_follow_up_with_words_of_its_own_is_read_with_the_previous_question(question, body):
    previous = "Which ports handled more than a million containers in 2018?"
    assert read_follow_up(question, [previous]) == Reading(question, f"{body}? (following: {previous})", previous)


@pytest.mark.parametrize(
    "question",
    [
        "What did the 2019 review recommend for port security?",
        "When was the Lisbon customs agreement signed?",
        "Which countries supply most of the world's tungsten?",
        "Which country was the second largest supplier of tungsten in 2020?",
    ],
)
def test_a_question_that_stands_on_its_own_is_read_as_asked(question):
    assert not is_follow_up(question)
    assert read_follow_up(question, [COPPER]) == Reading(question)


def test_without_history_nothing_is_carried():
    assert read_follow_up("And in 2010?", []) == Reading("And in 2010?")
    assert read_follow_up("And in 2010?", ["", "  "]) == Reading("And in 2010?")


def test_the_reading_is_what_is_searched():
    assert read_follow_up("And in 2019?", [COPPER]).text == "What was Chile's share of world copper output in 2019?"
    assert Reading("Who mined the most cobalt?").text == "Who mined the most cobalt?"


def test_a_chain_of_follow_ups_keeps_one_question_of_context():
    first = read_follow_up("Which of those ports is the busiest?", [COPPER])
    second = read_follow_up("And how deep is it?", [first.text])
    assert second.read_as == "How deep is it? (following: Which of those ports is the busiest?)"


def test_a_follow_up_naming_its_own_year_carries_the_question_before_into_that_year():
    previous = "How much could a saver put into a retirement account for 2031?"
    reading = read_follow_up("And what is the cap for 2032?", [previous])
    assert reading.read_as == (
        "What is the cap for 2032? (following: How much could a saver put into a retirement account for 2032?)"
    )
    assert reading.leans_on == previous  # the answer it follows is still the one about 2031
