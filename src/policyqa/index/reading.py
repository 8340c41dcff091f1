"""Reading one generation folder back into records; every file that cannot be read is named."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..errors import DamagedIndexError, StaleIndexError
from ..records import Chunk, Page, Skipped
from ..tables import TABLES_FILE, TermVectors, read_tables
from .engines import IVF_NPROBE, build_dense
from .integrity import check_rows, damaged, sha256_bytes
from .manifest import (
    FORMAT_VERSION,
    READABLE_FORMATS,
    DocumentEntry,
    FileRecord,
    IndexContents,
    Manifest,
    StoredDocument,
)
from .sentences import SENTENCE_SPANS, SENTENCES, SentenceVectors
from .terms import TERM_VECTORS, TERMS

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.jsonl"
VECTORS = "vectors.npy"
BM25_DIR = "bm25"
DENSE_FILE = "dense.faiss"  # written only for the approximate index; flat is rebuilt from vectors
# What a build can reuse.
CONTENT_FILES = frozenset({CHUNKS, DOCUMENTS, VECTORS, TABLES_FILE, SENTENCES, SENTENCE_SPANS, TERMS, TERM_VECTORS})
# What reading a damaged file raises: numpy, json, sqlite, bm25s and faiss each raise their own.
READ_ERRORS = (
    OSError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    RuntimeError,
    EOFError,
    sqlite3.Error,
)

T = TypeVar("T")


def parse_manifest(index: Path, folder: Path, data: bytes, *, expected: tuple[int, str] | None) -> Manifest:
    """The manifest from its bytes: checked against (size, sha256) from the pointer when given."""
    name = (folder / MANIFEST).relative_to(index).as_posix() if folder != index else MANIFEST
    if expected is not None and (len(data), sha256_bytes(data)) != expected:
        raise DamagedIndexError(index, name, "does not match the checksum the pointer file CURRENT gives")
    try:
        raw = json.loads(data)
        version = raw.get("format_version")
    except (ValueError, AttributeError) as err:
        raise damaged(index, folder, MANIFEST, err) from None
    if version not in READABLE_FORMATS and expected is not None:
        raise StaleIndexError(
            f"the index in {index}/ has format {version} but this policyqa reads format {FORMAT_VERSION}: "
            f"rebuild it with `policyqa build --index {index}`"
        )
    try:
        return manifest_from(raw)
    except (ValueError, KeyError, TypeError) as err:
        raise damaged(index, folder, MANIFEST, err) from None


def manifest_from(raw: dict[str, Any]) -> Manifest:
    raw = dict(raw)
    raw["documents"] = tuple(_entry(d) for d in raw.get("documents", ()))
    raw["skipped"] = tuple(Skipped(**s) for s in raw.get("skipped", ()))
    raw["files"] = tuple(FileRecord(**f) for f in raw.get("files", ()))
    manifest = Manifest(**raw)
    if not isinstance(manifest.chunks, int) or not isinstance(manifest.dimension, int):
        raise TypeError("chunks and dimension must be whole numbers")
    return manifest


def read_generation(index: Path, folder: Path, manifest: Manifest) -> IndexContents:
    """Chunks, documents, vectors and tables of one generation, each count checked against the manifest."""
    chunks = parse(index, folder, CHUNKS, lambda: tuple(Chunk(**r) for r in read_jsonl(folder / CHUNKS)))
    check_rows(index, folder, CHUNKS, len(chunks), manifest.chunks)
    documents = parse(
        index, folder, DOCUMENTS, lambda: tuple(_stored_document(r) for r in read_jsonl(folder / DOCUMENTS))
    )
    check_rows(index, folder, DOCUMENTS, len(documents), len(manifest.documents))
    vectors = parse(index, folder, VECTORS, lambda: np.load(folder / VECTORS, allow_pickle=False))
    if vectors.ndim != 2 or vectors.shape[1] != manifest.dimension or vectors.dtype != np.float32:
        shape = "x".join(map(str, vectors.shape))
        raise DamagedIndexError(index, _shown(index, folder, VECTORS), f"holds {shape} {vectors.dtype} vectors")
    check_rows(index, folder, VECTORS, len(vectors), manifest.chunks)
    tables = parse(index, folder, TABLES_FILE, lambda: read_tables(folder / TABLES_FILE))
    check_rows(index, folder, TABLES_FILE, len(tables), manifest.tables)
    sentences = _read_sentences(index, folder, manifest, len(chunks)) if manifest.format_version >= 4 else None
    terms = _read_terms(index, folder, manifest) if manifest.format_version >= 5 else None
    return IndexContents(manifest, documents, chunks, vectors, tables, sentences, terms)


def _read_sentences(index: Path, folder: Path, manifest: Manifest, chunks: int) -> SentenceVectors:
    """The evidence-sentence vectors and their spans, checked against each other and the chunks."""
    spans = parse(index, folder, SENTENCE_SPANS, lambda: np.load(folder / SENTENCE_SPANS, allow_pickle=False))
    vectors = parse(index, folder, SENTENCES, lambda: np.load(folder / SENTENCES, allow_pickle=False))
    shaped = spans.ndim == 2 and spans.shape[1] == 3 and spans.dtype == np.int64
    if not shaped or (len(spans) and spans[:, 0].max() >= chunks):
        raise DamagedIndexError(index, _shown(index, folder, SENTENCE_SPANS), "does not hold (chunk, start, end) rows")
    if vectors.ndim != 2 or vectors.shape[1] != manifest.dimension or vectors.dtype != np.float32:
        shape = "x".join(map(str, vectors.shape))
        raise DamagedIndexError(index, _shown(index, folder, SENTENCES), f"holds {shape} {vectors.dtype} vectors")
    check_rows(index, folder, SENTENCES, len(vectors), len(spans))
    return SentenceVectors(spans, vectors)


def _read_terms(index: Path, folder: Path, manifest: Manifest) -> TermVectors:
    """The tables' words and their vectors, checked against each other."""
    words = parse(index, folder, TERMS, lambda: np.load(folder / TERMS, allow_pickle=False))
    vectors = parse(index, folder, TERM_VECTORS, lambda: np.load(folder / TERM_VECTORS, allow_pickle=False))
    if words.ndim != 1 or words.dtype.kind != "U":
        raise DamagedIndexError(index, _shown(index, folder, TERMS), "does not hold a list of words")
    if vectors.ndim != 2 or vectors.shape[1] != manifest.dimension or vectors.dtype != np.float32:
        shape = "x".join(map(str, vectors.shape))
        raise DamagedIndexError(index, _shown(index, folder, TERM_VECTORS), f"holds {shape} {vectors.dtype} vectors")
    check_rows(index, folder, TERM_VECTORS, len(vectors), len(words))
    return TermVectors(tuple(str(w) for w in words), vectors)


def load_bm25(index: Path, folder: Path, chunks: int) -> Any:
    import bm25s

    bm25 = parse(index, folder, BM25_DIR + "/", lambda: bm25s.BM25.load(str(folder / BM25_DIR), mmap=False))
    count = parse(index, folder, BM25_DIR + "/", lambda: int(bm25.scores["num_docs"]))
    check_rows(index, folder, BM25_DIR + "/", count, chunks)
    return bm25


def open_dense(index: Path, folder: Path, contents: IndexContents) -> Any:
    """The stored approximate index, or exact search built from the vectors."""
    if contents.manifest.dense == "flat":
        return build_dense(contents.vectors)
    import faiss

    dense: Any = parse(index, folder, DENSE_FILE, lambda: faiss.read_index(str(folder / DENSE_FILE)))
    check_rows(index, folder, DENSE_FILE, int(dense.ntotal), len(contents.chunks))
    dense.nprobe = IVF_NPROBE  # an IndexIVF; read_index types it as Index
    return dense


def parse(index: Path, folder: Path, name: str, read: Callable[[], T]) -> T:
    """read(), with any failure turned into a DamagedIndexError naming the file."""
    try:
        return read()
    except READ_ERRORS as err:
        raise damaged(index, folder, name, err) from None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise TypeError(f"a line holds {type(row).__name__}, not an object")
                yield row


def _entry(raw: dict[str, Any]) -> DocumentEntry:
    return DocumentEntry(**{**raw, "warnings": tuple(raw.get("warnings", ()))})


def _stored_document(raw: dict[str, Any]) -> StoredDocument:
    raw = dict(raw)
    pages = tuple(_page(p) for p in raw.pop("pages"))
    text = raw.pop("text")
    return StoredDocument(_entry(raw), text, pages)


def _shown(index: Path, folder: Path, name: str) -> str:
    return (folder / name).relative_to(index).as_posix() if folder != index else name


def _page(data: dict[str, Any]) -> Page:
    size = data.get("size")
    return Page(data["number"], data["text"], size=(float(size[0]), float(size[1])) if size else None)
