"""tables/store.py: tables.sqlite round trips whole Table records; DataFrames; read-only queries."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

from policyqa.errors import StaleIndexError
from policyqa.records import Column, Table, TableRow
from policyqa.tables.store import (
    TABLES_FILE,
    query_tables,
    read_tables,
    table_frame,
    table_printed_frame,
    write_tables,
)

from conftest import corpus_tables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def tiny_table(**changes) -> Table:
    """A two-row table with a group, a code, an empty cell and a thousands separator."""
    fields = dict(
        table_id="d:table-1",
        doc_id="d",
        number="1",
        title="Metal imports (2024)",
        unit=None,
        columns=("Items", "Amount (billion yen)", "HHI"),
        rows=(
            TableRow(
                0,
                "Metals",
                ("Metals", "1,234.5", ""),
                (None, 1234.5, None),
                "Table 1: Metal imports (2024) | Item: Metals | Amount: 1,234.5 billion yen",
                10,
                30,
            ),
            TableRow(
                1,
                "260400 Nickel ore",
                ("260400 Nickel ore", "58.5", "51.5"),
                (None, 58.5, 51.5),
                "Table 1: ... | Item: Nickel ore (HS 260400), part of Metals",
                31,
                60,
                "Metals",
                "260400",
            ),
        ),
        notes=("Note: HHI is the Herfindahl-Hirschman Index.", "Source: MOF"),
        page=3,
        section="A > B",
        start=10,
        end=60,
        schema=(
            Column("Items", "label", None),
            Column("Amount (billion yen)", "amount", "billion yen"),
            Column("HHI", "index", "HHI"),
        ),
        year=2024,
        source="Source: MOF",
    )
    return Table(**{**fields, **changes})


def test_round_trip_gives_back_equal_records(tmp_path: Path) -> None:
    tables = (tiny_table(), tiny_table(table_id="d:table-2", number=None, page=None, year=None))
    write_tables(tmp_path / TABLES_FILE, tables)
    assert read_tables(tmp_path / TABLES_FILE) == tables


def test_corpus_tables_round_trip(tmp_path: Path) -> None:
    tables = corpus_tables()
    write_tables(tmp_path / TABLES_FILE, tables)
    again = read_tables(tmp_path / TABLES_FILE)
    assert again == tables
    assert all(type(v) is float for t in again for r in t.rows for v in r.values if v is not None)


def test_a_table_typed_before_schemas_round_trips(tmp_path: Path) -> None:
    table = tiny_table(schema=(), year=None, source=None)
    write_tables(tmp_path / TABLES_FILE, [table])
    assert read_tables(tmp_path / TABLES_FILE) == (table,)


def test_no_tables_round_trip(tmp_path: Path) -> None:
    write_tables(tmp_path / TABLES_FILE, [])
    assert read_tables(tmp_path / TABLES_FILE) == ()


def test_missing_file_says_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(StaleIndexError, match="rebuild it with `policyqa build --force"):
        read_tables(tmp_path / TABLES_FILE)
    assert not (tmp_path / TABLES_FILE).exists()  # reading never creates the file


def test_file_is_plain_sqlite_with_a_figures_view(tmp_path: Path) -> None:
    write_tables(tmp_path / TABLES_FILE, [tiny_table()])
    with sqlite3.connect(tmp_path / TABLES_FILE) as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        rows = db.execute(
            'SELECT "table", row, "column", unit, printed, value FROM figures WHERE kind = ?', ("index",)
        ).fetchall()
    assert {"tables", "notes", "columns", "rows", "cells", "figures"} <= names
    assert rows == [
        ("Table 1: Metal imports (2024)", "Metals", "HHI", "HHI", "", None),
        ("Table 1: Metal imports (2024)", "260400 Nickel ore", "HHI", "HHI", "51.5", 51.5),
    ]


def test_query_tables_returns_a_frame(tmp_path: Path) -> None:
    write_tables(tmp_path / TABLES_FILE, corpus_tables())
    frame = query_tables(
        tmp_path / TABLES_FILE,
        'SELECT row, printed FROM figures WHERE "column" = ? AND value > ? ORDER BY value DESC, row',
        ("HHI", 99),
    )
    assert frame.to_dict("records") == [
        {"row": "261100 Tungsten ore (including concentrates)", "printed": "100.0"},
        {"row": "261220 Thorium ore (including concentrates)", "printed": "100.0"},
        {"row": "810194 Tungsten lumps (including rods obtained by simple sintering)", "printed": "100.0"},
        {"row": "810294 Molybdenum ingots (including rods obtained by simple sintering)", "printed": "99.2"},
    ]


def test_query_tables_is_read_only(tmp_path: Path) -> None:
    write_tables(tmp_path / TABLES_FILE, [tiny_table()])
    with pytest.raises(Exception, match="readonly"):
        query_tables(tmp_path / TABLES_FILE, "DELETE FROM cells")


def test_table_frame_has_floats_for_numbers_and_strings_for_text() -> None:
    frame = table_frame(tiny_table())
    assert list(frame.columns) == ["row", "group", "Items", "Amount (billion yen)", "HHI"]
    assert frame["Amount (billion yen)"].tolist() == [1234.5, 58.5]
    assert math.isnan(frame["HHI"][0]) and frame["HHI"][1] == 51.5
    assert frame["group"].isna().tolist() == [True, False] and frame["group"][1] == "Metals"
    assert frame.attrs["units"] == {"Items": None, "Amount (billion yen)": "billion yen", "HHI": "HHI"}
    assert frame.attrs["name"] == "Table 1: Metal imports (2024)"


def test_printed_frame_keeps_cells_as_printed() -> None:
    frame = table_printed_frame(tiny_table())
    assert frame["Amount (billion yen)"].tolist() == ["1,234.5", "58.5"]
    assert frame["HHI"].tolist() == ["", "51.5"]


def test_corpus_table_frames() -> None:
    one, two = corpus_tables()[0], corpus_tables()[1]
    matrix = table_frame(one).set_index("Year")
    assert matrix.loc[2024, "China"] == 22.5 and matrix.loc[2013, "US"] == 8.4
    items = table_frame(two)
    row = items[items["row"] == "850760 Lithium-ion batteries"].iloc[0]
    assert (row["group"], row["HHI"], row["Import share 1st place Country/Region"]) == (
        "Storage batteries",
        60.2,
        "China",
    )
