"""Evidence as the reader checks it: the cited page of a PDF with the cited text or cell framed, a
passage in its surrounding text, and each figure of an answer tied to its table cell.

Cell-level citations (`Citation.table_id`, `row`, `column`, `box`) are used when a citation has
them; until then the cited row is found by its text, and the box by searching the page.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicyQAError
from ..index import StoredDocument
from ..records import Answer, Citation, Table, TableRow
from .pages import Box, PageImage, find_cell, find_line, find_text, render_page

CACHED_PAGES = 64  # rendered pages kept per Assistant (a page is ~100-300 kB of PNG)
CONTEXT_CHARS = 600  # text shown before and after a cited passage


@dataclass(frozen=True, slots=True)
class PassageContext:
    """A cited passage where it stands in its document: the text before, the passage, the text after."""

    doc_id: str
    page: int | None
    before: str
    text: str  # the cited text as the document holds it (a table row: its printed line)
    after: str
    highlight: tuple[int, int] | None  # span of the supporting sentence within `text`


@dataclass(frozen=True, slots=True)
class FigureCell:
    """The table cell one figure of an answer was read from."""

    table: Table
    row: TableRow
    column: int  # index into table.columns
    citation: Citation | None  # the answer's citation of that row or cell

    @property
    def printed(self) -> str:
        return self.row.cells[self.column]

    @property
    def page(self) -> int | None:
        cited = self.citation.page if self.citation is not None else None
        return cited if cited is not None else self.table.page


class DocumentPages:
    """The documents behind an index as printed: their PDF pages (rendered and searched, with what
    was drawn cached), their text around a passage, and the table cells figures come from."""

    def __init__(self, corpus: Path | None, documents: Sequence[StoredDocument], tables: Sequence[Table]) -> None:
        self.corpus = corpus
        self.tables = tuple(tables)
        self._stored = {d.entry.doc_id: d for d in documents}
        self._documents = {d.entry.doc_id: d.entry for d in documents}
        self._checked: dict[str, tuple[int, int]] = {}  # doc_id -> (size, mtime) found unchanged
        self._cache: OrderedDict[tuple[str, int, tuple[Box, ...]], PageImage] = OrderedDict()
        self._lock = threading.Lock()

    def has_pages(self, doc_id: str) -> bool:
        entry = self._documents.get(doc_id)
        return entry is not None and entry.page_count is not None and entry.source.lower().endswith(".pdf")

    def image(self, doc_id: str, page: int, boxes: Sequence[Box] = ()) -> PageImage:
        key = (doc_id, page, tuple(boxes))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        image = render_page(self.pdf(doc_id), page, boxes=boxes, doc_id=doc_id)
        with self._lock:
            self._cache[key] = image
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
        return image

    def find(self, doc_id: str, page: int, text: str) -> tuple[Box, ...]:
        return find_text(self.pdf(doc_id), page, text)

    def cited_page(self, citation: Citation) -> PageImage:
        if citation.page is None or not self.has_pages(citation.doc):
            raise PolicyQAError(f"citation [{citation.n}] is not on a PDF page: show its passage in context")
        return self.image(citation.doc, citation.page, self.cited_boxes(citation))

    def cell_page(self, cell: FigureCell) -> PageImage:
        if cell.page is None or not self.has_pages(cell.table.doc_id):
            raise PolicyQAError(f"{cell.table.name} is not on a PDF page: see it on the Tables page")
        return self.image(cell.table.doc_id, cell.page, self.cell_boxes(cell))

    def passage_context(self, citation: Citation) -> PassageContext:
        document = self._stored.get(citation.doc)
        if document is None:
            raise PolicyQAError(f"{citation.doc} is not in this index: rebuild it or ask again")
        found = cited_row(citation, self.tables)
        return passage_context(document, citation, found[1] if found else None)

    def figure_cells(self, answer: Answer) -> tuple[FigureCell | None, ...]:
        return figure_cells(answer, self.tables)

    def cited_boxes(self, citation: Citation) -> tuple[Box, ...]:
        """Where the citation's evidence is printed: its own box, its row's line, or its sentence."""
        box = getattr(citation, "box", None)
        if box is not None:
            return (tuple(box),)
        if citation.page is None:
            return ()
        if (found := cited_row(citation, self.tables)) is not None:
            return find_line(self.pdf(citation.doc), citation.page, found[1].label)
        start, end = citation.highlight or (0, len(citation.text))
        return find_text(self.pdf(citation.doc), citation.page, citation.text[start:end])

    def cell_boxes(self, cell: FigureCell) -> tuple[Box, ...]:
        box = getattr(cell.citation, "box", None) if cell.citation is not None else None
        if box is not None:
            return (tuple(box),)
        if cell.page is None:
            return ()
        return find_cell(self.pdf(cell.table.doc_id), cell.page, cell.row.label, cell.printed)

    def pdf(self, doc_id: str) -> Path:
        """The PDF file of an indexed document, checked to be the version the index holds."""
        entry = self._documents.get(doc_id)
        if entry is None or not self.has_pages(doc_id):
            raise PolicyQAError(f"{doc_id} is not a PDF in this index: it has no pages to show")
        if self.corpus is None:
            raise PolicyQAError("no corpus folder was given to the Assistant: pass corpus= to Assistant.from_index")
        path = self.corpus / entry.source
        try:
            stat = path.stat()
        except OSError as err:
            raise PolicyQAError(f"{entry.source} is no longer in {self.corpus}/: rebuild the index") from err
        if self._checked.get(doc_id) != (stat.st_size, stat.st_mtime_ns):
            if _sha256(path) != entry.sha256:
                raise PolicyQAError(f"{entry.source} changed since the index was built: rebuild the index")
            self._checked[doc_id] = (stat.st_size, stat.st_mtime_ns)
        return path


def passage_context(document: StoredDocument, citation: Citation, row: TableRow | None) -> PassageContext:
    """The cited text with up to CONTEXT_CHARS before and after it, cut at word boundaries."""
    text = document.text
    if row is not None:
        start, end, highlight = row.start, row.end, None
    else:
        start = text.find(citation.text)
        if start < 0:
            return PassageContext(citation.doc, citation.page, "", citation.text, "", citation.highlight)
        end, highlight = start + len(citation.text), citation.highlight
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]  # not half a word
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return PassageContext(citation.doc, citation.page, before, text[start:end], after, highlight)


def cited_row(citation: Citation, tables: Sequence[Table]) -> tuple[Table, TableRow] | None:
    """The table row a table-row citation cites: by its ids when it has them, else by its text."""
    if citation.kind != "table_row":
        return None
    table_id, index = getattr(citation, "table_id", None), getattr(citation, "row", None)
    for table in tables:
        if table.doc_id != citation.doc:
            continue
        for row in table.rows:
            if (table.table_id, row.index) == (table_id, index) or (table_id is None and row.text == citation.text):
                return table, row
    return None


def figure_cells(answer: Answer, tables: Sequence[Table]) -> tuple[FigureCell | None, ...]:
    """For each of `answer.figures`, the cell it was read from (None when it cannot be found)."""
    cited = [(c, *found) for c in answer.citations if (found := cited_row(c, tables)) is not None]
    everywhere = [(None, t, r) for t in tables for r in t.rows]
    return tuple(_figure_cell(f, cited) or _figure_cell(f, everywhere) for f in answer.figures)


def _figure_cell(figure: dict[str, Any], rows: Sequence[tuple[Citation | None, Table, TableRow]]) -> FigureCell | None:
    """The first of `rows` with the figure's table, row and column (and cell, for a cell citation)."""
    for citation, table, row in rows:
        if table.name != figure.get("table") or row.label != figure.get("row"):
            continue
        if figure.get("column") in table.columns:
            column = table.columns.index(figure["column"])
            if getattr(citation, "column", None) in (None, column):
                return FigureCell(table, row, column, citation)
    return None


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
