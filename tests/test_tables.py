"""Tables: printed numbers, header flattening, labels, groups and row text."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyqa.records import Column, RawTable, Table, TableRow
from policyqa.tables.parse import parse_number, parse_table

CORPUS_FILE = (
    Path(__file__).resolve().parent.parent / "corpus" / "jef-policy-recommendations-supply-chain-resilience-2025.txt"
)


def make_raw(
    block: str, *, caption: tuple[str, ...] = ("TABLE 9", "Metal imports"), notes: tuple[str, ...] = ()
) -> RawTable:
    """A RawTable whose lines are `block`'s lines, spans counted within `block`."""
    lines, spans, pos = [], [], 0
    for line in block.split("\n"):
        lines.append(line)
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return RawTable(caption, tuple(lines), notes, tuple(spans))


def parse(block: str, **kwargs) -> Table:
    return parse_table(make_raw(block, **kwargs), doc_id="doc", ordinal=9)


# --- parse_number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("51,914.8", 51914.8),
        ("1,234,567", 1234567.0),
        ("0.0", 0.0),
        (" 17.8 ", 17.8),
        (".5", 0.5),
        ("+2", 2.0),
        ("-3.5", -3.5),
        ("\u22123.5", -3.5),  # unicode minus
        ("(1.2)", -1.2),  # accounting negative
        ("76.8%", 76.8),
        ("76.8 %", 76.8),
        ("12.3*", 12.3),
        ("45.1a", 45.1),
        ("7.0\u00b9", 7.0),
        ("3.1\u2020", 3.1),
        ("", None),
        ("   ", None),
        ("China", None),
        ("n.a.", None),
        ("N/A", None),
        ("-", None),
        ("\u2014", None),
        ("1st place", None),
        ("2nd", None),
        ("(Reference)", None),
        ("(-1.2)", None),
        ("1,23", None),
        ("2024 Rank", None),
        ("Imports (billion yen)", None),
        ("9" * 400, None),
    ],
)
def test_parse_number(printed: str, expected: float | None) -> None:
    assert parse_number(printed) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_reads_thousands_separators(x: float) -> None:
    assert parse_number(f"{x:,.1f}") == round(x, 1)


@given(st.text())
def test_parse_number_is_total(text: str) -> None:
    value = parse_number(text)
    assert value is None or not math.isnan(value)


# --- small literal tables -----------------------------------------------------------------

ONE_LINE_PDF = """Item  Amount (billion yen)  Share
Copper ore  1,234.5  12.3
Tin  5.0"""


def test_one_line_header_table_is_typed_whole() -> None:
    heading = "Table 9: Metal imports"
    assert parse(ONE_LINE_PDF) == Table(
        table_id="doc:table-9",
        doc_id="doc",
        number="9",
        title="Metal imports",
        unit=None,
        columns=("Item", "Amount (billion yen)", "Share"),
        rows=(
            TableRow(
                0,
                "Copper ore",
                ("Copper ore", "1,234.5", "12.3"),
                (None, 1234.5, 12.3),
                f"{heading} | Item: Copper ore | Amount: 1,234.5 billion yen | Share: 12.3%",
                34,
                59,
            ),
            TableRow(
                1,
                "Tin",
                ("Tin", "5.0", ""),
                (None, 5.0, None),
                f"{heading} | Item: Tin | Amount: 5.0 billion yen",
                60,
                68,
            ),
        ),
        notes=(),
        page=None,
        section=None,
        start=0,
        end=68,
        schema=(
            Column("Item", "label", None),
            Column("Amount (billion yen)", "amount", "billion yen"),
            Column("Share", "share", "%"),
        ),
        year=None,
        source=None,
    )


def test_page_and_section_pass_through() -> None:
    table = parse_table(make_raw(ONE_LINE_PDF), doc_id="d", ordinal=1, page=4, section="A > B")
    assert (table.table_id, table.page, table.section) == ("d:table-1", 4, "A > B")


@pytest.mark.parametrize("sep", ["\t", "  ", "   \t"])
def test_tabs_and_space_runs_split_alike(sep: str) -> None:
    block = f"Item{sep}Amount{sep}Share\nCopper ore{sep}1,234.5{sep}12.3"
    table = parse(block)
    assert table.columns == ("Item", "Amount", "Share")
    assert table.rows[0].cells == ("Copper ore", "1,234.5", "12.3")


def test_single_spaces_do_not_split_pdf_cells() -> None:
    table = parse("Item name  Amount\nNatural black ship (other)  13.2")
    assert table.rows[0].cells == ("Natural black ship (other)", "13.2")


def test_ragged_rows_are_padded_and_missing_cells_stay_empty() -> None:
    table = parse("Item\tA\tB\tC\nZinc\t1.0\t\t3.0\nLead\t2.0")
    assert [row.cells for row in table.rows] == [("Zinc", "1.0", "", "3.0"), ("Lead", "2.0", "", "")]
    assert [row.values for row in table.rows] == [(None, 1.0, None, 3.0), (None, 2.0, None, None)]
    assert table.rows[1].text == "Table 9: Metal imports | Item: Lead | A: 2.0"


def test_columns_empty_on_every_line_at_the_right_are_dropped() -> None:
    table = parse("Item\tA\t\nZinc\t1.0\t")
    assert table.columns == ("Item", "A")
    assert table.rows[0].cells == ("Zinc", "1.0")


def test_footnote_markers_parse_but_print_as_is() -> None:
    table = parse("Item\tA\tB\nZinc\t12.3*\t7.0\u00b9")
    assert table.rows[0].values == (None, 12.3, 7.0)
    assert table.rows[0].text == "Table 9: Metal imports | Item: Zinc | A: 12.3* | B: 7.0\u00b9"


def test_parentheses_are_negatives_unless_the_table_prints_plus_signs() -> None:
    accounts = parse("Item\tBalance\tChange\nZinc\t12\t(3)\nLead\t(78)\t4")
    assert [row.values for row in accounts.rows] == [(None, 12.0, -3.0), (None, -78.0, 4.0)]
    # A table that writes "+14" writes a negative "-1"; its "(78)" is a level set apart (another source)
    signed = parse("Item\tLevel\tChange\nZinc\t79\t+14\nLead\t(78)\t-1")
    assert [row.values for row in signed.rows] == [(None, 79.0, 14.0), (None, 78.0, -1.0)]


def test_coded_rows_belong_to_the_uncoded_row_above() -> None:
    table = parse(
        "Items\tImports (billion yen)\n"
        "Storage batteries\t10.0\n"
        "850760 Lithium-ion batteries\t8.0\n"
        "850790 Parts\t2.0\n"
        "Fertilizers\t3.0\n"
        "Ship parts\t4.0\n"
        "890590 Other vessels\t1.0"
    )
    assert [(row.label, row.group) for row in table.rows] == [
        ("Storage batteries", None),
        ("850760 Lithium-ion batteries", "Storage batteries"),
        ("850790 Parts", "Storage batteries"),
        ("Fertilizers", None),
        ("Ship parts", None),
        ("890590 Other vessels", "Ship parts"),
    ]
    assert table.rows[1].text == (
        "Table 9: Metal imports | Item: Lithium-ion batteries (HS 850760), part of Storage batteries"
        " | Imports: 8.0 billion yen"
    )


def test_group_row_without_values_is_a_body_row() -> None:
    table = parse("Item\tAmount\nMetals\n260400 Nickel ore\t58.5")
    assert table.columns == ("Item", "Amount")
    assert [(row.label, row.group) for row in table.rows] == [
        ("Metals", None),
        ("260400 Nickel ore", "Metals"),
    ]


def test_code_column_joins_the_label_without_making_groups() -> None:
    table = parse("Items\t\tHHI\n250410\tNatural graphite\t73.9\n250490\tOther graphite\t92.2")
    assert table.columns == ("Items code", "Items", "HHI")
    assert [(row.label, row.group) for row in table.rows] == [
        ("250410 Natural graphite", None),
        ("250490 Other graphite", None),
    ]
    assert table.rows[0].text == ("Table 9: Metal imports | Item: Natural graphite (HS 250410) | HHI: 73.9")


SPANNING = (
    "Items\tHHI\tImport share\t\t\t\n"
    "\t\t1st place\t\t2nd place\t\n"
    "\t\tCountry/Region\tShare\tCountry/Region\tShare\n"
    "Magnets\t26.4\tChina\t33.2\tPhilippines\t29.7\n"
    "Tungsten\t100.0\tPortugal\t100.0\t\t"
)


def test_spanning_header_is_flattened_into_one_name_per_column() -> None:
    assert parse(SPANNING).columns == (
        "Items",
        "HHI",
        "Import share 1st place Country/Region",
        "Import share 1st place Share",
        "Import share 2nd place Country/Region",
        "Import share 2nd place Share",
    )


def test_ranked_pairs_render_as_ordinal_parts_and_empty_ones_are_left_out() -> None:
    rows = parse(SPANNING).rows
    assert [row.text for row in rows] == [
        "Table 9: Metal imports | Item: Magnets | HHI: 26.4 | 1st: China 33.2% | 2nd: Philippines 29.7%",
        "Table 9: Metal imports | Item: Tungsten | HHI: 100.0 | 1st: Portugal 100.0%",
    ]


def test_spans_stop_at_the_next_group_above_and_non_ordinal_groups_render_per_column() -> None:
    table = parse("Region\t2023\t\t2024\t\n\tValue (bn yen)\tShare\tValue (bn yen)\tShare\nAsia\t1.0\t2.0\t3.0\t4.0")
    assert table.columns == (
        "Region",
        "2023 Value (bn yen)",
        "2023 Share",
        "2024 Value (bn yen)",
        "2024 Share",
    )
    assert table.rows[0].text == (
        "Table 9: Metal imports | Region: Asia | 2023 Value: 1.0 bn yen | 2023 Share: 2.0%"
        " | 2024 Value: 3.0 bn yen | 2024 Share: 4.0%"
    )


def test_year_columns_header_is_not_a_data_row() -> None:
    table = parse("Item\t2023\t2024\nCopper\t1.5\t2.5")
    assert table.columns == ("Item", "2023", "2024")
    assert [row.label for row in table.rows] == ["Copper"]


def test_numbering_line_above_the_names_becomes_a_note() -> None:
    table = parse(
        "2024 Rank\t1\t2\t(Reference)\t\nYear\tChina\tUS\tEU\tASEAN\n2010\t22.1\t9.7\t9.6\t14.6",
        caption=("TABLE 1", "Import share"),
        notes=("(unit: %)",),
    )
    assert table.columns == ("Year", "China", "US", "EU", "ASEAN")
    assert table.notes == ("(unit: %)", "2024 Rank: China 1, US 2, EU (Reference)")
    assert table.unit == "%"
    assert table.rows[0].text == (
        "Table 1: Import share | Year: 2010 | China: 22.1% | US: 9.7% | EU: 9.6% | ASEAN: 14.6%"
    )


@pytest.mark.parametrize(
    ("notes", "header", "unit"),
    [
        (("Unit: billion yen",), "Item\tA\tB", "billion yen"),
        ((), "Item\tAmount (billion yen)\tExports (billion yen)", "billion yen"),
        ((), "Item\tAmount (billion yen)\tShare", None),
        ((), "Item\tA\tB", None),
        ((), "Country\tCases (n)\tDeaths (n)", None),  # a mark that the column counts: no unit
    ],
)
def test_table_unit_is_stated_or_shared_by_every_numeric_column(notes, header, unit) -> None:
    assert parse(f"{header}\nZinc\t1.0\t2.0", notes=notes).unit == unit


def test_headerless_table_falls_back_to_column_numbers() -> None:
    table = parse("Copper  1.0\nTin  2.0", caption=())
    assert table.columns == ("Column 1", "Column 2")
    assert table.title == "Table 9"
    assert table.rows[0].text == "Table 9 | Row: Copper | Column 2: 1.0"


@pytest.mark.parametrize(
    ("caption", "number", "title", "heading"),
    [
        (("TABLE 2", "Import dependence (2024)"), "2", "Import dependence (2024)", "Table 2: Import dependence (2024)"),
        (("Table 2: Import dependence",), "2", "Import dependence", "Table 2: Import dependence"),
        (("Metal imports",), None, "Metal imports", "Metal imports"),
        (("TABLE 5",), "5", "TABLE 5", "Table 5"),
        ((), None, "Table 9", "Table 9"),
    ],
)
def test_caption_gives_number_title_and_heading(caption, number, title, heading) -> None:
    table = parse("Item\tA\nZinc\t1.0", caption=caption)
    assert (table.number, table.title) == (number, title)
    assert table.rows[0].text == f"{heading} | Item: Zinc | A: 1.0"


@given(st.lists(st.text(alphabet="1a .,%\t-()\u2460", max_size=30), max_size=6))
def test_any_lines_parse_into_aligned_rows(lines: list[str]) -> None:
    raw = RawTable(("TABLE 1",), tuple(lines), (), tuple((0, len(line)) for line in lines))
    table = parse_table(raw, doc_id="doc", ordinal=1)
    assert all(len(r.cells) == len(r.values) == len(table.columns) for r in table.rows)


def test_lines_and_spans_must_align() -> None:
    raw = RawTable(("TABLE 1",), ("Item\tA", "Zinc\t1.0"), (), ((0, 6),))
    with pytest.raises(ValueError, match="2 lines but 1 spans"):
        parse_table(raw, doc_id="doc", ordinal=1)


# --- the corpus's four tables -------------------------------------------------------------


def corpus_lines() -> tuple[str, list[str], list[int]]:
    text = CORPUS_FILE.read_text(encoding="utf-8")
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    return text, lines, offsets


def corpus_raw(n: int) -> RawTable:
    """TABLE n as the cleaning stage hands it over: caption, tab lines, unit/note/source lines."""
    _, lines, offsets = corpus_lines()
    at = lines.index(f"TABLE {n}")
    at = next(k for k in range(at + 1, len(lines)) if lines[k].strip())
    caption = (f"TABLE {n}", lines[at].lstrip("#").strip())
    notes, body = [], []
    at += 1
    while "\t" not in lines[at]:
        notes += [lines[at].strip()] if lines[at].strip() else []
        at += 1
    while "\t" in lines[at]:
        body.append(at)
        at += 1
    while not lines[at].strip() or lines[at].startswith(("Note:", "Source:")):
        notes += [lines[at].strip()] if lines[at].strip() else []
        at += 1
    spans = tuple((offsets[k], offsets[k] + len(lines[k])) for k in body)
    return RawTable(caption, tuple(lines[k] for k in body), tuple(notes), spans)


def corpus_table(n: int) -> Table:
    return parse_table(corpus_raw(n), doc_id="jef", ordinal=n)


def row(table: Table, label: str) -> TableRow:
    return next(r for r in table.rows if r.label == label)


@pytest.mark.parametrize(("n", "count"), [(1, 25), (2, 21), (3, 18), (4, 15)])
def test_corpus_row_counts(n: int, count: int) -> None:
    assert len(corpus_table(n).rows) == count


def test_corpus_table_2_columns() -> None:
    table = corpus_table(2)
    assert (table.table_id, table.number, table.unit) == ("jef:table-2", "2", None)
    assert table.title == "Import dependence on important strategic materials (2024)"
    assert table.columns == (
        "Items",
        "Imports (billion yen)",
        "HHI",
        "Import share 1st place Country/Region",
        "Import share 1st place Share",
        "Import share 2nd place Country/Region",
        "Import share 2nd place Share",
        "Import share 3rd place Country/Region",
        "Import share 3rd place Share",
    )


def test_corpus_table_1_columns_unit_and_rank_note() -> None:
    table = corpus_table(1)
    assert table.columns == (
        "Year",
        "China",
        "US",
        "Australia",
        "UAE",
        "South Korea",
        "Taiwan",
        "Saudi Arabia",
        "Vietnam",
        "Thailand",
        "Indonesia",
        "Germany",
        "EU",
        "ASEAN",
    )
    assert table.unit == "%"
    assert table.notes[-1] == (
        "2024 Rank: China 1, US 2, Australia 3, UAE 4, South Korea 5, Taiwan 6, Saudi Arabia 7,"
        " Vietnam 8, Thailand 9, Indonesia 10, Germany 11, EU (Reference)"
    )


def test_corpus_tables_3_and_4_label_code_and_name() -> None:
    for n in (3, 4):
        assert corpus_table(n).columns[:3] == ("Items code", "Items", "Amount (billion yen)")


def test_corpus_row_texts() -> None:
    assert row(corpus_table(2), "850760 Lithium-ion batteries").text == (
        "Table 2: Import dependence on important strategic materials (2024) | Item: Lithium-ion"
        " batteries (HS 850760), part of Storage batteries | Imports: 4,018.0 billion yen"
        " | HHI: 60.2 | 1st: China 76.8% | 2nd: South Korea 9.9% | 3rd: Singapore 4.2%"
    )
    assert row(corpus_table(1), "2010").text == (
        "Table 1: Japan's import share by country (all items) | Year: 2010 | China: 22.1%"
        " | US: 9.7% | Australia: 6.5% | UAE: 4.2% | South Korea: 4.1% | Taiwan: 3.3%"
        " | Saudi Arabia: 5.2% | Vietnam: 1.2% | Thailand: 3.0% | Indonesia: 4.1%"
        " | Germany: 2.8% | EU: 9.6% | ASEAN: 14.6%"
    )
    assert row(corpus_table(3), "260400 Nickel ore (including concentrates)").text == (
        "Table 3: Import dependency on rare metals and rare earths (2024) \u2460 | Item: Nickel ore"
        " (including concentrates) (HS 260400) | Amount: 58.5 billion yen | HHI: 51.5"
        " | 1st: New Caledonia (France) 58.8% | 2nd: Philippines 41.2% | 3rd: South Africa 0.0%"
    )


def test_corpus_row_span_is_its_line() -> None:
    text, _, _ = corpus_lines()
    table = corpus_table(1)
    line = row(table, "2010")
    assert text[line.start : line.end] == ("2010\t22.1\t9.7\t6.5\t4.2\t4.1\t3.3\t5.2\t1.2\t3.0\t4.1\t2.8\t9.6\t14.6")
    assert text[table.start : table.end].startswith("2024 Rank\t1\t2")
    assert text[table.start : table.end].endswith("\t10.5\t15.7")


def test_corpus_ragged_tungsten_row() -> None:
    tungsten = row(corpus_table(3), "261100 Tungsten ore (including concentrates)")
    assert tungsten.cells == (
        "261100",
        "Tungsten ore (including concentrates)",
        "0.0",
        "100.0",
        "Portugal",
        "100.0",
        "",
        "",
        "",
        "",
    )
    assert tungsten.values == (261100.0, None, 0.0, 100.0, None, 100.0, None, None, None, None)
    assert tungsten.text.endswith("| Amount: 0.0 billion yen | HHI: 100.0 | 1st: Portugal 100.0%")


def test_corpus_sub_items_know_their_group() -> None:
    table = corpus_table(2)
    assert row(table, "850760 Lithium-ion batteries").group == "Storage batteries"
    assert row(table, "854239 Other integrated circuits").group == ("Semiconductor devices and integrated circuits")
    assert row(table, "Combustible natural gas").group is None
    assert sum(r.group is not None for r in table.rows) == 11
    assert all(r.group is None for n in (1, 3, 4) for r in corpus_table(n).rows)


def test_corpus_shares_are_reported_as_printed_even_when_not_descending() -> None:
    platinum = row(corpus_table(4), "711019 Platinum (other)")
    assert platinum.values[5:] == (54.0, None, 3.2, None, 10.1)
    assert platinum.text.endswith("| 1st: Taiwan 54.0% | 2nd: Switzerland 3.2% | 3rd: South Korea 10.1%")


def test_dot_leaders_end_the_label_cell() -> None:
    table = parse(
        "Offense  2009  2010\n"
        "Robbery . . . . . . . . .  100,496  43,039\n"
        "  Arson  .  .  .  .  .  9,466  7,085\n"
        "Other...........1.5  0.5",
        caption=(),
    )
    assert [row.cells for row in table.rows] == [
        ("Robbery", "100,496", "43,039"),
        ("Arson", "9,466", "7,085"),
        ("Other", "1.5", "0.5"),
    ]


# --- schema, year and source --------------------------------------------------------------


def test_schema_types_ranked_pairs_and_the_hhi_column() -> None:
    assert parse(SPANNING).schema == (
        Column("Items", "label", None),
        Column("HHI", "index", "HHI"),
        Column("Import share 1st place Country/Region", "country", None, 1),
        Column("Import share 1st place Share", "share", "%", 1),
        Column("Import share 2nd place Country/Region", "country", None, 2),
        Column("Import share 2nd place Share", "share", "%", 2),
    )


def test_schema_of_a_year_by_country_matrix() -> None:
    table = parse("Year\tChina\tUS\n2010\t22.1\t9.7\n2011\t21.5\t8.7", notes=("(unit: %)",))
    assert table.schema == (
        Column("Year", "year", None),
        Column("China", "share", "%"),
        Column("US", "share", "%"),
    )


def test_schema_code_text_and_plain_number_columns() -> None:
    table = parse("Items\t\tNote\tCount\n250410\tGraphite\tnew\t3\n250490\tOther\t\t4")
    assert [(c.kind, c.unit) for c in table.schema] == [
        ("code", None),
        ("label", None),
        ("text", None),
        ("number", None),
    ]
    assert [row.code for row in table.rows] == ["250410", "250490"]


@pytest.mark.parametrize(
    ("caption", "year"),
    [
        (("TABLE 2", "Import dependence (2024)"), 2024),
        (("TABLE 2", "Import dependence (2024) \u2460"), 2024),
        (("TABLE 1", "Import share by country"), None),
        (("TABLE 1", "Shares (2010) and (2020)"), None),
        (("Table 324. Arrests by Sex and Age: 2009",), 2009),
        (("Table 6. Housing, United States, 2007 and 2009",), None),
    ],
)
def test_year_a_table_is_as_of_comes_from_its_title(caption, year) -> None:
    assert parse("Item\tA\nZinc\t1.0", caption=caption).year == year


@pytest.mark.parametrize(
    ("caption", "number", "title"),
    [
        ("Table SA3. | Distribution of cases by origin, 2007", "SA3", "Distribution of cases by origin, 2007"),
        ("Table S–4. Adjusted Baseline by Category", "S–4", "Adjusted Baseline by Category"),
        ("Table 6.11: EU's top 20 grocery wholesalers", "6.11", "EU's top 20 grocery wholesalers"),
    ],
)
def test_table_numbers_with_an_appendix_prefix(caption, number, title) -> None:
    table = parse("Country\tShare\nAustria\t86.2", caption=(caption,))
    assert (table.number, table.title) == (number, title)


def test_a_bracketed_headnote_under_the_title_is_a_note() -> None:
    caption = (
        "Table 324. Arrests by Sex and Age: 2009",
        "[In thousands (11,062.6 represents 11,062,600).",
        "See text]",
    )
    table = parse("Offense\tTotal\nFraud\t188.0", caption=caption)
    assert (table.number, table.title) == ("324", "Arrests by Sex and Age: 2009")
    assert table.notes[0] == "[In thousands (11,062.6 represents 11,062,600). See text]"


def test_table_name_is_the_row_heading() -> None:
    assert parse("Item\tA\nZinc\t1.0").name == "Table 9: Metal imports"
    assert parse("Item\tA\nZinc\t1.0", caption=("TABLE 5",)).name == "Table 5"
    assert parse("Item\tA\nZinc\t1.0", caption=("Metal imports",)).name == "Metal imports"


def test_corpus_schemas_years_and_sources() -> None:
    one, two, three = corpus_table(1), corpus_table(2), corpus_table(3)
    assert one.schema[0] == Column("Year", "year", None)
    assert {c.kind for c in one.schema[1:]} == {"share"}
    assert [(c.kind, c.unit, c.rank) for c in two.schema] == [
        ("label", None, None),
        ("amount", "billion yen", None),
        ("index", "HHI", None),
        ("country", None, 1),
        ("share", "%", 1),
        ("country", None, 2),
        ("share", "%", 2),
        ("country", None, 3),
        ("share", "%", 3),
    ]
    assert [c.kind for c in three.schema[:2]] == ["code", "label"]
    assert (one.year, two.year, three.year) == (None, 2024, 2024)
    assert two.source == "Source: Compiled by the study group based on the Ministry of Finance"
    assert row(two, "850760 Lithium-ion batteries").code == "850760"
    assert row(two, "Storage batteries").code is None


def test_a_zero_legend_the_document_prints_joins_the_notes_of_tables_printing_the_mark(tmp_path: Path) -> None:
    from policyqa.ingest.clean import clean_document
    from policyqa.ingest.reader import read_document
    from policyqa.numbers import zero_marks
    from policyqa.settings import Settings
    from policyqa.tables import parse_tables

    text = (
        "Capacity\n\nTable 1: Capacity by country (tons)\nCountry\t2029\t2030\nBrazil\t50,000\t51,000\n"
        "Argentina\t—\t—\nChina\t700,000\t700,000\n\nEstimated. NA Not available. — Zero.\n"
    )
    path = tmp_path / "capacity.txt"
    path.write_text(text, encoding="utf-8")
    [table] = parse_tables(clean_document(read_document(path, root=tmp_path, settings=Settings())))
    assert zero_marks(table.notes) == {"—"}
    assert zero_marks(["NA Not available."]) == frozenset()


def test_group_rows_close_where_a_row_is_set_less_deep_than_their_members():
    from policyqa.records import GridRow
    from policyqa.tables.parse import _grid_groups

    def row(label: str, indent: float, *, group: bool = False, bold: bool = False) -> GridRow:
        return GridRow(label, () if group else ("1",), group=group, indent=indent, bold=bold)

    rows = [
        row("Sex, by race", 36.4, group=True, bold=True),
        row("Male", 42.4, group=True),
        row("White", 50.3),
        row("Female", 44.1, group=True),  # set a little deeper than "Male", yet less deep than its rows
        row("White", 50.3),
        row("Disability", 36.4, group=True, bold=True),
        row("Yes", 42.4),
        row("Total", 36.4, bold=True),  # as deep as the group row, not as its members
    ]
    assert _grid_groups(rows) == [
        None,
        "Sex, by race",
        "Sex, by race > Male",
        "Sex, by race",
        "Sex, by race > Female",
        None,
        "Disability",
        None,
    ]
    # groups told by boldness alone keep their members at their own depth
    flat = [row("Metals", 36.0, group=True, bold=True), row("Copper", 36.0), row("Zinc", 36.2)]
    assert _grid_groups(flat) == [None, "Metals", "Metals"]


def test_a_breakdown_set_under_rows_of_figures_belongs_to_them_a_list_of_names_does_not():
    from policyqa.records import GridRow
    from policyqa.tables.parse import _grid_groups

    def row(label: str, indent: float, *, bold: bool = False) -> GridRow:
        return GridRow(label, ("1",), indent=indent, bold=bold, box=(40.0, 0.0, 300.0, 8.0))

    races = [
        row("All people", 68.3, bold=True),
        row("White alone", 52.3),
        row("Not Hispanic", 60.3),  # one line deeper, and printed under each race
        row("Black alone", 52.3),
        row("Not Hispanic", 60.3),
        row("Hispanic", 52.3),
    ]
    assert _grid_groups(races) == [None, None, "White alone", None, "Black alone", None]
    # states under their region say themselves; a label a few points off is only set unevenly
    regions = [row("Northeast", 40.0), row("Maine", 49.0), row("Vermont", 49.0), row("Midwest", 40.0)]
    uneven = [row("Germany", 88.8), row("Hungary", 94.0), row("Hungary", 94.0)]
    assert _grid_groups(regions) == [None] * 4
    assert _grid_groups(uneven) == [None] * 3
    # bold rows of figures, centred, each heading the lighter breakdown under it to the next bold row
    ages = [
        row("All ages", 77.0, bold=True),
        row("With a disability", 53.0),
        row("Aged 65 and older", 69.0, bold=True),
        row("With a disability", 53.0),
        row("Severe disability", 55.2),
    ]
    assert _grid_groups(ages) == [None, "All ages", None, "Aged 65 and older", "Aged 65 and older"]


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("Up to $10,505", 10505.0),  # a bound before the number: the number is the cell's value
        ("About 40", 40.0),
        ("$766,865.", 766865.0),  # the full stop closing a table line
        ("12,000.", 12000.0),
        ("5.", None),  # a list's number, not an amount
        ("Up to", None),
        ("6.2", 6.2),
        ("Up to 79 work-hours × $85 per hour = Up to $6,715.", 6715.0),  # worked out: the amount it comes to
        ("1 work-hour × $85 per hour = $85", 85.0),
        ("40 work-hours × $85 per hour =", None),  # the amount it comes to printed elsewhere
        ("1990=100", None),  # an index base, nothing worked out
    ],
)
def test_a_cell_bounded_closed_by_a_full_stop_or_worked_out_still_prints_its_number(printed, value) -> None:
    from policyqa.numbers import is_value, parse_value

    assert parse_value(printed) == value
    assert is_value(printed) is (value is not None)
