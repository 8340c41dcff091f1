"""policyqa: document-grounded Q&A over economic-security and supply-chain policy reports."""

import logging

from .api import Assistant, build_index, load_embedder
from .errors import BuildRunningError, DamagedIndexError, PolicyQAError, QuestionError
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
from .index import DocumentEntry, Embedder, IndexProblem, Manifest, VerifyReport, read_manifest, verify_index
from .ingest import AddReport, add_documents, corpus_files, remove_document
from .records import Answer, BuildReport, Citation, Hit, Passage, Route, Table, TableRow
from .settings import (
    DEFAULT_CORPUS,
    Settings,
    parse_password,
    read_passwords_file,
    resolve_corpus_dir,
    resolve_index_dir,
    resolve_settings,
)
from .tables import table_frame

__all__ = [
    "DEFAULT_CORPUS",
    "EVAL_MODES",
    "AddReport",
    "Answer",
    "Assistant",
    "BuildReport",
    "BuildRunningError",
    "Citation",
    "DamagedIndexError",
    "DocumentEntry",
    "Embedder",
    "EvalReport",
    "GoldProblem",
    "GoldQuestion",
    "Hit",
    "IndexProblem",
    "Manifest",
    "Passage",
    "PolicyQAError",
    "QuestionError",
    "Route",
    "Settings",
    "Table",
    "TableRow",
    "VerifyReport",
    "add_documents",
    "build_index",
    "corpus_files",
    "find_misses",
    "kind_rows",
    "load_embedder",
    "load_gold",
    "miss_rows",
    "parse_password",
    "plot_report",
    "read_gold",
    "read_manifest",
    "read_passwords_file",
    "remove_document",
    "resolve_corpus_dir",
    "resolve_index_dir",
    "resolve_settings",
    "run_evaluation",
    "summary_rows",
    "table_frame",
    "text_report",
    "verify_index",
    "write_report",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
