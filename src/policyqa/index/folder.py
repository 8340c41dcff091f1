"""The index folder: manifest, chunks, tables, vectors, FAISS and BM25; atomic writes."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexMissingError, StaleIndexError
from ..records import Chunk, Page, Skipped
from ..tables import TABLES_FILE, read_tables, write_tables
from ..text import make_stemmer
from .embed import resolve_model_path
from .engines import IVF_NPROBE, build_bm25, build_dense, dense_kind
from .manifest import FORMAT_VERSION, DocumentEntry, IndexContents, LoadedIndex, Manifest, StoredDocument

MANIFEST = "manifest.json"
BM25_DIR = "bm25"
DENSE_FILE = "dense.faiss"  # written only for the approximate index; flat is rebuilt from vectors


# --- writing -------------------------------------------------------------------------------


def write_index(target: Path, contents: IndexContents) -> None:
    """Write into a temporary sibling folder, then swap it into place."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        _write_folder(tmp, contents)
        _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_folder(folder: Path, contents: IndexContents) -> None:
    folder.mkdir()
    _write_jsonl(folder / "chunks.jsonl", (asdict(c) for c in contents.chunks))
    write_tables(folder / TABLES_FILE, contents.tables)
    _write_jsonl(folder / "documents.jsonl", (_document_row(d) for d in contents.documents))
    np.save(folder / "vectors.npy", contents.vectors.astype("float32"), allow_pickle=False)
    bm25 = build_bm25([c.text for c in contents.chunks], make_stemmer())
    bm25.save(str(folder / BM25_DIR))
    if dense_kind(len(contents.vectors)) != "flat":  # training takes long: keep it, unlike flat
        import faiss

        faiss.write_index(build_dense(contents.vectors), str(folder / DENSE_FILE))
    # The manifest goes last: a folder without one is never taken for an index.
    (folder / MANIFEST).write_text(json.dumps(asdict(contents.manifest), indent=2), "utf-8")


def _swap_into_place(tmp: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def _document_row(doc: StoredDocument) -> dict[str, Any]:
    # Pages keep their text and size for display; their layout served cleaning and is not stored.
    pages = [{"number": p.number, "text": p.text, "size": p.size} for p in doc.pages]
    return {**asdict(doc.entry), "text": doc.text, "pages": pages}


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def remove_leftovers(target: Path) -> None:
    """Delete temporary folders that killed builds left beside the index."""
    for sibling in Path(target).parent.glob(f".{Path(target).name}.tmp-*"):
        pid = sibling.name.split("-")[1] if "-" in sibling.name else ""
        if not (pid.isdigit() and _process_alive(int(pid))):
            shutil.rmtree(sibling, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- reading -------------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of the index at `path`, or None when there is no index there."""
    path = _recover(Path(path))
    file = path / MANIFEST
    if not file.is_file():
        return None
    raw = json.loads(file.read_text("utf-8"))
    raw["documents"] = tuple(_entry(d) for d in raw.get("documents", ()))
    raw["skipped"] = tuple(Skipped(**s) for s in raw.get("skipped", ()))
    return Manifest(**raw)


def read_contents(path: Path) -> IndexContents | None:
    """Chunks, tables, documents and vectors of the index at `path`, or None if there is none."""
    path = Path(path)
    manifest = read_manifest(path)
    if manifest is None:
        return None
    return IndexContents(
        manifest=manifest,
        documents=tuple(_stored_document(r) for r in _read_jsonl(path / "documents.jsonl")),
        chunks=tuple(_chunk(r) for r in _read_jsonl(path / "chunks.jsonl")),
        vectors=np.load(path / "vectors.npy", allow_pickle=False),
        tables=read_tables(path / TABLES_FILE),
    )


def load_index(path: Path, *, model: str) -> LoadedIndex:
    """Load everything at `path`; refuse an index made by another model or format."""
    path = Path(path)
    manifest = read_manifest(path)
    if manifest is None:
        raise IndexMissingError(f"no index in {path}/: run `policyqa build --index {path}`")
    check_compatible(manifest, path=path, model=model)
    import bm25s

    contents = read_contents(path)
    if contents is None:  # removed between the two reads
        raise IndexMissingError(f"no index in {path}/: run `policyqa build --index {path}`")
    bm25 = bm25s.BM25.load(str(path / BM25_DIR), mmap=False)
    return LoadedIndex(path, contents, _open_dense(path, contents), bm25)


def _open_dense(path: Path, contents: IndexContents) -> Any:
    """The stored approximate index, or exact search built from the vectors."""
    if contents.manifest.dense != "flat" and (path / DENSE_FILE).is_file():
        import faiss

        dense: Any = faiss.read_index(str(path / DENSE_FILE))  # an IndexIVF; read_index types it as Index
        dense.nprobe = IVF_NPROBE
        return dense
    return build_dense(contents.vectors)


def check_compatible(manifest: Manifest, *, path: Path, model: str) -> None:
    if manifest.format_version != FORMAT_VERSION:
        raise StaleIndexError(
            f"the index in {path}/ has format {manifest.format_version} but this policyqa reads "
            f"format {FORMAT_VERSION}: rebuild it with `policyqa build --force --index {path}`"
        )
    if not same_model(manifest.model, model):
        raise StaleIndexError(
            f"the index in {path}/ was built with model '{manifest.model}' but '{model}' is "
            f"configured: rebuild with `policyqa build --index {path}` or pass --model"
        )


def same_model(a: str, b: str) -> bool:
    return a == b or resolve_model_path(a) == resolve_model_path(b)


def _recover(path: Path) -> Path:
    """Put back the previous index if a build was killed between its two renames."""
    if not path.exists():
        olds = sorted(path.parent.glob(f".{path.name}.old-*"), key=lambda p: p.stat().st_mtime)
        if olds and (olds[-1] / MANIFEST).is_file():
            os.replace(olds[-1], path)
    return path


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _entry(raw: dict[str, Any]) -> DocumentEntry:
    return DocumentEntry(**{**raw, "warnings": tuple(raw.get("warnings", ()))})


def _stored_document(raw: dict[str, Any]) -> StoredDocument:
    pages = tuple(_page(p) for p in raw.pop("pages"))
    text = raw.pop("text")
    return StoredDocument(_entry(raw), text, pages)


def _chunk(raw: dict[str, Any]) -> Chunk:
    return Chunk(**raw)


def _page(data: dict[str, Any]) -> Page:
    size = data.get("size")
    return Page(data["number"], data["text"], size=(float(size[0]), float(size[1])) if size else None)
