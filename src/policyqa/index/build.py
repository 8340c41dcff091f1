"""build_index: corpus folder -> index folder, incrementally and atomically."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..errors import IngestError, PolicyQAError
from ..ingest import DocumentReader, clean_document, list_corpus, load_sources, metadata_fingerprint, sha256_file
from ..records import BuildReport, Chunk, Document, Skipped, Table
from ..settings import Settings, resolve_settings
from ..tables import parse_tables
from .chunk import chunk_document
from .embed import Embedder, SentenceTransformerEmbedder, embed_in_batches
from .engines import dense_kind
from .folder import read_contents, remove_leftovers, same_model, write_index
from .manifest import DocumentEntry, IndexContents, Manifest, StoredDocument

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Sources = Mapping[str, Mapping[str, str]]  # SOURCES.md metadata by file name
Fingerprints = dict[Path, tuple[str, str]]  # (content sha256, metadata sha256) per file


@dataclass(frozen=True)
class DocumentParts:
    """One document's share of the index."""

    stored: StoredDocument
    chunks: tuple[Chunk, ...]
    tables: tuple[Table, ...]
    vectors: np.ndarray | None  # None until embedded


def build_index(
    corpus: Path | str,
    index: Path | str,
    *,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Index `corpus` into `index`, re-reading and re-embedding only what changed."""
    started = time.perf_counter()
    settings = settings or resolve_settings()
    corpus, index = Path(corpus), Path(index)
    remove_leftovers(index)
    listed, skipped = list_corpus(corpus)
    model = embedder.name if embedder is not None else settings.model
    previous = None if force else _reusable(index, settings, model)
    old = {d.stored.entry.source: d for d in _parts_of(previous)}
    sources = load_sources(corpus)
    hashes, skipped = _fingerprints(listed, corpus, sources, skipped)
    files = [f for f in listed if f in hashes]
    todo = [f for f in files if _changed(old.get(_source(f, corpus)), hashes[f])]
    removed = sorted(set(old) - {_source(f, corpus) for f in files})
    if previous is not None and not todo and not removed:
        return _report(index, previous, old, [], [], removed, skipped, started, rebuilt=False, wrote=False)
    embedder = embedder or SentenceTransformerEmbedder(settings.model, batch_size=settings.batch_size)
    fresh, failed = _read_all(todo, corpus, sources, hashes, settings, embedder, old, progress)
    parts = _assemble(files, corpus, old, fresh)
    if not parts:
        raise PolicyQAError(
            f"no readable documents in {corpus}/ ({len(failed) + len(skipped)} files skipped): "
            "add .pdf, .txt or .md files with text"
        )
    cached = _vector_cache(previous)
    parts, embedded = _embed_missing(parts, embedder, cached, progress)
    skipped = (*skipped, *failed)
    contents = _contents(parts, settings, model, embedder.dimension, skipped, started)
    write_index(index, contents)
    added = [s for s in fresh if s not in old]
    changed = [s for s in fresh if s in old]
    return _report(
        index,
        contents,
        old,
        added,
        changed,
        removed,
        skipped,
        started,
        rebuilt=previous is None,
        wrote=True,
        embedded=embedded,
    )


def _source(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def _fingerprints(
    files: Sequence[Path], corpus: Path, sources: Sources, skipped: Sequence[Skipped]
) -> tuple[Fingerprints, tuple[Skipped, ...]]:
    """(content sha256, metadata sha256) per file; a file that vanished or cannot be read is skipped."""
    out, failed = {}, []
    for path in files:
        try:
            out[path] = (sha256_file(path), metadata_fingerprint(path, root=corpus, sources=sources))
        except OSError as err:
            failed.append(Skipped(_source(path, corpus), f"cannot read the file ({err.strerror or err})"))
    return out, (*skipped, *failed)


def _changed(previous: DocumentParts | None, fingerprint: tuple[str, str]) -> bool:
    if previous is None:
        return True
    return (previous.stored.entry.sha256, previous.stored.entry.metadata_sha) != fingerprint


def _reusable(index: Path, settings: Settings, model: str) -> IndexContents | None:
    """The previous index when its model, chunker and format allow reuse."""
    try:
        contents = read_contents(index)
    except (PolicyQAError, OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or of another format: build from scratch
    if contents is None:
        return None
    manifest = contents.manifest
    if manifest.chunker != settings.chunker.as_dict() or not same_model(manifest.model, model):
        return None
    return contents


def _parts_of(contents: IndexContents | None) -> list[DocumentParts]:
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


def _read_all(
    todo: Sequence[Path],
    corpus: Path,
    sources: Sources,
    hashes: Fingerprints,
    settings: Settings,
    embedder: Embedder,
    old: Mapping[str, DocumentParts],
    progress: Progress | None,
) -> tuple[dict[str, DocumentParts], list[Skipped]]:
    """Read, clean, parse and chunk the new and changed files."""
    fresh: dict[str, DocumentParts] = {}
    failed: list[Skipped] = []
    with DocumentReader(settings) as reader:
        for done, path in enumerate(todo, start=1):
            source = _source(path, corpus)
            try:
                document = reader.read(path, root=corpus, sources=sources, sha256=hashes[path][0])
            except IngestError as err:
                kept = " (kept the previously indexed version)" if source in old else ""
                failed.append(Skipped(source, err.problem + kept))
                continue
            finally:
                if progress:
                    progress("reading", done, len(todo))
            added = old[source].stored.entry.added if source in old else _now()
            parts = process_document(document, settings=settings, embedder=embedder, added=added)
            entry = replace(parts.stored.entry, metadata_sha=hashes[path][1])
            fresh[source] = replace(parts, stored=replace(parts.stored, entry=entry))
    return fresh, failed


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
    )
    return DocumentParts(StoredDocument(entry, clean.text, document.pages), chunks, tables, None)


def _assemble(
    files: Sequence[Path], corpus: Path, old: Mapping[str, DocumentParts], fresh: Mapping[str, DocumentParts]
) -> list[DocumentParts]:
    """Documents in corpus order: fresh ones, else the previous version if still present."""
    parts: list[DocumentParts] = []
    for path in files:
        source = _source(path, corpus)
        part = fresh.get(source) or old.get(source)
        if part is not None:
            parts.append(part)
    return parts


def _stage_progress(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    """`progress` for one stage, as embed_in_batches reports it: (done, total)."""
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _vector_cache(previous: IndexContents | None) -> dict[str, np.ndarray]:
    if previous is None:
        return {}
    return {_text_key(c.text): previous.vectors[row] for row, c in enumerate(previous.chunks)}


def _embed_missing(
    parts: Sequence[DocumentParts], embedder: Embedder, cached: Mapping[str, np.ndarray], progress: Progress | None
) -> tuple[list[DocumentParts], int]:
    """Vectors for every part: reused by chunk text hash, computed for the rest."""
    wanted = sorted({c.text for p in parts if p.vectors is None for c in p.chunks if _text_key(c.text) not in cached})
    report = _stage_progress(progress, "embedding")
    computed = embed_in_batches(embedder, wanted, progress=report)  # no rows when nothing is wanted
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


def _contents(
    parts: Sequence[DocumentParts],
    settings: Settings,
    model: str,
    dimension: int,
    skipped: Sequence[Skipped],
    started: float,
) -> IndexContents:
    chunks = tuple(c for p in parts for c in p.chunks)
    tables = tuple(t for p in parts for t in p.tables)
    vectors = np.concatenate([p.vectors for p in parts]).astype("float32")
    manifest = Manifest(
        model=model,
        dimension=dimension,
        chunker=settings.chunker.as_dict(),
        documents=tuple(p.stored.entry for p in parts),
        chunks=len(chunks),
        tables=len(tables),
        built_at=_now(),
        build_seconds=round(time.perf_counter() - started, 3),
        skipped=tuple(skipped),
        dense=dense_kind(len(chunks)),
    )
    return IndexContents(manifest, tuple(p.stored for p in parts), chunks, vectors, tables)


def _report(
    index: Path,
    contents: IndexContents,
    old: Mapping[str, DocumentParts],
    added: Sequence[str],
    changed: Sequence[str],
    removed: Sequence[str],
    skipped: Sequence[Skipped],
    started: float,
    *,
    rebuilt: bool,
    wrote: bool,
    embedded: int = 0,
) -> BuildReport:
    sources = [d.entry.source for d in contents.documents]
    touched = set(added) | set(changed)
    return BuildReport(
        index_dir=str(index),
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        unchanged=tuple(s for s in sources if s not in touched and s in old),
        skipped=tuple(skipped),
        pages=sum(d.entry.page_count or 0 for d in contents.documents),
        chunks=len(contents.chunks),
        tables=len(contents.tables),
        table_rows=sum(len(t.rows) for t in contents.tables),
        embedded=embedded,
        seconds=round(time.perf_counter() - started, 3),
        rebuilt=rebuilt,
        wrote=wrote,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
