"""What the page shows: filtered evidence, escaped HTML, tables as printed, chart plans and frames."""

from __future__ import annotations

import math
import tomllib

import pytest

from app.views import (
    ShownEvidence,
    Turn,
    breakdown_frame,
    build_fraction,
    cell_link,
    chart_plan,
    context_html,
    documents_frame,
    estimate_seconds,
    figures_frame,
    filter_evidence,
    filter_frame,
    highlight_html,
    history_questions,
    label_widths,
    measure_frame,
    question_link,
    relevance,
    row_html,
    series_frame,
    spread_sample,
    table_styler,
    table_units,
    where,
)
from policyqa import FigureCell, PassageContext, values_frame
from policyqa.evaluate.gold import GoldQuestion
from policyqa.index.manifest import DocumentEntry
from policyqa.records import Answer, Citation, Column, Passage, Table, TableRow

from conftest import REPO

CITATION = Citation(
    1, "kiep", "Japan's SCRM", None, "IPEF", "Intro. It was signed in December 2023. More.", "passage", (7, 39)
)
ROW = Citation(2, "jef", "JEF report", 4, None, "Table 2 | Fertilizers | China 39.1%", "table_row", None)
PASSAGES = (
    Passage(1, "kiep", "Japan's SCRM", None, "IPEF", CITATION.text, 0.9, "passage"),
    Passage(2, "jef", "JEF report", 4, None, ROW.text, 0.8, "table_row"),
)
ANSWER = Answer("When?", "It was signed in December 2023. [1] China 39.1% [2]", False, (CITATION, ROW), PASSAGES)


def row(index, label, cells, values, group=None):
    return TableRow(index, label, cells, values, f"T | {label}", 0, 1, group)


def ranked_table() -> Table:
    """Two items with their 1st and 2nd suppliers, an amount with thousands separators and an HHI."""
    columns = ("Items", "Imports", "HHI", "1st Country", "1st Share", "2nd Country", "2nd Share")
    schema = (
        Column(columns[0], "label", None),
        Column(columns[1], "amount", "billion yen"),
        Column(columns[2], "index", "HHI"),
        Column(columns[3], "country", None, 1),
        Column(columns[4], "share", "%", 1),
        Column(columns[5], "country", None, 2),
        Column(columns[6], "share", "%", 2),
    )
    rows = (
        row(0, "Fertilizers", ("Fertilizers", "1,126.2", "21.1", "China", "39.1", "Canada", "18.8"),
            (None, 1126.2, 21.1, None, 39.1, None, 18.8)),
        row(1, "Semiconductors", ("Semiconductors", "51,914.8", "26.4", "China", "60.0", "Vietnam", "40.0"),
            (None, 51914.8, 26.4, None, 60.0, None, 40.0)),
    )  # fmt: skip
    return Table("jef:table-2", "jef", "2", "Import dependence (2024)", None, columns, rows, ("Note: HHI.",), 4,
                 "Risks", 0, 9, schema, 2024)  # fmt: skip


def series_table() -> Table:
    columns = ("Year", "China", "US")
    schema = (Column("Year", "year", None), Column("China", "share", "%"), Column("US", "share", "%"))
    rows = (
        row(0, "2000", ("2000", "14.5", "19.0"), (2000.0, 14.5, 19.0)),
        row(1, "2001", ("2001", "16.6", ""), (2001.0, 16.6, None)),
    )
    return Table("jef:table-1", "jef", "1", "Import share by country", "%", columns, rows, (), None, None, 0, 9, schema)


def wide_years_table() -> Table:
    """Countries as rows, years as columns, no schema: a line per country over the years."""
    columns = ("Country", "2022", "2023")
    rows = (
        row(0, "China", ("China", "1,200.5", "1,350.0"), (None, 1200.5, 1350.0)),
        row(1, "Russia", ("Russia", "5.0", "4.0"), (None, 5.0, 4.0)),
    )
    return Table("g:table-1", "g", None, "Gallium output", "tonnes", columns, rows, (), 2, None, 0, 9)


def test_filter_evidence_by_document_and_kind():
    assert filter_evidence(ANSWER) == ShownEvidence((CITATION, ROW), PASSAGES, 0)
    assert filter_evidence(ANSWER, docs=["kiep"]) == ShownEvidence((CITATION,), PASSAGES[:1], 2)
    assert filter_evidence(ANSWER, kinds=["table_row"]) == ShownEvidence((ROW,), PASSAGES[1:], 2)
    assert filter_evidence(ANSWER, docs=["kiep"], kinds=["table_row"]) == ShownEvidence((), (), 4)


def test_highlight_marks_the_span_and_escapes_the_rest():
    text = "<b>Tariffs</b> & quotas.\nThe US raised $5 tariffs."
    start = text.index("The US")
    assert highlight_html(text, (start, len(text))) == (
        '<div class="policyqa-evidence">&lt;b&gt;Tariffs&lt;/b&gt; &amp; quotas.<br>'
        "<mark>The US raised $5 tariffs.</mark></div>"
    )


@pytest.mark.parametrize("span", [None, (5, 2), (0, 999), (-1, 3)])
def test_highlight_without_a_usable_span_marks_nothing(span):
    assert highlight_html("a <i>", span) == '<div class="policyqa-evidence">a &lt;i&gt;</div>'


def test_a_passage_in_context_greys_the_context_and_escapes_everything():
    context = PassageContext("d", None, "Before <i>x</i>. ", "It was <b>signed</b>. More.", " After.", (0, 21))
    assert context_html(context) == (
        '<div class="policyqa-evidence"><span style="opacity:0.6">Before &lt;i&gt;x&lt;/i&gt;. </span>'
        '<mark>It was &lt;b&gt;signed&lt;/b&gt;.</mark> More.<span style="opacity:0.6"> After.</span></div>'
    )


def test_a_row_under_its_headers_with_the_cell_marked():
    table = ranked_table()
    html = row_html(table, table.rows[0], marked=2)
    assert "<th>Items</th><th>Imports</th><th>HHI</th>" in html
    assert "<td>Fertilizers</td><td>1,126.2</td><td><mark>21.1</mark></td>" in html


def test_where_relevance_and_links():
    assert where(CITATION) == "Japan's SCRM, IPEF" and where(ROW) == "JEF report, p. 4"
    assert [relevance(n) for n in (1, 2, 3, 4, 9)] == [
        "best match",
        "strong match",
        "strong match",
        "related",
        "related",
    ]
    assert question_link("http://localhost:8501/?q=old", "China's share & 2010?") == (
        "http://localhost:8501/?q=China%27s+share+%26+2010%3F"
    )
    table = ranked_table()
    assert cell_link(FigureCell(table, table.rows[1], 2, ROW)) == "tables?table=jef%3Atable-2&row=1&column=2"


def test_history_is_each_turn_as_it_was_read():
    first = Turn(0, Answer("China's share in 2020?", "25.7%", False, (), ()), ())
    second = Turn(1, Answer("And in 2010?", "22.1%", False, (), (), read_as="China's share in 2010?"), ())
    assert history_questions([first, second], last=6) == ["China's share in 2020?", "China's share in 2010?"]
    assert history_questions([first, second], last=1) == ["China's share in 2010?"]
    assert history_questions([first, second], last=0) == []


def test_figures_link_each_number_to_its_cell():
    table = ranked_table()
    figure = {
        "table": table.name,
        "row": "Semiconductors",
        "column": "HHI",
        "value": 26.4,
        "unit": "HHI",
        "printed": "26.4",
    }
    turn = Turn(0, Answer("q", "a", False, (ROW,), (), (figure, {**figure, "table": "Table 9"})),
                (FigureCell(table, table.rows[1], 2, ROW), None))  # fmt: skip
    frame = figures_frame(turn)
    assert list(frame.columns) == ["value", "unit", "row", "column", "table", "cell"]
    assert frame["cell"][0] == "tables?table=jef%3Atable-2&row=1&column=2" and frame["cell"].isna()[1]


def test_a_table_shows_its_cells_as_printed_over_typed_values():
    table = ranked_table()
    frame = values_frame(table)
    assert frame["Imports"].tolist() == [1126.2, 51914.8]  # sorts as numbers
    shown = table_styler(table, frame).to_string(delimiter="|")
    assert "|Semiconductors|51,914.8|26.4|China|60.0|" in shown and "None" not in shown and "nan" not in shown
    part = table_styler(table, frame[frame["HHI"] > 25]).to_string(delimiter="|")
    assert "51,914.8" in part and "1,126.2" not in part
    styled = table_styler(table, frame, marked=(1, 2)).to_html()
    assert styled.count("background-color: #ffe066") == 1


def test_a_table_with_groups_shows_blank_not_none():
    table = series_table()
    shown = table_styler(table, values_frame(table)).to_string(delimiter="|")
    assert "|2001|16.6|\n" in shown and "None" not in shown and "nan" not in shown


def test_label_columns_get_room_and_numbers_do_not():
    table = ranked_table()
    assert label_widths(table) == {"Items": 8 * len("Semiconductors") + 24}


def test_table_units_and_filter_frame():
    assert table_units(ranked_table()) == "billion yen, HHI, %"
    assert table_units(series_table()) == "%"
    frame = values_frame(ranked_table())
    assert filter_frame(frame, " vietNAM ")["Items"].tolist() == ["Semiconductors"]
    assert filter_frame(frame, "")["Items"].tolist() == ["Fertilizers", "Semiconductors"]


def test_charts_follow_the_tables_own_dimensions():
    assert chart_plan(series_table()).kinds == ("line",)
    assert chart_plan(ranked_table()).kinds == ("bars", "breakdown")
    assert chart_plan(wide_years_table()).kinds == ("line", "bars")


def test_a_line_over_years_in_rows_or_in_columns():
    assert series_frame(series_table(), [1, 2]).to_dict("records") == [
        {"year": 2000, "series": "China", "value": 14.5},
        {"year": 2000, "series": "US", "value": 19.0},
        {"year": 2001, "series": "China", "value": 16.6},
    ]
    assert series_frame(wide_years_table(), [1, 2]).to_dict("records") == [
        {"year": 2022, "series": "China", "value": 1200.5},
        {"year": 2023, "series": "China", "value": 1350.0},
        {"year": 2022, "series": "Russia", "value": 5.0},
        {"year": 2023, "series": "Russia", "value": 4.0},
    ]


def test_bars_over_the_rows_largest_first():
    assert measure_frame(ranked_table(), 2).to_dict("records") == [
        {"label": "Semiconductors", "value": 26.4},
        {"label": "Fertilizers", "value": 21.1},
    ]


def test_a_ranked_row_breaks_down_with_the_rest_of_100_percent():
    table = ranked_table()
    assert breakdown_frame(table, table.rows[0]).to_dict("records") == [
        {"rank": 1, "name": "China", "share": 39.1},
        {"rank": 2, "name": "Canada", "share": 18.8},
        {"rank": 3, "name": "All others", "share": 42.1},
    ]
    assert breakdown_frame(table, table.rows[1])["name"].tolist() == ["China", "Vietnam"]  # nothing left


def test_documents_frame_pages_are_numbers_or_blank():
    pdf = DocumentEntry("g", "Gallium review", "g.pdf", "cd" * 32, 12, 9, 1, "2025-01-01T00:00:00+00:00")
    text = DocumentEntry("kiep", "Japan's SCRM", "kiep.txt", "ab" * 32, None, 14, 0, "2025-01-01T00:00:00+00:00")
    frame = documents_frame([pdf, text])
    assert list(frame.columns) == ["title", "source", "pages", "chunks", "tables", "added", "sha256", "date"]
    assert (
        str(frame["pages"].dtype) == "Int64"
        and frame["pages"].tolist()[0] == 12
        and frame["pages"].isna().tolist() == [False, True]
    )
    assert "None" not in frame.style.format(na_rep="").to_string()
    assert documents_frame([]).empty


@pytest.mark.parametrize(
    ("stage", "done", "total", "fraction"),
    [
        ("reading", 1, 4, 0.125),
        ("reading", 4, 4, 0.5),
        ("embedding", 0, 10, 0.5),
        ("embedding", 10, 10, 0.8),
        ("sentences", 0, 5, 0.8),
        ("sentences", 5, 5, 1.0),
        ("reading", 0, 0, 0.5),
    ],
)
def test_build_fraction(stage, done, total, fraction):
    assert math.isclose(build_fraction(stage, done, total), fraction)


def test_spread_sample_and_the_estimate():
    questions = [GoldQuestion(str(n), "q", "fact", (), ()) for n in range(10)]
    assert [q.id for q in spread_sample(questions, 3)] == ["0", "3", "6"]
    assert spread_sample(questions, 10) == questions and spread_sample(questions, 99) == questions
    assert estimate_seconds(40.0, 20, questions=129, modes=4) == 2.0 * 129 * 4


def test_the_apps_own_config_turns_the_file_watcher_off():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none" and config["browser"]["gatherUsageStats"] is False
