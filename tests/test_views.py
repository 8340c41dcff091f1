"""What the page shows: filtered evidence, escaped and highlighted HTML, frames and chart data."""

from __future__ import annotations

import math

import pytest

from app.views import (
    ShownEvidence,
    answer_markdown,
    build_fraction,
    documents_frame,
    escape_markdown,
    figures_frame,
    filter_evidence,
    filter_frame,
    hhi_ranking,
    highlight_html,
    number_formats,
    share_series,
    source_rows,
    spread_sample,
    supplier_rows,
    supplier_shares,
    table_units,
    table_view,
    where,
)
from policyqa.evaluate.gold import GoldQuestion
from policyqa.index.manifest import DocumentEntry
from policyqa.records import Answer, Citation, Column, Passage, Table, TableRow

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
    """Two items with their 1st and 2nd suppliers and an HHI."""
    columns = ("Items", "HHI", "1st Country", "1st Share", "2nd Country", "2nd Share")
    schema = (
        Column(columns[0], "label", None),
        Column(columns[1], "index", "HHI"),
        Column(columns[2], "country", None, 1),
        Column(columns[3], "share", "%", 1),
        Column(columns[4], "country", None, 2),
        Column(columns[5], "share", "%", 2),
    )
    rows = (
        row(
            0,
            "Fertilizers",
            ("Fertilizers", "21.1", "China", "39.1", "Canada", "18.8"),
            (None, 21.1, None, 39.1, None, 18.8),
        ),
        row(
            1, "Magnets", ("Magnets", "26.4", "China", "60.0", "Vietnam", "40.0"), (None, 26.4, None, 60.0, None, 40.0)
        ),
    )
    return Table(
        "jef:table-2",
        "jef",
        "2",
        "Import dependence (2024)",
        None,
        columns,
        rows,
        ("Note: HHI.",),
        4,
        "Risks",
        0,
        9,
        schema,
        2024,
    )


def series_table() -> Table:
    columns = ("Year", "China", "US")
    schema = (Column("Year", "year", None), Column("China", "share", "%"), Column("US", "share", "%"))
    rows = (
        row(0, "2000", ("2000", "14.5", "19.0"), (2000.0, 14.5, 19.0)),
        row(1, "2001", ("2001", "16.6", ""), (2001.0, 16.6, None)),
    )
    return Table("jef:table-1", "jef", "1", "Import share by country", "%", columns, rows, (), None, None, 0, 9, schema)


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


def test_escape_markdown_keeps_text_literal():
    assert escape_markdown("Costs $5 *or* [1] #2 a_b") == r"Costs \$5 \*or\* \[1\] \#2 a\_b"


def test_where_and_answer_markdown():
    assert where(CITATION) == "Japan's SCRM, IPEF" and where(ROW) == "JEF report, p. 4"
    assert answer_markdown(ANSWER) == (
        "It was signed in December 2023. [1] China 39.1% [2]\n\nSources:\n"
        '[1] Japan\'s SCRM, IPEF: "It was signed in December 2023."\n'
        '[2] JEF report, p. 4: "Table 2 | Fertilizers | China 39.1%"\n'
    )


def test_figures_and_their_source_rows():
    table = ranked_table()
    figure = {
        "table": table.name,
        "row": "Magnets",
        "column": "1st Share",
        "value": 60.0,
        "unit": "%",
        "printed": "60.0",
    }
    figures = (
        figure,
        {**figure, "column": "HHI", "value": 26.4, "unit": "HHI", "printed": "26.4"},
        {"table": "Table 9", "row": "Gold", "column": "x", "value": 1.0, "unit": "", "printed": "1"},
    )
    frame = figures_frame(figures)
    assert list(frame.columns) == ["table", "row", "column", "value", "unit"]
    assert frame["value"].tolist() == ["60.0", "26.4", "1"]
    assert source_rows(figures, [table]) == (table.rows[1],)


def test_table_view_drops_the_redundant_label_and_empty_group():
    frame = table_view(ranked_table())
    assert list(frame.columns) == list(ranked_table().columns)
    assert frame["HHI"].tolist() == [21.1, 26.4]


def test_table_units_and_filter_frame():
    assert table_units(ranked_table()) == "HHI, %"
    assert table_units(series_table()) == "%"
    frame = table_view(ranked_table())
    assert filter_frame(frame, " vietNAM ")["Items"].tolist() == ["Magnets"]
    assert filter_frame(frame, "")["Items"].tolist() == ["Fertilizers", "Magnets"]


def test_number_formats_follow_the_printed_decimals():
    table = ranked_table()
    assert number_formats(table) == {"HHI": "%.1f", "1st Share": "%.1f", "2nd Share": "%.1f"}
    assert number_formats(series_table()) == {"China": "%.1f", "US": "%.1f"}  # not the year


def test_share_series_is_long_form_without_empty_cells():
    frame = share_series(series_table())
    assert frame.to_dict("records") == [
        {"year": 2000, "country": "China", "share": 14.5},
        {"year": 2000, "country": "US", "share": 19.0},
        {"year": 2001, "country": "China", "share": 16.6},
    ]
    assert share_series(ranked_table()) is None


def test_supplier_shares_with_the_remainder():
    table = ranked_table()
    assert supplier_rows(table) == table.rows and supplier_rows(series_table()) == ()
    assert supplier_shares(table, table.rows[0]).to_dict("records") == [
        {"rank": 1, "supplier": "China", "share": 39.1},
        {"rank": 2, "supplier": "Canada", "share": 18.8},
        {"rank": 3, "supplier": "All others", "share": 42.1},
    ]
    assert supplier_shares(table, table.rows[1])["supplier"].tolist() == ["China", "Vietnam"]  # nothing left


def test_hhi_ranking_most_concentrated_first():
    assert hhi_ranking(ranked_table()).to_dict("records") == [
        {"item": "Magnets", "hhi": 26.4},
        {"item": "Fertilizers", "hhi": 21.1},
    ]
    assert hhi_ranking(series_table()) is None


def test_documents_frame():
    entry = DocumentEntry("kiep", "Japan's SCRM", "kiep.txt", "ab" * 32, None, 14, 0, "2025-01-01T00:00:00+00:00")
    frame = documents_frame([entry])
    assert frame.to_dict("records")[0]["sha256"] == "ab" * 32
    assert list(frame.columns) == ["title", "source", "pages", "chunks", "tables", "added", "sha256", "date"]
    assert documents_frame([]).empty


@pytest.mark.parametrize(
    ("stage", "done", "total", "fraction"),
    [
        ("reading", 1, 4, 0.125),
        ("reading", 4, 4, 0.5),
        ("embedding", 0, 10, 0.5),
        ("embedding", 10, 10, 1.0),
        ("reading", 0, 0, 0.5),
    ],
)
def test_build_fraction(stage, done, total, fraction):
    assert math.isclose(build_fraction(stage, done, total), fraction)


def test_spread_sample_takes_evenly_spaced_questions():
    questions = [GoldQuestion(str(n), "q", "fact", (), ()) for n in range(10)]
    assert [q.id for q in spread_sample(questions, 3)] == ["0", "3", "6"]
    assert spread_sample(questions, 10) == questions and spread_sample(questions, 99) == questions
