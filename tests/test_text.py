"""Words, years and numbers: the shared text helpers."""

from __future__ import annotations

import pytest

from policyqa.text import (
    DATE,
    QUESTION_WORDS,
    STOP_WORDS,
    is_year,
    normalise,
    number_word,
    root,
    sentence_spans,
    singular,
    years_in,
)

# --- years and numbers ---------------------------------------------------------------------


def test_years_are_the_20th_and_21st_centuries_as_whole_words() -> None:
    assert years_in("From 1999 to 2024, not 1850 or 20245 or 12024.") == {"1999", "2024"}
    assert is_year("2024") and is_year("1990")
    assert not is_year("2024 ") and not is_year("1850") and not is_year("20245")


def test_dates_name_a_month_with_its_year_or_a_year_alone() -> None:
    text = "Signed on March 5, 2024, ratified 5 June 2025, planned in the 2030s."
    assert [m.group(0) for m in DATE.finditer(text)] == ["March 5, 2024", "5 June 2025", "2030s"]


def test_number_words_up_to_ten_then_digits() -> None:
    assert [number_word(n) for n in (0, 3, 10, 11)] == ["zero", "three", "ten", "11"]


def test_normal_form_folds_case_dashes_spaces_and_thousands() -> None:
    assert normalise("51,914.8  Billion\u2019s \u2013 Yen") == "51914.8 billion's - yen"
    assert normalise("12,3456") == "12,3456"  # a comma before four digits separates no thousands


# --- words and stems -----------------------------------------------------------------------


def test_stop_and_question_words_share_the_function_words() -> None:
    assert {"the", "what", "which"} <= STOP_WORDS & QUESTION_WORDS
    assert "since" in STOP_WORDS - QUESTION_WORDS and "according" in QUESTION_WORDS - STOP_WORDS


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("batteries", "battery"),
        ("boxes", "box"),
        ("ores", "ore"),
        ("Items", "Item"),
        ("basis", "basis"),
        ("gas", "gas"),
    ],
)
def test_singular_by_suffix(word: str, one: str) -> None:
    assert singular(word) == one


def test_roots_join_derived_forms() -> None:
    assert root("starter") == root("starting") == "start"
    assert root("manufacture") == root("manufacturing")
    assert root("ion") == "ion" and root("lead") == "lead"


# --- sentences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Costs rose. Prices fell!  Why? Nobody knows", ["Costs rose.", "Prices fell!", "Why?", "Nobody knows"]),
        ("Imports, e.g. chips, rose. Exports fell.", ["Imports, e.g. chips, rose.", "Exports fell."]),
        ("The U.S. President met Mr. Kim. Talks ended.", ["The U.S. President met Mr. Kim.", "Talks ended."]),
        ("See Act No. 5 of 2022. It applies.", ["See Act No. 5 of 2022.", "It applies."]),
        ("The index rose 2.183 points. Then it fell.", ["The index rose 2.183 points.", "Then it fell."]),
        (
            "Risks include (1) floods and (2) attacks. Both grow.",
            ["Risks include (1) floods and (2) attacks.", "Both grow."],
        ),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("Shares (Tables 3 & 4). Next one.", ["Shares (Tables 3 & 4).", "Next one."]),
        ("Ends with a lowercase next. and goes on.", ["Ends with a lowercase next. and goes on."]),
        ("  ", []),
        # a run-in heading opening a paragraph belongs to the sentence it opens; a wrapped
        # sentence's last words on a line of their own are no heading
        (
            "Where To File\n\nIndividuals. File the form in Austin. Send it early.\nNote. It may be late. Yes.",
            [
                "Where To File",
                "Individuals. File the form in Austin.",
                "Send it early.",
                "Note. It may be late.",
                "Yes.",
            ],
        ),
        ("Prices fell. Exports rose. Imports fell.", ["Prices fell.", "Exports rose.", "Imports fell."]),
        ("A deal with the\nUnited States. It covers chips.", ["A deal with the\nUnited States.", "It covers chips."]),
        # a colon closing a line that list items follow ends the sentence announcing them
        (
            "An exempt person is one who is a:\n\n• Student,\n\n• Teacher. It ends: here.",
            ["An exempt person is one who is a:", "• Student,\n\n• Teacher.", "It ends: here."],
        ),
        # a numbered item's "1." at a line's start opens the item; a year closing a line is no item
        (
            "Present for at least:\n\n1. 31 days, and\n\n2. 183 days. It grew in\n2031. Then fell.",
            ["Present for at least:", "1. 31 days, and\n\n2. 183 days.", "It grew in\n2031.", "Then fell."],
        ),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[start:end] for start, end in sentence_spans(text)] == sentences


def test_dotted_initials_are_one_token_as_written_without_dots():
    from policyqa.text import bm25_tokens

    assert bm25_tokens("airplanes of U.S. registry", None) == bm25_tokens("airplanes of US registry", None)
    assert bm25_tokens("the U.K. and E.U. rules", None) == ["uk", "eu", "rules"]
    assert bm25_tokens("version 3.1.2 costs 2.5", None) == ["version", "3.1.2", "costs", "2.5"]  # numbers stay


def test_an_acronym_spelt_out_with_hyphenated_words_or_skipped_initials():
    from policyqa.text import abbreviations, expansion

    assert (
        expansion("imports scored on the Herfindahl-Hirschman Index (HHI) above 50", "HHI")
        == "Herfindahl-Hirschman Index"
    )
    # bracketed after the acronym, its words may skip letters
    heading = "i-2. Use of the WTO and MPIA (Multi-Party Interim Appeal Arbitration Arrangement)"
    assert expansion(heading, "MPIA") == "Multi-Party Interim Appeal Arbitration Arrangement"
    assert expansion("the WTO (see the annex)", "WTO") is None
    assert abbreviations(heading) == {"MPIA": "Multi-Party Interim Appeal Arbitration Arrangement"}
