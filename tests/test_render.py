"""Evidence as printed: PDF pages rendered with highlights, text found on a page, passages in
context, figures tied to their cells, and the exports (Markdown, CSV, Excel)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from openpyxl import load_workbook
from PIL import Image

from policyqa import (
    Answer,
    Assistant,
    Citation,
    PolicyQAError,
    answer_markdown,
    build_index,
    conversation_markdown,
    escape_markdown,
    pdf_needs_password,
    printed_frame,
    table_csv,
    table_xlsx,
    unlock_pdf,
    values_csv,
    values_frame,
)
from policyqa.records import Column, Table, TableRow
from policyqa.render.pages import HIGHLIGHT_EDGE, find_cell, find_line, find_text, render_page

from report_pdf import LICENCES, report_pdf

NOTES = "# Gallium notes\n\nChina restricted exports of gallium in August 2023. Stocks were built.\n"


@dataclass(frozen=True, slots=True)
class CellCitation(Citation):
    """A citation with the cell-level fields the table rebuild adds."""

    table_id: str | None = None
    row: int | None = None
    column: int | None = None
    box: tuple[float, float, float, float] | None = None


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A corpus of the PDF and a Markdown note, indexed with the fake embedder."""
    from conftest import FakeEmbedder

    root = tmp_path_factory.mktemp("served")
    corpus = root / "corpus"
    corpus.mkdir()
    report_pdf(corpus / "report.pdf")
    (corpus / "notes.md").write_text(NOTES)
    embedder = FakeEmbedder()
    build_index(corpus, root / "index", embedder=embedder)
    return Assistant.from_index(root / "index", embedder=embedder, corpus=corpus), corpus


def edge_pixels(png: bytes, box=None, scale=2.0) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if box is not None:
        x0, top, x1, bottom = box
        image = image.crop((int(x0 * scale) - 8, int(top * scale) - 8, int(x1 * scale) + 8, int(bottom * scale) + 8))
    return int((np.asarray(image) == HIGHLIGHT_EDGE[:3]).all(axis=2).sum())


def test_a_page_renders_with_its_boxes_framed(pdf):
    plain = render_page(pdf, 1)
    assert plain.png.startswith(b"\x89PNG") and (plain.width, plain.height) == (1191, 1684)  # A4 at 2 px/pt
    assert edge_pixels(plain.png) == 0
    box = (50.0, 60.0, 150.0, 70.0)
    framed = render_page(pdf, 1, boxes=[box])
    assert framed.boxes == (box,) and edge_pixels(framed.png, box) == edge_pixels(framed.png) > 400


def test_a_page_out_of_range_is_a_clean_error(pdf):
    with pytest.raises(PolicyQAError, match=r"report\.pdf has 2 pages, not a page 3"):
        render_page(pdf, 3)


def test_a_wrapped_sentence_is_found_line_by_line(pdf):
    boxes = find_text(pdf, 1, LICENCES)
    assert len(boxes) == 4  # the sentence covers four printed lines
    assert all(0 < top < bottom < 120 for _, top, _, bottom in boxes)
    assert [round(b[1]) for b in boxes] == sorted(round(b[1]) for b in boxes)
    assert find_text(pdf, 1, "licences for REFINED   gallium") == find_text(pdf, 1, "licences for refined gallium")
    assert find_text(pdf, 1, "nothing like this is printed") == ()


def test_a_sentence_cleaned_by_the_extractor_is_still_found(pdf):
    # the cleaned text joins what the page prints over two lines; words split into runs still match
    assert len(find_text(pdf, 1, "Ministry of Industry introduced export licences for refined gallium")) == 2


def test_a_cell_is_found_on_its_rows_line(pdf):
    [label] = find_text(pdf, 2, "Germanium metal")
    [cell] = find_cell(pdf, 2, "Germanium metal", "26.4")
    assert cell[0] > label[2] and abs(cell[1] - label[1]) < 2
    assert find_cell(pdf, 2, "Germanium metal", "53.3") == ()  # printed, but on another row
    [line] = find_line(pdf, 2, "Germanium metal")
    assert line[0] == label[0] and line[2] >= cell[2]


def test_boxes_follow_a_rotated_page(pdf, tmp_path):
    document = pdfium.PdfDocument(pdf)
    document[1].set_rotation(90)
    document.save(tmp_path / "rotated.pdf")
    document.close()
    [cell] = find_cell(tmp_path / "rotated.pdf", 2, "Germanium metal", "26.4")
    assert cell[2] - cell[0] < cell[3] - cell[1]  # the number now reads top to bottom
    image = render_page(tmp_path / "rotated.pdf", 2)
    crop = Image.open(io.BytesIO(image.png)).convert("L").crop(tuple(int(v * 2) for v in cell))
    assert np.asarray(crop).min() < 100  # ink under the box: it frames the printed digits


def test_an_encrypted_pdf_is_unlocked_with_its_password(pdf, tmp_path):
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("Helvetica", size=11)
    locked.cell(0, 10, "Confidential gallium figures")
    data = bytes(locked.output())
    assert pdf_needs_password(data) and not pdf_needs_password(pdf.read_bytes())
    with pytest.raises(PolicyQAError, match="wrong password"):
        unlock_pdf(data, "guess")
    opened = unlock_pdf(data, "secret")
    assert not pdf_needs_password(opened)
    (tmp_path / "open.pdf").write_bytes(opened)
    assert find_text(tmp_path / "open.pdf", 1, "Confidential gallium figures")


# --- through the Assistant --------------------------------------------------------------


def citation_of(assistant, kind: str, needle: str, n: int = 1) -> Citation:
    chunk = next(c for c in assistant.chunks() if c.kind == kind and needle in c.text)
    title = next(d.title for d in assistant.documents() if d.doc_id == chunk.doc_id)
    start = chunk.text.find(needle)
    span = (start, start + len(needle)) if kind == "passage" else None
    return Citation(n, chunk.doc_id, title, chunk.page, chunk.section, chunk.text, kind, span)


def test_the_cited_page_frames_the_cited_sentence(served):
    assistant, _ = served
    citation = citation_of(assistant, "passage", LICENCES)
    image = assistant.cited_page(citation)
    assert (image.page, len(image.boxes)) == (1, 4)
    assert image is assistant.cited_page(citation)  # cached
    assert edge_pixels(image.png) > 1000


def test_a_cited_table_row_frames_its_line_and_a_figure_its_cell(served):
    assistant, _ = served
    row = citation_of(assistant, "table_row", "Germanium metal")
    [line] = assistant.cited_page(row).boxes
    table = next(t for t in assistant.tables() if t.doc_id == row.doc)
    figure = {
        "table": table.name,
        "row": "Germanium metal",
        "column": "HHI",
        "value": 26.4,
        "unit": "HHI",
        "printed": "26.4",
    }
    answer = Answer("q", "26.4 [1]", False, (row,), (), (figure, {**figure, "table": "Table 99"}))
    cell, missing = assistant.figure_cells(answer)
    assert missing is None and (cell.row.label, table.columns[cell.column], cell.printed) == (
        "Germanium metal",
        "HHI",
        "26.4",
    )
    assert cell.citation == row and cell.page == 2
    [box] = assistant.cell_page(cell).boxes
    assert line[0] < box[0] < box[2] <= line[2] and abs(box[1] - line[1]) < 2


def test_a_cell_level_citation_is_drawn_where_it_says(served):
    assistant, _ = served
    row = citation_of(assistant, "table_row", "Germanium metal")
    table = next(t for t in assistant.tables() if t.doc_id == row.doc)
    cited = CellCitation(
        **{f: getattr(row, f) for f in Citation.__slots__},
        table_id=table.table_id,
        row=1,
        column=2,
        box=(10.0, 20.0, 30.0, 40.0),
    )
    assert assistant.cited_page(cited).boxes == ((10.0, 20.0, 30.0, 40.0),)
    figure = {"table": table.name, "row": "Germanium metal", "column": "HHI", "printed": "26.4"}
    [cell] = assistant.figure_cells(Answer("q", "a", False, (cited,), (), (figure,)))
    assert cell.citation is cited and assistant.cell_page(cell).boxes == ((10.0, 20.0, 30.0, 40.0),)


def test_a_text_file_citation_shows_its_passage_in_context(served):
    assistant, _ = served
    citation = citation_of(assistant, "passage", "China restricted exports of gallium in August 2023.")
    assert not assistant.has_pages(citation.doc)
    with pytest.raises(PolicyQAError, match="not on a PDF page"):
        assistant.cited_page(citation)
    context = assistant.passage_context(citation)
    assert context.before + context.text + context.after in NOTES or context.text in NOTES
    start, end = context.highlight
    assert context.text[start:end] == "China restricted exports of gallium in August 2023."


def test_a_table_row_in_context_is_its_printed_line(served):
    assistant, _ = served
    context = assistant.passage_context(citation_of(assistant, "table_row", "Germanium metal"))
    assert context.text.split() == ["Germanium", "metal", "980.9", "26.4", "33.2"]
    assert "Refined gallium" in context.before and "Gallium arsenide" in context.after


def test_a_changed_or_missing_file_is_not_shown_as_the_indexed_one(served, tmp_path):
    assistant, corpus = served
    citation = citation_of(assistant, "passage", LICENCES)
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    other = Assistant.from_index(assistant.path, embedder=assistant.embedder, corpus=copy)
    report_pdf(copy / "report.pdf", title="Another title")
    with pytest.raises(PolicyQAError, match=r"report\.pdf changed since the index was built: rebuild the index"):
        other.cited_page(citation)
    (copy / "report.pdf").unlink()
    with pytest.raises(PolicyQAError, match="no longer in"):
        other.cited_page(citation)
    without = Assistant.from_index(assistant.path, embedder=assistant.embedder)
    with pytest.raises(PolicyQAError, match="pass corpus="):
        without.page_image(citation.doc, 1)


# --- exports ----------------------------------------------------------------------------


def small_table() -> Table:
    columns = ("Items", "Output (tonnes)", "Share", "Note")
    schema = (
        Column(columns[0], "label", None),
        Column(columns[1], "amount", "tonnes"),
        Column(columns[2], "share", "%"),
        Column(columns[3], "text", None),
    )
    rows = (
        TableRow(
            0,
            "Gallium",
            ("Gallium", "51,914.8", "39.1", "=1+1"),
            (None, 51914.8, 39.1, None),
            "T | Gallium",
            0,
            1,
            "Metals",
        ),
        TableRow(1, "Germanium", ("Germanium", "980.0", "", ""), (None, 980.0, None, None), "T | Germanium", 1, 2),
    )
    return Table(
        "d:table-1",
        "d",
        "1",
        "Output",
        None,
        columns,
        rows,
        ("Note: test.",),
        4,
        "Metals",
        0,
        9,
        schema,
        2024,
        "Source: test",
    )


def test_a_table_as_printed_and_as_values():
    table = small_table()
    assert printed_frame(table).to_dict("records") == [
        {"group": "Metals", "Items": "Gallium", "Output (tonnes)": "51,914.8", "Share": "39.1", "Note": "=1+1"},
        {"group": "", "Items": "Germanium", "Output (tonnes)": "980.0", "Share": "", "Note": ""},
    ]
    values = values_frame(table)
    assert values["Output (tonnes)"].tolist() == [51914.8, 980.0] and values["Share"].isna().tolist() == [False, True]
    assert table_csv(table).splitlines() == [
        "group,Items,Output (tonnes),Share,Note",
        'Metals,Gallium,"51,914.8",39.1,=1+1',
        ",Germanium,980.0,,",
    ]
    assert values_csv(table).splitlines()[1:] == ["Metals,Gallium,51914.8,39.1,=1+1", ",Germanium,980.0,,"]


def test_a_table_as_an_excel_workbook():
    book = load_workbook(io.BytesIO(table_xlsx(small_table(), document="Minor metals")))
    assert book.sheetnames == ["values", "printed", "about"]
    values = book["values"]
    assert [c.value for c in values[1]] == ["group", "Items", "Output (tonnes)", "Share", "Note"]
    assert (values["C2"].value, values["C2"].number_format) == (51914.8, "#,##0.0")
    assert (values["D2"].value, values["D2"].number_format, values["D3"].value) == (39.1, "0.0", None)
    assert values["E2"].data_type == "s" and values["E2"].value == "=1+1"  # text, not a formula
    assert book["printed"]["C2"].value == "51,914.8"
    about = {r[0].value: r[1].value for r in book["about"].iter_rows()}
    assert about["document"] == "Minor metals" and about["page"] == "4" and about["units"] == "tonnes, %"


TRACKER = "![t](http://127.0.0.1:9/track.png) <img src=x onerror=alert(1)>"
ROW = Citation(2, "jef", f"JEF {TRACKER}", 4, None, "Table 2 | Fertilizers | China 39.1%", "table_row", None)
PROSE = Citation(
    1, "kiep", "Japan's SCRM", None, "IPEF", "Intro. It was signed in December 2023. More.", "passage", (7, 39)
)
ANSWER = Answer("When *was* it?", "It was signed in December 2023. [1] China 39.1% [2]", False, (PROSE, ROW), ())


def test_escape_markdown_keeps_text_literal():
    assert escape_markdown("Costs $5 *or* [1] #2 a_b") == r"Costs \$5 \*or\* \[1\] \#2 a\_b"
    # a bare URL is broken by an invisible word joiner: the renderer links URLs after undoing escapes
    assert (
        escape_markdown(TRACKER)
        == "\\!\\[t\\]\\(http:\u2060//127.0.0.1:9/track.png\\) \\<img src=x onerror=alert\\(1\\)\\>"
    )
    assert (
        escape_markdown("see www.x.org :material/policy: 1. a\n- b\n---")
        == "see www\u2060.x.org \\:material/policy: 1. a  \n\\- b  \n\\---"
    )
    assert escape_markdown("Table 2: 39.1% - 40") == "Table 2: 39.1% - 40"


def test_an_answer_as_markdown_keeps_document_strings_literal():
    assert answer_markdown(ANSWER) == (
        "## When \\*was\\* it?\n\nIt was signed in December 2023. \\[1\\] China 39.1% \\[2\\]\n\nSources:\n\n"
        "1. Japan's SCRM, IPEF: “It was signed in December 2023.”\n"
        f"2. JEF {escape_markdown(TRACKER)}, p. 4: “Table 2 \\| Fertilizers \\| China 39.1%”\n"
    )


def test_a_conversation_as_markdown_numbers_its_turns_and_shows_readings():
    @dataclass(frozen=True, slots=True)
    class Read(Answer):
        read_as: str | None = None

    follow = Read("and in 2010?", "12.3% [1]", False, (PROSE,), (), read_as="China's share in 2010?")
    text = conversation_markdown([ANSWER, follow])
    assert text.startswith("# Conversation\n\n## 1. When \\*was\\* it?\n\n")
    assert "## 2. and in 2010?\n\n*Read as: China's share in 2010?*\n\n12.3% \\[1\\]\n" in text
    assert text.count("Sources:") == 2


def test_figures_are_a_markdown_table():
    figure = {
        "table": "Table 2",
        "row": "Fertilizers",
        "column": "1st | Share",
        "value": 39.1,
        "unit": "%",
        "printed": "39.1",
    }
    text = answer_markdown(replace(ANSWER, figures=(figure,)))
    header = "| table | row | column | value | unit |\n|---|---|---|---|---|\n"
    assert header + "| Table 2 | Fertilizers | 1st \\| Share | 39.1 | % |\n" in text
