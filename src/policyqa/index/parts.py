"""One document's share of the index: a document cleaned, typed and chunked, then embedded.

The build assembles an index from these parts; parts of the previous index are reused as they are,
and vectors are reused by chunk text whatever document the chunk now belongs to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..ingest import clean_document
from ..records import Chunk, Document, Table
from ..settings import Settings
from ..tables import parse_tables
from .chunk import chunk_document
from .embed import Embedder, embed_in_batches
from .manifest import DocumentEntry, IndexContents, StoredDocument

_PACKAGE = Path(__file__).resolve().parents[1]
# The code whose output a build stores per document: reading, cleaning, tables, chunks.
_READER_CODE = ("ingest", "tables", "index/chunk.py", "index/sentences.py", "numbers.py", "records.py", "text.py")


@cache
def reader_fingerprint() -> str:
    """A digest of the source that reads, cleans, types and chunks a document: an index built by
    other such code (an upgrade) is read again rather than reused."""
    digest = hashlib.sha256()
    for name in _READER_CODE:
        path = _PACKAGE / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(_PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class DocumentParts:
    """One document's share of the index."""

    stored: StoredDocument
    chunks: tuple[Chunk, ...]
    tables: tuple[Table, ...]
    vectors: np.ndarray | None  # None until embedded


def parts_of(contents: IndexContents | None) -> list[DocumentParts]:
    if contents is None:
        return []
    by_doc: dict[str, list[int]] = {}
    for row, chunk in enumerate(contents.chunks):
        by_doc.setdefault(chunk.doc_id, []).append(row)
    tables: dict[str, list[Table]] = {}
    for table in contents.tables:
        tables.setdefault(table.doc_id, []).append(table)
    return [
        DocumentParts(
            stored=doc,
            chunks=tuple(contents.chunks[r] for r in by_doc.get(doc.entry.doc_id, [])),
            tables=tuple(tables.get(doc.entry.doc_id, [])),
            vectors=contents.vectors[by_doc.get(doc.entry.doc_id, [])],
        )
        for doc in contents.documents
    ]


def process_document(document: Document, *, settings: Settings, embedder: Embedder, added: str) -> DocumentParts:
    """Clean, parse tables and chunk one document."""
    clean = clean_document(document)
    tables = parse_tables(clean)
    chunks = chunk_document(clean, tables, settings=settings.chunker, count_tokens=embedder.count_tokens)
    entry = DocumentEntry(
        doc_id=document.doc_id,
        title=document.title,
        source=document.source,
        sha256=document.sha256,
        page_count=document.page_count,
        chunks=len(chunks),
        tables=len(tables),
        added=added,
        author=document.author,
        publisher=document.publisher,
        date=document.date,
        warnings=document.warnings,
        partial=document.partial,
    )
    return DocumentParts(StoredDocument(entry, clean.text, document.pages), chunks, tables, None)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vector_cache(previous: IndexContents | None) -> dict[str, np.ndarray]:
    if previous is None:
        return {}
    return {_text_key(c.text): previous.vectors[row] for row, c in enumerate(previous.chunks)}


def embed_missing(
    parts: Sequence[DocumentParts],
    embedder: Embedder,
    cached: Mapping[str, np.ndarray],
    progress: Callable[[int, int], None] | None,
) -> tuple[list[DocumentParts], int]:
    """Vectors for every part: reused by chunk text hash, computed for the rest."""
    wanted = sorted({c.text for p in parts if p.vectors is None for c in p.chunks if _text_key(c.text) not in cached})
    computed = embed_in_batches(embedder, wanted, progress=progress)  # no rows when nothing is wanted
    lookup = dict(cached)
    for row, text in enumerate(wanted):
        lookup[_text_key(text)] = computed[row]
    out: list[DocumentParts] = []
    for part in parts:
        if part.vectors is None:
            vectors = (
                np.stack([lookup[_text_key(c.text)] for c in part.chunks])
                if part.chunks
                else np.zeros((0, embedder.dimension), "float32")
            )
            part = DocumentParts(part.stored, part.chunks, part.tables, vectors)
        out.append(part)
    return out, len(wanted)
