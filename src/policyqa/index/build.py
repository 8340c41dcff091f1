"""build_index: corpus folder -> a new index generation, incrementally, one build at a time."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..errors import IngestError, PolicyQAError
from ..ingest import DocumentReader, list_corpus, load_sources, metadata_fingerprint, sha256_file
from ..records import BuildReport, DocumentTables, Skipped, Table
from ..settings import Settings, resolve_settings
from .embed import Embedder
from .encoder import load_encoder
from .engines import dense_kind
from .folder import write_index
from .generations import build_lock, remove_old
from .manifest import DocumentEntry, IndexContents, Manifest
from .parts import DocumentParts, embed_missing, parts_of, process_document, reader_fingerprint, vector_cache
from .previous import Previous, previous_generation
from .sentences import embed_sentences, missing_sentences, sentence_cache
from .terms import embed_terms, missing_terms, term_cache

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Sources = Mapping[str, Mapping[str, str]]  # SOURCES.md metadata by file name
Fingerprints = dict[Path, tuple[str, str]]  # (content sha256, metadata sha256) per file


def build_index(
    corpus: Path | str,
    index: Path | str,
    *,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    force: bool = False,
    progress: Progress | None = None,
    lock_timeout_s: float | None = None,
) -> BuildReport:
    """Index `corpus` into `index`, re-reading and re-embedding only what changed or is damaged.

    One build at a time per index: another waits for the build lock (lock_timeout_s=None waits as
    long as it takes; after the timeout, BuildRunningError). Readers keep the previous generation.
    """
    started = time.perf_counter()
    settings = settings or resolve_settings()
    corpus, index = Path(corpus), Path(index)
    if not corpus.is_dir():  # before the lock, which creates the index folder
        raise PolicyQAError(f"corpus folder {corpus}/ not found: create it, or pass --corpus")
    with build_lock(index, timeout_s=lock_timeout_s):
        return _build(corpus, index, settings, embedder, force=force, progress=progress, started=started)


@dataclass(frozen=True)
class _Plan:
    """What a build found before reading anything: the corpus, the previous generation, what to read."""

    found: Previous
    old: Mapping[str, DocumentParts]  # the previous generation's documents by source
    sources: Sources
    hashes: Fingerprints
    files: Sequence[Path]  # every readable corpus file, in order
    todo: Sequence[Path]  # the new and changed ones
    removed: Sequence[str]
    skipped: tuple[Skipped, ...]

    @property
    def current(self) -> bool:
        """Whether the previous generation is intact and holds exactly this corpus."""
        contents = self.found.contents
        return (
            contents is not None
            and contents.sentences is not None  # an index of format 3 gains its sentence vectors
            and contents.terms is not None  # one of format 3 or 4 its table words' vectors
            and not self.todo
            and not self.removed
            and not self.found.must_write
        )


def _plan(corpus: Path, index: Path, settings: Settings, model: str, *, force: bool) -> _Plan:
    listed, skipped = list_corpus(corpus, follow_symlinks=settings.follow_symlinks)
    found = (
        Previous(None, ())
        if force
        else previous_generation(index, chunker=settings.chunker.as_dict(), model=model, reader=reader_fingerprint())
    )
    old = {d.stored.entry.source: d for d in parts_of(found.contents)}
    sources = load_sources(corpus)
    hashes, skipped = _fingerprints(listed, corpus, sources, skipped)
    files = [f for f in listed if f in hashes]
    todo = [f for f in files if _changed(old.get(_source(f, corpus)), hashes[f])]
    removed = sorted(set(old) - {_source(f, corpus) for f in files})
    return _Plan(found, old, sources, hashes, files, todo, removed, skipped)


def _build(
    corpus: Path,
    index: Path,
    settings: Settings,
    embedder: Embedder | None,
    *,
    force: bool,
    progress: Progress | None,
    started: float,
) -> BuildReport:
    model = embedder.name if embedder is not None else settings.model
    plan = _plan(corpus, index, settings, model, force=force)
    previous = plan.found.contents
    if previous is not None and plan.current:
        remove_old(index, current=previous.manifest.generation, grace_s=settings.generation_grace_s)
        return _report(index, previous, plan.old, Changes(skipped=plan.skipped), started, rebuilt=False, wrote=False)
    if plan.todo:  # with nothing to read the previous vectors serve, and no model is loaded
        embedder = embedder or load_encoder(settings.model, batch_size=settings.batch_size, runtime=settings.runtime)
    fresh, failed = _read_all(plan.todo, corpus, plan.sources, plan.hashes, settings, embedder, plan.old, progress)
    parts = _assemble(plan.files, corpus, plan.old, fresh)
    if not parts:
        raise PolicyQAError(
            f"no readable documents in {corpus}/ ({len(failed) + len(plan.skipped)} files skipped): "
            "add .pdf, .txt or .md files with text"
        )
    embedded, dimension = 0, previous.manifest.dimension if previous is not None else 0
    if embedder is not None:
        parts, embedded = embed_missing(parts, embedder, vector_cache(previous), _stage_progress(progress, "embedding"))
        dimension = embedder.dimension
    contents = _contents(parts, settings, model, dimension, (*plan.skipped, *failed), started)
    cached = sentence_cache(previous.chunks, previous.sentences) if previous is not None else {}
    if embedder is None and missing_sentences(contents.chunks, cached):  # an index of format 3 gains them
        embedder = load_encoder(settings.model, batch_size=settings.batch_size, runtime=settings.runtime)
    sentences, _ = embed_sentences(
        contents.chunks, contents.vectors, embedder, cached, _stage_progress(progress, "sentences")
    )
    cached_terms = term_cache(previous.terms if previous is not None else None)
    if embedder is None and missing_terms(contents.tables, cached_terms):  # an index of format 3 or 4 gains them
        embedder = load_encoder(settings.model, batch_size=settings.batch_size, runtime=settings.runtime)
    terms = embed_terms(
        contents.tables, embedder, cached_terms, contents.vectors.shape[1], _stage_progress(progress, "terms")
    )
    contents = replace(contents, sentences=sentences, terms=terms)
    manifest = write_index(index, contents, grace_s=settings.generation_grace_s)
    changes = Changes(
        added=tuple(s for s in fresh if s not in plan.old),
        changed=tuple(s for s in fresh if s in plan.old),
        removed=tuple(plan.removed),
        skipped=(*plan.skipped, *failed),
        repaired=plan.found.damaged,
        embedded=embedded,
    )
    contents = replace(contents, manifest=manifest)
    return _report(index, contents, plan.old, changes, started, rebuilt=previous is None, wrote=True)


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


def _read_all(
    todo: Sequence[Path],
    corpus: Path,
    sources: Sources,
    hashes: Fingerprints,
    settings: Settings,
    embedder: Embedder | None,
    old: Mapping[str, DocumentParts],
    progress: Progress | None,
) -> tuple[dict[str, DocumentParts], list[Skipped]]:
    """Read, clean, parse and chunk the new and changed files."""
    fresh: dict[str, DocumentParts] = {}
    failed: list[Skipped] = []
    if not todo or embedder is None:
        return fresh, failed
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
        reader=reader_fingerprint(),
    )
    return IndexContents(manifest, tuple(p.stored for p in parts), chunks, vectors, tables)


@dataclass(frozen=True)
class Changes:
    """What a build did to the documents, for its report."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    repaired: tuple[str, ...] = ()
    embedded: int = 0


def _report(
    index: Path,
    contents: IndexContents,
    old: Mapping[str, DocumentParts],
    changes: Changes,
    started: float,
    *,
    rebuilt: bool,
    wrote: bool,
) -> BuildReport:
    sources = [d.entry.source for d in contents.documents]
    touched = set(changes.added) | set(changes.changed)
    return BuildReport(
        index_dir=str(index),
        added=changes.added,
        changed=changes.changed,
        removed=changes.removed,
        unchanged=tuple(s for s in sources if s not in touched and s in old),
        skipped=tuple(changes.skipped),
        pages=sum(d.entry.page_count or 0 for d in contents.documents),
        chunks=len(contents.chunks),
        tables=len(contents.tables),
        table_rows=sum(len(t.rows) for t in contents.tables),
        embedded=changes.embedded,
        seconds=round(time.perf_counter() - started, 3),
        rebuilt=rebuilt,
        wrote=wrote,
        documents=tuple(_document_tables(d.entry, contents.tables) for d in contents.documents),
        generation=contents.manifest.generation,
        repaired=changes.repaired,
    )


def _document_tables(entry: DocumentEntry, tables: Sequence[Table]) -> DocumentTables:
    found = tuple(
        f"{t.name}{f' (page {t.page})' if t.page else ''}: {len(t.rows)} rows"
        for t in tables
        if t.doc_id == entry.doc_id
    )
    return DocumentTables(entry.source, found, entry.warnings)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
