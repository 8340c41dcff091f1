"""The public API: Assistant over an index, build_index and the model they share; composes the stages."""

from __future__ import annotations

import time
import typing
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

if typing.TYPE_CHECKING:
    import pandas

from .answer import Context, compose, validate_question
from .errors import PolicyQAError
from .figures import answer_figures
from .index import (
    CachedEmbedder,
    DocumentEntry,
    Embedder,
    LoadedIndex,
    Manifest,
    SentenceTransformerEmbedder,
    StoredDocument,
    build_index,
    load_index,
    rare_terms,
)
from .records import Answer, Chunk, Citation, Hit, Passage, Table
from .render import Box, DocumentPages, FigureCell, PageImage, PassageContext
from .retrieve import MODES, Retriever
from .settings import Settings, resolve_settings
from .tables import TABLES_FILE, query_tables, table_frame
from .text import bm25_tokens, make_stemmer

RARE_SHARE = 0.05  # a term in at most this share of chunks makes a question specific

__all__ = ["Assistant", "build_index", "load_embedder"]


def load_embedder(model: str, *, batch_size: int = 32) -> Embedder:
    """A sentence-transformers model (a name in the local cache, or a folder), loaded offline.

    Load it once and pass it to `Assistant.from_index` and `build_index` to share it.
    """
    return SentenceTransformerEmbedder(model, batch_size=batch_size)


class Assistant:
    """Search and ask over one loaded index; load once, ask many times."""

    def __init__(
        self, index: LoadedIndex, embedder: Embedder, settings: Settings, *, corpus: Path | None = None
    ) -> None:
        self.settings = settings
        self.pages = DocumentPages(corpus, index.contents.documents, index.contents.tables)  # to show them as printed
        self.embedder = embedder
        cached = CachedEmbedder(embedder)  # questions and evidence sentences recur
        self.retriever = Retriever(index, cached, rrf_k=settings.rrf_k)
        self._row_chunks = {
            (c.table_id, c.row): row for row, c in enumerate(index.contents.chunks) if c.kind == "table_row"
        }
        self._context = Context(
            embedder=cached,
            stemmer=make_stemmer(),
            vocabulary=frozenset(index.bm25.vocab_dict),
            rare=rare_terms(index.bm25, share=RARE_SHARE),
            document_terms=_document_terms(index.contents.manifest.documents),
            figures=lambda question: answer_figures(question, index.contents.tables),
            row_hit=self._row_hit,
        )

    @classmethod
    def from_index(
        cls,
        path: Path | str,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        corpus: Path | str | None = None,
    ) -> Assistant:
        """Open the index at `path` with the configured (or given) embedding model.

        `corpus` is the folder the index was built from; it is needed only to show PDF pages.
        """
        settings = settings or resolve_settings()
        index = load_index(Path(path), model=embedder.name if embedder else settings.model)
        if embedder is None:
            embedder = SentenceTransformerEmbedder(settings.model, batch_size=settings.batch_size)
        return cls(index, embedder, settings, corpus=Path(corpus) if corpus is not None else None)

    @property
    def manifest(self) -> Manifest:
        return self.retriever.index.contents.manifest

    @property
    def path(self) -> Path:
        return self.retriever.index.path

    def documents(self) -> tuple[DocumentEntry, ...]:
        return self.manifest.documents

    def document(self, doc_id: str) -> StoredDocument | None:
        return next((d for d in self.retriever.index.contents.documents if d.entry.doc_id == doc_id), None)

    def chunks(self) -> tuple[Chunk, ...]:
        return self.retriever.index.contents.chunks

    def tables(self) -> tuple[Table, ...]:
        return self.retriever.index.contents.tables

    def table(self, table_id: str) -> Table:
        """One parsed table by id ("<doc_id>:table-<n>")."""
        found = next((t for t in self.tables() if t.table_id == table_id), None)
        if found is None:
            known = ", ".join(t.table_id for t in self.tables()) or "none"
            raise PolicyQAError(f"no table {table_id!r} in this index (tables: {known})")
        return found

    def table_frame(self, table_id: str) -> pandas.DataFrame:
        """A table as a DataFrame: numbers as floats, text as printed, units in `.attrs`."""
        return table_frame(self.table(table_id))

    def query_tables(self, sql: str, params: Sequence[object] = ()) -> pandas.DataFrame:
        """A read-only SQL query over tables.sqlite (tables, columns, rows, cells, figures)."""
        return query_tables(self.path / TABLES_FILE, sql, params)

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        mode: str = "hybrid",
        docs: Collection[str] | None = None,
        kinds: Collection[str] | None = None,
    ) -> tuple[Hit, ...]:
        """The k best chunks for `query` (mode: bm25, dense or hybrid), within docs and kinds if given."""
        query = validate_question(query, max_chars=self.settings.max_question_chars)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        allowed = self.retriever.allowed_rows(docs=docs, kinds=kinds)
        return self.retriever.search(
            query, k=max(1, k), mode=mode, candidates=self.settings.candidates, allowed=allowed
        )

    def ask(
        self, question: str, *, docs: Collection[str] | None = None, kinds: Collection[str] | None = None
    ) -> Answer:
        """A grounded answer with citations, or an abstention; docs and kinds narrow the evidence."""
        started = time.perf_counter()
        question = validate_question(question, max_chars=self.settings.max_question_chars)
        vector = self.retriever.embed_query(question)
        allowed = self.retriever.allowed_rows(docs=docs, kinds=kinds)
        hits = self.retriever.search(
            question, k=self.settings.top_k, candidates=self.settings.candidates, vector=vector, allowed=allowed
        )
        retrieved = time.perf_counter()
        similarities = self.retriever.similarity(vector, [self._row(h) for h in hits])
        composed = compose(question, vector, hits, similarities, self._scoped(docs, kinds))
        done = time.perf_counter()
        passages = tuple(Passage.from_hit(h) for h in hits)
        return replace(composed, passages=passages, timing_ms=_timing(started, retrieved, done))

    # --- the evidence as printed -----------------------------------------------------------

    def has_pages(self, doc_id: str) -> bool:
        """True when the document is a PDF whose pages can be shown."""
        return self.pages.has_pages(doc_id)

    def page_image(self, doc_id: str, page: int, *, highlight: Sequence[Box] = ()) -> PageImage:
        """Page `page` (1-based) of a PDF document as a PNG, each `highlight` box framed; cached."""
        return self.pages.image(doc_id, page, highlight)

    def find_on_page(self, doc_id: str, page: int, text: str) -> tuple[Box, ...]:
        """Boxes (points, top-left origin) where `text` is printed on the page; () when it is not."""
        return self.pages.find(doc_id, page, text)

    def cited_page(self, citation: Citation) -> PageImage:
        """The page a PDF citation cites, with its cell, row or sentence framed."""
        return self.pages.cited_page(citation)

    def cell_page(self, cell: FigureCell) -> PageImage:
        """The page a figure was read from, with its cell framed."""
        return self.pages.cell_page(cell)

    def passage_context(self, citation: Citation) -> PassageContext:
        """The cited passage (or table row) with the text around it in its document."""
        return self.pages.passage_context(citation)

    def figure_cells(self, answer: Answer) -> tuple[FigureCell | None, ...]:
        """The table cell each of `answer.figures` was read from (None when it is not found)."""
        return self.pages.figure_cells(answer)

    def _scoped(self, docs: Collection[str] | None, kinds: Collection[str] | None) -> Context:
        """The composing context with the tables engine limited like retrieval."""
        if kinds is not None and "table_row" not in kinds:
            return replace(self._context, figures=lambda question: None)
        if docs is None:
            return self._context
        tables = [t for t in self.tables() if t.doc_id in docs]
        return replace(self._context, figures=lambda question: answer_figures(question, tables))

    def _row_hit(self, table_id: str, row: int) -> Hit | None:
        """The table-row chunk of a table row, as a citable hit."""
        position = self._row_chunks.get((table_id, row))
        if position is None:
            return None
        chunk = self.retriever.index.contents.chunks[position]
        return Hit(chunk=chunk, title=self.retriever.title_of(chunk.doc_id), score=1.0, rank=0)

    def _row(self, hit: Hit) -> int:
        return self.retriever.row_of(hit.chunk.chunk_id)


def _document_terms(documents: Sequence[DocumentEntry]) -> frozenset[str]:
    """Stemmed words of the documents' ids, titles, authors and publishers."""
    stemmer = make_stemmer()
    text = " ".join(f"{d.doc_id.replace('-', ' ')} {d.title} {d.author or ''} {d.publisher or ''}" for d in documents)
    return frozenset(bm25_tokens(text, stemmer))


def _timing(started: float, retrieved: float, done: float) -> dict[str, float]:
    return {
        "retrieve": round((retrieved - started) * 1000, 2),
        "answer": round((done - retrieved) * 1000, 2),
        "total": round((done - started) * 1000, 2),
    }
