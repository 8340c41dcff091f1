"""clean_document: normalising, joining broken paragraphs, headings, tables and spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyqa.ingest.clean import clean_document
from policyqa.ingest.units import strip_markup
from policyqa.records import Block, CleanDocument, Document, Page, RawTable

CORPUS = Path(__file__).parent.parent / "corpus"
JEF = CORPUS / "jef-policy-recommendations-supply-chain-resilience-2025.txt"
KIEP = CORPUS / "kiep-japan-supply-chain-risk-management.txt"


def _clean(*pages: str, numbered: bool = False) -> CleanDocument:
    """Clean a text file (one page, number None) or, with `numbered`, a PDF with pages 1..n."""
    records = tuple(Page(n if numbered else None, text) for n, text in enumerate(pages, start=1))
    return clean_document(Document("doc", "Doc", "doc.txt", "0" * 64, len(pages) if numbered else None, records))


def _texts(clean: CleanDocument) -> list[str]:
    return [clean.text[b.start : b.end] for b in clean.blocks]


def _assert_spans(clean: CleanDocument) -> None:
    """Blocks are in order, do not overlap, cover all text but the blank-line separators."""
    separators = [clean.text[a.end : b.start] for a, b in zip(clean.blocks, clean.blocks[1:], strict=False)]
    assert separators == ["\n\n"] * (len(clean.blocks) - 1)
    assert clean.blocks[0].start == 0 and clean.blocks[-1].end == len(clean.text)
    for block in clean.blocks:
        text = clean.text[block.start : block.end]
        assert text and text == text.strip(" \n")
        if block.table is not None:
            assert [clean.text[s:e] for s, e in block.table.line_spans] == list(block.table.lines)


# --- normalising ---------------------------------------------------------------------------


def test_normalises_unicode_spaces_and_line_ends() -> None:
    clean = _clean("Cafe\u0301  costs\u00a0rise.  \r\n\r\n\r\nSecond\u2009para\u200bgraph.\r\n")
    assert clean.text == "Café costs rise.\n\nSecond paragraph."


def test_strips_markdown_emphasis_links_and_code() -> None:
    text = "**Bold** and *italic* text with a [KIEP](#) link, `code` and __more__."
    assert strip_markup(text) == "Bold and italic text with a KIEP link, code and more."
    assert _texts(_clean(text + "\n")) == ["Bold and italic text with a KIEP link, code and more."]


def test_keeps_multiplication_and_snake_case() -> None:
    assert strip_markup("2 * 3 * 4 and file_name_here") == "2 * 3 * 4 and file_name_here"


# --- soft wraps, hyphens and page breaks ---------------------------------------------------


def test_joins_soft_wraps_and_removes_line_end_hyphens() -> None:
    text = "A supp-\nly shock hit the supply-\nchain of US-\nChina trade,\nsee the supply-chain review.\n"
    # "supply-chain" occurs mid-line elsewhere, so its hyphen is real; "US-" is followed by a capital.
    assert _texts(_clean(text)) == [
        "A supply shock hit the supply-chain of US-China trade, see the supply-chain review."
    ]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("It aims to significantly\n\nexpand domestic output.", "It aims to significantly expand domestic output."),
        ("The Ministry of Economy,\n\nTrade and Industry warns.", "The Ministry of Economy, Trade and Industry warns."),
        ("Trade in rare earths is a supp-\n\nly problem.", "Trade in rare earths is a supply problem."),
        (
            "Cooperation in environmental technology\n\n\n\nand digital rules.",
            "Cooperation in environmental technology and digital rules.",
        ),
    ],
)
def test_rejoins_paragraph_split_by_page_break(text: str, joined: str) -> None:
    assert _texts(_clean(text)) == [joined]


@pytest.mark.parametrize(
    "text",
    [
        "Costs rose sharply.\n\nprices followed later.",  # a finished sentence
        "## Rising costs\n\nprices followed later.",  # a heading
        "- A list item without a stop\n\nprices followed later.",  # a list item
        "Costs rose without a stop\n\nPrices followed later.",  # next starts with a capital
    ],
)
def test_does_not_join_finished_paragraphs_headings_or_list_items(text: str) -> None:
    assert len(_clean(text).blocks) == 2


def test_rejoins_sentence_interrupted_by_tables_and_charts() -> None:
    text = (
        "## Findings\n\n- Dependence is pronounced for rare metals\n\n"
        "TABLE 1\n\n## Imports\n\nYear\tChina\n2024\t22.5\n\nSource: MOF\n\n"
        "CHART 1\n\n## Items by country\n\n(2) Japan\n\n(Number of items)\n\nNote: HS codes.\n\n"
        "and rare earths. (Table 1).\n\nNext paragraph.\n"
    )
    clean = _clean(text)
    assert [(b.kind, clean.text[b.start : b.end].split("\n")[0], b.section) for b in clean.blocks] == [
        ("heading", "Findings", ("Findings",)),
        ("paragraph", "- Dependence is pronounced for rare metals and rare earths. (Table 1).", ("Findings",)),
        ("table", "TABLE 1", ("Findings",)),
        ("paragraph", "CHART 1", ("Findings",)),
        ("paragraph", "Items by country", ("Findings",)),
        ("paragraph", "(2) Japan", ("Findings",)),
        ("paragraph", "(Number of items)", ("Findings",)),
        ("paragraph", "Note: HS codes.", ("Findings",)),
        ("paragraph", "Next paragraph.", ("Findings",)),
    ]
    _assert_spans(clean)


def test_does_not_join_orphan_across_a_heading() -> None:
    text = "## Part\n\nTABLE 1\n\n## Imports\n\nYear\tChina\n2024\t22.5\n\nand more text follows.\n"
    assert _texts(_clean(text))[-1] == "and more text follows."


# --- headings and sections -----------------------------------------------------------------


def test_headings_give_section_paths() -> None:
    text = (
        "# Report\n\n## (March 31, 2025)\n\nIntro.\n\n### 1. Part\n\n#### ① Sub\n\nBody one.\n\n"
        "**(3) Bold heading**\n\nBody two.\n\n**(4) Next bold**\n\nBody three.\n\n## 2. **Other**\n\nBody four.\n"
    )
    clean = _clean(text)
    assert [(b.kind, clean.text[b.start : b.end], b.section, b.level) for b in clean.blocks] == [
        ("heading", "Report", ("Report",), 1),
        ("paragraph", "(March 31, 2025)", ("Report",), 0),  # a subtitle, not a section
        ("paragraph", "Intro.", ("Report",), 0),
        ("heading", "1. Part", ("Report", "1. Part"), 3),
        ("heading", "① Sub", ("Report", "1. Part", "① Sub"), 4),
        ("paragraph", "Body one.", ("Report", "1. Part", "① Sub"), 0),
        ("heading", "(3) Bold heading", ("Report", "1. Part", "① Sub", "(3) Bold heading"), 5),
        ("paragraph", "Body two.", ("Report", "1. Part", "① Sub", "(3) Bold heading"), 0),
        ("heading", "(4) Next bold", ("Report", "1. Part", "① Sub", "(4) Next bold"), 5),
        ("paragraph", "Body three.", ("Report", "1. Part", "① Sub", "(4) Next bold"), 0),
        ("heading", "2. Other", ("Report", "2. Other"), 2),
        ("paragraph", "Body four.", ("Report", "2. Other"), 0),
    ]


def test_list_items_are_paragraphs_of_their_own() -> None:
    text = "Points:\n\n- ① **Physical risk**\n  - Floods and earthquakes\n- ② **Cyber risk**\n"
    assert _texts(_clean(text)) == ["Points:", "- ① Physical risk", "- Floods and earthquakes", "- ② Cyber risk"]


# --- PDF-like pages ------------------------------------------------------------------------


def test_pdf_pages_give_block_pages_and_join_across_pages() -> None:
    clean = _clean(
        "1. Introduction\nSupply chains are exposed to disasters and to the politics of a\n"
        "few suppliers of critical goods, and the risk of disruption is\nrising.\n",
        "growing every year as trade tensions rise.\n2. Responses\nFirms stockpile. Governments\n",
        "subsidise domestic plants.\n2.1 Outlook\nThe outlook is uncertain.",
        numbered=True,
    )
    assert [(b.kind, b.page, b.section, clean.text[b.start : b.end]) for b in clean.blocks] == [
        ("heading", 1, ("1. Introduction",), "1. Introduction"),
        (
            "paragraph",
            1,
            ("1. Introduction",),
            "Supply chains are exposed to disasters and to the politics of a few suppliers of critical "
            "goods, and the risk of disruption is rising.",
        ),
        ("paragraph", 2, ("1. Introduction",), "growing every year as trade tensions rise."),
        ("heading", 2, ("2. Responses",), "2. Responses"),
        ("paragraph", 2, ("2. Responses",), "Firms stockpile. Governments subsidise domestic plants."),
        ("heading", 3, ("2. Responses", "2.1 Outlook"), "2.1 Outlook"),
        ("paragraph", 3, ("2. Responses", "2.1 Outlook"), "The outlook is uncertain."),
    ]
    _assert_spans(clean)


def test_page_starts_mark_where_each_page_begins_even_mid_paragraph() -> None:
    clean = _clean(
        "1. Scope\nThe scope is narrow and", "covers chips only.\nMore follows.", "2. Next\nText.", numbered=True
    )
    assert clean.text == "1. Scope\n\nThe scope is narrow and covers chips only. More follows.\n\n2. Next\n\nText."
    assert clean.page_starts == ((0, 1), (clean.text.index("covers"), 2), (clean.text.index("2. Next"), 3))
    assert _clean("Text file.\n\nNo pages.").page_starts == ()


def test_pdf_paragraph_ends_at_short_line_ending_a_sentence() -> None:
    clean = _clean(
        "The first paragraph is printed on two lines of roughly equal\nlength and ends here.\n"
        "The second one follows on the next line with no blank line.\n",
        numbered=True,
    )
    assert _texts(clean) == [
        "The first paragraph is printed on two lines of roughly equal length and ends here.",
        "The second one follows on the next line with no blank line.",
    ]


# --- tables --------------------------------------------------------------------------------


def test_tab_separated_table_with_caption_unit_and_notes() -> None:
    text = (
        "# Report\n\nIntro.\n\nTABLE 1\n\n## Imports by **partner** (2024)\n\n(unit: %)\n\n"
        "Year\tChina\tUS\t\n2023\t22.1\t10.5\t\n2024\t22.5\t11.3\t\n\n \nNote: Shares of total imports.  \n"
        "Source: Ministry of Finance\n\nAfter the table.\n"
    )
    clean = _clean(text)
    table_text = (
        "TABLE 1\nImports by partner (2024)\n(unit: %)\nYear\tChina\tUS\t\n2023\t22.1\t10.5\t\n"
        "2024\t22.5\t11.3\t\nNote: Shares of total imports.\nSource: Ministry of Finance"
    )
    assert clean.text == f"Report\n\nIntro.\n\n{table_text}\n\nAfter the table."
    start = len("Report\n\nIntro.\n\n")
    first = start + len("TABLE 1\nImports by partner (2024)\n(unit: %)\n")
    assert clean.blocks == (
        Block("heading", 0, 6, None, ("Report",), level=1),
        Block("paragraph", 8, 14, None, ("Report",)),
        Block(
            "table",
            start,
            start + len(table_text),
            None,
            ("Report",),
            table=RawTable(
                caption=("TABLE 1", "Imports by partner (2024)"),
                lines=("Year\tChina\tUS\t", "2023\t22.1\t10.5\t", "2024\t22.5\t11.3\t"),
                notes=("(unit: %)", "Note: Shares of total imports.", "Source: Ministry of Finance"),
                line_spans=((first, first + 14), (first + 15, first + 30), (first + 31, first + 46)),
            ),
        ),
        Block("paragraph", start + len(table_text) + 2, len(clean.text), None, ("Report",)),
    )


def test_single_tab_line_is_prose() -> None:
    assert [b.kind for b in _clean("Name\tvalue\n").blocks] == ["paragraph"]


def test_space_aligned_table_in_pdf_text() -> None:
    clean = _clean(
        "2. Imports\nTable 3: Imports by year\nYear    Imports    Share\n2022    1,234.5    12.3\n"
        "2023    1,300.0    13.1\n2024    1,410.2    14.0\nSource: Ministry of Finance\nImports grew.\n",
        numbered=True,
    )
    tables = [b.table for b in clean.blocks if b.kind == "table"]
    assert [(t.caption, t.lines, t.notes) for t in tables if t] == [
        (
            ("Table 3: Imports by year",),
            (
                "Year    Imports    Share",
                "2022    1,234.5    12.3",
                "2023    1,300.0    13.1",
                "2024    1,410.2    14.0",
            ),
            ("Source: Ministry of Finance",),
        )
    ]
    assert _texts(clean)[-1] == "Imports grew."
    _assert_spans(clean)


JUSTIFIED_PROSE = (  # as pypdf prints justified lines: wide word gaps as runs of spaces
    "In  2007  the  agency  received  1,204  requests,  up  from  980\n"
    "in  2006.  Of  these,  312  were  granted  within  30  days  and\n"
    "the  rest  within  90  days  of  filing,  as  the  2005  rules\n"
    "on  public  access  to  records  require.\n"
)
JUSTIFIED_TABS = (  # ... or as tabs
    "Agency\tfor\tToxic\tSubstances\tand\tDisease\tRegistry,\t1600\tClifton\tRoad,\tAtlanta,\tGA\t30333.\n"
    "Telephone:\t770-488-7492;\tFax:\t770-488-3635;\tE-mail:\tmjb5@cdc.gov.\n"
    "The\t2007–2009\tAHS\tdata\tindicate\tthat\tthe\tpercentage\tof\t5.8\tmillion\tunits\n"
)


@pytest.mark.parametrize("text", [JUSTIFIED_PROSE, JUSTIFIED_TABS], ids=["spaces", "tabs"])
def test_justified_pdf_prose_is_not_a_table(text: str) -> None:
    clean = _clean(text, numbered=True)
    assert {b.kind for b in clean.blocks} == {"paragraph"}
    assert " ".join(clean.text.split()) == " ".join(text.split())


def test_space_aligned_header_of_lowercase_phrases_stays_in_the_table() -> None:
    lines = (
        "Year    Share of total imports    Change from last year",
        "2022    12.3    1.2",
        "2023    13.1    0.8",
        "2024    14.0    0.9",
    )
    clean = _clean("\n".join(lines) + "\n", numbered=True)
    assert [b.table.lines if b.table else None for b in clean.blocks] == [lines]


def test_prose_line_ends_a_space_aligned_table() -> None:
    clean = _clean(
        "Year    Imports    Share\n2022    1,234.5    12.3\n2023    1,300.0    13.1\n2024    1,410.2    14.0\n"
        "Imports  rose  by  8.5  percent  in  2024  after  a  flat  2023.\n",
        numbered=True,
    )
    assert [b.table.lines[-1] if b.table else clean.text[b.start : b.end] for b in clean.blocks] == [
        "2024    1,410.2    14.0",
        "Imports rose by 8.5 percent in 2024 after a flat 2023.",
    ]


def test_chart_caption_without_data_is_not_a_table() -> None:
    clean = _clean("# Report\n\nCHART 1\n\n## Items by country\n\n(2) Japan\n\nNote: HS codes.\n")
    assert [(b.kind, b.section) for b in clean.blocks] == [("heading", ("Report",))] + [("paragraph", ("Report",))] * 4


# --- the default corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> dict[str, CleanDocument]:
    docs = {}
    for path in (JEF, KIEP):
        document = Document(path.stem, path.stem, path.name, "0" * 64, None, (Page(None, path.read_text("utf-8")),))
        docs[path.stem] = clean_document(document)
    return docs


def test_corpus_has_the_four_tables(corpus: dict[str, CleanDocument]) -> None:
    tables = [b.table for doc in corpus.values() for b in doc.blocks if b.table is not None]
    # header lines + body rows, counted by hand: 2 + 25, 3 + 21, 3 + 18, 3 + 15
    assert [len(t.lines) for t in tables] == [27, 24, 21, 18]
    assert [t.caption for t in tables] == [
        ("TABLE 1", "Japan's import share by country (all items)"),
        ("TABLE 2", "Import dependence on important strategic materials (2024)"),
        ("TABLE 3", "Import dependency on rare metals and rare earths (2024) ①"),
        ("TABLE 4", "Import dependency on rare metals and rare earths (2024) ②"),
    ]
    assert [(t.lines[0].split("\t")[0], t.lines[-1].split("\t")[0]) for t in tables] == [
        ("2024 Rank", "2024"),
        ("Items", "Ship parts"),
        ("Items", "284690"),
        ("Items", "810299"),
    ]
    assert tables[0].notes == (
        "(unit: %)",
        "Source: Compiled by the study group based on Ministry of Finance & CEIC data",
    )
    assert [len(t.notes) for t in tables] == [2, 2, 2, 2]


def test_corpus_chart_is_not_a_table_and_keeps_the_section(corpus: dict[str, CleanDocument]) -> None:
    jef = corpus[JEF.stem]
    chart = next(b for b in jef.blocks if jef.text[b.start : b.end] == "CHART 1")
    assert chart.kind == "paragraph"
    after = next(b for b in jef.blocks if jef.text[b.start : b.end].startswith("On the other hand, restructuring"))
    assert after.section[-1] == "③ Geopolitical risks"


@pytest.mark.parametrize(
    "phrase",
    [
        "aims to significantly expand domestic",
        "within 15 days upon a member's request",
        "it is important to reduce dependence",
        "Ministry of Economy, Trade and Industry",
        "Global consensus is not necessary",
        "environmental technology and digital rules",
        "pronounced for rare metals and rare earth elements. (Tables 3 & 4).",
    ],
)
def test_corpus_broken_paragraphs_are_rejoined(corpus: dict[str, CleanDocument], phrase: str) -> None:
    assert any(phrase in doc.text for doc in corpus.values())


def test_corpus_block_spans_are_consistent(corpus: dict[str, CleanDocument]) -> None:
    for doc in corpus.values():
        _assert_spans(doc)
        assert all(b.page is None for b in doc.blocks)
        lines = [line for b in doc.blocks if b.table for line in b.table.lines]
        prose = [doc.text[b.start : b.end] for b in doc.blocks if b.kind != "table"]
        assert not [line for line in lines for text in prose if line in text]
        assert "**" not in doc.text and "](#)" not in doc.text


def test_accents_drawn_apart_from_their_letter_are_joined_to_it():
    from policyqa.ingest.units import normalise_page

    assert normalise_page("Ageˆncia Nacional de Aviac¸a˜o Civil") == "Agência Nacional de Aviação Civil"
    assert normalise_page("a price of 5 ´ per unit") == "a price of 5 ´ per unit"  # no letter before it
