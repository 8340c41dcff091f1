"""The files of a generation: sizes, row counts and checksums recorded at build time, checked at load.

Loading checks what is cheap (every file is there with its recorded size, and the rows read
match the counts); `policyqa verify` and every build also compare the sha256 of every file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import DamagedIndexError
from .generations import READERS_LOCK, RETIRED
from .manifest import FileRecord, IndexProblem

MANIFEST = "manifest.json"
_UNRECORDED = frozenset({MANIFEST, READERS_LOCK, RETIRED})


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_files(folder: Path, rows: Mapping[str, int]) -> tuple[FileRecord, ...]:
    """A record of every file written into the generation folder (the manifest excepted)."""
    records = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name not in _UNRECORDED:
            records.append(FileRecord(name, path.stat().st_size, sha256_of(path), rows.get(name)))
    return tuple(records)


def file_problems(index: Path, folder: Path, files: Sequence[FileRecord], *, full: bool) -> list[IndexProblem]:
    """Missing files and wrong sizes; with full=True also wrong checksums. One problem per file."""
    problems = []
    for record in files:
        problem = _size_problem(folder / record.name, record)
        if problem is None and full and sha256_of(folder / record.name) != record.sha256:
            problem = "does not match its checksum (its content was changed)"
        if problem is not None:
            problems.append(IndexProblem(_shown(index, folder, record.name), problem))
    return problems


def check_sizes(index: Path, folder: Path, files: Sequence[FileRecord]) -> None:
    """Raise DamagedIndexError naming the first file that is missing or of the wrong size."""
    for problem in file_problems(index, folder, files, full=False)[:1]:
        raise DamagedIndexError(index, problem.file, problem.problem)


def check_rows(index: Path, folder: Path, name: str, found: int, expected: int) -> None:
    if found != expected:
        raise DamagedIndexError(
            index, _shown(index, folder, name), f"holds {found} rows but the manifest says {expected}"
        )


def damaged(index: Path, folder: Path, name: str, err: BaseException) -> DamagedIndexError:
    """The error for a file that could not be parsed."""
    detail = " ".join(str(err).split())[:100]
    reason = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
    return DamagedIndexError(index, _shown(index, folder, name), f"cannot be read ({reason})")


def _size_problem(path: Path, record: FileRecord) -> str | None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "is missing"
    except NotADirectoryError:
        return "is missing"
    if size != record.size:
        return f"is {size:,} bytes but the manifest says {record.size:,}"
    return None


def _shown(index: Path, folder: Path, name: str) -> str:
    """A file's path as users see it: relative to the index folder."""
    try:
        return (folder / name).relative_to(index).as_posix()
    except ValueError:
        return name
