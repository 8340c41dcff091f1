"""A cell of any table, named by its row and column: synthetic tables of shapes the shaped engine does not know."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policyqa.figures import answer_figures
from policyqa.figures.lookup import filter_figure, lookup_figure, rank_figure
from policyqa.records import Column, Table, TableRow


def make_table(
    title: str,
    columns: list[str],
    rows: list[list[str]],
    *,
    section: str | None = None,
    groups: list[str | None] | None = None,
    n: int = 1,
) -> Table:
    body = []
    for i, cells in enumerate(rows):
        values = tuple(_number(c) if j else None for j, c in enumerate(cells))
        text = " | ".join(cells)
        group = groups[i] if groups else None
        body.append(TableRow(i, cells[0], tuple(cells), values, text, 0, 0, group=group))
    schema = tuple(
        Column(name, "label" if j == 0 else "number", "%" if "%" in name else None) for j, name in enumerate(columns)
    )
    return Table(
        f"doc:table-{n}", "doc", str(n), title, None, tuple(columns), tuple(body), (), 1, section, 0, 0, schema
    )


def _number(cell: str) -> float | None:
    bare = re.sub(r"[,()%]", "", cell)
    try:
        return float(bare)
    except ValueError:
        return None


CHECKS = make_table(
    "Background checks by state",
    ["State", "Permit", "Handgun", "Long Gun", "Private Sale Handgun", "Totals"],
    [
        ["Alberta", "1,200", "5,100", "7,300", "40", "13,640"],
        ["Ontario", "900", "8,250", "6,000", "55", "15,205"],
        ["Totals", "2,100", "13,350", "13,300", "95", "28,845"],
    ],
    section="Firearm checks, March 2031",
)
GROWTH = make_table(
    "Decadal growth rate of population",
    ["Province", "(Per cent) 2001-2011", "(Per cent) 2011-2021"],
    [["Alberta", "10.5", "8.1"], ["Ontario", "6.2", "5.9"]],
    n=2,
)
HOUSING = make_table(
    "Householders in crowded housing",
    ["Characteristic", "2029 crowded housing units no.", "2029 crowded housing units (%)"],
    [["Renters", "1,500", "(9.1)"], ["Renters", "700", "(8.4)"], ["Owners", "900", "(2.2)"]],
    groups=["Tenure", "Tenure > Urban", "Tenure"],
    n=3,
)


def _text(question: str, *tables: Table) -> str | None:
    found = lookup_figure(question, tables)
    return found[0] if found else None


def test_the_most_specific_header_the_question_names_wins():
    assert _text("How many permit checks did Ontario run in March 2031?", CHECKS) == "Ontario, Permit: 900 [1]"
    assert _text("How many checks did Alberta run for handguns in private sales?", CHECKS) == (
        "Alberta, Private Sale Handgun: 40 [1]"
    )


def test_a_column_the_title_names_among_others_is_named_by_that_word():
    # "(domestic/imported)": the title lists the columns' categories; each names only its own column
    origin = make_table(
        "Confirmed measles cases by reporting region and origin of case (domestic/imported), 2031",
        ["Region", "Domestic (%)", "Imported (%)", "Unknown (%)", "Total (n)"],
        [["Northland", "86.2", "13.8", "0", "3,375"], ["Southland", "70.0", "20.0", "10.0", "158"]],
    )
    assert _text("What percentage of Northland's measles cases were imported?", origin) == (
        "Northland, Imported (%): 13.8% [1]"
    )
    assert _text("What share of Southland's cases were domestic?", origin) == "Southland, Domestic (%): 70.0% [1]"


def test_what_a_row_shows_in_a_column_is_its_cell():
    assert _text("What does the Ontario row show in the Handgun column?", CHECKS) == "Ontario, Handgun: 8,250 [1]"


def test_a_total_row_and_column_are_named_by_the_word_total():
    assert _text("What was the total number of checks across all states?", CHECKS) == "Totals, Totals: 28,845 [1]"


def test_a_year_range_picks_its_column_and_units_in_headers_are_not_asked_for():
    assert _text("By what percentage did Ontario's population grow in 2011-2021?", GROWTH) == (
        "Ontario, (Per cent) 2011-2021: 5.9 [1]"
    )
    assert _text("By what percentage did Ontario's population grow in 2011-21?", GROWTH) == (
        "Ontario, (Per cent) 2011-2021: 5.9 [1]"
    )


def test_another_year_is_never_answered_with_this_one():
    assert _text("How many permit checks did Ontario run in March 2032?", CHECKS) is None
    assert _text("By what percentage did Ontario's population grow in 1991-2001?", GROWTH) is None


def test_a_share_question_takes_the_percentage_column_and_the_least_nested_row():
    assert _text("What share of renters lived in crowded housing in 2029?", HOUSING) == (
        "Renters, 2029 crowded housing units (%): 9.1% [1]"
    )
    assert _text("How many renters lived in crowded housing in 2029?", HOUSING) == (
        "Renters, 2029 crowded housing units no.: 1,500 [1]"
    )


def test_two_equally_named_cells_are_not_guessed_between():
    twins = make_table("Checks", ["State", "Handgun"], [["Alberta", "5"], ["Alberta", "7"]], n=4)
    assert _text("How many handgun checks did Alberta run?", twins) is None


def test_nothing_is_looked_up_for_a_row_or_column_the_tables_lack_or_a_question_without_a_number():
    assert _text("How many permit checks did Quebec run?", CHECKS) is None  # no such row
    assert _text("How many rifle permits did Ontario issue?", CHECKS) is None  # "rifle" names no column
    assert _text("Which agency runs the checks in Ontario?", CHECKS) is None  # asks for no number


def test_the_figures_engine_falls_back_to_the_lookup_with_the_cell_cited():
    answer = answer_figures("How many permit checks did Ontario run in March 2031?", [CHECKS])
    assert answer is not None and answer.covered
    assert answer.rows == (("doc:table-1", 1),)
    assert [(f.row, f.column, f.printed) for f in answer.figures] == [("Ontario", "Permit", "900")]


def _ranked(question: str, *tables: Table) -> str | None:
    from policyqa.figures.lookup import rank_figure

    found = rank_figure(question, tables)
    return found[0] if found else None


def test_a_superlative_of_time_or_likelihood_ranks_no_rows():
    shares = make_table(
        "Import shares by partner", ["Year", "US", "China"], [["2000", "19.0", "14.5"], ["2010", "10.0", "22.1"]]
    )
    assert _ranked("Which partner joined most recently?", shares) is None  # not "2000 has the most US"
    assert _ranked("Which state joined most recently?", CHECKS) is None
    assert _ranked("Which state most likely ran the checks?", CHECKS) is None
    assert _ranked("Which state ran the most handgun checks?", CHECKS) is not None


def test_the_row_with_the_highest_or_lowest_value_totals_left_out():
    assert _ranked("Which state ran the most permit checks in March 2031?", CHECKS) == (
        "Alberta has the most Permit: 1,200 [1]"
    )
    assert _ranked("Which province's population grew slowest in 2001-2011?", GROWTH) == (
        "Ontario has the slowest (Per cent) 2001-2011: 6.2 [1]"
    )
    assert _ranked("Which state ran the largest number of checks overall?", CHECKS) == (
        "Ontario has the largest Totals: 15,205 [1]"  # "overall" is the total column; the Totals row is no state
    )


def test_the_top_n_in_order_each_cited():
    assert _ranked("Which two states ran the most handgun checks?", CHECKS) == (
        "The 2 most by Handgun: Ontario (8,250) [1], Alberta (5,100) [2]"
    )


def test_what_a_question_sets_aside_does_not_pick_the_column():
    assert _ranked("Which state ran the most handgun checks (not private sales)?", CHECKS) == (
        "Ontario has the most Handgun: 8,250 [1]"
    )


def test_only_the_rows_of_the_group_the_question_names_compete():
    table = make_table(
        "Householders in crowded housing",
        ["Characteristic", "2029 crowded housing units (%)"],
        [["Renters", "(9.1)"], ["Owners", "(2.2)"], ["North", "(4.0)"], ["South", "(6.5)"]],
        groups=["Tenure", "Tenure", "Region", "Region"],
        n=5,
    )
    assert _ranked("Which region had the highest share of crowded housing in 2029?", table) == (
        "South has the highest 2029 crowded housing units (%): 6.5% [1]"
    )


def test_the_word_a_superlative_qualifies_names_the_measure():
    market = make_table(
        "Size of the market across the member states",
        ["Member state", "Number of retail outlets", "Inhabitants per outlet"],
        [["Alpha", "900", "61"], ["Beta", "300", "290"], ["Gamma", "120", "150"]],
        n=6,
    )
    assert _ranked("In which member state did each retail outlet serve the fewest inhabitants?", market) == (
        "Alpha has the fewest Inhabitants per outlet: 61 [1]"
    )
    assert _ranked("Which member state had the most retail outlets?", market) == (
        "Alpha has the most Number of retail outlets: 900 [1]"
    )


def test_a_yes_row_is_named_by_its_group():
    table = make_table(
        "Householders in crowded housing",
        ["Characteristic", "2029 crowded housing units (%)"],
        [["Yes", "(27.0)"], ["No", "(23.7)"], ["North", "(4.0)"]],
        groups=["Disability status", "Disability status", "Region"],
        n=7,
    )
    assert _text("What percentage of householders with a disability lived in crowded housing in 2029?", table) == (
        "Disability status: Yes, 2029 crowded housing units (%): 27.0% [1]"
    )


def test_two_figures_compared_difference_and_ratio_each_cited():
    assert _text("By how many did Ontario's handgun checks outnumber its long-gun checks?", CHECKS) == (
        "Ontario, Handgun: 8,250 [1]; Ontario, Long Gun: 6,000 [1]; difference: 2,250"
    )
    assert _text("How many times as many handgun checks as long-gun checks did Ontario run?", CHECKS) == (
        "Ontario, Handgun: 8,250 [1]; Ontario, Long Gun: 6,000 [1]; times: 1.38"
    )
    assert _text("How many more handgun checks did Ontario run than Alberta?", CHECKS) == (
        "Ontario, Handgun: 8,250 [1]; Alberta, Handgun: 5,100 [2]; difference: 3,150"
    )


def test_a_change_between_two_periods_takes_one_year_range_from_each_cell():
    assert _text("By how many points did Alberta's growth rate fall between 2001-2011 and 2011-2021?", GROWTH) == (
        "Alberta, (Per cent) 2001-2011: 10.5 [1]; Alberta, (Per cent) 2011-2021: 8.1 [1]; difference: 2.4"
    )


def test_a_comparison_is_never_answered_with_one_cell():
    assert _text("How many more rifle checks did Ontario run than Alberta?", CHECKS) is None


def test_a_question_setting_aside_every_row_is_not_ranked():
    assert _ranked("Not counting Alberta or Ontario, which state ran the most permit checks?", CHECKS) is None


def test_rows_passing_a_threshold_listed_or_counted():
    from policyqa.figures.lookup import filter_figure

    def filtered(question: str) -> str | None:
        found = filter_figure(question, [CHECKS])
        return found[0] if found else None

    assert filtered("Which states ran more than 5,000 handgun checks?") == "Alberta (5,100) [1], Ontario (8,250) [2]"
    assert (
        filtered("How many states ran at least 1,000 permit checks?")
        == "1 with Permit at least 1,000: Alberta (1,200) [1]"
    )
    assert filtered("Which states ran more than 9,000 handgun checks?") is None  # nothing to cite
    assert filtered("Not counting Ontario, which states ran more than 5,000 handgun checks?") == "Alberta (5,100) [1]"


@pytest.mark.parametrize(
    "question",
    [
        "Which state ran the most?",
        "How many more than 5 did?",
        "Not counting anything, which state had the highest?",
        "How many times as many?",
        "What was the total in 2031 and 2032 and 2033?",
        "",
    ],
)
def test_odd_questions_never_raise(question):
    from policyqa.figures.lookup import filter_figure, rank_figure

    empty = make_table("Empty", ["State", "Permit"], [], n=8)
    for table in (CHECKS, GROWTH, HOUSING, empty):
        lookup_figure(question, [table])
        rank_figure(question, [table])
        filter_figure(question, [table])


def test_named_rows_added_up():
    assert _text("How many handgun checks did Alberta and Ontario run combined?", CHECKS) == (
        "Handgun: Alberta (5,100) [1] + Ontario (8,250) [2] = 13,350"
    )
    assert _text("How many handgun checks did Ontario run in total?", CHECKS) == "Ontario, Handgun: 8,250 [1]"


def test_a_labelled_table_without_ranked_suppliers_is_read_by_the_lookup_beside_supplier_tables():
    from conftest import corpus_tables

    tables = (*corpus_tables(), GROWTH)
    answer = answer_figures("By what percentage did Ontario's population grow over the decade 2001-2011?", tables)
    assert answer is not None and answer.covered
    assert [(f.row, f.printed) for f in answer.figures] == [("Ontario", "6.2")]
    assert "supplier" not in answer.text


def test_the_importer_named_is_the_cited_table_document_s_never_another_s():
    from dataclasses import replace

    from conftest import corpus_tables

    other = replace(GROWTH, title="EU's decadal growth rate of population", doc_id="other", table_id="other:table-2")
    question = "What share of Japan's lithium-ion battery imports came from China?"
    alone, beside = answer_figures(question, corpus_tables()), answer_figures(question, (other, *corpus_tables()))
    assert alone is not None and beside is not None
    assert beside.text == alone.text and "EU" not in beside.text


INCOME = make_table(
    "Households in crowded housing, 2027 and 2029",
    [
        "Characteristic",
        "2027 crowded units no.",
        "2027 crowded units (%)",
        "2029 crowded units no.",
        "2029 crowded units (%)",
    ],
    [
        ["Sex", "", "", "", ""],
        ["Male", "2,100", "(4.1)", "2,050", "(3.9)"],
        ["Female", "2,400", "(5.6)", "2,300", "(5.2)"],
        ["Annual income ($)", "", "", "", ""],
        ["≤24,999", "2,800", "(9.3)", "2,600", "(8.4)"],
        ["25,000–49,999", "1,200", "(4.0)", "1,150", "(3.8)"],
        ["≥50,000", "500", "(1.2)", "600", "(1.4)"],
        ["Total", "4,500", "(4.8)", "4,350", "(4.5)"],
    ],
    groups=[None, "Sex", "Sex", None, "Annual income ($)", "Annual income ($)", "Annual income ($)", None],
    n=8,
)


def test_a_row_labelled_only_by_numbers_is_named_by_them():
    text = _text("What share of households earning $24,999 or less lived in crowded units in 2029?", INCOME)
    assert text == "Annual income ($): ≤24,999, 2029 crowded units (%): 8.4% [1]"


def test_a_question_naming_no_row_is_answered_by_the_total_row():
    assert (
        _text("How many households lived in crowded units in 2027?", INCOME)
        == "Total, 2027 crowded units no.: 4,500 [1]"
    )


def test_every_year_asked_gets_its_own_cell():
    text = _text("How many households lived in crowded units in 2027 and in 2029?", INCOME)
    assert text == "Total, 2027 crowded units no.: 4,500 [1] Total, 2029 crowded units no.: 4,350 [1]"


def test_a_difference_asked_in_other_units_compares_the_year_named_not_another():
    text = _text(
        "In 2027, how many percentage points higher was the crowding rate of female than of male households?", INCOME
    )
    assert text is not None and text.endswith("difference: 1.5") and "2029" not in text


POPULATION = make_table(
    "Population by province (thousands)",
    ["Province", "2001", "2011", "2001-2011 change (%)"],
    [["Alberta", "2,975", "3,645", "22.5"], ["Ontario", "11,410", "12,851", "12.6"], ["Yukon", "30", "34", ""]],
    n=9,
)


def test_a_percentage_change_is_the_change_column_if_printed_else_computed_from_the_two_years():
    printed = _text("By what percentage did Alberta's population grow between 2001 and 2011?", POPULATION)
    assert printed == "Alberta, 2001-2011 change (%): 22.5% [1]"
    computed = _text("By what percentage did Yukon's population grow between 2001 and 2011?", POPULATION)
    assert computed == "Yukon, 2001: 30 [1]; 2011: 34; change: +13.3%"


SURVEY = make_table(
    "Question 7 : En hiver, à quelle fréquence utilisez-vous un moyen de transport actif ?",
    ["Synthèse des résultats", "Toujours", "Souvent", "Jamais"],
    [
        ["Pour faire l'épicerie", "1", "19", "153"],
        ["Pour le loisir ou le sport", "92", "111", "18"],
        ["Pour se rendre au travail", "6", "20", "124"],
        ["Autre", "0", "0", "0"],
    ],
    n=10,
)
FACTORS = make_table(
    "Question 5 : Quels sont les facteurs qui influencent vos choix de transport actif ?",
    ["Synthèse des résultats", "Standart", "%"],
    [["Mon mode de vie", "73", "30%"], ["Ma santé physique et mentale", "103", "42%"], ["Autres", "25", "10%"]],
    n=11,
)


def test_a_french_question_on_a_french_table_is_ranked_with_its_own_superlative_and_exclusion():
    question = (
        "En hiver, parmi les motifs (sans compter « Autre »), lequel compte le moins de répondants "
        "qui n'utilisent jamais le transport actif?"
    )
    assert _ranked(question, SURVEY) == "Pour le loisir ou le sport has the lowest Jamais: 18 [1]"


def test_a_ranking_by_the_table_s_one_measure_printed_as_count_and_percentage_needs_no_column_named():
    question = "Quel facteur influence le plus le choix d'un moyen de transport actif?"
    assert _ranked(question, FACTORS) == "Ma santé physique et mentale has the highest %: 42% [1]"
    # two years' columns ranking alike are still two columns: which year is meant is unknowable
    assert _ranked("Which province had the highest decadal growth rate?", GROWTH) is None


def test_an_age_is_not_a_number_of_rows_asked():
    text = _ranked("Which province under 18 had the highest growth in 2001-2011?", GROWTH)
    assert text is not None and text.startswith("Alberta has the highest")


def test_any_amount_asked_for_is_more_than_zero():
    outlay = make_table(
        "Health outlay 2030-31 (thousands)",
        ["State", "Capital family welfare", "Revenue family welfare"],
        [["Alberta", "0", "5,200"], ["Ontario", "4,000", "9,100"], ["Yukon", "150", "300"]],
        n=12,
    )
    found = filter_figure("Which states set aside any capital money for family welfare?", [outlay])
    assert found is not None and found[0] == "Ontario (4,000) [1], Yukon (150) [2]"
    assert filter_figure("Which of the states, if any, had capital family welfare spending?", [outlay]) is None


def test_a_null_mark_the_notes_say_is_zero_passes_a_zero_threshold():
    from dataclasses import replace as with_

    capacity = make_table(
        "World production capacity (tons)",
        ["Country", "Fused oxide 2030", "Carbide 2030"],
        [["Argentina", "—", "5,000"], ["Brazil", "50,000", "43,000"], ["Norway", "—", "80,000"]],
        n=13,
    )
    question = "Which of the listed countries had no fused oxide capacity at all in 2030?"
    assert filter_figure(question, [capacity]) is None  # a dash alone may be a gap
    legend = with_(capacity, notes=("— Zero.",))
    found = filter_figure(question, [legend])
    assert found is not None and found[0] == "Argentina (—) [1], Norway (—) [2]"


def test_a_name_the_table_never_prints_is_a_near_miss_not_a_cell():
    assert _text("How many permit checks did Ontario run in March 2031?", CHECKS) == "Ontario, Permit: 900 [1]"
    assert _text("How many Ontario permit checks were run for residents of Texas in March 2031?", CHECKS) is None


def test_a_count_is_read_from_the_table_of_numbers_not_its_companion_of_percentage_changes():
    # Two tables over the same rows and periods: the second's title says its cells are percentage
    # changes, though its headers only name periods; "how many" asks the first.
    numbers = make_table(
        "Actual and projected numbers of apprentices, by province: 2008-09 through 2012-13",
        ["Province", "Actual 2008-09", "Projected 2012-13"],
        [["Manitoba", "4,210", "4,480"], ["Quebec", "31,900", "30,150"]],
        n=1,
    )
    changes = make_table(
        "Actual and projected percentage changes in apprentices, by province",
        ["Province", "2004-05 to 2008-09", "2008-09 to 2012-13"],
        [["Manitoba", "6.4", "6.4"], ["Quebec", "-5.5", "-5.5"]],
        n=2,
    )
    looked = lookup_figure("How many apprentices did Quebec have in the 2008-09 year?", [numbers, changes])
    assert looked is not None and "31,900" in looked[0]
    asked = "What percentage change in apprentices did Quebec see from 2008-09 to 2012-13?"
    looked = lookup_figure(asked, [numbers, changes])
    assert looked is not None and "-5.5" in looked[0]


ARRESTS = make_table(
    "Arrests by sex and age: 2019",
    [
        "Offense charged",
        "Female Total",
        "Total Under 18 years",
        "Total 18 years and over",
        "Male Under 18 years",
        "Male 18 years and over",
        "Female Under 18 years",
        "Female 18 years and over",
    ],
    [
        ["Robbery", "12.1", "25.5", "76.6", "22.9", "67.1", "2.6", "9.5"],
        ["Fraud", "81.3", "5.9", "182.1", "3.9", "102.8", "2.0", "79.3"],
    ],
)


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("How many boys under 18 were arrested for robbery in 2019?", "22.9"),
        ("How many women aged 18 and over were arrested for fraud in 2019?", "79.3"),
        ("How many men (18 years or older) were arrested for robbery?", "67.1"),
        ("How many juveniles under 18 were arrested for fraud?", "5.9"),
        ("How many girls were arrested for robbery under the age of 18?", "2.6"),
        ("How many women were arrested for fraud?", "81.3"),  # of every age: no bracket's column
    ],
)
def test_age_brackets_and_sex_words_name_the_column(question, printed):
    looked = lookup_figure(question, [ARRESTS])
    assert looked is not None and re.search(rf"\b{re.escape(printed)}\b", looked[0]), looked


def test_two_figures_asked_in_one_question_are_each_answered_from_their_column():
    # The first part borrows the second's predicate; "under 18" is an age bracket the table prints,
    # not a threshold on the values.
    question = "In 2019, how many women (18 and over) and how many girls under 18 were arrested for fraud?"
    found = answer_figures(question, [ARRESTS])
    assert found is not None and found.covered
    assert re.fullmatch(
        r"Fraud, Female 18 years and over: 79\.3 \[1\] Fraud, Female Under 18 years: 2\.0 \[1\]", found.text
    )
    assert [f.printed for f in found.figures] == ["79.3", "2.0"] and len(found.rows) == 1


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "In 2019, how many women (18 and over) and how many girls under 18 were arrested for fraud?",
            [
                "In 2019, how many women (18 and over) were arrested for fraud?",
                "In 2019, how many girls under 18 were arrested for fraud?",
            ],
        ),
        (
            "How many teachers did schools hire in 2008, and how many were projected for 2021?",
            ["How many teachers did schools hire in 2008", "how many were projected for 2021?"],
        ),
        ("How many arrests were there, and what share were of women?", None),  # one "how many"
        (  # the second part leaves out the first's verb: put back
            "In 2031, how much went to public health and how much to family welfare?",
            ["In 2031, how much went to public health?", "In 2031, how much went to family welfare?"],
        ),
        (  # ... and the first's predicate after the words both say; "what proportion" asked twice
            "What proportion of women heading a household rented, and what proportion of men heading a household?",
            [
                "What proportion of women heading a household rented",
                "what proportion of men heading a household rented?",
            ],
        ),
        ("How many women and how many men?", None),  # no word of "men" to align on in "women"
        (  # the second part asks of the first's period
            "How many notices came in during October 2031, and how many workers did they cover?",
            ["How many notices came in during October 2031", "how many workers did they cover in October 2031?"],
        ),
    ],
)
def test_figure_parts(question, parts):
    from policyqa.figures.engine import figure_parts

    assert figure_parts(question) == (parts or [question])


@pytest.mark.parametrize(
    ("text", "brackets"),
    [
        ("For girls under 18, which offense led?", {"<18"}),  # a comma after the age ends no number
        ("firms of 1,000 to 4,999 employees", set()),
        ("people aged 65+", {">=65"}),
        ("adults (18 years and over)", {">=18"}),
        ("held less than 40 per cent of sales", set()),  # a share: a threshold, not an age
        ("from 20 to 30% of households", set()),
    ],
)
def test_brackets_in(text, brackets):
    from policyqa.figures.lookup import brackets_in

    assert brackets_in(text) == frozenset(brackets)


def test_an_all_other_row_passes_a_threshold_but_is_never_the_highest():
    offenses = make_table(
        "Arrests by offense: 2019",
        ["Offense", "Arrests"],
        [["Total", "1,900"], ["Fraud", "450"], ["All other offenses", "1,100"], ["Robbery", "350"]],
    )
    passed = filter_figure("Which offenses had more than 400 arrests in 2019?", [offenses])
    assert passed is not None and "All other offenses (1,100)" in passed[0] and "Total" not in passed[0]
    ranked = rank_figure("Which offense had the most arrests in 2019?", [offenses])
    assert ranked is not None and ranked[0].startswith("Fraud has the most")


def test_a_row_labelled_by_a_year_is_named_by_that_year():
    enrolment = make_table(
        "Actual and projected numbers for enrollment, by control of school: Fall 2008 through fall 2021",
        ["Year", "Total", "Public", "Private"],
        [
            ["2008", "55,235", "49,266", "5,969"],
            ["2010", "54,876", "49,484", "5,382"],
            ["2021", "58,300", "52,700", "5,600"],
        ],
    )
    looked = lookup_figure("How many students were enrolled in private schools in fall 2010?", [enrolment])
    assert looked is not None and "5,382" in looked[0] and "5,969" not in looked[0]


def test_the_years_that_label_a_series_are_never_ranked_as_a_measure():
    from dataclasses import replace as swap

    from policyqa.records import Column

    series = make_table(
        "Import share by country (all items)",
        ["Year", "China", "US"],
        [["2000", "14.5", "19.0"], ["2013", "21.7", "8.4"]],
    )
    rows = tuple(
        swap(row, values=(float(row.label), *row.values[1:])) for row in series.rows
    )  # the year is a value too
    schema = (Column("Year", "year", None), *series.schema[1:])
    series = swap(series, rows=rows, schema=schema)
    looked = rank_figure("In which year was the US share lowest?", [series])
    assert looked is not None and looked[0].startswith("2013") and "8.4" in looked[0]


CHANGES = make_table(
    "Projected percentage changes in apprentices, by province",
    ["Province", "2018 to 2030"],
    [["Manitoba", "6.4"], ["Quebec", "-15.5"], ["Yukon", "-11.2"], ["Ontario", "-3.1"], ["Alberta", "12.0"]],
)


def test_a_superlative_of_a_fall_ranks_the_most_negative_changes():
    looked = rank_figure("Which two provinces were projected to see the steepest percentage declines?", [CHANGES])
    assert looked is not None and re.search(r"Quebec.*Yukon", looked[0]) and "Alberta" not in looked[0]
    looked = rank_figure("Which province had the largest projected increase?", [CHANGES])
    assert looked is not None and looked[0].startswith("Alberta")


def test_a_threshold_on_a_fall_is_a_change_below_its_negative():
    looked = filter_figure("Which provinces were projected to fall by more than 10 percent?", [CHANGES])
    assert looked is not None and "Quebec" in looked[0] and "Yukon" in looked[0]
    assert "Alberta" not in looked[0] and "Manitoba" not in looked[0]


KILNS = make_table(
    "World kiln capacity (metric tons)",
    ["Country", "Fused alumina 2010", "Silicon carbide 2010"],
    [
        ["Brazil", "50,000", "43,000"],
        ["China", "700,000", "455,000"],
        ["Chile", "20,000", "5,000"],
        ["Norway", "—", "80,000"],
        ["Peru", "15,000", "5,000"],
        ["Other countries", "80,000", "190,000"],
        ["World total", "865,000", "778,000"],
    ],
    n=3,
)


def test_a_country_set_aside_and_a_residual_row_never_rank():
    text, _, _ = rank_figure(
        "Setting China aside, which single country had the largest silicon carbide capacity?", [KILNS]
    )
    assert text.startswith("Norway has the largest")


def test_rows_level_at_the_top_are_all_named():
    text, rows, _ = rank_figure("Which country had the smallest silicon carbide capacity in 2010?", [KILNS])
    assert text.startswith("Chile [1] and Peru [2] share the smallest") and "5,000 each" in text
    assert len(rows) == 2


def test_a_fall_ranked_by_the_verb_before_the_superlative():
    falling = make_table(
        "Decadal growth rate of population",
        ["Province", "(Per cent) 1951-1961", "(Per cent) 1961-1971"],
        [["Alberta", "10.5", "8.1"], ["Ontario", "-6.2", "5.9"], ["Yukon", "-2.0", "1.0"]],
    )
    text, _, _ = rank_figure("Which province saw its population shrink the most in 1951-1961?", [falling])
    assert text.startswith("Ontario has the largest fall in")


def test_a_period_between_two_years_names_the_column_of_that_range():
    text, _, _ = rank_figure("Which province grew fastest between 2011 and 2021?", [GROWTH])
    assert text.startswith("Alberta has the fastest (Per cent) 2011-2021: 8.1")


def test_a_table_of_dated_rows_is_of_the_years_its_rows_name():
    months = make_table(
        "Table 4",
        ["Summary by Month", "Notices", "Employees Affected"],
        [["July 2030", "71", "6,102"], ["December 2030", "69", "8,729"], ["January 2031", "40", "3,010"]],
    )
    text, _, _ = rank_figure("In which month of the 2030-31 fiscal year were the most employees affected?", [months])
    assert text.startswith("December 2030 has the most Employees Affected: 8,729")


def test_how_many_for_every_asks_a_ratio_and_a_name_of_the_section_is_the_table_s_own():
    months = make_table(
        "Table 4",
        ["Summary by Month", "Permanent Layoff", "Permanent Closure"],
        [["July 2030", "38", "19"], ["August 2030", "21", "35"], ["Total", "59", "54"]],
        section="WARDEN Report > Fiscal Year",
    )
    looked = lookup_figure(
        "Over the whole period, how many permanent layoffs were there for every permanent closure in WARDEN notices?",
        [months],
    )
    assert looked is not None and looked[0].endswith("times: 1.09")


def test_rows_compared_with_themselves_at_two_dates():
    from policyqa.figures.versus import versus_figure

    growth = make_table(
        "Decadal growth rate of population",
        ["Province", "(Per cent) 1991-2001", "(Per cent) 2001-2011", "Area"],
        [["Alberta", "10.5", "12.1", "5"], ["Ontario", "16.2", "5.9", "6"], ["Yukon", "8.0", "9.0", "7"]],
    )
    faster = versus_figure("Which provinces grew faster in 2001-2011 than they had in 1991-2001?", [growth])
    assert faster is not None
    assert faster[0] == (
        "2 with (Per cent) 2001-2011 above (Per cent) 1991-2001: "
        "Alberta (12.1 against 10.5) [1], Yukon (9.0 against 8.0) [2]"
    )
    slower = versus_figure("Which provinces grew slower in 2001-2011 than in 1991-2001?", [growth])
    assert slower is not None and slower[0].startswith(
        "1 with (Per cent) 2001-2011 below (Per cent) 1991-2001: Ontario"
    )
    assert versus_figure("Which provinces grew faster in 2001-2011?", [growth]) is None
    # "how many points slower was Ontario's growth": one province's two cells, not a count of provinces
    points = "How many percentage points slower was Ontario's growth in 2001-2011 than in 1991-2001?"
    assert versus_figure(points, [growth]) is None
    looked = lookup_figure(points, [growth])
    assert looked is not None and looked[0].endswith("difference: 10.3")


@pytest.mark.parametrize(
    ("title", "notes", "question", "passing"),
    [
        # a table in thousands: "100 million" is 100,000 of its numbers, "Rs" before the number read past
        ("Public health outlay (Rs. in 000)", (), "Which states spent under Rs 100 million on others?", ["Goa"]),
        (
            "Arrests by sex",
            ("[In thousands. Persons arrested]",),
            "Which states had over 100 million arrests?",
            ["Kerala"],
        ),
        ("Outlay in rupees", (), "Which states spent under 100 million rupees on others?", ["Goa", "Kerala"]),
        # South Asian magnitudes: a crore is 10 million (10,000 thousands), a lakh 100,000
        ("Public health outlay (Rs. in 000)", (), "Which states spent over Rs 20 crore on others?", ["Kerala"]),
        ("Public health outlay (Rs. in lakh)", (), "Which states spent under Rs 500 crore on others?", ["Goa"]),
        ("Public health outlay (Rs. in lakh)", (), "Which states spent over 2 billion rupees on others?", ["Kerala"]),
    ],
)
def test_a_threshold_in_millions_reads_a_table_in_thousands(title, notes, question, passing):
    from dataclasses import replace

    table = replace(make_table(title, ["State", "Others"], [["Goa", "12,560"], ["Kerala", "286,336"]]), notes=notes)
    looked = filter_figure(question, [table])
    assert looked is not None
    assert [name for name in ("Goa", "Kerala") if f"{name} (" in looked[0]] == passing


def test_a_share_of_the_total_is_computed_from_the_column_or_the_row_total():
    from policyqa.figures.shares import share_figure

    outlay = make_table(
        "Public health outlay (Rs. in 000)",
        ["State", "Revenue", "Others", "Total"],
        [["Goa", "300", "100", "400"], ["Kerala", "500", "100", "600"], ["Total", "800", "200", "1,000"]],
    )
    of_column = share_figure("What share of all revenue outlay came from Kerala?", [outlay])
    assert of_column is not None and of_column[0].endswith("share: 62.50%")
    of_row = share_figure("What proportion of Goa's overall outlay fell under others?", [outlay])
    assert of_row is not None and of_row[0].endswith("share: 25.00%")
    assert share_figure("What was Goa's revenue outlay?", [outlay]) is None
    fronted = share_figure("Of all revenue outlay, what percentage did Kerala account for?", [outlay])  # whole first
    assert fronted is not None and fronted[0].endswith("share: 62.50%")


def test_a_rate_the_table_prints_is_read_not_computed():
    from policyqa.figures.shares import share_figure

    housing = make_table(
        "Selected characteristics of householders",
        ["Characteristic", "Total occupied", "Inadequate units no.", "Inadequate units (%)"],
        [
            ["Hispanic", "12,739", "991", "7.8"],
            ["White", "80,000", "3,200", "4.0"],
            ["Total", "92,739", "4,191", "4.5"],
        ],
    )
    assert share_figure("What share of Hispanic householders lived in inadequate housing?", [housing]) is None
    spread = share_figure("Of the inadequate units, what percentage were in Hispanic households?", [housing])
    assert spread is not None and spread[0].endswith("share: 23.65%")


def test_rows_compared_across_two_measures_a_zero_mark_counting_as_zero():
    from dataclasses import replace

    from policyqa.figures.versus import versus_figure

    kilns = replace(
        make_table(
            "World kiln capacity",
            ["Country", "Fused alumina 2010", "Silicon carbide 2010"],
            [
                ["Chile", "—", "5,000"],
                ["Japan", "25,000", "60,000"],
                ["Peru", "40,000", "5,000"],
                ["Other countries", "80,000", "190,000"],
                ["World total", "145,000", "260,000"],
            ],
        ),
        notes=("— Zero.",),
    )
    looked = versus_figure(
        "For how many countries was silicon carbide capacity larger than fused alumina capacity in 2010?", [kilns]
    )
    assert looked is not None
    assert looked[0].startswith(
        "2 with Silicon carbide 2010 above Fused alumina 2010: Chile (5,000 against —) [1], Japan"
    )


PEOPLE = make_table(
    "Population by province",
    ["Province", "Population 2001", "Population 2011"],
    [
        ["Alberta", "2,975", "3,675"],
        ["Ontario", "11,410", "12,851"],
        ["Yukon", "30", "34"],
        ["Total", "14,415", "16,560"],
    ],
)


def test_a_difference_of_two_cells_is_no_comparison_of_rows():
    answer = answer_figures("How many more people lived in Alberta in 2011 than in 2001?", [PEOPLE])
    assert answer is not None and answer.text.endswith("difference: 700")


def test_setting_aside_ends_with_the_name_set_aside():
    looked = rank_figure("Which province besides Ontario had the largest population in 2011?", [PEOPLE])
    assert looked is not None and looked[0].startswith("Alberta has the largest")


def test_for_each_is_no_ratio_and_a_threshold_in_the_table_s_own_unit_is_read_as_written():
    from policyqa.figures.lookup import RATIO

    assert RATIO.search("How many layoffs were reported in Adams for each quarter?") is None
    output = make_table("Coal output", ["Country", "Production (million tonnes)"], [["India", "60"], ["Peru", "40"]])
    looked = filter_figure("Which countries produced more than 50 million tonnes?", [output])
    assert looked is not None and "India (60)" in looked[0] and "Peru" not in looked[0]


def test_a_share_of_a_column_total_is_of_the_row_s_own_group_total():
    from policyqa.figures.shares import share_figure

    arrests = make_table(
        "Arrests by sex",
        ["Offense", "Arrests"],
        [["Fraud", "30"], ["Theft", "70"], ["Total", "100"], ["Fraud", "10"], ["Theft", "40"], ["Total", "50"]],
        groups=["Male", "Male", "Male", "Female", "Female", "Female"],
    )
    looked = share_figure("What share of all male arrests were in Theft?", [arrests])
    assert looked is not None and looked[0].endswith("share: 70.00%")


def test_a_header_named_but_for_one_word_of_four_is_named():
    checks = make_table(
        "Background checks by state",
        [
            "State",
            "Permit",
            "Handgun",
            "Long Gun",
            "Redemption Handgun",
            "Private Sale Long Gun",
            "Private Sale Handgun",
        ],
        [
            ["Alberta", "1,200", "5,100", "7,300", "60", "340", "55"],
            ["Ontario", "900", "8,250", "9,000", "70", "220", "80"],
            ["Yukon", "100", "300", "900", "2", "10", "5"],
        ],
    )
    looked = rank_figure("Which state had the most checks on long guns sold between private parties?", [checks])
    assert looked is not None and looked[0].startswith("Alberta has the most Private Sale Long Gun: 340")
    looked = rank_figure("Which state had the most checks on long guns?", [checks])
    assert looked is not None and looked[0].startswith("Ontario has the most Long Gun")


def test_years_only_the_rows_name_pick_the_rows_ranked():
    months = make_table(
        "Table 4",
        ["Summary by Month", "Notices", "Employees Affected"],
        [["November 2030", "71", "6,102"], ["December 2030", "69", "8,729"], ["January 2031", "40", "9,010"]],
    )
    text, _, _ = rank_figure("In which month of 2030 were the most employees affected?", [months])
    assert text.startswith("December 2030 has the most Employees Affected: 8,729")


@pytest.mark.parametrize(
    "question",
    [
        "Alberta's 2011 population was what multiple of Yukon's?",
        "By what factor did Alberta's 2011 population exceed Yukon's?",
        "How does Alberta's 2011 population compare with Yukon's, as a ratio?",
        "What was Alberta's 2011 population divided by Yukon's?",
    ],
)
def test_ratios_asked_in_other_words(question):
    looked = lookup_figure(question, [PEOPLE])
    assert looked is not None and looked[0].endswith("times: 108.09")


BY_RACE = make_table(
    "Arrests by race: 2031",
    ["Offense charged", "Total", "White", "Black"],
    [
        ["Robbery", "99,000", "43,039", "55,742"],
        ["Burglary", "230,000", "155,000", "70,000"],
        ["Gambling", "8,000", "2,290", "5,518"],
    ],
)


def test_rows_compared_across_two_columns_by_a_verb_the_year_in_the_title():
    from policyqa.figures.versus import versus_figure

    question = "For which offenses did arrests of Black persons outnumber arrests of White persons in 2031?"
    looked = versus_figure(question, [BY_RACE])
    assert looked is not None and looked[0].startswith("2 with Black above White: Robbery (55,742 against 43,039)")
    assert "Gambling" in looked[0] and "Burglary" not in looked[0]
    assert versus_figure(question.replace("2031", "2029"), [BY_RACE]) is None  # a year the table is not of


def test_which_of_two_columns_is_more_and_by_how_many():
    question = "In 2031, were more White or more Black persons arrested for robbery, and by how many?"
    looked = lookup_figure(question, [BY_RACE])
    assert looked is not None and looked[0].endswith("difference: 12,703 (Black higher)")


def test_higher_or_lower_says_which_one_is_higher():
    looked = lookup_figure("Was Yukon's 2011 population higher or lower than Alberta's?", [PEOPLE])
    assert looked is not None and looked[0].endswith("difference: 3,641 (Alberta higher)")


def test_what_was_a_named_measure_is_answered_by_the_cell_it_names():
    looked = lookup_figure("What was Yukon's population in 2011?", [PEOPLE])
    assert looked is not None and looked[0] == "Yukon, Population 2011: 34 [1]"
    looked = lookup_figure("Give me Alberta's population for 2001.", [PEOPLE])
    assert looked is not None and looked[0] == "Alberta, Population 2001: 2,975 [1]"


OFFENSES = make_table(
    "Arrests by offense",
    ["Offense", "Total", "Under 18", "18 and over"],
    [
        ["Total", "1,000.0", "200.0", "800.0"],
        ["Violent crime", "460.0", "60.0", "400.0"],
        ["Murder", "10.0", "1.0", "9.0"],
        ["Robbery", "150.0", "29.0", "121.0"],
        ["Assault", "300.1", "30.0", "270.1"],
        ["Fraud", "380.0", "90.0", "290.0"],
        ["Vandalism", "160.0", "50.0", "110.0"],
    ],
    n=7,
)


def test_a_subtotal_found_by_its_sum_is_no_row_of_a_ranking_or_a_threshold():
    from policyqa.figures.aggregates import aggregate_rows

    # "Violent crime" is murder, robbery and assault added up (460.0 printed for 460.1): a subtotal
    assert {OFFENSES.rows[i].label for i in aggregate_rows(OFFENSES)} == {"Violent crime"}
    ranked = rank_figure("Which offense had the most arrests?", [OFFENSES])
    assert ranked is not None and ranked[0].startswith("Fraud has the most Total: 380.0")
    passing = filter_figure("How many offenses had a total of more than 200 arrests?", [OFFENSES])
    assert passing is not None and passing[0].startswith("2 with Total above 200: Assault (300.1) [1], Fraud (380.0)")
    # small whole counts in order: the top row is no subtotal unless the rows below add up to it exactly
    states = make_table(
        "Cases by state",
        ["State", "2029", "2030"],
        [["Ohio", "10", "11"], ["Iowa", "6", "6"], ["Utah", "5", "4"], ["Maine", "2", "2"]],
        n=12,
    )
    assert aggregate_rows(states) == frozenset()
    ranked_states = rank_figure("Which state had the most cases in 2030?", [states])
    assert ranked_states is not None and ranked_states[0].startswith("Ohio has the most 2030: 11")
    # a register's one column of counts: some figure is always the sum of a few others, never a subtotal
    notices = make_table("Notices", ["Company", "Employees"], [["A", "5"], ["B", "2"], ["C", "3"], ["D", "9"]], n=8)
    assert aggregate_rows(notices) == frozenset()


SUMMARY = make_table(
    "Notices by month",
    ["Month", "Notices", "Permanent Layoff", "Permanent Closure"],
    [["July 2031", "40", "20", "12"], ["August 2031", "35", "16", "14"], ["Total", "75", "36", "26"]],
    section="Layoff Report > Fiscal Year",
    n=9,
)
REGISTER = make_table(
    "Notices received",
    ["Received", "Company", "City", "Employees", "Layoff/Closure"],
    [
        [f"07/{day:02d}/2031", f"Firm {day}", f"Town {day}", str(10 + day), kind]
        for day, kind in enumerate(["Layoff Permanent", "Closure Permanent"] * 6, start=1)
    ],
    section="Layoff Report",
    n=10,
)


def test_a_word_a_header_prints_is_no_missing_goods_and_a_column_of_kinds_names_no_row():
    # "closure" is goods to the HS nomenclature (stoppers, caps and closures), but a column of
    # the summary prints it: the tables cover it. The register's "Closure Permanent", printed on
    # six of its twelve rows, says what kind of notice a row is, not which one.
    question = "Over the whole period, how many permanent layoffs were there for every permanent closure?"
    answer = answer_figures(question, [SUMMARY, REGISTER])
    assert answer is not None and answer.covered
    assert answer.text == "Total, Permanent Layoff: 36 [1]; Total, Permanent Closure: 26 [1]; times: 1.38"
    # a company that filed several notices is still a name: its column prints many others
    from policyqa.figures.lookup import kind_cells

    assert {cell for _, cell in kind_cells(REGISTER)} == {"Layoff Permanent", "Closure Permanent"}
    # a table repeating each year across partners: with the year, the partner names one row
    exports = make_table(
        "Exports by year and partner",
        ["Year", "Partner", "Exports"],
        [
            [str(year), partner, str(10 + year - 2026 + 3 * i)]
            for year in range(2026, 2031)
            for i, partner in enumerate(["Mexico", "Chile", "Peru"])
        ],
        n=13,
    )
    assert kind_cells(exports) == frozenset()
    found = lookup_figure("What were exports to Mexico in 2028?", [exports])
    assert found is not None and found[0].startswith("Mexico (2028), Exports: 12")


def test_a_goods_word_a_table_title_prints_is_not_declined_as_missing():
    # "cases" is goods to the HS nomenclature; the title prints it: the tables are not said to lack it
    cases = make_table(
        "Distribution of confirmed cases by country and origin, 2031",
        ["Country", "Domestic (%)", "Imported (%)"],
        [["Alberta", "70.0", "10.0"], ["Total", "65.1", "7.9"]],
        n=11,
    )
    answer = answer_figures("Overall, what share of confirmed cases was imported?", [cases])
    assert answer is not None and answer.covered and answer.text == "Total, Imported (%): 7.9% [1]"
    # a goods word no title, section or header prints is still missing; a row label does not count
    from policyqa.figures.engine import _unprinted

    assert _unprinted(("bananas", "cases", "alberta"), [cases]) == ("bananas", "alberta")


def test_a_measure_word_asks_the_tables_measure_only_where_a_table_prints_it():
    # "share" is a measure the table prints: a question asking it of a crop the table lacks asks the
    # tables; "supplier" is printed by no table: a question about "a Toyota supplier" is no table's
    shares = make_table(
        "Share of farm output by crop, 2031 (%)", ["Crop", "Share (%)"], [["Wheat", "41.0"], ["Barley", "12.5"]]
    )
    lacking = answer_figures("What share of farm output came from bananas?", [shares])
    assert lacking is not None and not lacking.covered and lacking.measured
    stray = answer_figures("How many bicycles did the fire at a Toyota supplier in Zwolle destroy?", [shares])
    assert stray is None or not stray.measured


def test_a_growth_factor_is_the_later_figure_over_the_earlier():
    population = make_table(
        "Population by province (thousands)",
        ["Province", "2011", "2021"],
        [["Alberta", "3,645", "4,262"], ["Ontario", "12,851", "14,223"]],
        n=14,
    )
    grown = lookup_figure("By what factor did Ontario's population grow from 2011 to 2021?", [population])
    assert grown is not None and grown[0].endswith("times: 1.11")
    # without a growth word the first named is divided by the second, as asked
    named = lookup_figure("Ontario's 2011 population was how many times its 2021 population?", [population])
    assert named is not None and named[0].endswith("times: 0.90")


def test_a_bracket_glosses_the_words_before_it_and_does_not_narrow_the_column():
    # "rifle and shotgun (long-gun)": "shotgun" glosses, it does not qualify "long gun" ("shotgun
    # long guns" would be a narrower column the table does not have)
    found = lookup_figure("How many rifle and shotgun (long-gun) checks did Ontario run?", [CHECKS])
    assert found is not None and found[0] == "Ontario, Long Gun: 6,000 [1]"
    assert lookup_figure("How many shotgun long-gun checks did Ontario run?", [CHECKS]) is None


def test_how_much_did_it_rise_asks_the_change_without_by():
    asked = "How much did Ontario's growth rate fall between 2001-2011 and 2011-2021, in percentage points?"
    found = lookup_figure(asked, [GROWTH])
    assert found is not None and found[0].endswith("difference: 0.3")


def test_a_share_of_a_named_total_takes_the_part_from_another_row():
    from policyqa.figures.shares import share_figure

    capacity = make_table(
        "World capacity by country (tons)",
        ["Country", "Smelting 2030"],
        [["Alberta", "300"], ["Ontario", "700"], ["World total (rounded)", "1,000"]],
        n=15,
    )
    # the question names the whole ("the rounded world ... capacity") better than the part
    share = share_figure("What percentage of the rounded world smelting capacity in 2030 was in Alberta?", [capacity])
    assert share is not None and share[0].startswith("Alberta, Smelting 2030: 300 [1] of World total (rounded)")
    assert share[0].endswith("share: 30.00%")


def test_by_how_many_did_a_exceed_b_asks_their_difference():
    found = lookup_figure("By how many checks did Ontario's handgun checks exceed Alberta's?", [CHECKS])
    assert found is not None and found[0].endswith("difference: 3,150")


def test_a_share_of_a_row_whole_named_by_its_own_total_column():
    from policyqa.figures.shares import share_figure

    outlay = make_table(
        "Health outlay (Rs. in 000)",
        ["State", "Revenue Medical", "Capital Medical", "Family Welfare", "Total Revenue & Capital", "Total"],
        [["Goa", "300", "100", "50", "400", "450"], ["Kerala", "500", "100", "20", "600", "620"]],
        n=16,
    )
    # the whole's words name two columns ("revenue", "capital") and its total ("Total Revenue &
    # Capital", not the grand "Total"); the part is named by the rest ("capital ... medical")
    asked = "What percentage of Goa's combined revenue and capital outlay was capital spending on medical care?"
    share = share_figure(asked, [outlay])
    assert share is not None and share[0] == (
        "Goa, Capital Medical: 100 [1] of Goa, Total Revenue & Capital: 400 [1]; share: 25.00%"
    )


def test_an_exclusion_inside_brackets_runs_to_the_closing_bracket():
    from policyqa.figures.lookup import read_asked

    asked = read_asked("Which provinces ran over 5,000 handgun checks (the main column, excluding pawn, private sale)?")
    assert {"privat", "sale", "pawn"} <= asked.set_aside and "sale" not in asked.words
    passing = filter_figure(
        "Which provinces ran over 5,000 handgun checks (the main column, excluding pawn, private sale)?", [CHECKS]
    )
    assert passing is not None and passing[0].startswith("Alberta (5,100) [1], Ontario (8,250)")


CROWDING = make_table(
    "Householders in crowded housing, 2031 (%)",
    ["Characteristic", "Crowded (%)"],
    [
        ["Race", ""],
        ["White", "4.0"],
        ["Black", "9.5"],
        ["Asian", "7.1"],
        ["Sex, by race", ""],
        ["Male", ""],
        ["White", "3.8"],
        ["Black", "9.9"],
        ["Asian", "8.3"],
    ],
    groups=[
        None,
        "Race",
        "Race",
        "Race",
        None,
        "Sex, by race",
        "Sex, by race > Male",
        "Sex, by race > Male",
        "Sex, by race > Male",
    ],
)


def test_a_question_pooling_over_a_breakdown_reads_the_rows_not_broken_down_by_it():
    answer = answer_figures("What share of Black householders (all sexes) lived in crowded housing?", [CROWDING])
    assert answer is not None and [f.printed for f in answer.figures] == ["9.5"]
    answer = answer_figures("Regardless of sex, what share of Asian householders lived in crowded housing?", [CROWDING])
    assert answer is not None and [f.printed for f in answer.figures] == ["7.1"]


def test_the_group_that_most_often_has_it_is_the_one_with_the_highest_rate():
    answer = answer_figures("Which race's householders most often lived in crowded housing?", [CROWDING])
    assert answer is not None and answer.text.startswith("Black has the most Crowded (%): 9.5")


def test_most_often_reads_the_rate_column_beside_a_count_that_ranks_the_rows_otherwise():
    # The count ranks the larger population first; "most often" asks the rate.
    table = make_table(
        "Householders by unhealthy housing characteristic, 2031",
        ["Characteristic", "total units", "Peeling paint no.", "Peeling paint (%)"],
        [["White", "80,100", "1,610", "2.0"], ["Black", "14,200", "470", "3.3"], ["Asian", "4,300", "60", "1.4"]],
    )
    answer = answer_figures("Which group's householders most often had peeling paint?", [table])
    assert answer is not None and answer.text.startswith("Black has the most Peeling paint (%): 3.3")


COSTS = make_table(  # in dollars
    "ESTIMATED COSTS",
    ["Action", "Parts cost", "Cost per product", "Cost on operators"],
    [
        ["Manual revision", "0", "85", "6,205"],
        ["Wiring change", "3,790", "10,505", "766,865"],
        ["Sensor test", "0", "3,400", "248,200"],
    ],
)


def test_a_measure_per_unit_is_read_from_the_per_unit_column_whatever_it_calls_the_unit():
    answer = answer_figures("Which action has the highest cost per aircraft?", [COSTS])
    assert answer is not None and answer.text.startswith("Wiring change has the highest Cost per product: 10,505")
    listed = answer_figures("Which actions cost more than 1,000 per aircraft?", [COSTS])
    assert listed is not None and [f.printed for f in listed.figures] == ["10,505", "3,400"]


ENROLLMENT = make_table(
    "Enrollment in grades PK–12, PK–8, and 9–12, by control of school: Fall 2020 through fall 2031",
    ["Year", "Public PK–12", "Public PK–8", "Public 9–12", "Private PK–12", "Private PK–8", "Private 9–12"],
    [
        ["2020", "49,484", "34,625", "14,860", "5,391", "4,091", "1,300"],
        ["2021", "49,636", "34,849", "14,787", "5,320", "4,060", "1,260"],
        ["2031", "53,113", "37,598", "15,515", "5,331", "4,263", "1,068"],
    ],
)


def test_grade_range_codes_the_title_also_prints_tell_the_columns_apart():
    # Without the title's words "PK–12" and "PK–8" the headers read "Private" alike; a range code
    # is one word ("pk-12"), not its letters alone.
    answer = answer_figures("How many private PK–12 students were there in 2031?", [ENROLLMENT])
    assert answer is not None and [f.printed for f in answer.figures] == ["5,331"]
    answer = answer_figures("How many public PK–8 students were there in 2021?", [ENROLLMENT])
    assert answer is not None and [f.printed for f in answer.figures] == ["34,849"]


def test_a_change_between_two_rows_labelled_by_years_is_told_by_the_years():
    answer = answer_figures("By how much did public PK–12 enrollment grow between 2020 and 2031?", [ENROLLMENT])
    assert answer is not None and answer.text.endswith("difference: 3,629")


def test_which_of_a_kind_printed_as_columns_ranks_the_columns_of_the_row_named():
    grades = make_table(
        "Enrollment in public schools, by grade: Fall 2020 through fall 2031 (in thousands)",
        ["Year", "Total", "Grade K", "Grade 1", "Grade 9", "Elementary ungraded"],
        [["2020", "49,484", "3,682", "3,754", "4,008", "90"], ["2031", "53,113", "3,961", "3,840", "4,288", "95"]],
    )
    answer = answer_figures("Which grade was projected to have the largest enrollment in fall 2031?", [grades])
    assert answer is not None and answer.text.startswith("Grade 9 has the highest value in 2031")
    assert [f.printed for f in answer.figures] == ["4,288"]
    answer = answer_figures("Which grade had the smallest enrollment in 2020?", [grades])
    assert answer is not None and answer.text.startswith("Grade K has the lowest")  # not "ungraded"
    capacity = make_table(
        "World production capacity (metric tons)",
        ["Country", "Capacity 2009", "Capacity 2010", "Capacity 2011"],
        [["Brazil", "220,000", "210,000", "230,000"], ["Canada", "10,000", "25,000", "15,000"]],
    )
    answer = answer_figures("In which year was Canada's capacity the highest?", [capacity])
    assert answer is not None and [f.printed for f in answer.figures] == ["25,000"]
    assert answer.text.startswith("Capacity 2010 has the highest value in Canada")


def test_what_how_many_counts_names_the_column_over_the_other_nouns_asked():
    monthly = make_table(
        "Summary by month",
        ["Month", "Notices", "Employees Affected", "Permanent Layoff"],
        [["September 2031", "64", "5,880", "12"], ["October 2031", "71", "6,102", "15"]],
    )
    answer = answer_figures("How many employees did the notices cover in October 2031?", [monthly])
    assert answer is not None and [f.printed for f in answer.figures] == ["6,102"]
    answer = answer_figures("How many notices were filed in October 2031?", [monthly])
    assert answer is not None and [f.printed for f in answer.figures] == ["71"]


def test_a_row_label_printed_under_two_groups_is_named_with_its_group():
    tenure = make_table(
        "Householders in poor housing, by sex and race",
        ["Characteristic", "Poor housing (%)"],
        [["Female", ""], ["Hispanic", "7.4"], ["Male", ""], ["Hispanic", "8.1"], ["Asian", "3.0"]],
        groups=[None, "Sex > Female", None, "Sex > Male", "Sex > Male"],
    )
    question = "What share of Hispanic women and what share of Hispanic men lived in poor housing?"
    found = answer_figures(question, [tenure])
    assert found is not None and found.covered
    assert "Female: Hispanic" in found.text and "Male: Hispanic" in found.text, found.text
    looked = lookup_figure("What share of Asian householders lived in poor housing?", [tenure])
    assert looked is not None and "Asian, Poor housing" in looked[0]  # printed once: its label says it


ADMIN = make_table(
    "Checks by state",
    ["State", "Permit", "Admin"],
    [["Alberta", "1,200", "0"], ["Ontario", "900", "12"], ["Quebec", "700", "3"]],
)


def test_a_header_cut_short_is_named_by_the_word_written_out():
    assert _text("How many administrative checks did Ontario run?", ADMIN) == "Ontario, Admin: 12 [1]"
    assert _text("How many admissions did Ontario run?", ADMIN) is None  # "admi..." is no "Admin" cut short


def test_at_least_one_is_any_at_all():
    found = filter_figure("How many states recorded at least one Admin check?", [ADMIN])
    assert found is not None and found[0].startswith("2 with Admin at least 1"), found


CASES = make_table(
    "Confirmed cases of fever by reporting country and origin of case, 2031",
    ["Country", "Domestic (%)", "Imported (%)", "Unknown (%)", "Total (n)"],
    [
        ["Arcadia", "95.0", "2.0", "3.0", "41,200"],
        ["Borduria", "40.0", "58.0", "2.0", "3,150"],
        ["Carpania", "10.0", "5.0", "85.0", "12,900"],
        ["Total", "70.0", "10.0", "20.0", "57,250"],
    ],
)


def test_the_number_of_cases_is_read_from_the_count_column_not_the_percentages():
    found = rank_figure("Which country reported the largest number of confirmed fever cases in 2031?", [CASES])
    assert found is not None and found[0].startswith("Arcadia has the largest Total (n): 41,200"), found


def test_a_threshold_in_thousands_filters_the_count_column_of_a_table_that_names_none():
    found = filter_figure("Which countries reported more than 10,000 confirmed fever cases in 2031?", [CASES])
    assert found is not None and "Arcadia" in found[0] and "Carpania" in found[0], found
    assert "Borduria" not in found[0]
    shares = filter_figure("Which countries had more than 50% of their fever cases imported in 2031?", [CASES])
    assert shares is not None and "Borduria" in shares[0] and "Arcadia" not in shares[0], shares


def test_a_year_a_table_prints_in_a_header_or_a_period_cell_is_covered():
    from policyqa.figures.entities import resolve

    turnover = make_table(
        "Grocery turnover by store type",
        ["Country", "hypermarkets 2031", "Change period"],
        [["Arcadia", "12", "2024-29"], ["Borduria", "16", "2020-29"]],
    )
    assert "2031" not in resolve("What share did hypermarkets take in Arcadia in 2031?", [turnover]).uncovered
    assert "2024" not in resolve("How much did it change over 2024-29 in Arcadia?", [turnover]).uncovered
    assert "2035" in resolve("What share did hypermarkets take in Arcadia in 2035?", [turnover]).uncovered


RATES = make_table(
    "Rates by group: 2029 and 2031",
    ["Category", "Fever rate 2031 Estimate", "Fever rate 2031 Margin of error (±)"],
    [["All people", "18.1", "0.3"], ["Arcadians", "14.5", "1.1"], ["Bordurians", "22.2", "0.7"]],
)
BASELINE = make_table(
    "Adjusted baseline by category",
    ["Category", "2030", "2031"],
    [
        ["Outlays:", "", ""],
        ["Net interest", "223", "246"],
        ["Deficit", "1,087", "1,001"],
        ["Net interest", "223", "246"],
    ],
    groups=[None, "Outlays:", None, "Deficit"],
)


def test_an_estimate_column_is_the_figure_asked_and_its_margin_of_error_is_not():
    found = rank_figure("Which group had the lowest fever rate in 2031?", [RATES])
    assert found is not None and found[0].startswith("Arcadians has the lowest Fever rate 2031 Estimate: 14.5"), found


def test_a_row_printed_twice_with_one_figure_answers_and_is_named_with_its_group():
    found = lookup_figure("What was net interest in 2031?", [BASELINE])
    assert found is not None and found[0].startswith("Outlays: Net interest, 2031: 246"), found
    change = lookup_figure("By how much did net interest change between 2030 and 2031?", [BASELINE])
    assert change is not None and "difference: 23" in change[0], change


AGES = make_table(
    "Prevalence of fever for selected age groups: 2031",
    ["Category", "2031 Number", "2031 Percent"],
    [
        ["Aged 15 and older", "230,391", "100.0"],
        ["With fever", "49,069", "21.3"],
        ["Aged 65 and older", "38,599", "100.0"],
        ["With fever", "19,234", "49.8"],
    ],
    groups=[None, "Aged 15 and older", None, "Aged 65 and older"],
)


def test_an_age_the_question_names_picks_the_group_a_repeated_row_sits_under():
    found = lookup_figure("How many people aged 65 and over had a fever in 2031?", [AGES])
    assert found is not None and found[0].startswith("Aged 65 and older: With fever, 2031 Number: 19,234"), found


DISCOUNT = make_table(
    "Growth in numbers of discount stores",
    ["Country", "2031 % of national turnover", "2031 no. of stores"],
    [["Arcadia", "25", "1,200"], ["Borduria", "12", "3,400"], ["Carpania", "30", "95"]],
)
SALES = make_table(
    "Size of the market",
    ["Country", "Retail sales (Ecu bn)"],
    [["Arcadia", "33"], ["Borduria", "125"], ["Carpania", "12"]],
)
SALES = replace(SALES, schema=(SALES.schema[0], replace(SALES.schema[1], unit="Ecu bn")))


def test_how_many_counts_the_rows_a_percentage_threshold_passes_on_the_percentage_column():
    found = filter_figure(
        "In how many countries did discount stores take at least 20% of national turnover?", [DISCOUNT]
    )
    assert found is not None and found[0].startswith("2 with 2031 % of national turnover at least 20%"), found


def test_a_percentage_threshold_is_never_compared_with_amounts_in_a_unit():
    assert (
        filter_figure("In which countries did the largest retailers hold less than 40 per cent of sales?", [SALES])
        is None
    )
    found = filter_figure("In which countries were retail sales under 40 Ecu bn?", [SALES])
    assert found is not None and "Arcadia" in found[0] and "Borduria" not in found[0], found


ORIGINS = make_table(
    "Cases by reporting country and origin, 2031",
    ["Country", "Domestic (%)", "Imported (%)", "Unknown (%)", "Total (n)"],
    [
        ["Aland", "0", "0", "100.0", "3,973"],
        ["Borduria", "86.2", "13.8", "0", "3,375"],
        ["Carpania", "0", "0", "100.0", "1,136"],
        ["EU Total", "65.1", "7.9", "27.0", "8,484"],
        ["Dalmia", "0", "0", "100.0", "1"],
    ],
)


def test_a_share_of_a_kind_counts_the_rows_at_it_and_a_named_total_sums_the_rows_above_it():
    looked = filter_figure("How many EU member states had origin 100% unknown in 2031?", [ORIGINS])
    assert looked is not None and looked[0].startswith("2 with Unknown (%) equal to 100%: Aland (100.0%) [1]")
    assert "Dalmia" not in looked[0]  # printed under the EU total: not a member state it sums
    everywhere = filter_figure("How many countries had origin 100% unknown in 2031?", [ORIGINS])
    assert everywhere is not None and everywhere[0].startswith("3 with") and "Dalmia" in everywhere[0]


DEMAND = make_table(
    "Growth in demand by member state",
    ["Country", "% growth in retail sales volume, 2090-94", "Food sales 2096"],
    [["Aland", "n.a.", "113.4"], ["Borduria", "6.9", "130.7"], ["Carpania", "n.a.", "95.2"], ["Total", "n.a.", "110"]],
)


def test_rows_whose_cell_is_not_available_are_counted():
    from policyqa.figures.intent import split_threshold

    question = "For how many member states is growth in retail sales volume over 2090-94 not available?"
    assert split_threshold(question)[0] is None  # "over 2090-94" is a period, no threshold
    looked = filter_figure(question, [DEMAND])
    assert looked is not None
    assert looked[0] == (
        "2 with % growth in retail sales volume, 2090-94 not available: Aland (n.a.) [1], Carpania (n.a.) [2]"
    )


OUTLAYS = make_table(
    "Adjusted baseline outlays by category",
    ["Category", "2083", "2084", "2085", "Totals 2083–2085"],
    [
        ["Pensions", "725", "773", "820", "2,318"],
        ["Health care", "480", "478", "528", "1,486"],
        ["Deficit", "300", "250", "200", "750"],
    ],
)


def test_two_years_joined_through_ask_the_column_of_that_period():
    looked = lookup_figure("What deficit does the adjusted baseline show for 2083 through 2085?", [OUTLAYS])
    assert looked is not None and looked[0] == "Deficit, Totals 2083–2085: 750 [1]"
    each = lookup_figure("What was the deficit in 2083 and in 2085?", [OUTLAYS])
    assert each is not None and "2083: 300" in each[0] and "2085: 200" in each[0]  # two years, each asked


def test_which_is_biggest_and_how_much_is_a_ranking_over_the_years_named():
    question = "Over the three years 2083 through 2085, which category accounts for the biggest outlays, and how much?"
    assert lookup_figure(question, [OUTLAYS]) is None  # the ranking states the figure
    looked = rank_figure(question, [OUTLAYS])
    assert looked is not None and looked[0] == "Pensions has the biggest Totals 2083–2085: 2,318 [1]"


TEACHERS = make_table(
    "Teachers and new teacher hires, by control",
    ["Year", "Number of teachers Total", "Number of teachers Public", "Number of new teacher hires Total"],
    [["2080", "3,653", "3,210", "385"], ["2091", "4,151", "3,669", "450"]],
)


def test_a_spanning_header_word_the_question_does_not_use_tells_twin_columns_apart():
    looked = lookup_figure("How many teachers were there in total in 2091?", [TEACHERS])
    assert looked is not None and looked[0] == "2091, Number of teachers Total: 4,151 [1]"
    hires = lookup_figure("How many new teacher hires were there in total in 2091?", [TEACHERS])
    assert hires is not None and hires[0] == "2091, Number of new teacher hires Total: 450 [1]"


WORKING = make_table(
    "Prevalence of disability, aged 21 to 64: 2031",
    ["Category", "2031 Number", "2031 Percent"],
    [
        ["With a disability", "29,479", "16.6"],
        ["Employed", "12,115", "41.1"],
        ["No disability", "147,816", "83.4"],
        ["Employed", "116,881", "79.1"],
        ["All people", "177,295", "100.0"],
    ],
    groups=[None, "With a disability", None, "No disability", None],
)


def test_a_row_named_by_an_absence_answers_a_question_that_names_one():
    without = lookup_figure("How many people with no disability were employed in 2031?", [WORKING])
    assert without is not None and without[0].endswith("2031 Number: 116,881 [1]")
    having = lookup_figure("How many people with a disability were employed in 2031?", [WORKING])
    assert having is not None and having[0].endswith("2031 Number: 12,115 [1]")
    answer = answer_figures("What share of people with no disability were employed in 2031?", [WORKING])
    assert answer is not None and answer.text.endswith("2031 Percent: 79.1 [1]")  # printed, not computed


GRADUATES = make_table(
    "Actual and projected numbers for public high school graduates, by region and state",
    ["Region and state", "Actual 2080–81", "Projected—Continued 2090–91"],
    [
        ["United States", "129,076", "1,015,800"],
        ["Northeast", "49,061", "585,730"],
        ["Avalon", "34,968", "388,600"],
        ["Brandt", "14,093", "197,120"],
        ["West", "80,015", "430,080"],
        ["Corvin", "65,258", "338,920"],
        ["Dorne", "14,757", "91,170"],
    ],
)
GRADUATE_CHANGES = make_table(
    "Projected percentage changes in public high school graduates, by region and state",
    ["Region and state", "Projected 2080–81 to 2090–91"],
    [["Avalon", "1.2"], ["Brandt", "9.5"], ["Corvin", "22.0"], ["Dorne", "-3.1"]],
    n=2,
)
RATIOS = make_table(
    "Pupil/teacher ratios, by control", ["Year", "Public", "Private"], [["2090–91", "15.2", "12.1"]], n=3
)


def test_states_are_ranked_without_the_regions_and_nation_that_add_them_up():
    from policyqa.figures.aggregates import aggregate_rows

    # projections printed to the ten add up only to the ten; the nation adds up its regions
    assert sorted(GRADUATES.rows[i].label for i in aggregate_rows(GRADUATES)) == ["Northeast", "United States", "West"]
    question = "Which two states are projected to graduate the most public high school students in 2090–91?"
    looked = rank_figure(question, [GRADUATES, GRADUATE_CHANGES, RATIOS])
    assert looked is not None
    assert looked[0] == "The 2 most by Projected—Continued 2090–91: Avalon (388,600) [1], Corvin (338,920) [2]"


ENROLLED = make_table(
    "Enrollment in public schools, by grade level",
    ["Year", "[In thousands] Public PK–8", "[In thousands] Public 9–12"],
    [["2088", "34,625", "15,087"], ["2089", "34,849", "15,241"], ["2090", "35,076", "15,304"]],
)


def test_a_threshold_in_millions_filters_the_grade_bracket_the_question_names():
    looked = filter_figure("In which years does public enrollment in grades 9–12 exceed 15.2 million?", [ENROLLED])
    assert looked is not None and looked[0] == "2089 (15,241) [1], 2090 (15,304) [2]"


BUDGET_YEARS = make_table(
    "Adjusted baseline by category",
    [
        "Category",
        *(f"(In billions of dollars) {y}" for y in range(2081, 2086)),
        "(In billions of dollars) Totals 2081–2085",
    ],
    [
        ["Revenues", "2,302", "2,523", "2,800", "3,000", "3,100", "13,725"],
        ["Deficit", "1,300", "1,127", "800", "950", "1,011", "5,188"],
    ],
)


def test_the_years_a_row_passes_a_threshold_are_counted_over_the_span_asked():
    question = "In how many of the years from 2081 to 2084 does the deficit top $1 trillion?"
    looked = filter_figure(question, [BUDGET_YEARS])
    assert looked is not None
    assert looked[0].startswith("2 years with Deficit above 1 trillion: (In billions of dollars) 2081 (1,300), ")
    assert "2085" not in looked[0] and "Totals" not in looked[0]  # outside the span; a sum of years is no year
    everywhere = filter_figure("In which years did the deficit exceed $1,000 billion?", [BUDGET_YEARS])
    assert everywhere is not None and everywhere[0].count("(In billions of dollars) 20") == 3


def test_a_ratio_asked_with_its_unit_first_divides_by_it():
    looked = lookup_figure("How many times Yukon's 2011 population was Alberta's 2011 population?", [PEOPLE])
    assert looked is not None and looked[0].endswith("times: 108.09")  # Alberta's over Yukon's
    looked = lookup_figure("Alberta's 2011 population was how many times the population of Yukon in 2011?", [PEOPLE])
    assert looked is not None and looked[0].endswith("times: 108.09")


def test_what_two_rows_add_up_to_is_their_sum():
    looked = lookup_figure("What do pensions and health care outlays add up to in 2083?", [OUTLAYS])
    assert looked is not None and looked[0] == "2083: Pensions (725) [1] + Health care (480) [2] = 1,205"


def test_a_count_and_the_share_of_that_group_are_each_answered():
    from policyqa.figures.engine import figure_parts

    question = "How many people with no disability were employed in 2031, and what percentage of that group was it?"
    assert figure_parts(question) == [
        "How many people with no disability were employed in 2031?",
        "What percentage of people with no disability were employed in 2031?",
    ]
    answer = answer_figures(question, [WORKING])
    assert answer is not None and "2031 Number: 116,881" in answer.text and "2031 Percent: 79.1" in answer.text


def test_a_noun_that_can_be_a_verb_does_not_set_the_comparison():
    from policyqa.figures.versus import versus_figure

    paths = make_table(
        "Use of the trails", ["Trail", "Users 2030", "Users 2031"], [["Ridge", "100", "140"], ["River", "90", "80"]]
    )
    looked = versus_figure("Which trails saw more users in 2031 than in 2030?", [paths])
    assert looked is not None and looked[0].startswith("1 with Users 2031 above Users 2030: Ridge")


def test_a_share_of_all_is_a_column_of_the_total_row_over_the_row_s_total_column():
    from policyqa.figures.shares import share_figure

    detentions = make_table(
        "Detentions by sex and age: 2031",
        ["Offence", "Total Total", "Total Under 18 years", "Total 18 years and over", "Female Total"],
        [
            ["Total", "11,062.6", "1,540.0", "9,522.6", "2,799.2"],
            ["Fraud", "173.7", "5.1", "168.5", "75.3"],
        ],
    )
    young = share_figure("What proportion of all 2031 detentions involved persons younger than 18?", [detentions])
    assert young is not None and young[0].endswith("share: 13.92%")  # "Total Under 18 years" of "Total Total"
    women = share_figure("What share of all detentions in 2031 were of females?", [detentions])
    assert women is not None and women[0].endswith("share: 25.30%")  # never "Female Total" of itself


def test_a_share_of_a_row_with_no_total_row_is_of_the_row_s_total():
    from policyqa.figures.shares import share_figure

    pupils = make_table(
        "Projected enrolment in public schools, by race/ethnicity",
        ["Year", "Total", "White", "Hispanic"],
        [["2030", "52,688", "25,329", "13,921"], ["2031", "53,113", "25,338", "14,170"]],
    )
    share = share_figure(
        "What percentage of all public school pupils in fall 2031 are projected to be Hispanic?", [pupils]
    )
    assert share is not None and share[0].endswith("share: 26.68%")


def test_of_tables_alike_a_question_about_all_reads_the_one_that_sums_the_others():
    def grades(title: str, hispanic: str, n: int) -> Table:
        return make_table(title, ["Year", "Total", "Hispanic"], [["2031", "0", hispanic]], n=n)

    tables = [
        grades("Enrolment in public elementary and secondary schools, by race", "14,170", 1),
        grades("Enrolment in grades PK–8 in public schools, by race", "10,100", 2),
        grades("Enrolment in grades 9–12 in public schools, by race", "4,071", 3),
    ]
    everyone = lookup_figure("How many Hispanic pupils were enrolled in all public schools in 2031?", tables)
    assert everyone is not None and "14,170" in everyone[0]
    # Without "all", the question does not say which of the three it asks.
    assert lookup_figure("How many Hispanic pupils were enrolled in public schools in 2031?", tables) is None


def test_a_share_of_the_row_above_is_computed_unless_the_printed_percentage_is_that_share():
    from policyqa.figures.shares import share_figure

    prevalence = make_table(
        "Prevalence of disability for selected age groups: 2031",
        ["Category", "2031 Number", "2031 Percent"],
        [
            ["All ages", "303,858", "100.0"],
            ["With a disability", "56,672", "18.7"],
            ["Severe disability", "38,284", "12.6"],
            ["Aged 21 to 64", "177,295", "100.0"],
            ["With a disability", "29,479", "16.6"],
            ["Severe disability", "20,286", "11.4"],
        ],
        groups=[
            None,
            "All ages",
            "All ages > With a disability",
            None,
            "Aged 21 to 64",
            "Aged 21 to 64 > With a disability",
        ],
    )
    # The printed 12.6 is of all ages; the question asks of those with a disability, under "All ages".
    severe = share_figure(
        "Of all people with a disability in 2031, what percentage had a severe disability?", [prevalence]
    )
    assert severe is not None and severe[0].endswith("share: 67.55%") and "56,672" in severe[0]
    # A share of the total the table prints is read from its column, not worked out.
    printed = share_figure("Of people of all ages, what share had a disability in 2031?", [prevalence])
    assert printed is not None and printed[0] == "All ages: With a disability, 2031 Percent: 18.7 [1]"


def test_a_count_and_its_share_of_a_population_named_at_the_end_are_each_answered():
    from policyqa.figures.engine import figure_parts

    question = "Roughly how many people had a disability in 2031, and what share of the resident population was that?"
    assert figure_parts(question) == [
        "Roughly how many people had a disability in 2031?",
        "Roughly what share of people had a disability in 2031?",
    ]


def test_a_computed_share_the_table_prints_is_cited_from_its_column():
    from policyqa.figures.shares import share_figure

    outlay = make_table(
        "Public health spending by state",
        ["State", "Outlay", "Share of outlay (%)"],
        [["Goa", "300", "30.0"], ["Kerala", "700", "70.0"], ["Total", "1,000", "100.0"]],
    )
    looked = share_figure("What share of all outlay came from Kerala?", [outlay])
    assert looked is not None and looked[0] == "Kerala, Share of outlay (%): 70.0% [1]"


def test_a_ratio_of_two_rows_told_apart_by_with_and_without_names_the_first_first():
    question = (
        "In 2031, how many times higher was the employment rate of people without a disability than of those with one?"
    )
    looked = lookup_figure(question, [WORKING])
    assert looked is not None and looked[0].startswith("No disability: Employed, 2031 Percent: 79.1")
    assert looked[0].endswith("times: 1.92")
    other_way = (
        "In 2031, how many times higher was the employment rate of people with a disability than of those without one?"
    )
    reversed_ = lookup_figure(other_way, [WORKING])
    assert reversed_ is not None and reversed_[0].endswith("times: 0.52")


def test_an_age_bracket_written_with_hyphens_and_a_precision_asked_are_read():
    from policyqa.figures.lookup import brackets_in, read_asked

    assert brackets_in("21-to-64-year-olds") == {"21-64"}
    assert brackets_in("people aged 21 to 64 years old") == {"21-64"}
    asked = read_asked("How many times higher was it for 21-to-64-year-olds (two decimals)?")
    assert not asked.words & {"decim", "two"}
    assert "decim" not in read_asked("Rounded to one decimal place, what share was it?").words


def test_a_question_naming_no_column_is_not_read_from_a_change_column_unless_it_asks_a_change():
    concentration = make_table(
        "Five firm concentration ratios for food retailing",
        ["Country", "Current level", "Change in recent years % points"],
        [["Austria", "79", "14"], ["Italy", "30", "2"], ["Spain", "38", "11"], ["Sweden", "87", "24"]],
    )
    below = filter_figure(
        "In which countries did the five largest food retailers hold less than 40 per cent of sales?", [concentration]
    )
    assert below is not None and "Italy (30)" in below[0] and "Spain (38)" in below[0] and "Austria" not in below[0]


def test_an_age_bracket_no_table_prints_is_never_read_as_everyone():
    housing = make_table(
        "Householders in inadequate housing: 2031",
        ["Characteristic", "Inadequate units (%)"],
        [["Male", "5.1"], ["Female", "5.4"], ["Total", "5.2"]],
    )
    assert lookup_figure("What share of householders lived in inadequate housing in 2031?", [housing]) is not None
    assert (
        lookup_figure("What share of householders aged 65 or older lived in inadequate housing in 2031?", [housing])
        is None
    )


def test_a_row_printed_for_two_places_together_does_not_answer_for_one_of_them():
    capacity = make_table(
        "World production capacity",
        ["Country", "Fused alumina 2031"],
        [["Austria", "60,000"], ["United States and Canada", "60,400"], ["World total", "1,190,000"]],
    )
    both = lookup_figure("What was the fused alumina capacity of the United States and Canada in 2031?", [capacity])
    assert both is not None and both[0].endswith("Fused alumina 2031: 60,400 [1]")
    one = "What was Canada's own fused alumina capacity in 2031, counted separately from the United States?"
    assert lookup_figure(one, [capacity]) is None
    declined = answer_figures(one, [capacity])
    assert declined is not None and declined.definite and not declined.covered
    assert "only for “United States and Canada” together" in declined.reason


def test_a_count_of_things_put_in_a_class_is_read_from_the_class_column_not_the_whole():
    housing = make_table(
        "Householders in inadequate housing",
        [
            "Characteristic",
            "2031 Total occupied housing units",
            "2031 Inadequate housing units no.",
            "2031 Inadequate (%)",
        ],
        [
            ["Male", "61,206", "2,862", "4.7"],
            ["Female", "49,486", "2,909", "5.9"],
            ["Total", "110,692", "5,771", "5.2"],
        ],
    )
    unsound = make_table(
        "Householders in unhealthy housing",
        ["Characteristic", "2031 Total occupied housing units", "2031 Unhealthy housing units no."],
        [["Male", "61,206", "14,000"], ["Total", "110,692", "26,000"]],
        n=2,
    )
    classed = lookup_figure(
        "How many occupied housing units did the survey classify as inadequate in 2031?", [unsound, housing]
    )
    assert classed is not None and classed[0] == "Total, 2031 Inadequate housing units no.: 5,771 [1]"
    whole = lookup_figure("How many occupied housing units were there in 2031?", [housing])
    assert whole is not None and "110,692" in whole[0]


def test_what_something_costs_asks_an_amount_and_a_worked_out_cell_gives_it():
    from test_tables import make_raw

    from policyqa.tables.parse import parse_table

    costs = parse_table(
        make_raw(
            "Action\tLabor cost\tParts cost\n"
            "Wiring change\tUp to 79 work-hours × $85 per hour = Up to $6,715.\t3,790\n"
            "Sensor test\t1 work-hour × $85 per hour = $85\t0",
            caption=("ESTIMATED COSTS",),
        ),
        doc_id="doc",
        ordinal=1,
    )
    parts = lookup_figure("What do parts cost for the wiring change?", [costs])
    assert parts is not None and parts[0] == "Wiring change, Parts cost: 3,790 [1]"
    labor = lookup_figure("What is the labor cost of the wiring change?", [costs])
    assert labor is not None and labor[2][0].value == 6715.0
    assert labor[0].endswith("Labor cost: Up to 79 work-hours × $85 per hour = Up to $6,715. [1]")


def test_members_of_a_kind_the_notes_gloss_name_the_kind_s_columns():
    checks = replace(
        make_table(
            "Background checks by state",
            ["State", "Handgun", "Long Gun", "Permit"],
            [["Ohio", "34,878", "31,817", "9,000"], ["Iowa", "9,100", "8,200", "4,000"]],
        ),
        notes=("*Refers to firearms that are not either handguns or long guns (rifles or shotguns)",),
    )
    looked = lookup_figure("How many checks on rifles and shotguns did Ohio run?", [checks])
    assert looked is not None and looked[0] == "Ohio, Long Gun: 31,817 [1]"
    unglossed = replace(checks, notes=())
    assert lookup_figure("How many checks on rifles and shotguns did Ohio run?", [unglossed]) is None


UNHEALTHY = make_table(
    "Householders in unhealthy housing",
    [
        "Characteristic",
        "2030 total occupied housing units",
        "2030 Unhealthy housing units no.",
        "2031 total occupied housing units",
        "2031 Unhealthy housing units no.",
        "2031 Unhealthy housing units odds ratio",
    ],
    [
        ["Female", "49,486", "12,303", "51,084", "12,549", "1.1"],
        ["Hispanic", "12,609", "2,754", "12,739", "3,079", "1.2"],
        ["High school diploma", "30,559", "6,635", "30,692", "6,829", "0.9"],
        ["Less than high school", "16,779", "4,283", "15,229", "3,795", "1.1"],
    ],
)


def test_a_word_only_some_headers_print_is_explained_by_those_columns_not_by_the_title():
    # "occupy" names the total column; "unhealthy", which the title prints too, the count asked
    question = "How many more unhealthy housing units did female householders occupy in 2031 than in 2030?"
    looked = lookup_figure(question, [UNHEALTHY])
    assert looked is not None and looked[0].endswith("difference: 246")


def test_a_measure_named_a_ratio_is_looked_up_not_worked_out():
    looked = lookup_figure(
        "What was the odds ratio of unhealthy housing for Hispanic householders in 2031?", [UNHEALTHY]
    )
    assert looked is not None and looked[0] == "Hispanic, 2031 Unhealthy housing units odds ratio: 1.2 [1]"


def test_the_row_a_question_names_by_its_absence_does_not_answer_for_it():
    question = "How many householders without a high school diploma lived in unhealthy housing in 2031?"
    assert lookup_figure(question, [UNHEALTHY]) is None
    with_one = lookup_figure(question.replace("without", "with"), [UNHEALTHY])
    assert with_one is not None and "6,829" in with_one[0]


def test_an_irregular_past_form_and_an_adverb_in_a_header_still_name_the_column():
    pests = make_table(
        "Householders reporting pests, 2031",
        ["Characteristic", "Rodent seen in unit recently (%)", "Leaks (%)"],
        [["Hispanic", "51.3", "7.9"], ["Female", "38.9", "10.3"]],
    )
    looked = lookup_figure("What share of Hispanic householders reported seeing rodents in 2031?", [pests])
    assert looked is not None and "51.3" in looked[0]


def test_a_table_s_own_year_in_its_label_header_outranks_the_years_of_its_section():
    pests = make_table(
        "Householders reporting pests",
        ["States, 2031 Characteristics", "Rodent seen in unit recently (%)"],
        [["Hispanic", "51.3"], ["Total", "36.9"]],
        section="Housing, 2030 and 2031",
    )
    assert lookup_figure("What share of Hispanic householders saw rodents in 2031?", [pests]) is not None
    assert lookup_figure("What share of Hispanic householders saw rodents in 2030?", [pests]) is None


CAPACITY = make_table(
    "World production capacity",
    ["Country", "Fused alumina 2031", "Silicon carbide 2031"],
    [
        ["China", "700,000", "455,000"],
        ["Norway", "0", "80,000"],
        ["Japan", "25,000", "60,000"],
        ["World total (rounded)", "1,190,000", "1,010,000"],
    ],
)


def test_outside_a_place_sets_it_aside():
    looked = rank_figure("Which country had the most silicon carbide capacity outside China in 2031?", [CAPACITY])
    assert looked is not None and looked[0].startswith("Norway")


def test_what_share_of_a_whole_a_row_holds_is_worked_out_of_the_total_row():
    from policyqa.figures.shares import share_figure

    looked = share_figure("What share of world fused alumina capacity did China hold in 2031?", [CAPACITY])
    assert looked is not None and looked[0].endswith("58.82%")


def test_budgeting_nothing_for_a_column_is_a_value_of_zero():
    outlay = make_table(
        "Public health outlay",
        ["State", "Capital family welfare", "Revenue family welfare"],
        [["Goa", "0", "110,000"], ["Gujarat", "42,000", "6,922,900"], ["Bihar", "0", "4,332,141"]],
    )
    looked = filter_figure("Which states budgeted nothing for capital family welfare spending?", [outlay])
    assert looked is not None and looked[0] == "Goa (0) [1], Bihar (0) [2]"


REGIONS = make_table(
    "Actual and projected numbers of public high school graduates, by region and state",
    ["Region and state", "Actual 2029", "Projected 2031"],
    [
        ["United States", "1,000", "1,030"],
        ["Northeast", "300", "290"],
        ["Maine", "100", "90"],
        ["Vermont", "200", "200"],
        ["South", "700", "740"],
        ["Texas", "500", "520"],
        ["Florida", "200", "220"],
    ],
)


def test_a_subtotal_the_question_names_by_its_adjective_scopes_the_rows_it_adds_up():
    from policyqa.figures.aggregates import members
    from policyqa.figures.versus import versus_figure

    assert members(REGIONS, 1) == (2, 3) and members(REGIONS, 4) == (5, 6)
    most = rank_figure("Which Northeastern state had the most graduates in 2029?", [REGIONS])
    assert most is not None and most[0].startswith("Vermont")
    fewer = versus_figure(
        "How many Northeastern states are expected to see fewer graduates in 2031 than in 2029?", [REGIONS]
    )
    assert fewer is not None and fewer[0].startswith("1 with Projected 2031 below Actual 2029: Maine")


def test_a_column_every_value_of_which_wears_parentheses_is_shown_without_them():
    from policyqa.figures.statements import shown

    survey = make_table(
        "Householders reporting pests, 2031", ["Group", "Rodents (%)"], [["Hispanic", "(51.3)"], ["Female", "(38.9)"]]
    )
    assert shown(survey, survey.rows[0], 1) == "51.3%"
    # where only some values wear them, they say something (another source): kept
    mixed = make_table("Concentration, 2031", ["Country", "Level (%)"], [["Denmark", "(78)"], ["Italy", "30"]])
    assert shown(mixed, mixed.rows[0], 1) == "(78)%"


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("By what percentage did Alberta's population grow in the decade to 2021?", ["8.1"]),
        ("How fast did Ontario's population grow in the ten years ending in 2011?", ["6.2"]),
        ("At what rate did Ontario's population grow over 2011-2021?", ["5.9"]),
        # two periods named, each its column; a table of growth rates prints the rate asked
        ("What was Alberta's growth rate in 2001-2011 and in 2011-2021?", ["10.5", "8.1"]),
    ],
)
def test_a_period_is_named_by_its_end_or_by_its_range_and_each_of_two_is_read(question, printed):
    answer = answer_figures(question, [GROWTH])
    assert answer is not None and answer.covered
    assert [f.printed for f in answer.figures] == printed
    assert "change" not in answer.text


def test_a_slowdown_in_percentage_points_is_the_difference_of_two_rates():
    answer = answer_figures(
        "By how many percentage points did Alberta's growth slow between 2001-2011 and 2011-2021?", [GROWTH]
    )
    assert answer is not None and answer.covered
    assert answer.text.endswith("difference: 2.4")  # points, not a change in per cent


ORIGIN = make_table(
    "Confirmed cases by reporting country and origin of case, 2031",
    ["Country", "Domestic (%)", "Imported (%)", "Unknown (%)", "Total (n)"],
    [["Austria", "86.2", "13.8", "0", "3,375"], ["Czechia", "98.6", "1.4", "0", "17,655"]],
    n=31,
)
MARKET = make_table(
    "Size of the market across the member states",
    ["Country", "Number of retail outlets (000)", "Retail sales (Ecu bn)"],
    [["Spain", "440.2", "89"], ["Italy", "627.2", "311"]],
    n=32,
)


def test_a_count_asked_of_a_table_of_shares_and_one_count_reads_the_count():
    answer = answer_figures("How many confirmed cases did Czechia report in 2031?", [ORIGIN])
    assert answer is not None and answer.covered
    assert [(f.column, f.printed) for f in answer.figures] == [("Total (n)", "17,655")]


def test_how_many_things_is_never_read_from_an_amount_of_money():
    answer = answer_figures("How many retail shops did Spain have?", [MARKET])
    assert answer is not None and answer.covered
    assert [(f.column, f.printed) for f in answer.figures] == [("Number of retail outlets (000)", "440.2")]
    sales = answer_figures("What were Spain's retail sales in ecu?", [MARKET])
    assert sales is not None and [f.printed for f in sales.figures] == ["89"]


def test_rows_that_shrank_are_those_below_zero_of_a_table_of_changes_only():
    shrinking = make_table(
        "Decadal growth rate of population",
        ["Province", "(Per cent) 2011-2021"],
        [["Alberta", "8.1"], ["Yukon", "-0.5"], ["Ontario", "5.9"]],
        n=33,
    )
    answer = answer_figures("Which province saw its population shrink during 2011-2021?", [shrinking])
    assert answer is not None and answer.covered
    assert [f.row for f in answer.figures] == ["Yukon"]
    levels = make_table(
        "Population by province", ["Province", "Population 2021"], [["Alberta", "4,262"], ["Yukon", "40"]], n=34
    )
    shrank = answer_figures("Which province saw its population shrink in 2021?", [levels])
    assert shrank is None or not shrank.figures  # a table of levels says nothing of shrinking


SCHOOL_YEARS = make_table(
    "Public high school graduates, by state",
    ["State", "Actual 2008–09", "Projected 2009–10", "Projected 2010–11"],
    [["Ohio", "122,203", "107,900", "110,000"], ["Utah", "30,463", "31,000", "32,000"]],
    n=35,
)


def test_a_change_between_two_school_years_named_in_short():
    answer = answer_figures(
        "By how many graduates did Ohio's count of graduates fall from the 2008–09 school year to 2009–10?",
        [SCHOOL_YEARS],
    )
    assert answer is not None and answer.text.endswith("difference: 14,303")
    projected = answer_figures(
        "How much are Utah's graduates projected to increase from 2009–10 to 2010–11?", [SCHOOL_YEARS]
    )
    assert projected is not None and projected.text.endswith("difference: 1,000")


def test_the_bracket_a_title_names_tells_two_tables_alike_apart():
    def by_race(grades: str, black: str, n: int) -> Table:
        return make_table(
            f"Enrollment in grades {grades} in public schools, by race/ethnicity",
            ["Year", "White", "Black"],
            [["2030", "8,000", black], ["2031", "8,100", "2,600"]],
            n=n,
        )

    tables = [by_race("PK–8", "5,100", 36), by_race("9–12", "2,571", 37)]
    answer = answer_figures("How many Black students were enrolled in grades 9–12 in 2030?", tables)
    assert answer is not None and [f.printed for f in answer.figures] == ["2,571"]


def test_a_difference_the_table_prints_is_given_before_one_computed_from_rounded_cells():
    table = make_table(
        "Prevalence of disability: 2029 and 2031",
        [
            "Category",
            "2029 Number",
            "2029 Percent",
            "2031 Number",
            "2031 Percent",
            "Difference Number",
            "Difference Percent",
        ],
        [["With a disability", "5,738", "30.7", "5,570", "28.8", "-167", "-1.9"]],
        n=38,
    )
    answer = answer_figures("By how many did the number with a disability change between 2029 and 2031?", [table])
    assert answer is not None and answer.text.endswith("Difference Number: -167")
    points = answer_figures(
        "By how many percentage points did the share with a disability change from 2029 to 2031?", [table]
    )
    assert points is not None and points.text.endswith("Difference Percent: -1.9")


def test_one_half_of_a_pair_asked_of_a_table_of_the_other_half_answers_nothing():
    public = make_table(
        "Public high school graduates, by state", ["State", "2031"], [["Texas", "303,120"], ["Ohio", "110,000"]], n=39
    )
    assert answer_figures("How many private high school graduates did Texas have in 2031?", [public]) is None
    answer = answer_figures("How many public high school graduates did Texas have in 2031?", [public])
    assert answer is not None and [f.printed for f in answer.figures] == ["303,120"]
    assert answer_figures("How many high school graduates did Texas have in 2031?", [public]) is not None


def test_a_share_asked_past_a_threshold_is_never_read_from_a_column_of_counts():
    outlets = make_table(
        "Retail food outlets across the member states",
        ["Country", "number of food outlets (000)"],
        [["Italy", "30"], ["Spain", "38"], ["France", "67"]],
        n=40,
    )
    question = "In which member states did food retailers hold less than 40 per cent of sales?"
    assert filter_figure(question, [outlets]) is None
    shares = make_table(
        "Retail food sales across the member states",
        ["Country", "share of sales (%)"],
        [["Italy", "30"], ["Spain", "38"], ["France", "67"]],
        n=41,
    )
    found = filter_figure(question, [outlets, shares])
    assert found is not None and [f.row for f in found[2]] == ["Italy", "Spain"]


def test_the_group_naming_most_of_the_question_scopes_a_breakdown():
    rows = [
        ["Hispanic", "51.3"],
        ["Black, non-Hispanic", "44.8"],
        ["White, non-Hispanic", "30.0"],
        ["Hispanic", "59.0"],
        ["Black, non-Hispanic", "47.1"],
        ["White, non-Hispanic", "34.0"],
        ["Asian", "39.9"],
    ]
    groups = ["Race/Ethnicity"] * 3 + ["Sex, by race/ethnicity > Female"] * 4
    table = make_table(
        "Householders by specific unhealthy housing characteristics",
        ["Characteristic", "Rodent seen in unit recently (%)"],
        rows,
        groups=groups,
        n=43,
    )
    # "reporting" a rodent asks the column of rodents "seen": how the survey recorded it
    question = (
        "Which race/ethnicity groups of female householders had more than 40 per cent reporting a rodent in their unit?"
    )
    found = filter_figure(question, [table])
    assert found is not None and [(r, table.rows[r].cells[1]) for _, r in found[1]] == [(3, "59.0"), (4, "47.1")]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("number of food outlets 1996/7 (000)", [("1996", "1997")]),  # a school year, its end in one digit
        ("2012-13 budget estimates", [("2012", "2013")]),
        ("from 1999/00", [("1999", "2000")]),  # into the next century
        ("as of 2024/12/31", [("2024", "2024")]),  # a date, no span of years
        ("in 2024/9", [("2024", "2024")]),
    ],
)
def test_year_spans(text, spans):
    from policyqa.figures.lookup import year_spans

    assert year_spans(text) == spans


def test_a_ranking_among_the_rows_a_question_lists_ranks_those_rows_only():
    growth = make_table(
        "State-wise decadal growth rate of population",
        ["State", "(Per cent) 2031-2041"],
        [["Chandigarh", "114.6"], ["Kerala", "26.3"], ["Karnataka", "24.2"], ["Tamil Nadu", "22.3"]],
        n=44,
    )
    question = "Among Kerala, Karnataka and Tamil Nadu, which had the fastest population growth in 2031-2041?"
    found = rank_figure(question, [growth])
    assert found is not None and found[0].startswith("Kerala has the fastest")
    everyone = rank_figure("Which state had the fastest population growth in 2031-2041?", [growth])
    assert everyone is not None and everyone[0].startswith("Chandigarh")
    months = make_table(
        "Notices by month",
        ["Month", "Employees Affected"],
        [["July 2031", "10"], ["August 2031", "90"], ["March 2032", "20"]],
    )
    # the months that bound a period are no list of rows to compare
    spanned = rank_figure("From July 2031 to March 2032, which month's notices affected the most employees?", [months])
    assert spanned is not None and spanned[0].startswith("August 2031")


def test_a_table_of_changes_takes_its_subtotals_from_its_table_of_counts():
    from policyqa.figures.engine import answer_figures

    labels = ["Northeast", "Maine", "Vermont", "South", "Texas", "Georgia"]
    counts = make_table(
        "Public high school graduates, by region and state",
        ["Region and state", "2031", "2032"],
        [
            [label, *cells]
            for label, cells in zip(
                labels,
                [["30", "33"], ["10", "11"], ["20", "22"], ["90", "99"], ["50", "55"], ["40", "44"]],
                strict=True,
            )
        ],
        n=45,
    )
    changes = make_table(
        "Percentage changes in public high school graduates, by region and state",
        ["Region and state", "2031 to 2041"],
        [[label, cell] for label, cell in zip(labels, ["3.0", "6.5", "1.2", "9.0", "15.4", "2.0"], strict=True)],
        n=46,
    )
    question = "Among the Northeastern states, which has the largest percentage change in graduates from 2031 to 2041?"
    answer = answer_figures(question, [counts, changes])
    assert answer is not None and answer.text.startswith("Maine has the largest")
    # a table read without its sister (a copy of it: the pairing is kept per table read) has no
    # subtotals to tell: every row competes
    alone = answer_figures(question, [replace(changes)])
    assert alone is not None and alone.text.startswith("Texas has the largest")


def test_the_top_n_asked_names_how_many_rows_are_ranked():
    sales = make_table(
        "Leading wholesalers by sales",
        ["Firm", "Sales (bn ecus)"],
        [["Alpenkorn", "38.2"], ["Bergmatt", "1.7"], ["Rheinwerk", "14.6"], ["Seine Vivres", "9.0"]],
        n=47,
    )
    found = rank_figure("Which are the top 3 wholesalers by sales?", [sales])
    assert found is not None and [f.row for f in found[2]] == ["Alpenkorn", "Rheinwerk", "Seine Vivres"]


def test_an_acronym_qualifying_a_row_label_need_not_be_asked():
    growth = make_table(
        "State-wise decadal growth rate of population",
        ["State", "(Per cent) 2031-2041"],
        [["NCT of Delhi", "20.96"], ["Goa", "8.2"], ["EU Total", "5.0"]],
        n=48,
    )
    found = lookup_figure("What was Delhi's decadal growth rate in 2031-2041?", [growth])
    assert found is not None and [f.printed for f in found[2]] == ["20.96"]
    total = lookup_figure(
        "What was the EU's decadal growth rate in 2031-2041?", [growth]
    )  # an acronym alone still names
    assert total is not None and [f.printed for f in total[2]] == ["5.0"]
