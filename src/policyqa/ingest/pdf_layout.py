"""A laid-out PDF page as JSON-ready data, and back: what crosses from the PDF worker to the parent.

`page_json` turns a page's prose lines, tables and size into plain dicts and lists (in the
worker); `page_from_json` turns them back into a records.Page with its text (in the parent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ..records import GridRow, Page, TableGrid, TextLine
from .pdf_pages import PageContent


def page_json(content: PageContent, quarter: int) -> dict[str, Any]:
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
