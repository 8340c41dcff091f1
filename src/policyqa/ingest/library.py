"""The document library the Streamlit page manages: add uploads to the corpus, remove files.

Everything here works on the corpus folder and on records; the page only shows the results.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import IngestError, PolicyQAError
from ..records import Skipped
from ..settings import Settings
from .files import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, list_corpus, make_doc_id, sha256_file

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-16/32 text holds NUL bytes
MAX_STEM = 80  # characters kept of an uploaded file's name, before its suffix


@dataclass(frozen=True, slots=True)
class AddReport:
    added: tuple[str, ...]  # file names written into the corpus folder
    rejected: tuple[Skipped, ...]  # uploads not written, by the name they were uploaded as
    # (name written, secret) for the uploads given a password: pass them on with
    # `settings.with_passwords(report.passwords)` to the build. Never written anywhere.
    passwords: tuple[tuple[str, str], ...] = field(default=(), repr=False)


def add_documents(
    corpus: Path,
    uploads: Sequence[tuple[str, bytes]],
    *,
    settings: Settings,
    passwords: Mapping[str, str] | None = None,
) -> AddReport:
    """Write (name, content) uploads into `corpus`; reject unsafe, unsupported or duplicate ones.

    `passwords` maps an uploaded name to the password of that encrypted PDF; the report gives
    them back under the names written, ready for the build's settings.
    """
    corpus = Path(corpus)
    passwords = passwords or {}
    _ensure_folder(corpus)
    present = corpus_files(corpus)
    hashes = _hashes(corpus, present)
    taken = {make_doc_id(corpus / source, root=corpus) for source in present}
    added: list[str] = []
    rejected: list[Skipped] = []
    secrets: list[tuple[str, str]] = []
    for given, data in uploads:
        name = safe_name(given)
        problem = upload_problem(name, data, max_bytes=settings.max_file_bytes)
        digest = hashlib.sha256(data).hexdigest()
        if problem is None and digest in hashes:
            problem = f"same content as {hashes[digest]}: it is already in the corpus"
        if problem is not None:
            rejected.append(Skipped(given, problem))
            continue
        written = _write_new(corpus, name, data, taken)
        hashes[digest] = written
        taken.add(make_doc_id(corpus / written, root=corpus))
        added.append(written)
        if given in passwords:
            secrets.append((written, passwords[given]))
    return AddReport(tuple(added), tuple(rejected), tuple(secrets))


def remove_document(corpus: Path, source: str) -> None:
    """Delete one corpus file (as listed by `corpus_files`) and its `.meta.json` sidecar."""
    corpus = Path(corpus)
    if source not in corpus_files(corpus):
        raise PolicyQAError(f"{source} is not a file in {corpus}/: choose one from the documents list")
    path = corpus / source
    try:
        path.unlink()
        for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
            sidecar.unlink(missing_ok=True)
    except OSError as err:
        problem = f"cannot remove it ({err.strerror or err}); check the folder's permissions"
        raise PolicyQAError(f"{source}: {problem}") from err


def corpus_files(corpus: Path) -> tuple[str, ...]:
    """Every document file in the corpus, read or not, relative to it (POSIX separators)."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        return ()
    files, skipped = list_corpus(corpus)
    return tuple(sorted({f.relative_to(corpus).as_posix() for f in files} | {s.path for s in skipped}))


def _hashes(corpus: Path, sources: Sequence[str]) -> dict[str, str]:
    """Content hash -> source of the corpus files that can be read."""
    out: dict[str, str] = {}
    for source in sources:
        try:
            out.setdefault(sha256_file(corpus / source), source)
        except OSError:
            continue  # unreadable: the build reports it; it cannot be a duplicate we could see
    return out


def safe_name(name: str) -> str:
    """The uploaded name reduced to a plain base name: ASCII letters, digits, '.', '_' and '-'."""
    stem, suffix = os.path.splitext(PurePosixPath(name.replace("\\", "/")).name)
    stem = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", _ascii(stem))).strip("-._")  # no hidden names
    return (stem[:MAX_STEM] or "document") + _UNSAFE.sub("", _ascii(suffix)).lower()


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def upload_problem(name: str, data: bytes, *, max_bytes: int) -> str | None:
    """Why an upload cannot go into the corpus (type, content or size), or None."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        return f"unsupported file type {kind}: upload .pdf, .txt or .md files"
    if len(data) > max_bytes:
        return f"file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB"
    if not data.strip():
        return "file is empty"
    is_pdf = b"%PDF-" in data[:1024]  # readers accept a header within the first kilobyte
    if suffix == ".pdf" and not is_pdf:
        return "not a PDF (no %PDF- header): the file is damaged or of another type"
    if suffix != ".pdf" and is_pdf:
        return f"a PDF named {suffix}: rename it to .pdf"
    if suffix != ".pdf" and b"\0" in data[:8192] and not data.startswith(_TEXT_BOMS):
        return f"binary content, not text: a {suffix} file must be plain text"
    return None


def _ensure_folder(corpus: Path) -> None:
    try:
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise IngestError(corpus, f"cannot create the corpus folder ({err.strerror or err})") from err


def _write_new(corpus: Path, name: str, data: bytes, taken: set[str]) -> str:
    """Write `data` under `name`, or `name-2`, `name-3`... so no other file is overwritten."""
    stem, suffix = os.path.splitext(name)
    present = {p.name.lower() for p in corpus.iterdir()}  # also SOURCES.md and sidecars
    fd, tmp = tempfile.mkstemp(dir=corpus, prefix=".upload-", suffix=".tmp")  # hidden: never listed
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        n = 1
        while True:
            candidate = name if n == 1 else f"{stem}-{n}{suffix}"
            n += 1
            if candidate.lower() in present or make_doc_id(corpus / candidate, root=corpus) in taken:
                continue
            try:
                os.link(tmp, corpus / candidate)  # atomic, and fails rather than replace a file
            except FileExistsError:
                continue
            return candidate
    except OSError as err:
        raise IngestError(corpus / name, f"cannot write it into the corpus ({err.strerror or err})") from err
    finally:
        Path(tmp).unlink(missing_ok=True)
