"""The index folder: a build writes a generation and publishes it; readers load the current one.

Layout: `CURRENT` (the pointer), `build.lock`, and one `gen-NNNNNN-xxxxxxxx/` folder per
generation holding `manifest.json`, `chunks.jsonl`, `documents.jsonl`, `tables.sqlite`,
`vectors.npy`, `sentences.npy` and `sentence_spans.npy` (evidence sentences embedded at build
time), `terms.npy` and `term_vectors.npy` (the tables' words embedded at build time), `bm25/`,
above 200,000 chunks `dense.faiss`, and `readers.lock`. Never pickle.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DamagedIndexError, IndexMissingError, IndexWriteError, PolicyQAError, StaleIndexError
from ..tables import TABLES_FILE, write_tables
from ..text import make_stemmer
from .embed import resolve_model_path
from .engines import build_bm25, build_dense, dense_kind
from .generations import (
    POINTER,
    READERS_LOCK,
    GenerationHold,
    Pointer,
    hold_current,
    new_generation,
    publish,
    read_pointer,
    remove_old,
    retire,
    sync_folder,
    write_problem,
    write_synced,
)
from .integrity import check_sizes, file_problems, record_files, sha256_bytes
from .legacy import is_legacy, legacy_manifest, remove_legacy
from .manifest import IndexContents, IndexProblem, LoadedIndex, Manifest, StoredDocument, VerifyReport
from .reading import (
    BM25_DIR,
    CHUNKS,
    DENSE_FILE,
    DOCUMENTS,
    MANIFEST,
    VECTORS,
    load_bm25,
    open_dense,
    parse_manifest,
    read_generation,
)
from .sentences import SENTENCE_SPANS, SENTENCES, empty_sentences
from .terms import TERM_VECTORS, TERMS, empty_terms, save_words

DEFAULT_GRACE_S = 60.0


@dataclass(frozen=True)
class Opened:
    """The current generation, resolved once and held until closed."""

    index: Path
    pointer: Pointer
    folder: Path
    hold: GenerationHold

    def manifest(self) -> Manifest:
        data = self.folder.joinpath(MANIFEST).read_bytes() if (self.folder / MANIFEST).is_file() else b""
        expected = (self.pointer.manifest_size, self.pointer.manifest_sha256)
        return parse_manifest(self.index, self.folder, data, expected=expected)


def open_current(index: Path) -> Opened | None:
    """The index's current generation, held; None when there is no index (or only an old-layout one)."""
    found = hold_current(Path(index))
    return None if found is None else Opened(Path(index), *found)


# --- writing -------------------------------------------------------------------------------


def write_index(index: Path, contents: IndexContents, *, grace_s: float = DEFAULT_GRACE_S) -> Manifest:
    """Write `contents` as a new generation and publish it; the caller holds the build lock."""
    index = Path(index)
    folder = _guarded(index, "a generation folder", lambda: new_generation(index))
    try:
        manifest = _write_generation(index, folder, contents)
        data = _manifest_bytes(manifest)
        _guarded(index, MANIFEST, lambda: write_synced(folder / MANIFEST, data))
        sync_folder(folder)
        previous = _current_name(index)
        _guarded(index, POINTER, lambda: publish(index, Pointer(folder.name, len(data), sha256_bytes(data))))
    except BaseException:
        if _current_name(index) != folder.name:  # not published: it must not stay behind
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if previous is not None:
        retire(index, previous)
    remove_old(index, current=folder.name, grace_s=grace_s)
    remove_legacy(index)
    return manifest


def _write_generation(index: Path, folder: Path, contents: IndexContents) -> Manifest:
    """Every file of the generation, synced to disk, and the manifest that records them."""
    _guarded(index, READERS_LOCK, lambda: write_synced(folder / READERS_LOCK, b""))
    _guarded(index, CHUNKS, lambda: _write_jsonl(folder / CHUNKS, (asdict(c) for c in contents.chunks)))
    _guarded(index, TABLES_FILE, lambda: write_tables(folder / TABLES_FILE, contents.tables))
    _guarded(index, DOCUMENTS, lambda: _write_jsonl(folder / DOCUMENTS, map(_document_row, contents.documents)))
    vectors = contents.vectors.astype("float32")
    _guarded(index, VECTORS, lambda: np.save(folder / VECTORS, vectors, allow_pickle=False))
    sentences = contents.sentences or empty_sentences(vectors.shape[1])
    _guarded(index, SENTENCE_SPANS, lambda: np.save(folder / SENTENCE_SPANS, sentences.spans, allow_pickle=False))
    _guarded(index, SENTENCES, lambda: np.save(folder / SENTENCES, sentences.vectors, allow_pickle=False))
    terms = contents.terms or empty_terms(vectors.shape[1])
    _guarded(index, TERMS, lambda: save_words(str(folder / TERMS), terms.words))
    _guarded(index, TERM_VECTORS, lambda: np.save(folder / TERM_VECTORS, terms.vectors, allow_pickle=False))
    bm25 = build_bm25([c.text for c in contents.chunks], make_stemmer())
    _guarded(index, BM25_DIR + "/", lambda: bm25.save(str(folder / BM25_DIR)))
    if dense_kind(len(vectors)) != "flat":  # training takes long: keep it, unlike flat
        _guarded(index, DENSE_FILE, lambda: _write_dense(folder / DENSE_FILE, vectors))
    _guarded(index, "the files to disk", lambda: _sync_tree(folder))
    rows = {
        CHUNKS: len(contents.chunks),
        DOCUMENTS: len(contents.documents),
        VECTORS: len(vectors),
        TABLES_FILE: len(contents.tables),
        DENSE_FILE: len(vectors),
        SENTENCES: len(sentences.vectors),
        SENTENCE_SPANS: len(sentences.spans),
        TERMS: len(terms.words),
        TERM_VECTORS: len(terms.vectors),
    }
    return replace(contents.manifest, generation=folder.name, files=record_files(folder, rows))


def _write_dense(path: Path, vectors: np.ndarray) -> None:
    import faiss

    try:
        faiss.write_index(build_dense(vectors), str(path))
    except RuntimeError as err:  # faiss reports a failed write (e.g. a full disk) this way
        raise OSError(str(err)) from err


def _guarded(index: Path, file: str, write: Callable[[], Any]) -> Any:
    """write(), with a failed write (disk full, read-only, permissions) as one IndexWriteError line."""
    try:
        return write()
    except (OSError, sqlite3.Error) as err:
        raise IndexWriteError(write_problem(index, err, file=file)) from None


def _sync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    for sub in (folder / BM25_DIR, folder):
        sync_folder(sub)


def _manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(asdict(manifest), indent=2).encode("utf-8")


def _document_row(doc: StoredDocument) -> dict[str, Any]:
    # Pages keep their text and size for display; their layout served cleaning and is not stored.
    pages = [{"number": p.number, "text": p.text, "size": p.size} for p in doc.pages]
    return {**asdict(doc.entry), "text": doc.text, "pages": pages}


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _current_name(index: Path) -> str | None:
    try:
        pointer = read_pointer(index)
    except (PolicyQAError, OSError):  # a damaged or unreadable pointer names nothing
        return None
    return None if pointer is None else pointer.generation


# --- reading -------------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of the index at `path` (an old-layout one too), or None when there is no index."""
    opened = open_current(Path(path))
    if opened is None:
        return legacy_manifest(Path(path))
    try:
        return opened.manifest()
    finally:
        opened.hold.close()


def read_contents(path: Path) -> IndexContents | None:
    """Chunks, tables, documents and vectors of the current generation, or None if there is none."""
    opened = open_current(Path(path))
    if opened is None:
        return None
    try:
        manifest = opened.manifest()
        check_sizes(opened.index, opened.folder, manifest.files)
        return read_generation(opened.index, opened.folder, manifest)
    finally:
        opened.hold.close()


def load_index(path: Path, *, model: str) -> LoadedIndex:
    """Load the current generation; refuse one of another model or format, or a damaged one (named)."""
    path = Path(path)
    opened = open_current(path)
    if opened is None:
        raise _no_index(path)
    try:
        manifest = opened.manifest()
        check_compatible(manifest, path=path, model=model)
        check_sizes(path, opened.folder, manifest.files)  # cheap: stat every file before reading any
        contents = read_generation(path, opened.folder, manifest)
        bm25 = load_bm25(path, opened.folder, len(contents.chunks))
        dense = open_dense(path, opened.folder, contents)
    except BaseException:
        opened.hold.close()
        raise
    return LoadedIndex(path, contents, dense, bm25, folder=opened.folder, hold=opened.hold)


def verify_index(path: Path) -> VerifyReport:
    """Check every file of the current generation in full (sizes and sha256)."""
    path = Path(path)
    try:
        opened = open_current(path)
    except DamagedIndexError as err:
        return VerifyReport(str(path), "", 1, (IndexProblem(err.file, err.problem),))
    if opened is None:
        raise _no_index(path)
    try:
        manifest = opened.manifest()
        problems = file_problems(path, opened.folder, manifest.files, full=True)
    except DamagedIndexError as err:
        manifest, problems = None, [IndexProblem(err.file, err.problem)]
    finally:
        opened.hold.close()
    files = 1 + (len(manifest.files) if manifest else 0)
    return VerifyReport(str(path), opened.pointer.generation, files, tuple(problems))


def _no_index(path: Path) -> PolicyQAError:
    """Why there is no generation to read: an index of the old layout, or none at all."""
    if is_legacy(path):
        return StaleIndexError(
            f"the index in {path}/ has the layout of an older policyqa: rebuild it with `policyqa build --index {path}`"
        )
    return IndexMissingError(f"no index in {path}/: run `policyqa build --index {path}`")


def check_compatible(manifest: Manifest, *, path: Path, model: str) -> None:
    if not same_model(manifest.model, model):
        raise StaleIndexError(
            f"the index in {path}/ was built with model '{manifest.model}' but '{model}' is "
            f"configured: rebuild with `policyqa build --index {path}` or pass --model"
        )


def same_model(a: str, b: str) -> bool:
    return a == b or resolve_model_path(a) == resolve_model_path(b)
