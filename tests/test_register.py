"""The register engine: rows of a table of records selected by the names and dates a question
gives, then counted, added up, ranked or listed, each figure cited to its row."""

from __future__ import annotations

import pytest
from test_lookup import CHECKS, make_table

from policyqa.figures import answer_figures
from policyqa.figures.register import Day, _days, register_figure, register_gap

NOTICES = make_table(
    "Plant closure register",
    ["Notice Date", "Filed", "Firm", "Town", "Staff", "Kind"],
    [
        ["03/02/2031", "03/04/2031", "Orbit Foods, Inc.", "Lakeside", "120", "Closure Permanent"],
        ["03/02/2031", "03/04/2031", "Orbit Foods, Inc.", "Hillview", "80", "Closure Permanent"],
        ["03/02/2031", "03/04/2031", "Orbit Foods, Inc.", "Hill Lakeside", "15", "Layoff Temporary"],
        ["03/10/2031", "03/12/2031", "Nimbus Tools, LLC", "Lakeside", "640", "Layoff Permanent"],
        ["03/10/2031", "03/12/2031", "Nimbus Tools, LLC", "Riverton", "45", "Layoff Permanent"],
        ["04/01/2031", "04/02/2031", "Quartz Works Inc.", "Riverton", "300", "Closure Permanent"],
        ["04/03/2031", "04/05/2031", "Delta Mills Inc.", "Lakeside", "75", "Layoff Temporary"],
    ],
    n=7,
)


def _text(question: str) -> str | None:
    found = register_figure(question, [NOTICES, CHECKS])
    return found[0] if found else None


def test_dates_are_read_in_the_forms_analysts_write_them():
    assert _days("filed on 03/04/2031 or on 14/03/2031") == [Day(2031, 3, 4), Day(2031, 3, 14)]
    assert _days("between March 4 and 12, 2031") == [Day(2031, 3, 4), Day(2031, 3, 12)]
    assert _days("on 2 April 2031, and in May 2031") == [Day(2031, 4, 2), Day(2031, 5, None)]


def test_the_rows_a_name_and_a_date_select_are_added_up():
    text = _text("How many staff in total did the Orbit Foods notices filed on 03/04/2031 cover?")
    assert text is not None and text.endswith("= 215") and "Nimbus" not in text


def test_rows_are_counted_when_the_question_counts_records():
    assert _text("How many Nimbus Tools LLC notices were filed in March 2031?").startswith("2 notices: ")


def test_the_text_cells_the_question_asks_for_are_listed_each_cited():
    assert _text("Which towns were affected by the Orbit Foods notices filed on March 4, 2031?") == (
        "Town: Lakeside [1], Hillview [2], Hill Lakeside [3]"
    )


def test_the_rows_of_a_month_are_ranked_and_named_by_their_text_cells():
    text = _text("Among the notices filed in March 2031, which firm's notice covered the most staff?")
    assert text == "Of the 5 rows selected, the most Staff: Nimbus Tools, LLC, Lakeside (03/10/2031): Staff 640 [1]"


def test_a_word_many_names_share_does_not_have_to_be_asked():
    # "Inc." is on three firms: "Quartz Works" names its row without it.
    text = _text("How many staff did the Quartz Works notices filed in April 2031 cover in total?")
    assert text is None or "Quartz" in text
    answer = answer_figures("How many staff did the Quartz Works closure in Riverton cover?", [NOTICES])
    assert answer is not None and [f.printed for f in answer.figures] == ["300"]


@pytest.mark.parametrize(
    "question",
    [
        "Which province ran the most permit checks in March 2031?",  # another table's question
        "How many times as many staff did Nimbus Tools notices cover as Orbit Foods notices?",
        "What share of households own a car?",
    ],
)
def test_a_question_about_something_else_selects_nothing(question):
    assert _text(question) is None


def test_a_date_is_compared_with_the_column_the_word_before_it_names():
    # "filed in March" is about the Filed column, though "notices" also names the Notice Date one
    dated = make_table(
        "Plant closure register",
        ["Notice Date", "Filed", "Firm", "Town", "Staff", "Kind"],
        [
            ["02/27/2031", "03/02/2031", "Orbit Foods, Inc.", "Lakeside", "120", "Closure Permanent"],
            ["03/30/2031", "04/02/2031", "Nimbus Tools, LLC", "Riverton", "640", "Layoff Permanent"],
            ["03/05/2031", "03/09/2031", "Quartz Works Inc.", "Hillview", "300", "Closure Permanent"],
            ["04/01/2031", "04/03/2031", "Delta Mills Inc.", "Lakeside", "75", "Layoff Temporary"],
            ["04/03/2031", "04/05/2031", "Kite Labs Inc.", "Riverton", "20", "Layoff Temporary"],
        ],
        n=14,
    )
    text = register_figure(
        "Among the notices filed in March 2031, which firm's notice covered the most staff?", [dated]
    )
    assert text is not None and text[0].startswith("Of the 2 rows selected, the most Staff: Quartz Works Inc.")


MONTHLY = make_table(
    "Summary by month",
    ["Month", "Notices", "Staff Affected", "Permanent Layoff", "Temporary Layoff"],
    [["March 2031", "6", "930", "2", "2"], ["April 2031", "2", "375", "0", "1"]],
    n=8,
)


def test_a_count_a_table_prints_for_the_month_is_read_before_the_register_is_counted():
    # the summary prints 6 notices for March (it dates them otherwise than the register's rows)
    answer = answer_figures("How many notices came in during March 2031?", [NOTICES, MONTHLY])
    assert answer is not None and answer.text == "March 2031, Notices: 6 [1]"
    answer = answer_figures("In March 2031, how many notices were for temporary layoffs?", [NOTICES, MONTHLY])
    assert answer is not None and answer.text == "March 2031, Temporary Layoff: 2 [1]"
    # with no table printing the month, the register's rows are counted
    assert answer_figures("How many notices came in during March 2031?", [NOTICES]).text.startswith("5 notices")


def test_which_month_is_asked_of_the_months_not_of_a_register_s_entries():
    question = "From March 2031 to April 2031, which month's notices affected the most staff?"
    assert register_figure(question, [NOTICES, MONTHLY]) is None
    answer = answer_figures(question, [NOTICES, MONTHLY])
    assert answer is not None and answer.text.startswith("March 2031 has the most Staff Affected: 930")


def test_a_span_of_months_selects_every_month_in_it():
    assert _days("filed from February 2031 through April 2031") == [Day(2031, m, None) for m in (2, 3, 4)]
    assert _days("between March 2031 and May 2031") == [Day(2031, m, None) for m in (3, 4, 5)]
    assert _days("in March 2031 and May 2031") == [Day(2031, 3, None), Day(2031, 5, None)]  # two months
    assert _text("How many notices were filed between March 2031 and April 2031?").startswith("7 notices: ")


def test_a_span_running_past_the_register_s_dates_is_not_covered():
    # The entries are filed from March to April 2031: a fiscal year from July 2030 is not all there.
    answer = answer_figures("How many notices were filed from July 2030 to June 2031?", [NOTICES])
    assert answer is not None and not answer.covered
    assert "03/04/2031 to 04/05/2031" in answer.reason
    # a month at the edge without entries may have had none: still answered
    answer = answer_figures("How many notices were filed from March 2031 through May 2031?", [NOTICES])
    assert answer is not None and answer.covered and answer.text.startswith("7 notices")
    assert register_gap("How many notices were filed in March 2031?", [NOTICES]) is None


def test_when_an_entry_s_event_happens_is_read_from_the_date_column_the_question_names():
    assert _text("When did Quartz Works give notice of its Riverton closure?") == (
        "Quartz Works Inc., Riverton, Closure Permanent, Notice Date: 04/01/2031 [1]"
    )
    # of two date columns it names, the event it ends on: the filing, not the notice
    assert _text("On what date was the Delta Mills notice filed?") == "Delta Mills Inc., Filed: 04/05/2031 [1]"
    # of a firm's several entries, the one whose cells say what the question says
    assert _text("When was the temporary layoff at Orbit Foods filed?") == (
        "Orbit Foods, Inc., Layoff Temporary, Filed: 03/04/2031 [1]"
    )


def test_firms_named_by_their_people_select_the_rows_of_their_country():
    firms = make_table(
        "Leading grocery wholesalers",
        ["Firm", "Country of origin", "Sales (bn ecus)"],
        [
            ["Alpenkorn", "Switzerland", "38.2"],
            ["Bergmatt", "Switzerland", "1.7"],
            ["Rheinwerk", "Germany", "1.1"],
            ["Seine Vivres", "France", "9.0"],
            ["Tejo Grossistas", "Portugal", "2.4"],
        ],
        n=8,
    )
    # "top 20" names the set by its size: "smallest" is the superlative asked
    found = register_figure("Among the Swiss firms in the top 20 wholesalers, which had the smallest sales?", [firms])
    assert found is not None and "Bergmatt" in found[0] and "Rheinwerk" not in found[0]
    # a country's short name only: "United Kingdom of Great Britain and Northern Ireland" names no Irish firm
    isles = make_table(
        "Leading grocery wholesalers",
        ["Firm", "Country of origin", "Sales (bn ecus)"],
        [
            ["Thames Foods", "United Kingdom", "3.1"],
            ["Liffey Stores", "Ireland", "9.9"],
            ["Rheinwerk", "Germany", "1.1"],
            ["Seine Vivres", "France", "9.0"],
            ["Tejo Grossistas", "Portugal", "2.4"],
        ],
        n=9,
    )
    british = register_figure("Which UK-based firm had the largest sales?", [isles])
    assert british is not None and "Thames Foods" in british[0] and "Liffey" not in british[0]
