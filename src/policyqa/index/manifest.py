"""What the index folder holds, as records: its manifest, documents and contents, and an open index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..records import Chunk, Page, Skipped, Table

FORMAT_VERSION = 2  # 2: tables in SQLite, metadata fingerprints


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One indexed document as the manifest and documents.jsonl describe it."""

    doc_id: str
    title: str
    source: str
    sha256: str
    page_count: int | None
    chunks: int
    tables: int
    added: str  # ISO time the document first entered the index
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    warnings: tuple[str, ...] = ()
    metadata_sha: str = ""  # of its SOURCES.md row and sidecar: a metadata edit re-reads it


@dataclass(frozen=True, slots=True)
class StoredDocument:
    entry: DocumentEntry
    text: str  # the cleaned text chunk spans point into
    pages: tuple[Page, ...]  # the original page text, for display


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    chunker: dict[str, int]
    documents: tuple[DocumentEntry, ...]
    chunks: int
    tables: int
    built_at: str
    build_seconds: float
    skipped: tuple[Skipped, ...] = ()
    dense: str = "flat"
    format_version: int = FORMAT_VERSION


@dataclass(frozen=True)
class IndexContents:
    """Everything a build writes; FAISS row i is chunks[i] and vectors[i]."""

    manifest: Manifest
    documents: tuple[StoredDocument, ...]
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray
    tables: tuple[Table, ...] = field(default=())


@dataclass(frozen=True)
class LoadedIndex:
    path: Path
    contents: IndexContents
    dense: Any  # faiss.Index
    bm25: Any  # bm25s.BM25
