"""Index owns the index folder: chunks, embeddings, FAISS, BM25 and the manifest, in generations build_index writes."""

from .build import build_index
from .embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder
from .encoder import load_query_encoder
from .engines import rare_terms
from .folder import load_index, read_manifest, verify_index
from .generations import read_pointer
from .manifest import DocumentEntry, IndexProblem, LoadedIndex, Manifest, StoredDocument, VerifyReport
from .sentences import SpanVectors, evidence_spans

__all__ = [
    "CachedEmbedder",
    "DocumentEntry",
    "Embedder",
    "IndexProblem",
    "LoadedIndex",
    "Manifest",
    "SentenceTransformerEmbedder",
    "SpanVectors",
    "StoredDocument",
    "VerifyReport",
    "build_index",
    "evidence_spans",
    "load_index",
    "load_query_encoder",
    "rare_terms",
    "read_manifest",
    "read_pointer",
    "verify_index",
]
