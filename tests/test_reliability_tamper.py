"""A damaged index: each tampering gives a one-line error from `policyqa ask`, and `policyqa build` repairs it.

Each case damages one file of the current generation the way a crash, a full disk or a careless
hand would; then `policyqa ask` must fail with one line naming the damage and what to run,
`policyqa verify` must exit 1, a plain `policyqa build` (the corpus unchanged) must repair it,
and the answer afterwards must be the one from before.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from policyqa import build_index

from conftest import FakeEmbedder
from faults import FAKE_MODEL, answer_of, marked_corpus, no_fsync, run_cli, use_fake_model  # noqa: F401  (no_fsync: autouse)
from test_index import current, rewrite_manifest

Tamper = Callable[[Path], None]  # given the index folder


def truncate(name: str) -> Tamper:
    def tamper(index: Path) -> None:
        path = current(index) / name
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return tamper


def delete(name: str) -> Tamper:
    def tamper(index: Path) -> None:
        path = current(index) / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    return tamper


def garbage(name: str, *, keep_size: bool = False) -> Tamper:
    def tamper(index: Path) -> None:
        path = current(index) / name
        size = path.stat().st_size if keep_size else 300
        path.write_bytes((b"\x00garbage\xff" * size)[:size])

    return tamper


def half_the_vectors(index: Path) -> None:
    path = current(index) / "vectors.npy"
    vectors = np.load(path)
    np.save(path, vectors[: len(vectors) // 2], allow_pickle=False)  # a valid file, half the rows


def manifest_without(field: str, *, re_signed: bool) -> Tamper:
    def tamper(index: Path) -> None:
        if re_signed:  # the pointer's checksum fits: only parsing the manifest can find it
            rewrite_manifest(index, lambda raw: {k: v for k, v in raw.items() if k != field})
        else:
            path = current(index) / "manifest.json"
            raw = json.loads(path.read_text())
            path.write_text(json.dumps({k: v for k, v in raw.items() if k != field}))

    return tamper


def wrong_format_version(index: Path) -> None:
    rewrite_manifest(index, lambda raw: raw | {"format_version": 99})


def garbage_pointer(index: Path) -> None:
    (index / "CURRENT").write_text("{not json")


def garbage_jsonl_line(name: str) -> Tamper:
    def tamper(index: Path) -> None:
        path = current(index) / name
        lines = path.read_text().splitlines(keepends=True)
        lines[1] = "x" * (len(lines[1]) - 1) + "\n"  # same size: only parsing finds it
        path.write_text("".join(lines))

    return tamper


def first_bm25_file(index: Path) -> str:
    return sorted(p.name for p in (current(index) / "bm25").iterdir())[0]


def bm25_garbage(index: Path) -> None:
    garbage(f"bm25/{first_bm25_file(index)}", keep_size=True)(index)


# name: (tamper, what the one-line error says, whether the index needs a stored IVF index)
CASES: dict[str, tuple[Tamper, str, bool]] = {
    "truncated dense.faiss": (truncate("dense.faiss"), "dense.faiss is", True),
    "deleted dense.faiss": (delete("dense.faiss"), "dense.faiss is missing", True),
    "truncated vectors.npy": (truncate("vectors.npy"), "vectors.npy is", False),
    "vectors.npy with half its rows": (half_the_vectors, "vectors.npy is", False),
    "garbage manifest.json": (garbage("manifest.json"), "manifest.json does not match", False),
    "manifest.json without a field": (manifest_without("chunks", re_signed=False), "manifest.json", False),
    "re-signed manifest.json without a field": (manifest_without("model", re_signed=True), "cannot be read", False),
    "deleted manifest.json": (delete("manifest.json"), "manifest.json does not match", False),
    "garbage tables.sqlite": (garbage("tables.sqlite", keep_size=True), "tables.sqlite cannot be read", False),
    "truncated chunks.jsonl": (truncate("chunks.jsonl"), "chunks.jsonl is", False),
    "deleted chunks.jsonl": (delete("chunks.jsonl"), "chunks.jsonl is missing", False),
    "garbage line in chunks.jsonl": (garbage_jsonl_line("chunks.jsonl"), "chunks.jsonl cannot be read", False),
    "garbage line in documents.jsonl": (garbage_jsonl_line("documents.jsonl"), "documents.jsonl cannot", False),
    "deleted bm25/": (delete("bm25"), "is missing", False),
    "garbage in a bm25 file": (bm25_garbage, "bm25 cannot be read", False),
    "wrong format version": (wrong_format_version, "has format 99 but this policyqa reads format", False),
    "garbage pointer CURRENT": (garbage_pointer, "CURRENT is not a valid pointer", False),
    "deleted generation folder": (lambda index: shutil.rmtree(current(index)), "which is missing", False),
}


@pytest.fixture
def index_of(tmp_path, monkeypatch):
    """Build a small index (with a stored IVF index when asked) and return (corpus, index)."""
    use_fake_model(monkeypatch)

    def build(*, ivf: bool) -> tuple[Path, Path]:
        if ivf:  # above this many chunks the build stores an approximate index, dense.faiss
            monkeypatch.setattr("policyqa.index.engines.APPROX_THRESHOLD", 4)
        corpus = marked_corpus(tmp_path / "corpus", "intact", files=6)
        index = tmp_path / "index"
        build_index(corpus, index, embedder=FakeEmbedder())
        return corpus, index

    return build


@pytest.mark.parametrize("case", list(CASES))
def test_damage_gives_one_line_then_a_plain_build_repairs_it(case, index_of, capsys):
    tamper, named, ivf = CASES[case]
    corpus, index = index_of(ivf=ivf)
    before = answer_of(capsys, index)
    tamper(index)

    code, out, err = run_cli(capsys, "ask", "lithium?", "--index", str(index), "--model", FAKE_MODEL)
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert err.startswith("error: ") and named in err and f"policyqa build --index {index}" in err, err
    code, _, _ = run_cli(capsys, "verify", "--index", str(index))
    assert code == 1

    build = ("build", "--corpus", str(corpus), "--index", str(index), "--model", FAKE_MODEL, "--json")
    code, out, err = run_cli(capsys, *build)
    assert (code, err, json.loads(out)["wrote"]) == (0, "", True)
    assert answer_of(capsys, index) == before
    assert run_cli(capsys, "verify", "--index", str(index))[0] == 0


def test_damage_only_in_the_search_structures_is_repaired_without_re_reading(index_of, capsys):
    corpus, index = index_of(ivf=True)
    delete("bm25")(index)
    truncate("dense.faiss")(index)
    report = build_index(corpus, index, embedder=FakeEmbedder())
    assert report.wrote and not report.rebuilt and report.embedded == 0
    assert {Path(name).parts[1] for name in report.repaired} == {"bm25", "dense.faiss"}
    code, out, _ = run_cli(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--model", FAKE_MODEL)
    assert code == 0 and "already current, nothing written" in out


def test_changed_bytes_of_the_same_size_are_found_by_verify_and_repaired_by_build(index_of, capsys):
    corpus, index = index_of(ivf=False)
    path = current(index) / "vectors.npy"
    data = bytearray(path.read_bytes())
    data[-8:] = b"\x00\x00\x80\x7f" * 2  # two vector components become infinity: loading cannot see it
    path.write_bytes(bytes(data))
    damaged = f"{current(index).name}/vectors.npy"
    code, out, err = run_cli(capsys, "verify", "--index", str(index))
    assert (code, out) == (1, f"damaged: {damaged} does not match its checksum (its content was changed)\n")
    assert err.startswith("error: the index in") and "policyqa build" in err
    report = build_index(corpus, index, embedder=FakeEmbedder())
    assert report.rebuilt and report.repaired == (damaged,)
    assert run_cli(capsys, "verify", "--index", str(index))[0] == 0


def test_verify_reports_every_damaged_file_on_its_own_line(index_of, capsys):
    _, index = index_of(ivf=False)
    truncate("chunks.jsonl")(index)
    delete("tables.sqlite")(index)
    code, out, _ = run_cli(capsys, "verify", "--index", str(index))
    folder = current(index)
    recorded = {f["name"]: f["size"] for f in json.loads((folder / "manifest.json").read_text())["files"]}
    assert code == 1
    assert out.splitlines() == [
        f"damaged: {folder.name}/chunks.jsonl is {(folder / 'chunks.jsonl').stat().st_size:,} bytes but the "
        f"manifest says {recorded['chunks.jsonl']:,}",
        f"damaged: {folder.name}/tables.sqlite is missing",
    ]


def test_verify_of_an_intact_index(index_of, capsys):
    _, index = index_of(ivf=True)
    code, out, err = run_cli(capsys, "verify", "--index", str(index), "--json")
    report = json.loads(out)
    assert (code, err, report["problems"]) == (0, "", [])
    assert report["generation"] == current(index).name and report["files"] > 8


def test_the_checksums_are_of_the_files_as_written(index_of):
    _, index = index_of(ivf=False)
    folder = current(index)
    for record in json.loads((folder / "manifest.json").read_text())["files"]:
        assert hashlib.sha256((folder / record["name"]).read_bytes()).hexdigest() == record["sha256"]
