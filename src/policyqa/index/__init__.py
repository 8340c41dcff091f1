"""Index owns the index folder: chunks, embeddings, FAISS, BM25 and the manifest, written by build_index."""

from .build import build_index
from .embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder
from .engines import rare_terms
from .folder import load_index, read_manifest
from .manifest import DocumentEntry, LoadedIndex, Manifest, StoredDocument

__all__ = [
    "CachedEmbedder",
    "DocumentEntry",
    "Embedder",
    "LoadedIndex",
    "Manifest",
    "SentenceTransformerEmbedder",
    "StoredDocument",
    "build_index",
    "load_index",
    "rare_terms",
    "read_manifest",
]
