"""Sentences that state figures as printed, with citation markers numbered on assembly."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..numbers import is_null
from ..records import Figure, Table, TableRow
from .cache import per_table

_CITE = re.compile(r"\u27e6([^|\u27e7]+)\|(\d+)\u27e7")
_REPORTER = re.compile(r"\b([A-Z][A-Za-z]+)['’]s\b")
_SYMBOLS = ("%",)


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence: its text with `cite` markers, and the figures it states."""

    text: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Assembled:
    text: str  # sentences joined, markers replaced by [n]
    figures: tuple[Figure, ...]
    rows: tuple[tuple[str, int], ...]  # (table_id, row index) of [1], [2], ...


def cite(table: Table, row: TableRow) -> str:
    """A marker that becomes "[n]" for this row when the answer is assembled."""
    return f"\u27e6{table.table_id}|{row.index}\u27e7"


def assemble(statements: Sequence[Statement]) -> Assembled:
    """Join statements; number cited rows 1..N by first appearance; gather distinct figures."""
    text = " ".join(capital(s.text) for s in statements)
    rows = tuple(dict.fromkeys((m[1], int(m[2])) for m in _CITE.finditer(text)))
    number = {row: n for n, row in enumerate(rows, start=1)}
    text = _CITE.sub(lambda m: f"[{number[(m[1], int(m[2]))]}]", text)
    figures = tuple(dict.fromkeys(f for s in statements for f in s.figures))
    return Assembled(text, figures, rows)


def figure(table: Table, row: TableRow, column: int) -> Figure:
    """The figure in one cell, exactly as printed, with its unit."""
    value = row.values[column]
    if value is None:
        raise ValueError(f"{table.table_id} row {row.index} column {column} holds no number")
    unit = table.schema[column].unit if table.schema else table.unit
    name = table.columns[column]
    return Figure(table.name, row.label, name, value, unit or "", row.cells[column])


def shown(table: Table, row: TableRow, column: int) -> str:
    """A cell as printed with its unit: "76.8%", "4,018.0 billion yen"; an index bare: "60.2". A
    column whose every value wears parentheses ("(51.3)", a survey's percentages) is shown without
    them: there they are the column's typography, not a sign or a note."""
    printed = row.cells[column]
    if row.values[column] is not None and _bracketed_column(table, column):
        printed = printed.strip()[1:-1].strip()
    unit = table.schema[column].unit if table.schema else table.unit
    if not unit or unit == "HHI" or printed.endswith(unit) or is_null(printed):  # "n.a.", not "n.a.%"
        return printed
    return f"{printed}{unit}" if unit in _SYMBOLS else f"{printed} {unit}"


def _bracketed_column(table: Table, column: int) -> bool:
    return per_table(table, _bracketed_columns)[column]


def _bracketed_columns(table: Table) -> tuple[bool, ...]:
    """Per column, whether every value it prints wears parentheses."""
    out = []
    for j in range(len(table.columns)):
        cells = [r.cells[j].strip() for r in table.rows if j < len(r.values) and r.values[j] is not None]
        out.append(bool(cells) and all(c.startswith("(") and c.endswith(")") for c in cells))
    return tuple(out)


def item_name(row: TableRow, *, official: str | None = None) -> str:
    """A row's item as a sentence names it: "lithium-ion batteries (HS 850760)".

    With `official` (the HS wording, when the question used it) that wording follows the code.
    """
    name = row.label[len(row.code) :].strip() if row.code else row.label
    if len(name) > 1 and not name[1].isupper():
        name = name[0].lower() + name[1:]
    if row.code and official:
        return f"{name} (HS {row.code}: {official})"
    return f"{name} (HS {row.code})" if row.code else name


def reporter(table: Table, tables: Sequence[Table]) -> str | None:
    """The importing country a table's title names ("Japan's import share ..." -> "Japan"), else
    one its document's other tables name; never another document's."""
    for other in (table, *(t for t in tables if t.doc_id == table.doc_id)):
        match = _REPORTER.search(other.title)
        if match:
            return match[1]
    return None


def imports_of(what: str, table: Table, tables: Sequence[Table]) -> str:
    """ "Japan's imports of lithium-ion batteries (HS 850760)": the importer the row's own table
    names, else one its document's other tables name (never another document's)."""
    who = reporter(table, tables)
    return f"{who}'s imports of {what}" if who else f"imports of {what}"


def the(name: str) -> str:
    """A country as a sentence names it: "China", "the US" (an abbreviation takes "the")."""
    return f"the {name}" if name.isupper() and len(name) <= 5 else name


def possessive(name: str) -> str:
    """ "China's", "Philippines'"; an abbreviation reads "the US" ("the US share")."""
    if name.isupper() and len(name) <= 5:
        return the(name)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def as_of(table: Table) -> str:
    """ " in 2024" for a table as of 2024; "" when its title names no year."""
    return f" in {table.year}" if table.year else ""


def listing(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 3:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + f" and {parts[-1]}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def table_names(tables: Sequence[Table]) -> str:
    """ "Table 2", "Tables 2, 3 and 4"; titles for unnumbered tables."""
    numbers = [t.number for t in tables if t.number]
    if len(numbers) == len(tables) and numbers:
        return ("Table " if len(numbers) == 1 else "Tables ") + listing(numbers)
    return listing([t.name for t in tables])
