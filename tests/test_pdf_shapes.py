"""One table shape per test, in PDFs drawn here: what the layout finder makes of each."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policyqa.ingest.clean import clean_document
from policyqa.ingest.layout import Line, Word
from policyqa.ingest.reader import read_document
from policyqa.ingest.table_header import read_header
from policyqa.records import TableGrid
from policyqa.settings import Settings
from policyqa.tables import parse_tables

from pdfgen import Drawer, Sheet, rotate_pages


def grids(path: Path) -> list[TableGrid]:
    document = read_document(path, root=path.parent, settings=Settings())
    return [table for page in document.pages for table in page.tables]


def rows(grid: TableGrid) -> list[tuple[str, ...]]:
    return [(row.label, *row.cells) for row in grid.rows]


def body_rows(pdf, lines, *, label: float, width: float, pitch: float = 4.0) -> None:
    """Rows of a label and right-aligned values, one line each."""
    for name, values in lines:
        pdf.cell(label, 4, name)
        for value in values:
            pdf.cell(width, 4, value, align="R")
        pdf.ln(pitch)


WHEAT = Sheet(
    caption="Table 3: Wheat production by region (1000 t)",
    header=[
        [("", 1), ("Winter wheat", 2), ("Spring wheat", 2)],
        [("Region", 1), ("2021", 1), ("2022", 1), ("2021", 1), ("2022", 1)],
    ],
    rows=[
        ["North", "1,204", "1,310", "88", "92"],
        ["South", "2,950", "3,001", "12", "15"],
        ["East", "780", "802", "431", "455"],
        ["Total", "4,934", "5,113", "531", "562"],
    ],
    notes=["Source: Ministry of Agriculture."],
    widths=[50, 26, 26, 26, 26],
    bold_rows=["Total"],
)


def test_stacked_headers_give_each_column_its_path_and_prose_stays_prose(tmp_path):
    d = Drawer()
    d.heading("1 Production")
    d.prose("Output rose in most regions during the year, helped by a mild winter and early rain. " * 3)
    d.table(WHEAT)
    d.prose("The rise in the south was the largest on record for the decade, officials said. " * 2)
    [grid] = grids(d.save(tmp_path / "wheat.pdf"))
    assert grid.caption == ("Table 3: Wheat production by region (1000 t)",)
    assert grid.stub == "Region"
    assert grid.header == (
        ("Winter wheat", "2021"),
        ("Winter wheat", "2022"),
        ("Spring wheat", "2021"),
        ("Spring wheat", "2022"),
    )
    assert rows(grid) == [tuple(r) for r in WHEAT.rows]
    assert grid.notes == ("Source: Ministry of Agriculture.",)
    clean = clean_document(read_document(tmp_path / "wheat.pdf", root=tmp_path, settings=Settings()))
    prose = [clean.text[b.start : b.end] for b in clean.blocks if b.kind == "paragraph"]
    assert len(prose) == 2 and all("1,204" not in p for p in prose)


def test_decimal_commas_points_as_thousands_parentheses_and_nulls(tmp_path):
    sheet = Sheet(
        caption="Table 6.5: Turnover of retail trade (million EUR)",
        header=[[("Country", 1), ("1993", 1), ("1998", 1), ("Change %", 1)]],
        rows=[
            ["Belgium", "1.393,4", "1.512,0", "8,5"],
            ["Denmark", "886,7", "901,2", "1,6"],
            ["Greece", "412,9", "265,3", "(35,8)"],
            ["Spain", "2.101,5", "2.050,0", "−2,5"],
            ["Portugal", "n.a.", "311,0", "–"],
        ],
        widths=[50, 28, 28, 28],
    )
    d = Drawer()
    d.table(sheet)
    path = d.save(tmp_path / "retail.pdf")
    [grid] = grids(path)
    assert grid.header == (("1993",), ("1998",), ("Change %",))
    assert rows(grid) == [tuple(r) for r in sheet.rows]
    [table] = parse_tables(clean_document(read_document(path, root=tmp_path, settings=Settings())))
    values = [row.values[1:] for row in table.rows]
    assert values == [
        (1393.4, 1512.0, 8.5),
        (886.7, 901.2, 1.6),
        (412.9, 265.3, -35.8),
        (2101.5, 2050.0, -2.5),
        (None, 311.0, None),
    ]


def test_labels_wrapped_over_two_lines_are_one_label(tmp_path):
    sheet = Sheet(
        caption="Table 2. Imports by product group",
        header=[[("Product group", 1), ("Value", 1), ("Share (%)", 1)]],
        rows=[
            ["Machinery and transport", "4,120", "38.2"],
            ["  equipment", "", ""],
            ["Chemicals", "1,050", "9.7"],
            ["Mineral fuels, lubricants and", "2,300", "21.3"],
            ["  related materials", "", ""],
            ["Other", "3,320", "30.8"],
        ],
        widths=[52, 26, 26],
    )
    d = Drawer()
    d.table(sheet)
    [grid] = grids(d.save(tmp_path / "imports.pdf"))
    assert rows(grid) == [
        ("Machinery and transport equipment", "4,120", "38.2"),
        ("Chemicals", "1,050", "9.7"),
        ("Mineral fuels, lubricants and related materials", "2,300", "21.3"),
        ("Other", "3,320", "30.8"),
    ]


def test_a_table_continued_on_the_next_page_is_one_table(tmp_path):
    items = [[f"Item {i:02d}", f"{100 + 7 * i:,}", f"{3.5 + i / 10:.1f}"] for i in range(1, 61)]
    sheet = Sheet(
        caption="Table 9: Shipments by item",
        header=[[("Item", 1), ("Tonnes", 1), ("Share", 1)]],
        rows=items,
        widths=[50, 30, 30],
    )
    d = Drawer()
    d.prose("Shipments are listed below.")
    d.table(sheet, rows=slice(0, 45))
    d.new_page()
    d.table(sheet, rows=slice(45, 60), repeat_caption="Table 9: Shipments by item (continued)")
    d.prose("Shipments fell after the end of the year.")
    [grid] = grids(d.save(tmp_path / "shipments.pdf"))
    assert grid.pages == (1, 2)
    assert rows(grid) == [tuple(r) for r in items]
    assert {row.page for row in grid.rows[:45]} == {1} and {row.page for row in grid.rows[45:]} == {2}


def test_two_tables_on_a_page_with_prose_between_stay_apart(tmp_path):
    exports = Sheet(
        caption="Table 1: Exports",
        header=[[("Partner", 1), ("2019", 1), ("2020", 1)]],
        rows=[["China", "10.2", "11.0"], ["Japan", "7.5", "6.9"], ["Korea", "3.1", "3.3"]],
        widths=[40, 24, 24],
    )
    imports = Sheet(
        caption="Table 2: Imports",
        header=[[("Partner", 1), ("2019", 1), ("2020", 1), ("2021", 1)]],
        rows=[["Germany", "4.0", "4.4", "4.9"], ["France", "2.2", "2.1", "2.5"], ["Italy", "1.9", "1.8", "2.0"]],
        widths=[40, 24, 24, 24],
    )
    d = Drawer()
    d.table(exports)
    d.prose("Exports to Asia grew while imports from Europe were steady over the three years shown here.")
    d.table(imports)
    first, second = grids(d.save(tmp_path / "trade.pdf"))
    assert (first.caption, first.header, rows(first)) == (
        ("Table 1: Exports",),
        (("2019",), ("2020",)),
        [tuple(r) for r in exports.rows],
    )
    assert (second.caption, second.header, rows(second)) == (
        ("Table 2: Imports",),
        (("2019",), ("2020",), ("2021",)),
        [tuple(r) for r in imports.rows],
    )


def test_a_caption_numbered_with_an_appendix_prefix_is_the_caption(tmp_path):
    # Set in the text face over two lines, it reads as a caption only by its "Table SA3" label.
    d = Drawer()
    d.prose("The wheat harvest grew in every region but the east, where the spring crop failed.")
    d.pdf.set_font("dejavu", size=10)
    for line in ("Table SA3. Wheat production by region and by the season it is sown in,", "2021 and 2022 (1000 t)"):
        d.pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    d.table(replace(WHEAT, caption=""))
    [grid] = grids(d.save(tmp_path / "appendix.pdf"))
    assert grid.caption[0].startswith("Table SA3.") and grid.caption[-1] == "2021 and 2022 (1000 t)"


def test_footnote_markers_and_dot_leaders(tmp_path):
    sheet = Sheet(
        caption="Table 4: Capacity by country (tonnes)",
        header=[[("Country", 1), ("2009", 1), ("2010", 1)]],
        rows=[
            ["Brazil", "50,000", "50,000"],
            ["China", "700,000", "700,000"],
            ["World total", "1,190,000", "1,190,000"],
        ],
        marks={(2, 2): "e", (1, 0): "1"},
        notes=["e Estimated. 1 Includes Hong Kong."],
        widths=[50, 30, 30],
        leaders=True,
    )
    d = Drawer()
    d.table(sheet)
    path = d.save(tmp_path / "capacity.pdf")
    [grid] = grids(path)
    assert rows(grid) == [
        ("Brazil", "50,000", "50,000"),
        ("China¹", "700,000", "700,000"),
        ("World total", "1,190,000", "1,190,000ᵉ"),
    ]
    [table] = parse_tables(clean_document(read_document(path, root=tmp_path, settings=Settings())))
    assert table.rows[2].values[1:] == (1190000.0, 1190000.0)  # the marker stays printed, not in the value


@pytest.mark.parametrize("turned", [False, True])
def test_a_ruled_table_reads_the_same_upright_or_on_a_sideways_page(tmp_path, turned):
    sheet = Sheet(
        caption="Table 5: Budget outlay (Rs. in 000)",
        header=[[("State", 1), ("Revenue", 1), ("Capital", 1), ("Total", 1)]],
        rows=[
            ["Assam", "14,874,821", "2,554,197", "17,429,018"],
            ["Bihar", "21,016,708", "4,332,141", "25,348,849"],
            ["Goa", "4,055,567", "110,000", "4,165,567"],
        ],
        ruled=True,
        widths=[40, 30, 30, 30],
    )
    d = Drawer(landscape=True)
    d.table(sheet)
    path = d.save(tmp_path / "outlay.pdf")
    [grid] = grids(rotate_pages(path) if turned else path)
    assert (grid.stub, grid.header) == ("State", (("Revenue",), ("Capital",), ("Total",)))
    assert rows(grid) == [tuple(r) for r in sheet.rows]


def test_aligned_prose_in_two_columns_is_not_a_table(tmp_path):
    d = Drawer()
    text = "The committee met twice in 2021 and again in 2022 to review the supply of critical inputs. " * 6
    d.pdf.set_font("dejavu", size=10)
    y = d.pdf.get_y()
    d.pdf.multi_cell(85, 5, text)
    d.pdf.set_xy(108, y)
    d.pdf.multi_cell(85, 5, text.replace("committee", "board"))
    assert grids(d.save(tmp_path / "columns.pdf")) == []


def test_a_header_of_one_word_cells_set_close_together_gives_each_column_its_own(tmp_path):
    # Cells about 2.4 mm apart: more gaps between cells than spaces within them on the line, so
    # its word space is read from its narrow gaps, not its median one.
    names = ["Always", "Often", "Rarely", "Never", "Not applicable"]
    d = Drawer()
    d.pdf.set_font("dejavu", size=8.5)
    survey = Sheet(
        caption="Table 6: How often respondents walk, by trip",
        header=[[("Trip", 1), *((name, 1) for name in names)]],
        rows=[["Groceries", "4", "64", "88", "77", "5"], ["School or work", "22", "66", "48", "58", "46"]],
        widths=[60, *(d.pdf.get_string_width(name) + 2.4 for name in names)],
    )
    d.table(survey)
    [grid] = grids(d.save(tmp_path / "survey.pdf"))
    assert grid.header == tuple((name,) for name in names)


def test_a_bar_chart_text_is_not_a_table(tmp_path):
    d = Drawer()
    d.prose("Respondents were asked how often they walk to work.")
    bars = [("NEVER", 40, "3%"), ("MONTHLY", 70, "7%"), ("WEEKLY", 100, "25%"), ("DAILY", 140, "60%")]
    d.pdf.set_font("dejavu", size=9)
    y = d.pdf.get_y() + 6
    for i, (label, x, share) in enumerate(bars):
        d.pdf.text(20, y + 8 * i, label)
        d.pdf.text(x, y + 8 * i, share)
    for k in range(8):
        d.pdf.text(60 + 18 * k, y + 36, f"{10 * k}%")
    assert grids(d.save(tmp_path / "chart.pdf")) == []


def test_footnotes_printed_first_in_the_content_stream_come_after_the_page_text(tmp_path):
    d = Drawer()
    d.pdf.set_font("dejavu", size=7)
    d.pdf.text(18, 270, "¹The preliminary report can be found in the docket.")  # drawn before the body
    d.pdf.text(18, 274, "of the agency, with its annexes.")
    d.pdf.set_font("dejavu", size=10)
    d.pdf.set_xy(18, 20)
    d.prose("The accident happened after takeoff, resulting in 189 fatalities. " * 4)
    path = d.save(tmp_path / "footnote.pdf")
    text = read_document(path, root=tmp_path, settings=Settings()).pages[0].text
    assert text.startswith("The accident happened") and text.endswith("of the agency, with its annexes.")


def _abstract_table(d: Drawer) -> None:
    """A statistical-abstract table: caption and headnote, group headings ruled off from the
    two-line headings under them (each group's middle heading right under its group heading),
    dot leaders, and a bold totals row whose numbers nearly touch and whose decimal points are
    set apart ("1,540 . 0")."""
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=10)
    pdf.cell(0, 5, "Table 9. Arrests by Sex and Age: 2019", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", size=7.5)
    for note in (
        "[In thousands (1,540.0 represents 1,540,000). For year ending December 31. Based on the",
        "uniform reporting program. Some persons may be arrested more than once during a year,",
        "therefore the data may represent multiple arrests of the same person. Juveniles are",
        "persons under 18 years of age; figures are rounded independently and may not add to",
        "totals. See text, this section, and the source named below the table]",
    ):
        pdf.cell(0, 3.8, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    label, width = 50.0, 17.0
    x0 = pdf.l_margin + label
    pdf.set_font("dejavu", size=8)
    y = pdf.get_y()
    for g, group in enumerate(("Total", "Male")):
        pdf.set_xy(x0 + 3 * g * width, y)
        pdf.cell(3 * width, 4, group, align="C")
    for j in range(6):  # the rule under the group headings, drawn cell by cell
        pdf.line(x0 + j * width, y + 4.3, x0 + (j + 1) * width, y + 4.3)
    lines = [("Offense charged", ("", "Under 18", "18 years")), ("", ("Total", "years", "and over"))]
    for k, (stub, cells) in enumerate(lines):
        pdf.set_xy(pdf.l_margin, y + 4.6 + 3.6 * k)
        pdf.cell(label, 3.6, stub)
        for j in range(6):
            pdf.cell(width, 3.6, cells[j % 3], align="C")
    pdf.set_y(y + 4.6 + 3.6 * 2 + 1.5)
    body = [
        ("Total", ("1,540 . 0", "1,262,118", "9,522,611", "8,263 . 3", "1,071,612", "7,191,711")),
        ("Robbery", ("102.1", "25.5", "76.6", "90.0", "22.9", "67.1")),
        ("Burglary", ("297.6", "74.9", "222.7", "252.0", "65.1", "186.9")),
        ("Fraud", ("188.0", "5.9", "182.1", "106.7", "3.9", "102.8")),
    ]
    for name, values in body:
        bold = name == "Total"
        pdf.set_font("dejavu", style="B" if bold else "", size=8)
        pdf.cell(label, 4, name if bold else f"{name} " + ". " * 12)
        for value in values:
            pdf.cell(width + (0.8 if bold else 0), 4, value, align="R")
        pdf.ln(4)


def test_a_statistical_abstract_table_with_ruled_group_headings(tmp_path):
    d = Drawer()
    _abstract_table(d)
    [grid] = grids(d.save(tmp_path / "arrests.pdf"))
    assert grid.caption[0] == "Table 9. Arrests by Sex and Age: 2019"  # the headnote between is no bar
    assert grid.stub == "Offense charged"
    assert grid.header == tuple(
        (group, sub) for group in ("Total", "Male") for sub in ("Total", "Under 18 years", "18 years and over")
    )
    assert rows(grid)[0] == ("Total", "1,540.0", "1,262,118", "9,522,611", "8,263.3", "1,071,612", "7,191,711")
    assert rows(grid)[1:] == [("Robbery", "102.1", "25.5", "76.6", "90.0", "22.9", "67.1"), *rows(grid)[2:]]
    assert [row.label for row in grid.rows] == ["Total", "Robbery", "Burglary", "Fraud"]


def test_a_caption_second_line_and_a_heading_over_the_first_column_alone(tmp_path):
    # The caption's second line is set in after "Table 15." and stops short of the values; the
    # first column's heading ("Actual 2012") is wider than its numbers and stands over it alone.
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=9)
    pdf.cell(16, 4.5, "Table 15.")
    pdf.cell(
        0, 4.5, "Actual and projected percentage changes in apprentices, by province:", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(pdf.l_margin + 16)
    pdf.cell(0, 4.5, "Years 2012 through 2030", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("dejavu", size=8)
    label, width = 40.0, 30.0
    y = pdf.get_y()
    pdf.set_xy(pdf.l_margin + label + width, y)
    pdf.cell(3 * width, 4, "Projected", align="C")
    pdf.set_xy(pdf.l_margin + label, y + 4)
    pdf.cell(width, 4, "Actual 2012", align="R")
    pdf.set_xy(pdf.l_margin, y + 8)
    pdf.cell(label, 4, "Province")
    for text in ("to 2018", "2018 to 2024", "2024 to 2030", "2018 to 2030"):
        pdf.cell(width, 4, text, align="R")
    pdf.set_y(y + 13)
    for name, values in (("Manitoba", ("6.4", "-1.2", "2.0", "0.8")), ("Quebec", ("-5.5", "3.1", "-0.4", "2.7"))):
        pdf.cell(label, 4, name)
        for value in values:
            pdf.cell(width, 4, value, align="R")
        pdf.ln(4)
    [grid] = grids(d.save(tmp_path / "changes.pdf"))
    assert grid.caption[-1] == "Years 2012 through 2030"
    assert grid.header[0][-1] == "Actual 2012 to 2018"  # the heading over the first column is its own
    assert [path[-1] for path in grid.header[1:]] == ["2018 to 2024", "2024 to 2030", "2018 to 2030"]
    assert all("Projected" in path for path in grid.header[1:])


def test_a_header_line_of_years_beside_unit_marks_heads_the_columns(tmp_path):
    # "1996/7  (000)*" under "number of food outlets": the year and the unit mark name the column;
    # the line is no body row although it prints numbers.
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=9)
    pdf.cell(0, 5, "Table 6.2: Numbers of food outlets across the member states", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("dejavu", size=8)
    label, width = 40.0, 34.0
    y = pdf.get_y()
    for k, heads in enumerate(
        (("number of", "inhabitants", "number of"), ("food outlets", "per outlet", "food outlets"))
    ):
        pdf.set_xy(pdf.l_margin + label, y + 4 * k)
        for head in heads:
            pdf.cell(width, 4, head, align="C")
    pdf.set_xy(pdf.l_margin + label, y + 8)
    for year, unit in (("1996/7", "(000)*"), ("1996/7", ""), ("1992/3", "(000)**")):
        if unit:
            pdf.cell(width * 0.6, 4, year, align="R")
            pdf.cell(width * 0.4, 4, unit, align="C")
        else:
            pdf.cell(width, 4, year, align="R")
    pdf.set_y(y + 13)
    body_rows(
        pdf,
        [("Germany", ("73.6", "1111", "44")), ("Italy", ("114.6", "500", "296")), ("Spain", ("95.0", "413", "102"))],
        label=label,
        width=width,
    )
    [grid] = grids(d.save(tmp_path / "outlets.pdf"))
    assert [row.label for row in grid.rows] == ["Germany", "Italy", "Spain"]
    assert ["1996/7" in " ".join(path) for path in grid.header] == [True, True, False]
    assert "1992/3" in " ".join(grid.header[2])


def test_a_cost_table_with_dot_leaders_between_its_cells_is_read(tmp_path):
    # Federal Register style: leaders run from each cell to the next; a formula cell goes on below
    # itself ("... =" / "Up to $6,715."); amounts carry a bound ("Up to") and the line's full stop.
    widths = [44, 64, 28, 30, 32]
    lines = [
        ["Wiring change", "Up to 79 work-hours × $85 =", "Up to $3,790", "Up to $10,505", "Up to $766,865."],
        ["", "Up to $6,715.", "", "", ""],
        ["Sensor test", "40 work-hours × $85 = $3,400", "$0", "$3,400", "$248,200."],
        ["Manual revision", "1 work-hour × $85 = $85", "$0", "$85", "$6,205."],
    ]
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=10)
    pdf.cell(sum(widths), 5, "ESTIMATED COSTS", align="C")
    pdf.ln(7)
    pdf.set_font("dejavu", size=8.5)
    for j, text in enumerate(["Action", "Labor cost", "Parts cost", "Cost per product", "Cost on operators"]):
        pdf.cell(widths[j], 4.5, text, align="L" if j == 0 else "C")
    pdf.ln(5.5)
    for line in lines:
        for j, text in enumerate(line):
            if text and j < len(line) - 1 and any(line[j + 1 :]):
                room = widths[j] - pdf.get_string_width(text + " ") - 2
                text = f"{text} {'.' * max(3, int(room / pdf.get_string_width('.')))}"
            pdf.cell(widths[j], 4.5, text)
        pdf.ln(4.5)
    path = d.save(tmp_path / "costs.pdf")
    [grid] = grids(path)
    assert [row.label for row in grid.rows] == ["Wiring change", "Sensor test", "Manual revision"]
    assert grid.rows[0].cells[0] == "Up to 79 work-hours × $85 = Up to $6,715."
    [table] = parse_tables(clean_document(read_document(path, root=tmp_path, settings=Settings())))
    assert [row.values[3] for row in table.rows] == [10505.0, 3400.0, 85.0]  # cost per product
    assert [row.values[4] for row in table.rows] == [766865.0, 248200.0, 6205.0]


def test_a_table_of_contents_led_by_dots_to_page_numbers_is_no_table(tmp_path):
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", size=10)
    entries = [("1. Context", "4"), ("1.1 Why revise the plan?", "5"), ("2. Method and consultations", "6")]
    entries += [("2.1 Meetings with interest groups", "6"), ("3. Results", "9"), ("4. Action plan", "14")]
    for title, page in entries:
        room = 150 - pdf.get_string_width(title + " ") - 2
        pdf.cell(150, 6, f"{title} {'.' * int(room / pdf.get_string_width('.'))}")
        pdf.cell(12, 6, page, align="R")
        pdf.ln(6)
    assert grids(d.save(tmp_path / "contents.pdf")) == []


def test_a_table_captioned_in_capitals_and_continued_on_the_next_page_is_one_table(tmp_path):
    sheet = Sheet(
        caption="ESTIMATED COSTS",
        header=[[("Action", 1), ("Parts cost", 1), ("Cost per product", 1), ("Cost on operators", 1)]],
        rows=[
            ["Software update", "$0", "$85", "$6,205"],
            ["Manual revision", "$0", "$85", "$6,205"],
            ["Display update", "$0", "$85", "$6,205"],
            ["Wiring change", "$3,790", "$10,505", "$766,865"],
            ["Sensor test", "$0", "$3,400", "$248,200"],
        ],
        widths=[50, 28, 30, 34],
    )
    d = Drawer()
    d.table(sheet, rows=slice(0, 3))
    d.new_page()
    d.table(
        replace(sheet, header=[[("Action", 1), ("Parts", 1), ("Per product", 1), ("On operators", 1)]]),
        rows=slice(3, 5),
        repeat_caption="ESTIMATED COSTS—Continued",
    )
    [grid] = grids(d.save(tmp_path / "costs.pdf"))
    assert grid.caption == ("ESTIMATED COSTS",) and [r.label for r in grid.rows][-2:] == [
        "Wiring change",
        "Sensor test",
    ]


def test_a_group_heading_narrower_than_its_columns_heads_the_first_one_too():
    # CDC MMWR Table 2, at that page's positions (points): "Unhealthy housing units" is centred over
    # its four columns but narrower than them, and does not reach over "no." at their left; it
    # heads that column too (as far from its centre as the columns it reaches on the other side),
    # and not the tall "total occupied housing units" heading before it.
    printed = {  # top: "word x0 x1" per word
        87.0: "2007 256 273; 2009 462 479",
        107.1: "total 179 196",
        111.0: "Unhealthy 245 281; housing 283 311; units 312 330; Unhealthy 452 488; housing 490 518; units 520 537",
        116.1: "occupied 172 204; total 380 397",
        125.1: "housing 174 202; Unadjusted 277 317; occupied 372 404; Unadjusted 484 524",
        134.1: "Characteristic 45 92; units 179 196; no. 223 234; (%) 255 267; odds 280 297; ratio 298 315; "
        "(95% 327 345; CI) 347 356; housing 365 393; units 394 412; no. 424 435; (%) 456 468; odds 487 504; "
        "ratio 506 522; (95% 540 557; CI) 559 568",
    }
    lines = []
    for top, words in printed.items():
        cut = [word.split() for word in words.split("; ")]
        lines.append(Line(tuple(Word(t, float(a), float(b), top, top + 7.6, 7.6, False, 0, 8.0) for t, a, b in cut)))
    columns = [(174, 202), (214, 237), (251, 271), (291, 303), (327, 356)]
    columns += [(376, 403), (414, 438), (452, 472), (498, 510), (540, 568)]
    header, stub = read_header(lines, columns, label_end=92)
    assert stub == "Characteristic"
    total = "total occupied housing units"
    assert header[0] == ("2007", total) and header[5] == ("2009", total)
    assert header[1] == ("2007", "Unhealthy housing units", "no.")
    assert header[6] == ("2009", "Unhealthy housing units", "no.")
    assert header[4] == ("2007", "Unhealthy housing units", "(95% CI)")


def test_a_heading_over_the_last_column_wider_than_its_numbers_is_read_whole(tmp_path):
    # Federal Register page 5, at its positions (points): "Cost on U.S." stands a little above the
    # header line and out past the numbers of the last column, as far as "operators" under it does;
    # it is the heading's first line, not text beside the table.
    d = Drawer()
    pdf = d.pdf
    mm = 25.4 / 72

    def put(x: float, y: float, text: str) -> None:
        pdf.text(x * mm, y * mm, text)

    pdf.set_font("dejavu", size=7.5)
    put(45, 640, "The agency estimates the following costs to comply with this proposed AD:")
    put(524, 684, "Cost on U.S.")
    for x, text in ((105, "Action"), (245, "Labor cost"), (359, "Parts cost"), (424, "Cost per product")):
        put(x, 688, text)
    put(522, 692, "operators")
    rows = [
        ("FCC OPS installation", "1 work-hour × $85 per hour = $85", "$0", "$85", "$6,205."),
        ("AFM revisions", "1 work-hour × $85 per hour = $85", "$0", "$85", "$6,205."),
        ("MDS installation", "1 work-hour × $85 per hour = $85", "$0", "$85", "$6,205."),
    ]
    for k, row in enumerate(rows):
        for x, text in zip((45, 195, 342, 420, 498), row, strict=True):
            put(x, 710 + 10 * k, text)
    [grid] = grids(d.save(tmp_path / "costs.pdf"))
    assert [row.label for row in grid.rows] == ["FCC OPS installation", "AFM revisions", "MDS installation"]
    assert grid.header[-1] == ("Cost on U.S. operators",)


def test_a_header_line_of_small_numbers_ruled_off_from_the_body_heads_the_columns(tmp_path):
    # NCES style: the header's last line names grades ("PK", "K", "1", "2") and is closed by a rule
    # across the table; it prints numbers, but it is the header, not the first body row. A banner
    # of amounts ruled off the same way ("5,000") stays a row.
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=9)
    pdf.cell(
        0,
        5,
        "Table 2. Enrollment in public schools, by grade: Fall 2001 through fall 2031",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("dejavu", size=8)
    pdf.cell(0, 5, "[In thousands]", align="C", new_x="LMARGIN", new_y="NEXT")
    label, width = 30.0, 22.0
    x0, y = pdf.l_margin, pdf.get_y() + 1
    pdf.line(x0, y, x0 + label + 5 * width, y)
    pdf.set_xy(x0 + label + width, y + 1)
    pdf.cell(4 * width, 4, "Grade", align="C")
    pdf.set_xy(x0, y + 6)
    pdf.cell(label, 4, "Year")
    for text in ("Total", "PK", "K", "1", "2"):
        pdf.cell(width, 4, text, align="R")
    pdf.line(x0, y + 10.5, x0 + label + 5 * width, y + 10.5)
    pdf.set_xy(x0, y + 12)
    body_rows(
        pdf,
        [
            ("2001", ("47,672", "865", "3,814", "3,750", "3,640")),
            ("2002", ("48,183", "915", "3,850", "3,780", "3,659")),
            ("2003", ("48,540", "950", "3,902", "3,811", "3,671")),
        ],
        label=label,
        width=width,
        pitch=4.5,
    )
    [grid] = grids(d.save(tmp_path / "grades.pdf"))
    assert [row.label for row in grid.rows] == ["2001", "2002", "2003"]
    assert grid.stub == "Year"
    assert [path[-1] for path in grid.header] == ["Total", "PK", "K", "1", "2"]
    assert all("Grade" in path for path in grid.header[1:])


def test_a_ruled_off_line_of_amounts_is_a_banner_row_and_a_ruled_grid_has_no_header_line():
    from policyqa.ingest.layout import Rule
    from policyqa.ingest.table_finder import _ruled_off

    def line(top: float, *cells: tuple[str, float]) -> Line:
        return Line(tuple(Word(t, x, x + 20, top, top + 8, 8, False, 0, 8.0) for t, x in cells))

    def rule(top: float) -> Rule:
        return Rule(40, 260, top, top + 0.5)

    grades = line(100, ("Year", 40), ("PK", 100), ("K", 160), ("1", 240))
    banner = line(100, ("5,000", 40), ("8,000", 140), ("11,000", 240))
    rows = [line(112, ("2001", 40), ("865", 100), ("3,814", 160), ("3,750", 240))]
    rows.append(line(122, ("2002", 40), ("915", 100), ("3,850", 160), ("3,780", 240)))
    assert _ruled_off([grades, *rows], [rule(109)])
    assert not _ruled_off([banner, *rows], [rule(109)])  # amounts: a row of the body
    assert not _ruled_off([grades, *rows], [rule(109), rule(120)])  # a rule under every row: a grid
    assert not _ruled_off([grades, *rows], [Rule(40, 120, 109, 109.5)])  # a rule under a part only


def test_a_header_line_of_years_and_words_wrapped_below_is_header_not_a_row(tmp_path):
    # "2031  change  2031  change  2031" over "since 2020  since 2025": years and words alone name columns
    sheet = Sheet(
        caption="Table 6: Grocery turnover by store type",
        header=[
            [("", 1), ("hypermarkets", 2), ("supermarkets", 2), ("others", 1)],
            [("", 1), ("2031", 1), ("change", 1), ("2031", 1), ("change", 1), ("2031", 1)],
            [("", 1), ("", 1), ("since 2020", 1), ("", 1), ("since 2025", 1), ("", 1)],
        ],
        rows=[["Arcadia", "12", "+3", "52", "+11", "36"], ["Borduria", "16", "-2", "70", "+5", "14"]],
        widths=[40, 24, 24, 24, 24, 24],
    )
    d = Drawer()
    d.table(sheet)
    [grid] = grids(d.save(tmp_path / "turnover.pdf"))
    assert [row.label for row in grid.rows] == ["Arcadia", "Borduria"]
    assert [" ".join(path) for path in grid.header][:2] == ["hypermarkets 2031", "hypermarkets change since 2020"]


def test_a_line_naming_columns_may_mix_years_with_words_but_not_amounts():
    from policyqa.ingest.grid_lines import names_columns

    def line(*cells: tuple[str, float]) -> Line:
        return Line(
            tuple(
                Word(w, x + 12 * k, x + 12 * k + 10, 100, 108, 8, False, 0, 8.0)
                for t, x in cells
                for k, w in enumerate(t.split())
            )
        )

    assert names_columns(line(("2031", 60), ("change", 100), ("2031", 140), ("change", 180), ("2031", 220)))
    assert names_columns(line(("since 2020", 100), ("since 2025", 180)))  # the wrapped headings' last line
    assert not names_columns(line(("Arcadia", 10), ("12", 60), ("+3", 100), ("52", 140)))
    assert not names_columns(line(("2031", 60), ("change", 100), ("7.5", 140)))  # an amount: a row


def test_a_ruled_header_is_cut_at_its_borders_and_the_last_spanner_heads_all_right_of_its_rule():
    from policyqa.ingest.grid_lines import cells_of
    from policyqa.ingest.layout import Rule
    from policyqa.ingest.table_header import _Block, _cut_at_rules, _ruled_bounds

    def words(top: float, *cells: tuple[str, float]) -> Line:
        out, k = [], 0
        for text, x in cells:
            for w in text.split():
                out.append(Word(w, x, x + 5 * len(w), top, top + 8, 8, False, k, 8.0))
                x += 5 * len(w) + 2.5  # a space narrower than the gap between cells
                k += 1
        return Line(tuple(out))

    # "Percent" sits closer to the wrapped "error (±)" before it than a gap: only the border parts them
    tight = words(112, ("error (±) Percent", 100))
    assert [c.text for c in cells_of(tight, gap=0.55)] == ["error (±) Percent"]
    cut = _cut_at_rules(cells_of(tight, gap=0.55), tight, [Rule(147, 147.5, 96, 122)])
    assert [c.text for c in cut] == ["error (±)", "Percent"]
    # "2005 | 2010 | Difference" with no border right of the table: "Difference" heads all past its rule
    spanners = words(100, ("2005", 120), ("2010", 170), ("Difference", 220))
    rules = [Rule(x, x + 0.5, 96, 128) for x in (95, 145, 195)]
    block = _Block(["Difference"], 220, 270, 0, 0, 108, (8.0, False))
    assert _ruled_bounds(block, [spanners], rules) == (195, float("inf"))
    first = _Block(["2005"], 120, 140, 0, 0, 108, (8.0, False))
    assert _ruled_bounds(first, [spanners], rules) == (95, 145)
