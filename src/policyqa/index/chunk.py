"""Cut a cleaned document into passage chunks (within one section) and table-row chunks.

A passage chunk is one or a few consecutive paragraphs of one section, or a piece of a
paragraph too long for the budget; its text is exactly `clean.text[start:end]`. Each table
gives one chunk per row plus a "passage" chunk describing the table (caption, columns, notes)
whose span is the table block: that one chunk's text is composed, not a slice of the text.
A chunk's page is the page its start is printed on; its section is the heading path without
a leading heading that only repeats the document's title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..records import Block, Chunk, CleanDocument, Table
from ..settings import ChunkerSettings
from ..text import Span, sentence_spans

CountTokens = Callable[[str], int]

_WORD = re.compile(r"\S+")
_NUMBERED = re.compile(r"\d+(?:\.\d+)*\.?\s")  # "1. Scope" opens a part; it never names the document
_NOT_WORD = re.compile(r"[\W_]+")


def chunk_document(
    clean: CleanDocument,
    tables: Sequence[Table],
    *,
    settings: ChunkerSettings,
    count_tokens: CountTokens,
) -> tuple[Chunk, ...]:
    """Passage and table chunks of one document, in document order, ids "<doc_id>:<ordinal>"."""
    doc_id = clean.document.doc_id
    titles = _title_keys(clean)
    rows = tuple((row.start, row.end) for table in tables for row in table.rows)
    drafts = [*_passages(clean, rows, titles, settings, count_tokens)]
    for table in tables:
        drafts.extend(_table_chunks(clean, table, titles, settings.max_tokens, count_tokens))
    drafts.sort(key=lambda c: (c.start, c.row is not None, c.row or 0, c.end))
    return tuple(replace(c, chunk_id=f"{doc_id}:{n}") for n, c in enumerate(drafts))


def table_summary(table: Table) -> str:
    """A passage naming a table, its columns and notes: "Table 2: Title. Columns: A; B. Note: ..."."""
    title = table.title.rstrip(".")
    parts = [f"Table {table.number}: {title}." if table.number else f"{title or 'Table'}."]
    if table.unit:
        parts.append(f"Unit: {table.unit}.")
    columns = [column for column in table.columns if column]
    if columns:
        parts.append("Columns: " + "; ".join(columns) + ".")
    parts.extend(table.notes)
    return " ".join(parts)


def _passages(
    clean: CleanDocument,
    rows: Sequence[Span],
    titles: frozenset[str],
    settings: ChunkerSettings,
    count: CountTokens,
) -> list[Chunk]:
    """Passage chunks for every run of consecutive paragraphs of one section."""
    chunks: list[Chunk] = []
    for group in _paragraph_groups(clean.blocks, rows):
        section = _section(group[0].section, titles)
        for start, end in _pack(clean.text, group, settings, count):
            block = next(b for b in reversed(group) if b.start <= start)
            page = _page_at(clean, start, default=block.page)
            text = clean.text[start:end]
            chunks.append(Chunk("", clean.document.doc_id, text, "passage", page, section, start, end))
    return chunks


def _paragraph_groups(blocks: Sequence[Block], rows: Sequence[Span]) -> list[list[Block]]:
    """Runs of consecutive paragraph blocks sharing a section; any other block ends a run."""
    groups: list[list[Block]] = []
    previous: Block | None = None
    for block in blocks:
        # A table tables/parse.py found where clean.py saw prose: its rows are chunked as rows only.
        keep = block.kind == "paragraph" and not any(s < block.end and block.start < e for s, e in rows)
        if keep and previous is not None and previous.section == block.section:
            groups[-1].append(block)
        elif keep:
            groups.append([block])
        previous = block if keep else None
    return groups


def _pack(text: str, group: Sequence[Block], settings: ChunkerSettings, count: CountTokens) -> list[Span]:
    """Spans of chunks: whole paragraphs packed while they fit, long paragraphs cut into pieces."""
    spans: list[Span] = []
    current: Span | None = None
    for block in group:
        if count(text[block.start : block.end]) > settings.max_tokens:
            spans.extend([current] if current else [])
            spans.extend(_split_long(text, (block.start, block.end), settings, count))
            current = None
        elif current and count(text[current[0] : block.end]) <= settings.max_tokens:
            current = (current[0], block.end)
        else:
            spans.extend([current] if current else [])
            current = (block.start, block.end)
    return spans + ([current] if current else [])


def _split_long(text: str, span: Span, settings: ChunkerSettings, count: CountTokens) -> list[Span]:
    """Pieces of a paragraph over budget: whole sentences, consecutive pieces sharing some.

    A sentence over budget is first cut between words; its pieces then count as sentences.
    """
    units: list[Span] = []
    for start, end in sentence_spans(text[span[0] : span[1]]):
        sentence = (span[0] + start, span[0] + end)
        fits = count(text[sentence[0] : sentence[1]]) <= settings.max_tokens
        units.extend([sentence] if fits else _split_words(text, sentence, settings.max_tokens, count))
    pieces: list[Span] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and count(text[units[i][0] : units[j][1]]) <= settings.max_tokens:
            j += 1
        pieces.append((units[i][0], units[j - 1][1]))
        if j == len(units):
            break
        # Repeat the last sentences, but only as many as still leave room for a new one.
        i = max(j - settings.overlap_sentences, i + 1)
        while i < j and count(text[units[i][0] : units[j][1]]) > settings.max_tokens:
            i += 1
    return pieces


def _split_words(text: str, span: Span, max_tokens: int, count: CountTokens) -> list[Span]:
    """Pieces of one sentence over budget, cut between words (a single word is never cut)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, span[0], span[1])]
    pieces: list[Span] = []
    for word in words:
        if pieces and count(text[pieces[-1][0] : word[1]]) <= max_tokens:
            pieces[-1] = (pieces[-1][0], word[1])
        else:
            pieces.append(word)
    return pieces


def _table_chunks(
    clean: CleanDocument, table: Table, titles: frozenset[str], max_tokens: int, count: CountTokens
) -> list[Chunk]:
    """The table's description chunk, then one chunk per row.

    Section and the description's span come from the table block the table overlaps, or from
    the Table itself when tables/parse.py found it where clean.py saw no table; pages, from where each
    chunk starts.
    """
    block = next((b for b in clean.blocks if b.kind == "table" and _overlaps(b, table)), None)
    if block is None:
        path = tuple(table.section.split(" > ")) if table.section else ()
        page, start, end = table.page, table.start, table.end
    else:
        page, path, start, end = block.page, block.section, block.start, block.end
    doc_id, table_id, section = clean.document.doc_id, table.table_id, _section(path, titles)
    summary = _fit(table_summary(table), max_tokens, count)
    page = _page_at(clean, start, default=page)
    chunks = [Chunk("", doc_id, summary, "passage", page, section, start, end, table_id)]
    for row in table.rows:
        row_page = _page_at(clean, row.start, default=page)
        chunks.append(
            Chunk("", doc_id, row.text, "table_row", row_page, section, row.start, row.end, table_id, row.index)
        )
    return chunks


def _overlaps(block: Block, table: Table) -> bool:
    return block.start < table.end and table.start < block.end


def _page_at(clean: CleanDocument, offset: int, *, default: int | None) -> int | None:
    """The page printing `offset` of the cleaned text; `default` when the text has no pages."""
    at = bisect_right(clean.page_starts, offset, key=lambda start: start[0])
    return clean.page_starts[at - 1][1] if at else default


def _title_keys(clean: CleanDocument) -> frozenset[str]:
    """Keys of headings that only name the document: its title, or its one level-1 heading if first."""
    keys = {_key(clean.document.title)}
    headings = [b for b in clean.blocks if b.kind == "heading"]
    tops = [b for b in headings if b.level == 1]
    if len(tops) == 1 and tops[0] is headings[0] and not _NUMBERED.match(tops[0].section[-1]):
        keys.add(_key(tops[0].section[-1]))
    return frozenset(keys - {""})


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def _section(path: Sequence[str], titles: frozenset[str]) -> str | None:
    """A heading path joined with " > ", without a first heading that repeats the title shown beside it."""
    if path and _key(path[0]) in titles:
        path = path[1:]
    return " > ".join(path) or None


def _fit(text: str, max_tokens: int, count: CountTokens) -> str:
    """The longest word prefix of `text` within the budget (the text itself when it fits)."""
    if count(text) <= max_tokens:
        return text
    words = text.split(" ")
    low, high = 1, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        fits = count(" ".join(words[:middle])) <= max_tokens
        low, high = (middle, high) if fits else (low, middle - 1)
    return " ".join(words[:low])
