"""policyqa: document-grounded Q&A over economic-security and supply-chain policy reports.

Names are imported on first use (PEP 562), so `import policyqa.ingest` in the PDF worker, or
`policyqa --help`, does not pay for numpy, FAISS and the answer stages.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs the CLI's start a third
if TYPE_CHECKING:
    from typing import Any

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
        select_split,
        summary_rows,
        text_report,
        write_report,
    )
    from .index import DocumentEntry, Embedder, IndexProblem, Manifest, VerifyReport, read_manifest, verify_index
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

_HOMES = {
    "api": (
        "Assistant",
        "build_index",
        "load_embedder",
    ),
    "errors": (
        "BuildRunningError",
        "DamagedIndexError",
        "PolicyQAError",
        "QuestionError",
    ),
    "evaluate": (
        "EvalReport",
        "GoldProblem",
        "GoldQuestion",
        "find_misses",
        "kind_rows",
        "load_gold",
        "miss_rows",
        "plot_report",
        "read_gold",
        "run_evaluation",
        "select_split",
        "summary_rows",
        "text_report",
        "write_report",
    ),
    "index": (
        "DocumentEntry",
        "Embedder",
        "IndexProblem",
        "Manifest",
        "VerifyReport",
        "read_manifest",
        "verify_index",
    ),
    "ingest": (
        "AddReport",
        "add_documents",
        "corpus_files",
        "remove_document",
    ),
    "records": (
        "Answer",
        "BuildReport",
        "Citation",
        "Hit",
        "Passage",
        "Route",
        "Table",
        "TableRow",
    ),
    "render": (
        "Box",
        "FigureCell",
        "PageImage",
        "PassageContext",
        "answer_markdown",
        "conversation_markdown",
        "escape_markdown",
        "pdf_needs_password",
        "printed_frame",
        "table_csv",
        "table_xlsx",
        "unlock_pdf",
        "values_csv",
        "values_frame",
    ),
    "settings": (
        "DEFAULT_CORPUS",
        "Settings",
        "parse_password",
        "read_passwords_file",
        "resolve_corpus_dir",
        "resolve_index_dir",
        "resolve_settings",
    ),
    "tables": ("table_frame",),
}
_WHERE = {name: home for home, names in _HOMES.items() for name in names} | {"EVAL_MODES": "evaluate"}


def __getattr__(name: str) -> Any:
    home = _WHERE.get(name)
    if home is None:
        raise AttributeError(f"module 'policyqa' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f".{home}", __name__)
    value = getattr(module, "MODES" if name == "EVAL_MODES" else name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "DEFAULT_CORPUS",
    "EVAL_MODES",
    "AddReport",
    "Answer",
    "Assistant",
    "Box",
    "BuildReport",
    "BuildRunningError",
    "Citation",
    "DamagedIndexError",
    "DocumentEntry",
    "Embedder",
    "EvalReport",
    "FigureCell",
    "GoldProblem",
    "GoldQuestion",
    "Hit",
    "IndexProblem",
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
    "VerifyReport",
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
    "parse_password",
    "pdf_needs_password",
    "plot_report",
    "printed_frame",
    "read_gold",
    "read_manifest",
    "read_passwords_file",
    "remove_document",
    "resolve_corpus_dir",
    "resolve_index_dir",
    "resolve_settings",
    "run_evaluation",
    "select_split",
    "summary_rows",
    "table_csv",
    "table_frame",
    "table_xlsx",
    "text_report",
    "unlock_pdf",
    "values_csv",
    "values_frame",
    "verify_index",
    "write_report",
]
