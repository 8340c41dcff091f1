"""chunk_document: passage packing and splitting, sections, table chunks, ids."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policyqa.index.chunk import chunk_document, table_summary
from policyqa.ingest.clean import clean_document
from policyqa.records import Block, Chunk, CleanDocument, Document, Page, RawTable, Table, TableRow
from policyqa.settings import ChunkerSettings

CORPUS = Path(__file__).parent.parent / "corpus"


def words(text: str) -> int:
    return len(text.split())


def _document(doc_id: str = "doc") -> Document:
    return Document(doc_id, "Doc", f"{doc_id}.txt", "0" * 64, None, (Page(None, ""),))


def _clean(paragraphs: list[tuple[tuple[str, ...], str]]) -> CleanDocument:
    """A cleaned document of paragraph blocks, each (section, text), separated by blank lines."""
    blocks, parts, pos = [], [], 0
    for section, text in paragraphs:
        blocks.append(Block("paragraph", pos, pos + len(text), None, section))
        parts.append(text)
        pos += len(text) + 2
    return CleanDocument(_document(), "\n\n".join(parts), tuple(blocks))


def _chunk(clean: CleanDocument, tables: tuple[Table, ...] = (), **settings: int) -> tuple[Chunk, ...]:
    return chunk_document(clean, tables, settings=ChunkerSettings(**settings), count_tokens=words)


# --- passages ------------------------------------------------------------------------------


def test_packs_paragraphs_of_one_section_and_never_crosses_sections() -> None:
    clean = _clean([(("A",), "One two three."), (("A",), "Four five."), (("A", "B"), "Six seven.")])
    assert _chunk(clean, max_tokens=32) == (
        Chunk("doc:0", "doc", "One two three.\n\nFour five.", "passage", None, "A", 0, 26),
        Chunk("doc:1", "doc", "Six seven.", "passage", None, "A > B", 28, 38),
    )


def test_starts_a_new_chunk_when_the_next_paragraph_does_not_fit() -> None:
    clean = _clean([(("A",), "a b c d e."), (("A",), "f g h i j."), (("A",), "k l.")])
    assert [c.text for c in _chunk(clean, max_tokens=11)] == ["a b c d e.\n\nf g h i j.", "k l."]


def test_headings_and_tables_are_not_passages() -> None:
    text = "Title\n\nBody text.\n\nTABLE 1\nA\tB\n1\t2"
    blocks = (
        Block("heading", 0, 5, None, ("Title",), level=1),
        Block("paragraph", 7, 17, None, ("Title",)),
        Block("table", 19, len(text), None, ("Title",), table=RawTable(("TABLE 1",), ("A\tB", "1\t2"), (), ())),
    )
    chunks = _chunk(CleanDocument(_document(), text, blocks))
    assert [c.text for c in chunks] == ["Body text."]


SENTENCES = [f"Sentence {n} has five words." for n in range(1, 7)]


@pytest.mark.parametrize(
    ("overlap", "pieces"),
    [
        (1, [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]),
        (0, [(1, 2), (3, 4), (5, 6)]),
    ],
)
def test_long_paragraph_is_split_on_sentences_with_overlap(overlap: int, pieces: list[tuple[int, int]]) -> None:
    clean = _clean([(("A",), " ".join(SENTENCES))])
    chunks = _chunk(clean, max_tokens=12, overlap_sentences=overlap)
    assert [c.text for c in chunks] == [" ".join(SENTENCES[a - 1 : b]) for a, b in pieces]
    assert all(clean.text[c.start : c.end] == c.text for c in chunks)


def test_overlap_shrinks_when_it_leaves_no_room() -> None:
    first, second, third = "Alpha beta gamma.", "Bee " + "w " * 7 + "end.", "Cee " + "w " * 7 + "end."
    clean = _clean([(("A",), f"{first} {second} {third}")])
    chunks = _chunk(clean, max_tokens=12, overlap_sentences=1)
    # Repeating `second` would leave no room for `third`: no piece holds `second` alone.
    assert [c.text for c in chunks] == [f"{first} {second}", third]


def test_sentence_over_budget_is_split_on_words() -> None:
    sentence = " ".join(f"w{n}" for n in range(25)) + "."
    chunks = _chunk(_clean([(("A",), sentence)]), max_tokens=10, overlap_sentences=0)
    assert [words(c.text) for c in chunks] == [10, 10, 5]
    assert " ".join(c.text for c in chunks) == sentence


def test_chunk_page_is_the_page_where_it_starts() -> None:
    pages = (Page(1, "1. Scope\nThe scope is narrow and"), Page(2, "covers chips only.\nMore follows."))
    clean = clean_document(Document("pdf", "Pdf", "pdf.pdf", "0" * 64, 2, pages))
    chunks = _chunk(clean)
    assert [(c.page, c.section, c.text) for c in chunks] == [
        (1, "1. Scope", "The scope is narrow and covers chips only. More follows.")
    ]


def test_pieces_of_a_paragraph_running_onto_the_next_page_get_that_page() -> None:
    pages = (
        Page(1, "1. Scope\nFirst sentence has five words. Second sentence has five words. Third one runs"),
        Page(2, "over the page break here. Fourth sentence has five words."),
        Page(3, "Fifth sentence has five words."),
    )
    clean = clean_document(Document("pdf", "Pdf", "pdf.pdf", "0" * 64, 3, pages))
    chunks = _chunk(clean, max_tokens=12, overlap_sentences=0)
    assert [(c.page, c.text) for c in chunks] == [
        (1, "First sentence has five words. Second sentence has five words."),
        (1, "Third one runs over the page break here."),  # starts on page 1, ends on page 2
        (2, "Fourth sentence has five words."),
        (3, "Fifth sentence has five words."),
    ]


# --- tables --------------------------------------------------------------------------------


def _table(doc_id: str, start: int, end: int, rows: list[tuple[str, int, int]]) -> Table:
    return Table(
        table_id=f"{doc_id}:table-1",
        doc_id=doc_id,
        number="2",
        title="Imports (2024)",
        unit="%",
        columns=("Year", "China"),
        notes=("Source: MOF",),
        page=None,
        section="From tables.py",
        start=start,
        end=end,
        rows=tuple(
            TableRow(n, label, (label, "1.0"), (None, 1.0), f"Imports (2024): {label}", s, e)
            for n, (label, s, e) in enumerate(rows)
        ),
    )


def test_table_rows_become_table_row_chunks() -> None:
    text = "Intro.\n\nTABLE 2\nYear\tChina\n2023\t1.0\n2024\t1.0\nSource: MOF\n\nAfter."
    table_start, table_end = 8, text.index("\n\nAfter.")
    raw = RawTable(
        ("TABLE 2",), ("Year\tChina", "2023\t1.0", "2024\t1.0"), ("Source: MOF",), ((16, 26), (27, 35), (36, 44))
    )
    blocks = (
        Block("paragraph", 0, 6, None, ("S",)),
        Block("table", table_start, table_end, None, ("S",), table=raw),
        Block("paragraph", table_end + 2, len(text), None, ("S",)),
    )
    table = _table("doc", table_start, table_end, [("2023", 27, 35), ("2024", 36, 44)])
    chunks = _chunk(CleanDocument(_document(), text, blocks), (table,))
    summary = "Table 2: Imports (2024). Unit: %. Columns: Year; China. Source: MOF"
    assert chunks == (
        Chunk("doc:0", "doc", "Intro.", "passage", None, "S", 0, 6),
        Chunk("doc:1", "doc", summary, "passage", None, "S", table_start, table_end, "doc:table-1"),
        Chunk("doc:2", "doc", "Imports (2024): 2023", "table_row", None, "S", 27, 35, "doc:table-1", 0),
        Chunk("doc:3", "doc", "Imports (2024): 2024", "table_row", None, "S", 36, 44, "doc:table-1", 1),
        Chunk("doc:4", "doc", "After.", "passage", None, "S", table_end + 2, len(text)),
    )


def test_table_without_a_block_is_still_chunked_and_its_rows_leave_passages() -> None:
    clean = _clean([(("S",), "Before."), (("S",), "2023 1.0 2024 1.0"), (("S",), "After.")])
    table = _table("doc", 9, 26, [("2023", 9, 17), ("2024", 18, 26)])
    chunks = _chunk(clean, (table,))
    assert [(c.kind, c.text, c.section, c.row) for c in chunks] == [
        ("passage", "Before.", "S", None),
        ("passage", "Table 2: Imports (2024). Unit: %. Columns: Year; China. Source: MOF", "From tables.py", None),
        ("table_row", "Imports (2024): 2023", "From tables.py", 0),
        ("table_row", "Imports (2024): 2024", "From tables.py", 1),
        ("passage", "After.", "S", None),
    ]


def test_table_rows_get_the_page_they_are_printed_on() -> None:
    clean = replace(_clean([(("S",), "Before."), (("S",), "2023 1.0 2024 1.0")]), page_starts=((0, 4), (18, 5)))
    table = _table("doc", 9, 26, [("2023", 9, 17), ("2024", 18, 26)])
    assert [(c.kind, c.row, c.page) for c in _chunk(clean, (table,))] == [
        ("passage", None, 4),
        ("passage", None, 4),
        ("table_row", 0, 4),
        ("table_row", 1, 5),
    ]


# --- sections without the document title ----------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "sections"),
    [
        (  # the title itself, whatever its case and punctuation
            "The Japanese Government's Supply Chain Risk Management",
            "Intro.\n\n# The Japanese government’s supply-chain risk management\n\nBody.\n\n"
            "## Policy\n\nMore.\n\n# Annex\n\nEnd.\n",
            [None, None, "Policy", "Annex"],
        ),
        # the only level-1 heading, coming first, names the document too
        ("Doc", "# Supply Chains\n\nBody.\n\n## Policy\n\nMore.\n", [None, "Policy"]),
        # two level-1 headings, neither of them the title: both are sections
        ("Doc", "# Part A\n\nBody.\n\n# Part B\n\nMore.\n", ["Part A", "Part B"]),
        # a numbered heading opens a part, even as the only level-1 heading
        ("Doc", "# 1. Scope\n\nBody.\n\n## 1.1 Chips\n\nMore.\n", ["1. Scope", "1. Scope > 1.1 Chips"]),
    ],
)
def test_section_leaves_out_a_first_heading_naming_the_document(title, text, sections) -> None:
    clean = clean_document(Document("doc", title, "doc.md", "0" * 64, None, (Page(None, text),)))
    assert [c.section for c in _chunk(clean)] == sections


def test_table_sections_leave_out_the_title_too() -> None:
    clean = _clean([(("Doc", "S"), "Before."), (("Doc", "S"), "2023 1.0 2024 1.0")])
    table = replace(_table("doc", 9, 26, [("2023", 9, 17), ("2024", 18, 26)]), section="Doc > Imports")
    assert [(c.kind, c.section) for c in _chunk(clean, (table,))] == [
        ("passage", "S"),
        ("passage", "Imports"),
        ("table_row", "Imports"),
        ("table_row", "Imports"),
    ]


def test_table_summary_without_number_or_unit() -> None:
    table = Table("d:table-1", "d", None, "Shares", None, ("Item", ""), (), (), None, None, 0, 1)
    assert table_summary(table) == "Shares. Columns: Item."


# --- the default corpus --------------------------------------------------------------------


def _corpus_tables(clean: CleanDocument) -> tuple[Table, ...]:
    """Stand-ins for tables.py: every printed line of each table block becomes a row."""
    out = []
    for n, block in enumerate((b for b in clean.blocks if b.table), start=1):
        raw = block.table
        assert raw is not None
        rows = tuple(
            TableRow(i, line.split("\t")[0], (), (), f"{raw.caption[-1]}: {line}", s, e)
            for i, (line, (s, e)) in enumerate(zip(raw.lines, raw.line_spans, strict=True))
        )
        out.append(
            Table(
                f"{clean.document.doc_id}:table-{n}",
                clean.document.doc_id,
                str(n),
                raw.caption[-1],
                None,
                tuple(raw.lines[0].split("\t")),
                rows,
                raw.notes,
                None,
                None,
                block.start,
                block.end,
            )
        )
    return tuple(out)


@pytest.fixture(scope="module")
def corpus() -> list[tuple[CleanDocument, tuple[Table, ...]]]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        document = Document(path.stem, path.stem, path.name, "0" * 64, None, (Page(None, path.read_text("utf-8")),))
        clean = clean_document(document)
        out.append((clean, _corpus_tables(clean)))
    return out


@pytest.mark.parametrize("max_tokens", [40, 200])
def test_corpus_passages_keep_span_budget_and_sections(corpus, max_tokens: int) -> None:
    for clean, tables in corpus:
        chunks = _chunk(clean, tables, max_tokens=max_tokens)
        passages = [c for c in chunks if c.kind == "passage" and c.table_id is None]
        assert passages
        for chunk in passages:
            assert clean.text[chunk.start : chunk.end] == chunk.text
            assert words(chunk.text) <= max_tokens
            inside = [b for b in clean.blocks if chunk.start < b.end and b.start < chunk.end]
            # Each corpus file's one level-1 heading comes first: it names the document.
            assert {" > ".join(b.section[1:]) or None for b in inside} == {chunk.section}
            assert {b.kind for b in inside} == {"paragraph"}
        assert all(words(c.text) <= max_tokens for c in chunks if c.kind == "passage")


def test_corpus_no_table_line_in_any_passage(corpus) -> None:
    for clean, tables in corpus:
        lines = [line for b in clean.blocks if b.table for line in b.table.lines]
        passages = [c.text for c in _chunk(clean, tables) if c.kind == "passage" and c.table_id is None]
        assert not [line for line in lines for text in passages if line in text]
        assert not [text for text in passages if "\t" in text]


def test_corpus_chunk_ids_unique_ordered_and_deterministic(corpus) -> None:
    for clean, tables in corpus:
        chunks = _chunk(clean, tables)
        doc_id = clean.document.doc_id
        assert [c.chunk_id for c in chunks] == [f"{doc_id}:{n}" for n in range(len(chunks))]
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)
        assert sum(c.kind == "table_row" for c in chunks) == sum(len(t.rows) for t in tables)
        assert chunks == _chunk(clean, tables)


def test_corpus_table_chunks_carry_ids_rows_and_sections(corpus) -> None:
    clean, tables = next((c, t) for c, t in corpus if t)
    rows = [c for c in _chunk(clean, tables) if c.table_id == tables[1].table_id]
    assert rows[0].kind == "passage" and rows[0].row is None
    assert [c.row for c in rows[1:]] == list(range(24))
    assert rows[-1].text.startswith("Import dependence on important strategic materials (2024): Ship parts")
    assert {c.section for c in rows} == {"2. Responses by Companies > ③ Geopolitical risks"}
