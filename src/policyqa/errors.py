"""The error tree; str(err) is shown to users unchanged."""

from __future__ import annotations

from pathlib import Path


class PolicyQAError(Exception):
    """Base class; the CLI and the Streamlit page catch this and nothing else."""


class IngestError(PolicyQAError):
    """A file could not be read; names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{Path(path).name}: {problem}")
        self.path = Path(path)
        self.problem = problem


class ModelError(PolicyQAError):
    """The embedding model could not be loaded."""


class IndexMissingError(PolicyQAError):
    """No index where one was expected."""


class StaleIndexError(PolicyQAError):
    """The index was built with another model, chunker or format."""


class QuestionError(PolicyQAError):
    """A question or query that cannot be asked (empty, too long)."""


class ConfigError(PolicyQAError):
    """A setting with an unusable value."""


class DamagedIndexError(PolicyQAError):
    """A file of the index is missing, cut short or altered; `policyqa build` repairs it."""

    def __init__(self, index: Path | str, file: str, problem: str) -> None:
        index = Path(index)
        super().__init__(
            f"the index in {index}/ is damaged: {file} {problem}: run `policyqa build --index {index}` to repair it"
        )
        self.file = file
        self.problem = problem


class IndexWriteError(PolicyQAError):
    """The index could not be written (disk full, read-only, no permission); the previous one is untouched."""


class BuildRunningError(PolicyQAError):
    """Another build holds the index's build lock."""
