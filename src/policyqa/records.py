"""Plain records that cross stage boundaries: ingest -> clean -> tables/chunk -> index -> answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

# --- ingest -------------------------------------------------------------------------------


Box = tuple[float, float, float, float]  # x0, top, x1, bottom: points on the page as displayed


@dataclass(frozen=True, slots=True)
class TextLine:
    """A printed line of prose on a PDF page, in reading order."""

    text: str
    box: Box
    height: float  # the font's ascent-to-descent height, in points
    bold: bool = False
    size: float = 0.0  # the font size as printed, in points


@dataclass(frozen=True, slots=True)
class GridRow:
    """A table row as laid out: its label, its cells under the value columns, where it is."""

    label: str
    cells: tuple[str, ...]  # one per value column, as printed; "" where blank
    page: int | None = None
    group: bool = False  # a label-only row heading the rows below it
    indent: float = 0.0  # where the label starts: deeper rows sit under shallower group rows
    bold: bool = False
    box: Box | None = None  # the row's band across the table, on its page


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A table as the page lays it out, before typing: what PDF layout analysis finds."""

    caption: tuple[str, ...]  # the caption lines above it: ("Table 6.5: ...",)
    stub: str  # the header over the row labels
    header: tuple[tuple[str, ...], ...]  # the header path of each value column, top line first
    rows: tuple[GridRow, ...]
    notes: tuple[str, ...]  # footnotes, units and sources under it
    pages: tuple[int, ...]  # every page it is printed on
    columns: tuple[tuple[float, float], ...] = ()  # x-range of each value column (points)
    box: Box | None = None  # caption to last note, on its first page


@dataclass(frozen=True, slots=True)
class Page:
    number: int | None  # 1-based for PDFs; None for text and Markdown files
    text: str  # text as extracted, before cleaning (kept for display)
    lines: tuple[TextLine, ...] = ()  # PDF prose in reading order, page furniture dropped
    tables: tuple[TableGrid, ...] = ()  # tables starting on this page (continued ones merged)
    table_slots: tuple[int, ...] = ()  # per table: how many of `lines` come before it
    size: tuple[float, float] | None = None  # width, height in points, as displayed


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str  # stable slug of the path relative to the corpus folder
    title: str
    source: str  # path relative to the corpus folder, POSIX separators
    sha256: str  # of the file's bytes
    page_count: int | None  # PDF pages; None for text files
    pages: tuple[Page, ...]
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    warnings: tuple[str, ...] = ()  # e.g. "page 3: text extraction failed (AssertionError)"
    partial: bool = False  # a per-file limit stopped reading it; a warning names where


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str  # as given, relative to the corpus folder where possible
    reason: str


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


# --- clean --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table block as found in the text, before typing."""

    caption: tuple[str, ...]  # title lines before it, markup stripped: ("TABLE 2", "Import ...")
    lines: tuple[str, ...]  # header and body lines as printed (tabs kept)
    notes: tuple[str, ...]  # unit, note and source lines: ("(unit: %)", "Note: ...", "Source: ...")
    line_spans: tuple[tuple[int, int], ...]  # span of each of `lines` in the cleaned text
    grid: TableGrid | None = None  # the layout a PDF page gives; None for a text file's table


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    start: int  # span in CleanDocument.text
    end: int
    page: int | None  # page the block starts on
    section: tuple[str, ...]  # heading path above this block (a heading's own path includes it)
    level: int = 0  # heading level (1 = top); 0 for other blocks
    table: RawTable | None = None  # set when kind == "table"


@dataclass(frozen=True, slots=True)
class CleanDocument:
    document: Document
    text: str  # cleaned text; every Block span and passage Chunk span points into it
    blocks: tuple[Block, ...]
    # sorted (offset in text, page): the page in force from that offset on; () without pages
    page_starts: tuple[tuple[int, int], ...] = ()


# --- tables -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableRow:
    index: int  # 0-based among the table's body rows
    label: str  # the row's name as printed: "260300 Copper ores and concentrates", "2010"
    cells: tuple[str, ...]  # printed cell strings aligned with Table.columns ("" where missing)
    values: tuple[float | None, ...]  # parsed numbers aligned with cells (None: empty or text)
    text: str  # the row rendered to read on its own, with the table title and column headers
    start: int  # span of the row's line in the cleaned text
    end: int
    group: str | None = None  # label of the group row this sub-item belongs to
    code: str | None = None  # the HS code the label starts with: "850760"
    page: int | None = None  # the page it is printed on (PDFs)
    box: Box | None = None  # its band across the table on that page, in points


# Column kinds: "label" (the row's name), "code" (HS code part of the label), "year" (a row
# label that is a year: a time series), "country" (a supplier's name in a ranked pair), "share"
# (a percentage: a ranked supplier's, or a matrix column named by its country or region),
# "amount" (a quantity with a unit, "million tonnes"), "index" (a concentration index, HHI),
# "number" (any other number) and "text" (any other text).
COLUMN_KINDS = ("label", "code", "year", "country", "share", "amount", "index", "number", "text")


@dataclass(frozen=True, slots=True)
class Column:
    """What one table column holds; Table.schema[j] describes Table.columns[j]."""

    name: str  # == Table.columns[j]
    kind: str  # one of COLUMN_KINDS
    unit: str | None  # "%", "million tonnes", "HHI"; None for text and labels
    rank: int | None = None  # 1 for the "1st place" supplier and share columns


@dataclass(frozen=True, slots=True)
class Table:
    table_id: str  # "<doc_id>:table-<n>", n counting from 1 in document order
    doc_id: str
    number: str | None  # "2" from a "TABLE 2" caption
    title: str  # "World mine production of copper (2023)"
    unit: str | None  # "%", "million tonnes"
    columns: tuple[str, ...]  # flattened header names, one per cell
    rows: tuple[TableRow, ...]
    notes: tuple[str, ...]
    page: int | None
    section: str | None
    start: int
    end: int
    schema: tuple[Column, ...] = ()  # one per column; () for tables typed before schemas
    year: int | None = None  # the year the table is "as of", from its title: "(2024)"
    source: str | None = None  # the "Source: ..." note as printed

    @property
    def name(self) -> str:
        """The heading rows print: "Table 2: Import dependence ... (2024)", "Table 5", a title."""
        if self.number is None:
            return self.title
        bare = f"Table {self.number}"
        return bare if self.title.casefold() == bare.casefold() else f"{bare}: {self.title}"


# --- chunk --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chunk:
    chunk_id: str  # stable "<doc_id>:<ordinal>"
    doc_id: str
    text: str  # what is embedded and shown
    kind: str  # "passage" | "table_row"
    page: int | None
    section: str | None  # heading path joined with " > "
    start: int  # passage: CleanDocument.text[start:end] == text; table row: its line's span
    end: int
    table_id: str | None = None
    row: int | None = None  # TableRow.index for table rows


# --- retrieve and answer ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    chunk: Chunk
    title: str  # the document's title
    score: float  # fused score; higher is better
    rank: int  # 1-based


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    doc: str
    title: str
    page: int | None
    section: str | None
    text: str
    kind: str
    highlight: tuple[int, int] | None = None  # span of the supporting sentence within `text`


@dataclass(frozen=True, slots=True)
class Passage:
    rank: int
    doc: str
    title: str
    page: int | None
    section: str | None
    text: str
    score: float
    kind: str

    @classmethod
    def from_hit(cls, hit: Hit) -> Passage:
        c = hit.chunk
        return cls(hit.rank, c.doc_id, hit.title, c.page, c.section, c.text, hit.score, c.kind)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number taken from a table, as Answer.figures reports it."""

    table: str  # Table.name: "Table 4: World mine production of copper (2023)"
    row: str  # TableRow.label: "260300 Copper ores and concentrates", "2023"
    column: str  # Table.columns name: "Exports 1st place Share", "Chile", "HHI"
    value: float  # the parsed number
    unit: str  # "%", "million tonnes", "HHI"
    printed: str  # the cell exactly as printed: "27.4", "5,250.0"


class Route(StrEnum):
    """Which engine answered; JSON carries the value."""

    FIGURE = "figure"  # the tables engine
    TEXT = "text"  # sentences of passages
    MIXED = "mixed"  # figures, then passage evidence for a text part of the question
    NONE = "none"  # abstained


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    figures: tuple[dict[str, Any], ...] = ()
    timing_ms: dict[str, float] = field(default_factory=dict)
    route: Route = Route.TEXT  # which engines answered
    read_as: str | None = None  # how a follow-up was read with the conversation; None: as asked

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer contract (see README)."""
        out = asdict(self)
        out["citations"] = list(out["citations"])
        out["passages"] = list(out["passages"])
        out["figures"] = list(out["figures"])
        return out


@dataclass(frozen=True, slots=True)
class DocumentTables:
    """What a build found in one document: each table with its rows, and what it could not read."""

    source: str
    tables: tuple[str, ...]  # "Table 6.5: Retail outlets (page 7): 14 rows"
    warnings: tuple[str, ...]  # pages or tables it could not read, and why


@dataclass(frozen=True, slots=True)
class BuildReport:
    index_dir: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    pages: int
    chunks: int
    tables: int
    table_rows: int
    embedded: int  # chunks whose vectors were computed (the rest came from the cache)
    seconds: float
    rebuilt: bool  # True when nothing was reused (model/chunker/format change or --force)
    wrote: bool  # False when the index was already current and nothing was written
    documents: tuple[DocumentTables, ...] = ()  # per document: its tables and its warnings
    generation: str = ""  # the generation now current ("gen-000004-1a2b3c4d")
    repaired: tuple[str, ...] = ()  # damaged index files this build found and replaced
