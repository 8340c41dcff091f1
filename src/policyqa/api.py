"""The public API: Assistant over an index, build_index and the model they share; composes the stages."""

from __future__ import annotations

import threading
import time
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

if typing.TYPE_CHECKING:
    import pandas

from .answer import (
    Context,
    compose,
    evidence_kinds,
    known_name,
    read_follow_up,
    read_places,
    read_source,
    validate_question,
)
from .errors import PolicyQAError, QuestionError
from .figures import FigureAnswer, ProseWords, TermReader, answer_figures
from .index import (
    CachedEmbedder,
    DocumentEntry,
    Embedder,
    LoadedIndex,
    Manifest,
    StoredDocument,
    build_index,
    load_encoder,
    load_index,
    rare_terms,
    read_pointer,
)
from .ingest import without_surrogates
from .records import Answer, Chunk, Citation, Hit, Passage, Table
from .render import Box, DocumentPages, FigureCell, PageImage, PassageContext
from .retrieve import MODES, Retriever
from .settings import Settings, resolve_settings
from .tables import TABLES_FILE, query_tables, table_frame
from .text import Stemmer, bm25_tokens, fiscal_years, make_stemmer

RARE_SHARE = 0.05  # a term in at most this share of chunks makes a question specific

__all__ = ["Assistant", "build_index", "load_embedder"]


def load_embedder(model: str, *, batch_size: int = 32, runtime: str = "onnx") -> Embedder:
    """An embedding model (a name in the local cache, or a folder), loaded offline.

    runtime "onnx" runs its ONNX export (made on first use) by onnxruntime, "torch" runs it by
    sentence-transformers; both give the same vectors.

    Load it once and pass it to `Assistant.from_index` and `build_index` to share it.
    """
    return load_encoder(model, batch_size=batch_size, runtime=runtime)


@dataclass(frozen=True)
class _Served:
    """One generation of the index as the Assistant serves it: every answer uses one of these only."""

    index: LoadedIndex
    retriever: Retriever
    context: Context
    pages: DocumentPages
    real_words: frozenset[str]  # stems no question word is read as a misspelling of goods
    terms: TermReader  # reads a question's words as the tables' words of the same meaning
    by_text: dict[tuple[str, str], int]  # (document, chunk text) -> chunk row: what a citation cites
    documents: Mapping[str, frozenset[str]]  # each document's stemmed name words ("kiep", "census")

    def cited_hit(self, citation: Citation) -> Hit | None:
        """The chunk a citation of an earlier answer cites, as a hit (None when no longer indexed)."""
        row = self.by_text.get((citation.doc, citation.text))
        if row is None:
            return None
        chunk = self.index.contents.chunks[row]
        return Hit(chunk=chunk, title=self.retriever.title_of(chunk.doc_id), score=0.0, rank=0)


class Assistant:
    """Search and ask over one loaded index; load once, ask many times.

    Before each question it reads the index's pointer file (a few bytes) and, when a build has
    published a new generation, loads that one and answers from it; a question already being
    answered finishes on the generation it started with.
    """

    def __init__(
        self, index: LoadedIndex, embedder: Embedder, settings: Settings, *, corpus: Path | None = None
    ) -> None:
        self.settings = settings
        self._corpus = corpus  # the folder the index was built from: to show its pages as printed
        self.embedder = embedder
        self._cached = CachedEmbedder(embedder)  # questions and evidence sentences recur
        self._switching = threading.Lock()
        self._served = self._serve(index)

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
        if embedder is not None:
            index = load_index(Path(path), model=embedder.name)
        else:  # the model loads while the index is read (onnxruntime and numpy work outside the GIL)
            with ThreadPoolExecutor(max_workers=1) as pool:
                loading = pool.submit(
                    load_encoder, settings.model, batch_size=settings.batch_size, runtime=settings.runtime
                )
                try:
                    index = load_index(Path(path), model=settings.model)
                except BaseException:
                    loading.cancel()
                    raise
                try:
                    embedder = loading.result()
                except BaseException:
                    index.close()
                    raise
        return cls(index, embedder, settings, corpus=Path(corpus) if corpus is not None else None)

    def _serve(self, index: LoadedIndex) -> _Served:
        retriever = Retriever(index, self._cached, rrf_k=self.settings.rrf_k)
        row_chunks = {(c.table_id, c.row): row for row, c in enumerate(index.contents.chunks) if c.kind == "table_row"}

        def row_hit(table_id: str, row: int) -> Hit | None:
            """The table-row chunk of a table row, as a citable hit."""
            position = row_chunks.get((table_id, row))
            if position is None:
                return None
            chunk = index.contents.chunks[position]
            return Hit(chunk=chunk, title=retriever.title_of(chunk.doc_id), score=1.0, rank=0)

        chunks = index.contents.chunks

        def following(hit: Hit) -> Hit | None:
            """The passage printed right after a hit's in its document, as a citable hit."""
            position = retriever.row_of(hit.chunk.chunk_id) + 1
            if position >= len(chunks) or chunks[position].doc_id != hit.chunk.doc_id:
                return None
            chunk = chunks[position]
            if chunk.kind != "passage":
                return None
            return Hit(chunk=chunk, title=retriever.title_of(chunk.doc_id), score=0.0, rank=0)

        def preceding(hit: Hit) -> Hit | None:
            """The passage printed right before a hit's in its document, as a citable hit."""
            position = retriever.row_of(hit.chunk.chunk_id) - 1
            if position < 0 or chunks[position].doc_id != hit.chunk.doc_id or chunks[position].kind != "passage":
                return None
            return Hit(chunk=chunks[position], title=retriever.title_of(hit.chunk.doc_id), score=0.0, rank=0)

        lowered: dict[str, list[tuple[Chunk, str]]] = {}  # the passages in lower case, made on the first call

        def using(word: str) -> list[Hit]:
            """The passages that use a word, as citable hits, in corpus order."""
            texts = lowered.get("all")
            if texts is None:  # two first calls at once each make it, and one is kept
                texts = lowered.setdefault("all", [(c, c.text.lower()) for c in chunks if c.kind == "passage"])
            lower = word.lower()
            return [Hit(chunk=c, title=retriever.title_of(c.doc_id), score=0.0, rank=0) for c, t in texts if lower in t]

        sentence_vectors = index.span_vectors(retriever.row_of, self._cached)
        vocabulary = frozenset(index.bm25.vocab_dict) | _heading_terms(index.contents.chunks)
        stemmer = make_stemmer()
        passages = [c for c in index.contents.chunks if c.kind != "table_row"]
        prose = ProseWords(
            ((c.doc_id, c.text) for c in passages),
            ((c.doc_id, heading) for c in passages for heading in (c.section or "").split(" > ") if heading),
        )
        terms = TermReader(index.term_vectors(self._cached), self._cached.embed, prose, prose.spelled)
        # words the corpus or the model's tokenizer knows whole are real words, never misspelt goods
        model_words = sorted(index.model_words())
        real_words = vocabulary | frozenset(stemmer.stemWords(model_words) if stemmer is not None else model_words)
        named = _document_words(index.contents.manifest.documents, stemmer)
        context = Context(
            sentence_vectors=sentence_vectors,
            stemmer=stemmer,
            vocabulary=vocabulary,
            rare=rare_terms(index.bm25, share=RARE_SHARE),
            document_terms=frozenset().union(*named.values()),
            named=named,
            figures=_figures_of(index.contents.tables, named, stemmer, real_words, terms),
            row_hit=row_hit,
            following=following,
            preceding=preceding,
            using=using,
            term_share=retriever.term_share,
            spelled=prose.spelled,
        )
        pages = DocumentPages(self._corpus, index.contents.documents, index.contents.tables)
        by_text = {(c.doc_id, c.text): row for row, c in enumerate(chunks)}
        return _Served(index, retriever, context, pages, real_words, terms, by_text, named)

    def refresh(self) -> bool:
        """Switch to the newest generation if a build has published one since; True when it switched."""
        try:
            pointer = read_pointer(self.path)
        except (PolicyQAError, OSError):
            return False  # a damaged or vanished pointer: keep serving the generation in memory
        if pointer is None or pointer.generation == self.generation:
            return False
        with self._switching:  # one thread loads it; the others then see it
            if pointer.generation == self.generation:
                return False
            old = self._served
            self._served = self._serve(load_index(self.path, model=self.embedder.name))
        old.index.close()
        return True

    def close(self) -> None:
        """Release the generation this Assistant holds (it stays usable from memory)."""
        self._served.index.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def retriever(self) -> Retriever:
        return self._served.retriever

    @property
    def manifest(self) -> Manifest:
        return self._served.index.contents.manifest

    @property
    def path(self) -> Path:
        """The index folder (generations live inside it)."""
        return self._served.index.path

    @property
    def generation(self) -> str:
        """The generation being served ("gen-000004-1a2b3c4d")."""
        return self._served.index.generation

    def documents(self) -> tuple[DocumentEntry, ...]:
        return self.manifest.documents

    def document(self, doc_id: str) -> StoredDocument | None:
        return next((d for d in self._served.index.contents.documents if d.entry.doc_id == doc_id), None)

    def chunks(self) -> tuple[Chunk, ...]:
        return self._served.index.contents.chunks

    def tables(self) -> tuple[Table, ...]:
        return self._served.index.contents.tables

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
        index = self._served.index
        return query_tables((index.folder or index.path) / TABLES_FILE, sql, params)

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
        query = validate_question(_question_text(query), max_chars=self.settings.max_question_chars)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        self.refresh()
        retriever = self._served.retriever
        allowed = retriever.allowed_rows(docs=docs, kinds=kinds)
        return retriever.search(query, k=max(1, k), mode=mode, candidates=self.settings.candidates, allowed=allowed)

    def ask(
        self,
        question: str,
        *,
        history: Sequence[str | Answer] = (),
        docs: Collection[str] | None = None,
        kinds: Collection[str] | None = None,
    ) -> Answer:
        """A grounded answer with citations, or an abstention; docs and kinds narrow the evidence.

        `history` is the conversation so far, oldest first: earlier questions or their answers.
        A follow-up ("and in 2010?", "what about the US?") is read with it; `Answer.read_as` says how.
        """
        started = time.perf_counter()
        asked = validate_question(_question_text(question), max_chars=self.settings.max_question_chars)
        context = self._served.context
        placed = read_places(asked, lambda name: known_name(name, context))  # "Beijing" -> "Beijing (China)"
        placed = fiscal_years(placed)  # "FY2014" -> "fiscal year 2014"
        reading = read_follow_up(placed, _turns(history, max_chars=self.settings.max_question_chars))
        earlier: Sequence[Citation] = ()
        if reading.leans_on is not None:  # "which came second?", "what makes those countries attractive?"
            last = history[-1] if history else None
            earlier = (
                last.citations
                if isinstance(last, Answer) and (last.read_as or last.question) == reading.leans_on
                else self._answer(reading.leans_on, docs=docs, kinds=kinds, started=started).citations
            )
        answer = self._answer(reading.text, docs=docs, kinds=kinds, started=started, earlier=earlier)
        read_as = reading.read_as or (placed if placed != asked else None)
        return replace(answer, question=asked, read_as=read_as)

    def _answer(
        self,
        question: str,
        *,
        docs: Collection[str] | None,
        kinds: Collection[str] | None,
        started: float,
        earlier: Sequence[Citation] = (),
    ) -> Answer:
        """The answer to `question`; `earlier` are the passages the answer it follows up cited: a
        follow-up asks about what they say, so they are read with the best passages found."""
        self.refresh()
        served = self._served  # this answer uses this generation only, whatever is published meanwhile
        vector = served.retriever.embed_query(question)
        wanted = kinds if kinds is not None else evidence_kinds(question)  # a term's meaning is read in prose
        allowed = served.retriever.allowed_rows(docs=docs, kinds=wanted)
        hits = served.retriever.search(
            question, k=self.settings.top_k, candidates=self.settings.candidates, vector=vector, allowed=allowed
        )
        hits = tuple(_with_earlier(hits, [h for c in earlier if (h := served.cited_hit(c)) is not None]))
        retrieved = time.perf_counter()
        rows = [served.retriever.row_of(h.chunk.chunk_id) for h in hits]
        similarities = served.retriever.similarity(vector, rows)
        composed = compose(question, vector, hits, similarities, _scoped(served, docs, kinds))
        done = time.perf_counter()
        passages = tuple(Passage.from_hit(h) for h in hits)
        return replace(composed, passages=passages, timing_ms=_timing(started, retrieved, done))

    # --- the evidence as printed -----------------------------------------------------------

    @property
    def pages(self) -> DocumentPages:
        """The documents' pages as printed (PDF renderings, text in context), for the served index."""
        return self._served.pages

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


def _scoped(served: _Served, docs: Collection[str] | None, kinds: Collection[str] | None) -> Context:
    """The composing context with the tables engine limited like retrieval."""
    if kinds is not None and "table_row" not in kinds:
        return replace(served.context, figures=lambda question: None)
    if docs is None:
        return served.context
    tables = [t for t in served.index.contents.tables if t.doc_id in docs]
    named = {doc: words for doc, words in served.documents.items() if doc in docs}
    figures = _figures_of(tables, named, served.context.stemmer, served.real_words, served.terms)
    return replace(served.context, figures=figures)


def _figures_of(
    tables: Sequence[Table],
    named: Mapping[str, frozenset[str]],
    stemmer: Stemmer | None,
    known: frozenset[str],
    terms: TermReader,
) -> Callable[[str], FigureAnswer | None]:
    """The tables engine over `tables`: a question opening on its source ("In the Census disability
    report, ...") asks the tables of the documents it names only, without those words."""

    def figures(question: str) -> FigureAnswer | None:
        asked, docs = read_source(question, named, stemmer)
        scope = tables if docs is None else [t for t in tables if t.doc_id in docs]
        return answer_figures(asked, scope, known=known, terms=terms)

    return figures


def _with_earlier(hits: Sequence[Hit], earlier: Sequence[Hit]) -> list[Hit]:
    """The hits with the earlier answer's passages read right after the best one (once each; one
    found lower down moves up)."""
    best = {h.chunk.chunk_id for h in hits[:1]}
    added = list({h.chunk.chunk_id: h for h in earlier if h.chunk.chunk_id not in best}.values())
    if not added:
        return list(hits)
    moved = {h.chunk.chunk_id for h in added}
    rest = [h for h in hits[1:] if h.chunk.chunk_id not in moved]
    return [replace(h, rank=i + 1) for i, h in enumerate([*hits[:1], *added, *rest])]


def _question_text(question: object) -> str:
    """A question as text: bytes and other types are refused, lone surrogates replaced."""
    if isinstance(question, str):
        return without_surrogates(question)
    hint = ": decode the bytes first, e.g. question.decode('utf-8')" if isinstance(question, bytes) else ""
    raise QuestionError(f"a question must be text (str), not {type(question).__name__}{hint}")


def _turns(history: Sequence[str | Answer], *, max_chars: int) -> list[str]:
    """Earlier turns as the questions they were read as (each a str or an Answer); blank ones left out,
    a question given as text held to the same length limit as the question itself."""
    out = []
    for turn in history:
        if isinstance(turn, Answer):
            out.append(turn.read_as or turn.question)
        elif isinstance(turn, str):
            if turn.strip():
                out.append(validate_question(without_surrogates(turn), max_chars=max_chars))
        else:
            raise QuestionError(f"a history turn must be a question (str) or an Answer, not {type(turn).__name__}")
    return out


def _heading_terms(chunks: Sequence[Chunk]) -> frozenset[str]:
    """Stemmed words of the section headings: a heading's words are the corpus's even where no
    passage repeats them ("SCRA (Supply Chain Resilience Accord)")."""
    headings = {c.section for c in chunks if c.section}
    return frozenset(bm25_tokens(" ".join(headings), make_stemmer())) if headings else frozenset()


def _document_words(documents: Sequence[DocumentEntry], stemmer: Stemmer | None) -> dict[str, frozenset[str]]:
    """Each document's stemmed name words: of its id, title, author and publisher (together, the
    words that name the documents: "the KIEP article", "the USGS summary")."""
    return {
        d.doc_id: frozenset(
            bm25_tokens(f"{d.doc_id.replace('-', ' ')} {d.title} {d.author or ''} {d.publisher or ''}", stemmer)
        )
        for d in documents
    }


def _timing(started: float, retrieved: float, done: float) -> dict[str, float]:
    return {
        "retrieve": round((retrieved - started) * 1000, 2),
        "answer": round((done - retrieved) * 1000, 2),
        "total": round((done - started) * 1000, 2),
    }
