"""Index owns the index folder: chunks, embeddings, FAISS, BM25 and the manifest, in generations build_index writes."""

from .build import build_index
from .embed import CachedEmbedder, Embedder
from .encoder import load_encoder
from .engines import rare_terms
from .folder import load_index, read_manifest, verify_index
from .generations import read_pointer
from .manifest import DocumentEntry, IndexProblem, LoadedIndex, Manifest, StoredDocument, VerifyReport

__all__ = [
    "CachedEmbedder",
    "DocumentEntry",
    "Embedder",
    "IndexProblem",
    "LoadedIndex",
    "Manifest",
    "StoredDocument",
    "VerifyReport",
    "build_index",
    "load_encoder",
    "load_index",
    "rare_terms",
    "read_manifest",
    "read_pointer",
    "verify_index",
]
