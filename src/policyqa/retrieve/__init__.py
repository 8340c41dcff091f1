"""Retrieve owns ranking chunks: dense (FAISS) and BM25 candidates fused by reciprocal rank fusion."""

from .retriever import MODES, Retriever

__all__ = [
    "MODES",
    "Retriever",
]
