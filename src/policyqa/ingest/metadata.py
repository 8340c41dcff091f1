"""Document metadata: the corpus's SOURCES.md table, NAME.meta.json sidecars, titles from the file."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from statistics import median

from ..errors import IngestError
from ..records import Page
from .files import SIDECAR_SUFFIX, SOURCES_NAME, os_problem, relative_path

META_KEYS = ("title", "author", "publisher", "date")


def load_sources(folder: Path) -> dict[str, dict[str, str]]:
    """Metadata per file name from the table in the folder's SOURCES.md ({} if there is none)."""
    candidates = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in candidates:
        if path.name.lower() == SOURCES_NAME and path.is_file():
            return parse_sources(path.read_bytes().decode("utf-8-sig", errors="replace"))
    return {}


def parse_sources(text: str) -> dict[str, dict[str, str]]:
    """Parse Markdown tables with a file column (and title/author/publisher/date columns)."""
    out: dict[str, dict[str, str]] = {}
    for header, rows in _markdown_tables(text.splitlines()):
        columns = _source_columns(header)
        if "file" not in columns.values():
            continue
        for row in rows:
            entry = {key: _clean_cell(row[i]) for i, key in columns.items() if i < len(row)}
            name = entry.pop("file", "")
            if name:
                out[name] = {key: value for key, value in entry.items() if value}
    return out


def _markdown_tables(lines: list[str]) -> Iterator[tuple[list[str], list[list[str]]]]:
    index = 0
    while index < len(lines) - 1:
        if "|" in lines[index] and _is_separator(lines[index + 1]):
            end = index + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            yield _cells(lines[index]), [_cells(line) for line in lines[index + 2 : end]]
            index = end
        else:
            index += 1


def _is_separator(line: str) -> bool:
    return "-" in line and re.fullmatch(r"\s*\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*", line) is not None


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.replace("\\|", "|").strip() for cell in cells]


def _source_columns(header: list[str]) -> dict[int, str]:
    """Column index -> metadata key; a combined 'author / publisher' column counts as author."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = _clean_cell(cell).lower()
        key = next((key for key, words in _COLUMN_WORDS if any(w in name for w in words)), None)
        if key is not None and key not in columns.values():
            columns[index] = key
    return columns


_COLUMN_WORDS = (
    ("file", ("file", "path")),
    ("title", ("title",)),
    ("author", ("author",)),
    ("publisher", ("publisher", "organisation", "organization")),
    ("date", ("date", "year", "published")),
)


def _clean_cell(cell: str) -> str:
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)  # [text](link) -> text
    return " ".join(cell.strip().strip("*_`").strip().split())


def metadata_fingerprint(path: Path, *, root: Path, sources: Mapping[str, Mapping[str, str]]) -> str:
    """SHA-256 of a file's metadata inputs (SOURCES.md entry, sidecar bytes): shows metadata-only edits."""
    listed = json.dumps(listed_metadata(path, root, sources), sort_keys=True, ensure_ascii=False)
    sidecar = _sidecar_path(path)
    try:
        side = b"sidecar\0" + sidecar.read_bytes() if sidecar else b"no sidecar"
    except OSError as err:
        raise IngestError(path, os_problem(err)) from err
    return hashlib.sha256(listed.encode("utf-8") + b"\0" + side).hexdigest()


def listed_metadata(path: Path, root: Path, sources: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The file's SOURCES.md entry, found by relative path or else by file name."""
    entry = sources.get(relative_path(path, root).as_posix()) or sources.get(path.name) or {}
    return {key: str(entry[key]) for key in META_KEYS if entry.get(key)}


def _sidecar_path(path: Path) -> Path | None:
    """NAME.meta.json (or else STEM.meta.json) beside the file, if there is one."""
    for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if sidecar.is_file():
            return sidecar
    return None


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from the file's sidecar ({} without one)."""
    sidecar = _sidecar_path(path)
    return {} if sidecar is None else _parse_sidecar(path, sidecar)


def _parse_sidecar(path: Path, sidecar: Path) -> dict[str, str]:
    fix = f"metadata sidecar {sidecar.name}"
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise IngestError(path, f"{fix} is not valid JSON ({err}); fix or delete it") from err
    if not isinstance(data, dict):
        raise IngestError(path, f'{fix} must hold a JSON object like {{"title": "..."}}')
    meta = {}
    for key in META_KEYS:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            raise IngestError(path, f"{fix}: '{key}' must be text, not {type(value).__name__}")
        if value is not None and str(value).strip():
            meta[key] = " ".join(str(value).split())
    return meta


def humanise(stem: str) -> str:
    """A readable title from a file stem: 'supply_chain-report' -> 'Supply chain report'."""
    words = re.sub(r"[-_\s]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def markdown_title(text: str) -> str | None:
    """The first level-1 Markdown heading ('# Title'), if any."""
    match = re.search(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return " ".join(match.group(1).split()) if match else None


def first_page_title(pages: Sequence[Page]) -> str | None:
    """The heading a PDF's first page prints largest in its upper half: the title, when the
    file's metadata has none. A page number or a line of more than 20 words is no title."""
    lines = [line for page in pages[:1] for line in page.lines if page.size and line.box[1] < page.size[1] / 2]
    lines = [
        line
        for line in lines
        if len(line.text) >= 2 and len(line.text.split()) <= 20 and any(c.isalpha() for c in line.text)
    ]
    if not lines:
        return None
    body = median(line.size or line.height for page in pages[:1] for line in page.lines)
    tallest = max(line.size or line.height for line in lines)
    if tallest < 1.15 * body:
        return None
    heading = [line.text for line in lines if (line.size or line.height) >= 0.95 * tallest]
    title = " ".join(heading[:3])
    return title if len(title.split()) <= 25 else None
