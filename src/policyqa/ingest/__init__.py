"""Ingest owns the corpus folder: listing, reading PDF/TXT/MD into Documents, metadata, cleaning, the library."""

from .clean import clean_document
from .encodings import without_surrogates
from .files import list_corpus, sha256_file
from .library import AddReport, add_documents, corpus_files, remove_document
from .metadata import load_sources, metadata_fingerprint
from .reader import DocumentReader

__all__ = [
    "AddReport",
    "DocumentReader",
    "add_documents",
    "clean_document",
    "corpus_files",
    "list_corpus",
    "load_sources",
    "metadata_fingerprint",
    "remove_document",
    "sha256_file",
    "without_surrogates",
]
