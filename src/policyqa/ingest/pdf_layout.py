"""A PDF read with PDFium: each page's prose lines, tables and size, as JSON-ready data.

Runs in the PDF worker process (see pdf.py). `read_pdf` returns plain dicts and lists that
cross the process boundary as JSON; `page_from_json` turns one back into a records.Page in
the parent. Pages read before the CPU budget runs out are kept; the rest are reported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..records import GridRow, Page, TableGrid, TextLine
from .layout import PageLayout
from .pdf_pages import PageContent, read_pages, unread_captions
from .pdfium import read_page


class PdfiumRefused(Exception):
    """PDFium could not open the file; `reason` is PDFium's own word ("Incorrect password")."""


def read_pdf(path: Path, *, password: str | None = None, cpu_budget_s: float | None = None) -> dict[str, Any]:
    """Pages, metadata and warnings of a PDF as JSON-ready data; raises PdfiumRefused."""
    import pypdfium2 as pdfium

    started = time.process_time()
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        raise PdfiumRefused(str(err)) from err
    try:
        layouts, warnings = _layouts(document, started, cpu_budget_s)
        metadata = _metadata(document)
        count = len(document)
    finally:
        document.close()
    contents = read_pages(layouts)
    warnings += unread_captions(contents)
    return {
        "count": count,
        "pages": [_page_json(content, layout.quarter) for content, layout in zip(contents, layouts, strict=True)],
        "warnings": warnings,
        "metadata": metadata,
    }


def _layouts(document: Any, started: float, budget: float | None) -> tuple[list[PageLayout], list[str]]:
    """Each page's layout; a page PDFium cannot load is left empty with a warning."""
    layouts: list[PageLayout] = []
    warnings: list[str] = []
    count = len(document)
    for index in range(count):
        if budget is not None and time.process_time() - started > budget:
            warnings.append(f"stopped after page {index} of {count}: the {budget:g} s CPU limit per file was reached")
            break
        try:
            page = document[index]
        except Exception as err:  # a damaged page must not lose the others
            warnings.append(f"page {index + 1}: could not be read ({type(err).__name__})")
            layouts.append(PageLayout(index + 1, 0.0, 0.0, (), ()))
            continue
        try:
            layouts.append(read_page(page, index + 1))
        finally:
            page.close()
    return layouts, warnings


def _metadata(document: Any) -> dict[str, str]:
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except Exception:  # unreadable metadata is common and never fatal
        return {}
    return {key: str(value) for key, value in raw.items() if isinstance(value, str)}


def _page_json(content: PageContent, quarter: int) -> dict[str, Any]:
    return {
        "number": content.number,
        "size": [content.width, content.height],
        "quarter": quarter,
        "lines": [asdict(line) for line in content.lines],
        "tables": [asdict(table) for table in content.tables],
        "slots": list(content.table_slots),
    }


# --- back in the parent -------------------------------------------------------------------


def page_from_json(data: dict[str, Any]) -> Page:
    """A page read by the worker as a records.Page: its text, prose lines and tables."""
    lines = tuple(TextLine(d["text"], _box(d["box"]), d["height"], d["bold"], d["size"]) for d in data["lines"])
    tables = tuple(_table(d) for d in data["tables"])
    slots = tuple(data["slots"])
    size = (float(data["size"][0]), float(data["size"][1]))
    return Page(data["number"], page_text(lines, tables, slots), lines, tables, slots, size)


def page_text(lines: Sequence[TextLine], tables: Sequence[TableGrid], slots: Sequence[int]) -> str:
    """A page as plain text: its prose lines, each table at its place as tab-separated lines."""
    out: list[str] = []
    for k, line in enumerate(lines):
        out += [row for table, slot in zip(tables, slots, strict=True) if slot == k for row in table_lines(table)]
        out.append(line.text)
    out += [row for table, slot in zip(tables, slots, strict=True) if slot >= len(lines) for row in table_lines(table)]
    return "\n".join(out)


def table_lines(table: TableGrid) -> list[str]:
    """A table's caption, header paths, rows and notes, cells separated by tabs."""
    header = "\t".join([table.stub, *(" / ".join(path) for path in table.header)])
    rows = ["\t".join([row.label, *row.cells]) for row in table.rows]
    return [*table.caption, header, *rows, *table.notes]


def _table(data: dict[str, Any]) -> TableGrid:
    rows = tuple(
        GridRow(r["label"], tuple(r["cells"]), r["page"], r["group"], r["indent"], r["bold"], _maybe_box(r["box"]))
        for r in data["rows"]
    )
    return TableGrid(
        caption=tuple(data["caption"]),
        stub=data["stub"],
        header=tuple(tuple(path) for path in data["header"]),
        rows=rows,
        notes=tuple(data["notes"]),
        pages=tuple(data["pages"]),
        columns=tuple((float(a), float(b)) for a, b in data["columns"]),
        box=_maybe_box(data["box"]),
    )


def _box(values: Sequence[float]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = (float(v) for v in values)
    return x0, top, x1, bottom


def _maybe_box(values: Sequence[float] | None) -> tuple[float, float, float, float] | None:
    return None if values is None else _box(values)
