"""Tables owns typing tables: a table block's headers, cells, numbers and units read into a Table; the table store."""

from .parse import parse_tables
from .store import TABLES_FILE, query_tables, read_tables, table_frame, write_tables
from .terms import TermVectors, table_terms, terms_of

__all__ = [
    "TABLES_FILE",
    "TermVectors",
    "parse_tables",
    "query_tables",
    "read_tables",
    "table_frame",
    "table_terms",
    "terms_of",
    "write_tables",
]
