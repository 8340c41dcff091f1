"""policyqa: document-grounded Q&A over economic-security and supply-chain policy reports."""

import logging

from .api import Assistant, build_index, load_embedder
from .errors import PolicyQAError, QuestionError
from .evaluate import MODES as EVAL_MODES
from .evaluate import (
    EvalReport,
    GoldProblem,
    GoldQuestion,
    find_misses,
    kind_rows,
    load_gold,
    miss_rows,
    plot_report,
    read_gold,
    run_evaluation,
    summary_rows,
    text_report,
    write_report,
)
from .index import DocumentEntry, Embedder, Manifest, read_manifest
from .ingest import AddReport, add_documents, corpus_files, remove_document
from .records import Answer, BuildReport, Citation, Hit, Passage, Route, Table, TableRow
from .render import (
    Box,
    FigureCell,
    PageImage,
    PassageContext,
    answer_markdown,
    conversation_markdown,
    escape_markdown,
    pdf_needs_password,
    printed_frame,
    table_csv,
    table_xlsx,
    unlock_pdf,
    values_csv,
    values_frame,
)
from .settings import DEFAULT_CORPUS, Settings, resolve_corpus_dir, resolve_index_dir, resolve_settings
from .tables import table_frame

__all__ = [
    "DEFAULT_CORPUS",
    "EVAL_MODES",
    "AddReport",
    "Answer",
    "Assistant",
    "Box",
    "BuildReport",
    "Citation",
    "DocumentEntry",
    "Embedder",
    "EvalReport",
    "FigureCell",
    "GoldProblem",
    "GoldQuestion",
    "Hit",
    "Manifest",
    "PageImage",
    "Passage",
    "PassageContext",
    "PolicyQAError",
    "QuestionError",
    "Route",
    "Settings",
    "Table",
    "TableRow",
    "add_documents",
    "answer_markdown",
    "build_index",
    "conversation_markdown",
    "corpus_files",
    "escape_markdown",
    "find_misses",
    "kind_rows",
    "load_embedder",
    "load_gold",
    "miss_rows",
    "pdf_needs_password",
    "plot_report",
    "printed_frame",
    "read_gold",
    "read_manifest",
    "remove_document",
    "resolve_corpus_dir",
    "resolve_index_dir",
    "resolve_settings",
    "run_evaluation",
    "summary_rows",
    "table_csv",
    "table_frame",
    "table_xlsx",
    "text_report",
    "unlock_pdf",
    "values_csv",
    "values_frame",
    "write_report",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
