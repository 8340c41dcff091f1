"""Typed tables on disk (tables.sqlite in the index folder) and as pandas DataFrames.

The SQLite file is an open format any tool can read: `tables`, `notes`, `columns`, `rows` and
`cells` (printed string and parsed value per cell), plus a `figures` view joining a cell to
its table, row and column. Writing then reading gives back equal Table records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StaleIndexError
from ..records import Column, Table, TableRow

if TYPE_CHECKING:  # pandas loads slowly: imported where a frame is made
    import pandas as pd

TABLES_FILE = "tables.sqlite"

_SCHEMA = """
CREATE TABLE tables (
    table_id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc_id TEXT NOT NULL, number TEXT,
    title TEXT NOT NULL, name TEXT NOT NULL, unit TEXT, page INTEGER, section TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, year INTEGER, source TEXT,
    typed INTEGER NOT NULL  -- 1 when the schema columns (kind, unit, rank) are filled
);
CREATE TABLE notes (
    table_id TEXT NOT NULL, position INTEGER NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (table_id, position)
);
CREATE TABLE columns (
    table_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT,
    unit TEXT, rank INTEGER, PRIMARY KEY (table_id, position)
);
CREATE TABLE rows (
    table_id TEXT NOT NULL, row_index INTEGER NOT NULL, label TEXT NOT NULL, code TEXT,
    grp TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (table_id, row_index)
);
CREATE TABLE cells (
    table_id TEXT NOT NULL, row_index INTEGER NOT NULL, position INTEGER NOT NULL,
    printed TEXT NOT NULL, value REAL, PRIMARY KEY (table_id, row_index, position)
);
CREATE VIEW figures AS
SELECT t.table_id, t.name AS "table", r.row_index, r.label AS row, r.grp AS "group", r.code,
       c.name AS "column", c.kind, c.unit, c.rank, x.printed, x.value
FROM cells x
JOIN tables t ON t.table_id = x.table_id
JOIN rows r ON r.table_id = x.table_id AND r.row_index = x.row_index
JOIN columns c ON c.table_id = x.table_id AND c.position = x.position;
"""


def write_tables(path: Path, tables: Sequence[Table]) -> None:
    """Write `tables` to a new SQLite file at `path` (which must not exist yet)."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(f"BEGIN;\n{_SCHEMA}\nCOMMIT;")  # one transaction: one sync, not one per table
        for position, table in enumerate(tables):
            _insert(db, table, position)


def _insert(db: sqlite3.Connection, table: Table, position: int) -> None:
    t = table
    db.execute(
        "INSERT INTO tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            t.table_id,
            position,
            t.doc_id,
            t.number,
            t.title,
            t.name,
            t.unit,
            t.page,
            t.section,
            t.start,
            t.end,
            t.year,
            t.source,
            int(bool(t.schema)),
        ),
    )
    notes = [(t.table_id, j, note) for j, note in enumerate(t.notes)]
    db.executemany("INSERT INTO notes VALUES (?, ?, ?)", notes)
    columns = (
        [(t.table_id, j, c.name, c.kind, c.unit, c.rank) for j, c in enumerate(t.schema)]
        if t.schema
        else [(t.table_id, j, name, None, None, None) for j, name in enumerate(t.columns)]
    )
    db.executemany("INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)", columns)
    db.executemany(
        "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(t.table_id, r.index, r.label, r.code, r.group, r.text, r.start, r.end) for r in t.rows],
    )
    db.executemany(
        "INSERT INTO cells VALUES (?, ?, ?, ?, ?)",
        [
            (t.table_id, r.index, j, printed, value)
            for r in t.rows
            for j, (printed, value) in enumerate(zip(r.cells, r.values, strict=False))
        ],
    )


def read_tables(path: Path) -> tuple[Table, ...]:
    """The tables stored at `path`, in the order they were written."""
    with _reading(path) as db:
        ids = [row[0] for row in db.execute("SELECT table_id FROM tables ORDER BY position")]
        return tuple(_table(db, table_id) for table_id in ids)


def query_tables(path: Path, sql: str, parameters: Sequence[Any] = ()) -> pd.DataFrame:
    """Run a read-only SQL query on the tables file; the result as a pandas DataFrame."""
    import pandas as pd

    with _reading(path) as db:
        return pd.read_sql_query(sql, db, params=tuple(parameters))


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    path = Path(path)
    if not path.is_file():  # connecting would create an empty database
        raise StaleIndexError(
            f"{path} is missing: the index predates stored tables; rebuild it with "
            f"`policyqa build --force --index {path.parent}`"
        )
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        yield db


def _table(db: sqlite3.Connection, table_id: str) -> Table:
    (doc_id, number, title, unit, page, section, start, end, year, source, typed) = db.execute(
        'SELECT doc_id, number, title, unit, page, section, start, "end", year, source, typed '
        "FROM tables WHERE table_id = ?",
        (table_id,),
    ).fetchone()
    columns = db.execute(
        "SELECT name, kind, unit, rank FROM columns WHERE table_id = ? ORDER BY position",
        (table_id,),
    ).fetchall()
    notes = db.execute("SELECT note FROM notes WHERE table_id = ? ORDER BY position", (table_id,))
    return Table(
        table_id,
        doc_id,
        number,
        title,
        unit,
        tuple(name for name, *_ in columns),
        _rows(db, table_id),
        tuple(note for (note,) in notes),
        page,
        section,
        start,
        end,
        schema=tuple(Column(*column) for column in columns) if typed else (),
        year=year,
        source=source,
    )


def _rows(db: sqlite3.Connection, table_id: str) -> tuple[TableRow, ...]:
    cells: dict[int, list[tuple[str, float | None]]] = {}
    for index, printed, value in db.execute(
        "SELECT row_index, printed, value FROM cells WHERE table_id = ? ORDER BY row_index, position",
        (table_id,),
    ):
        cells.setdefault(index, []).append((printed, value))
    rows = []
    for index, label, code, group, text, start, end in db.execute(
        'SELECT row_index, label, code, grp, text, start, "end" FROM rows WHERE table_id = ? ORDER BY row_index',
        (table_id,),
    ):
        printed = tuple(p for p, _ in cells.get(index, ()))
        values = tuple(v for _, v in cells.get(index, ()))
        rows.append(TableRow(index, label, printed, values, text, start, end, group, code))
    return tuple(rows)


# --- DataFrames ---------------------------------------------------------------------------

_NUMERIC_KINDS = frozenset({"share", "amount", "index", "number"})


def table_frame(table: Table) -> pd.DataFrame:
    """One row per table row: "row" (label), "group", then one column per table column.

    Numeric columns (share, amount, index, number) hold floats (NaN where empty), a year
    column ints, the others the printed strings. `frame.attrs` carries the table's id, name,
    units, kinds and year.
    """
    import pandas as pd

    kinds = _kinds(table)
    data = _label_columns(table)
    for j, name in enumerate(table.columns):
        data[_frame_name(name, data)] = [_frame_value(r, j, kinds[j]) for r in table.rows]
    frame = pd.DataFrame(data)
    frame.attrs = _attrs(table, kinds)
    return frame


def _frame_value(row: TableRow, column: int, kind: str) -> Any:
    """A float for a numeric column (NaN where empty), an int for a year, else the printed text."""
    value = row.values[column]
    if kind in _NUMERIC_KINDS:
        return float("nan") if value is None else value
    if kind == "year" and value is not None:
        return int(value)
    return row.cells[column]


def table_printed_frame(table: Table) -> pd.DataFrame:
    """Like table_frame, but every column holds the cells exactly as printed ("" where empty)."""
    import pandas as pd

    data = _label_columns(table)
    for j, name in enumerate(table.columns):
        data[_frame_name(name, data)] = [r.cells[j] for r in table.rows]
    frame = pd.DataFrame(data)
    frame.attrs = _attrs(table, _kinds(table))
    return frame


def _label_columns(table: Table) -> dict[str, list[Any]]:
    return {"row": [r.label for r in table.rows], "group": [r.group for r in table.rows]}


def _kinds(table: Table) -> tuple[str, ...]:
    """Column kinds; a table without a schema treats columns with any number as numeric."""
    if table.schema:
        return tuple(c.kind for c in table.schema)
    numeric = [any(r.values[j] is not None for r in table.rows) for j in range(len(table.columns))]
    return tuple("number" if n else "text" for n in numeric)


def _frame_name(name: str, taken: dict[str, list[Any]]) -> str:
    """A column name that does not clash with "row", "group" or an earlier column."""
    out, n = name, 2
    while out in taken:
        out, n = f"{name} {n}", n + 1
    return out


def _attrs(table: Table, kinds: Sequence[str]) -> dict[Hashable | None, Any]:  # as DataFrame.attrs types it
    return {
        "table_id": table.table_id,
        "name": table.name,
        "units": {c.name: c.unit for c in table.schema},
        "kinds": dict(zip(table.columns, kinds, strict=False)),
        "year": table.year,
    }
