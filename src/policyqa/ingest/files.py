"""The corpus folder's files: which are documents, their stable ids and content hashes."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from ..errors import IngestError
from ..records import Skipped

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
SOURCES_NAME = "sources.md"  # matched case-insensitively at the corpus root
SIDECAR_SUFFIX = ".meta.json"


def list_corpus(folder: Path, *, follow_symlinks: bool = False) -> tuple[tuple[Path, ...], tuple[Skipped, ...]]:
    """Supported files under `folder` (sorted, recursive) and a Skipped for every other file.

    A symbolic link whose real path lies outside `folder` is refused unless follow_symlinks.
    """
    if not folder.is_dir():
        raise IngestError(folder, f"corpus folder {folder}/ not found: create it, or pass --corpus")
    files: list[Path] = []
    found, skipped = _walk(folder, follow_symlinks=follow_symlinks)
    owners: dict[str, str] = {}  # doc_id -> relative path that claimed it first
    for path in found:
        rel = path.relative_to(folder).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(Skipped(rel, _unsupported_reason(path.suffix)))
            continue
        doc_id = make_doc_id(path, root=folder)
        if doc_id in owners:
            reason = f"same document id '{doc_id}' as {owners[doc_id]}; rename one of them"
            skipped.append(Skipped(rel, reason))
            continue
        owners[doc_id] = rel
        files.append(path)
    return tuple(files), tuple(sorted(skipped, key=lambda s: s.path))


def _walk(folder: Path, *, follow_symlinks: bool) -> tuple[list[Path], list[Skipped]]:
    """Every non-hidden regular file under folder except SOURCES.md and sidecars, sorted; refused links."""
    found: list[Path] = []
    refused: list[Skipped] = []
    seen: set[Path] = set()  # real folders walked, so a link loop is walked once
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        here = Path(dirpath)
        if here.resolve() in seen:
            dirnames[:] = []
            continue
        seen.add(here.resolve())
        dirnames[:] = [n for n in dirnames if not n.startswith(".")]
        if not follow_symlinks:
            for name in dirnames:
                _note_linked_folder(here / name, folder, refused)
        for name in filenames:
            path = here / name
            if _is_ignored(path, folder):
                continue
            problem = outside_problem(path, folder, follow_symlinks=follow_symlinks)
            if problem is not None:
                refused.append(Skipped(path.relative_to(folder).as_posix(), problem))
            elif path.is_file():
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(folder).as_posix()), refused


def _note_linked_folder(path: Path, root: Path, refused: list[Skipped]) -> None:
    """Report a linked folder outside the corpus (os.walk descends into links only when following them)."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        rel = path.relative_to(root).as_posix() + "/"
        refused.append(Skipped(rel, f"{_LINK} to a folder outside the corpus folder: not followed; {_FOLLOW}"))


def outside_problem(path: Path, root: Path, *, follow_symlinks: bool) -> str | None:
    """Why `path` may not be read as part of the corpus at `root`: a link to nothing, or to outside it."""
    real = path.resolve()
    if path.is_symlink() and not real.exists():
        return f"{_LINK} to {real}, which does not exist"
    if follow_symlinks or real.is_relative_to(root.resolve()):
        return None
    return f"{_LINK} to {real}, outside the corpus folder: refused; copy the file into the corpus, or {_FOLLOW}"


_LINK = "symbolic link"
_FOLLOW = "pass --follow-symlinks to allow it"


def _is_ignored(path: Path, folder: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
        return True
    return name == SOURCES_NAME and path.parent == folder


def _unsupported_reason(suffix: str) -> str:
    kind = f"'{suffix.lower()}'" if suffix else "(no extension)"
    return f"unsupported file type {kind} (policyqa reads .pdf, .txt and .md)"


def make_doc_id(path: Path, *, root: Path) -> str:
    """Stable slug of the path relative to root, without suffix: 'sub--my-report'."""
    rel = relative_path(path, root).with_suffix("")
    return "--".join(_slug(part) for part in rel.parts)


def _slug(part: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # Names with no ASCII letters (e.g. Japanese) still need a stable, distinct id.
    return slug or "doc-" + hashlib.sha256(part.encode()).hexdigest()[:8]


def relative_path(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve())
        except ValueError:
            raise IngestError(path, f"file is not inside the corpus folder {root}") from None


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def os_problem(err: OSError) -> str:
    """What went wrong reading a file, and what to do about it."""
    if isinstance(err, FileNotFoundError):
        return "file not found (was it moved or deleted?)"
    if isinstance(err, PermissionError):
        return "permission denied: make the file readable"
    return f"cannot read the file ({type(err).__name__}: {err.strerror or err})"
