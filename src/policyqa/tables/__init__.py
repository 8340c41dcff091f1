"""Tables owns typing tables: a table block's headers, cells, numbers and units read into a Table; the table store."""

from .parse import parse_tables
from .store import TABLES_FILE, query_tables, read_tables, table_frame, write_tables

__all__ = [
    "TABLES_FILE",
    "parse_tables",
    "query_tables",
    "read_tables",
    "table_frame",
    "write_tables",
]
