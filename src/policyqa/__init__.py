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
from .settings import DEFAULT_CORPUS, Settings, resolve_corpus_dir, resolve_index_dir, resolve_settings
from .tables import table_frame

__all__ = [
    "DEFAULT_CORPUS",
    "EVAL_MODES",
    "AddReport",
    "Answer",
    "Assistant",
    "BuildReport",
    "Citation",
    "DocumentEntry",
    "Embedder",
    "EvalReport",
    "GoldProblem",
    "GoldQuestion",
    "Hit",
    "Manifest",
    "Passage",
    "PolicyQAError",
    "QuestionError",
    "Route",
    "Settings",
    "Table",
    "TableRow",
    "add_documents",
    "build_index",
    "corpus_files",
    "find_misses",
    "kind_rows",
    "load_embedder",
    "load_gold",
    "miss_rows",
    "plot_report",
    "read_gold",
    "read_manifest",
    "remove_document",
    "resolve_corpus_dir",
    "resolve_index_dir",
    "resolve_settings",
    "run_evaluation",
    "summary_rows",
    "table_frame",
    "text_report",
    "write_report",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
