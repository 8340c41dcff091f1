"""What the index folder holds, as records: its manifest, documents and contents, and an open index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..records import Chunk, Page, Skipped, Table
from ..tables import TermVectors, table_terms
from .embed import Embedder, embed_in_batches
from .generations import GenerationHold
from .sentences import SentenceVectors, SpanVectors

# 2: tables in SQLite, metadata fingerprints; 3: generations, file sizes and checksums; 4: evidence-sentence
# vectors; 5: the tables' words and their vectors
FORMAT_VERSION = 5
# An index of format 3 or 4 serves until rebuilt: sentences embedded as asked, its tables' words when it is loaded.
READABLE_FORMATS = frozenset({3, 4, FORMAT_VERSION})


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
    partial: bool = False  # a limit stopped reading it; its warnings say where


@dataclass(frozen=True, slots=True)
class StoredDocument:
    entry: DocumentEntry
    text: str  # the cleaned text chunk spans point into
    pages: tuple[Page, ...]  # the original page text, for display


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One file of a generation as the manifest records it."""

    name: str  # relative to the generation folder, POSIX separators ("bm25/vocab.index.json")
    size: int  # bytes
    sha256: str
    rows: int | None = None  # lines, vectors or tables it holds, where that is meaningful


@dataclass(frozen=True, slots=True)
class IndexProblem:
    """A damaged file: its path relative to the index folder and what is wrong."""

    file: str
    problem: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What `policyqa verify` found: every file of the current generation checked in full."""

    index_dir: str
    generation: str
    files: int
    problems: tuple[IndexProblem, ...]


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
    generation: str = ""  # the folder this manifest describes ("gen-000004-1a2b3c4d")
    files: tuple[FileRecord, ...] = ()  # every file of the generation but the manifest itself
    reader: str = ""  # fingerprint of the code that read, typed and chunked the documents (parts.py)


@dataclass(frozen=True)
class IndexContents:
    """Everything a build writes; FAISS row i is chunks[i] and vectors[i]."""

    manifest: Manifest
    documents: tuple[StoredDocument, ...]
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray
    tables: tuple[Table, ...] = field(default=())
    sentences: SentenceVectors | None = None  # None: an index of format 3, which did not store them
    terms: TermVectors | None = None  # None: an index of format 3 or 4, which did not store them


@dataclass(frozen=True)
class LoadedIndex:
    path: Path  # the index folder
    contents: IndexContents
    dense: Any  # faiss.Index
    bm25: Any  # bm25s.BM25
    folder: Path | None = None  # the generation folder read, inside `path`
    hold: GenerationHold | None = field(default=None, repr=False, compare=False)  # released by close()

    @property
    def generation(self) -> str:
        return self.contents.manifest.generation

    def span_vectors(self, row_of: Callable[[str], int], embedder: Embedder) -> SpanVectors:
        """Vectors of evidence spans: the build's stored ones, `embedder` for any it did not store."""
        return SpanVectors(self.contents.vectors, self.contents.sentences, row_of, embedder)

    def term_vectors(self, embedder: Embedder) -> TermVectors:
        """The tables' words and their vectors: the build's stored ones, or `embedder`'s for an
        index of an older format."""
        if self.contents.terms is not None:
            return self.contents.terms
        words = table_terms(self.contents.tables)
        return TermVectors(words, embed_in_batches(embedder, words))

    def model_words(self) -> frozenset[str]:
        """The whole words the tokenizer of the model this index was built with knows ("spots")."""
        from .encoder import model_words

        return model_words(self.contents.manifest.model)

    def close(self) -> None:
        """Let builds remove this generation once it is replaced (it is read into memory)."""
        if self.hold is not None:
            self.hold.close()
