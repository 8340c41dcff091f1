"""The table API over the default corpus index."""

import pytest

from policyqa.errors import PolicyQAError


def test_table_frame_has_typed_numbers_and_units(corpus_assistant):
    table2 = next(t for t in corpus_assistant.tables() if t.number == "2")
    frame = corpus_assistant.table_frame(table2.table_id)
    assert len(frame) == 21
    batteries = frame[frame.iloc[:, 0].astype(str).str.contains("Lithium-ion batteries")]
    assert batteries["HHI"].tolist() == [60.2]


def test_query_tables_reads_the_sqlite_store(corpus_assistant):
    frame = corpus_assistant.query_tables("SELECT COUNT(*) AS n FROM rows")
    assert int(frame["n"][0]) == 25 + 21 + 18 + 15


def test_unknown_table_names_the_known_ones(corpus_assistant):
    with pytest.raises(PolicyQAError, match="no table 'nope'.*table-1"):
        corpus_assistant.table("nope")
