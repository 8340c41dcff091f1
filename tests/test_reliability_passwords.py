"""Passwords for encrypted PDFs: --password FILE=SECRET, --passwords-file, the API; never written anywhere.

The encrypted files are those of ../shared/pdfs/adversarial; their passwords come from
../shared/pdfs/manifest.json (the machine-readable twin of MANIFEST.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policyqa import add_documents, build_index, read_manifest
from policyqa.errors import ConfigError, IngestError
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings, parse_password, read_passwords_file

from conftest import SHARED_PDFS
from faults import FAKE_MODEL, no_fsync, run_cli, use_fake_model  # noqa: F401  (no_fsync: autouse)

if not SHARED_PDFS.is_dir():
    pytest.skip(f"shared test PDFs not found at {SHARED_PDFS} (clone shared/ beside the repo)", allow_module_level=True)

ENTRIES = json.loads((SHARED_PDFS / "manifest.json").read_text())["files"]
# Encrypted files that need a password, with the password that opens them (the user one if known).
LOCKED = {
    Path(e["file"]).name: e["user_password"] or e["owner_password"]
    for e in ENTRIES
    if "encrypted" in e["tags"] and (e["user_password"] or e["owner_password"])
}
# Those that the empty password does not open (with the cryptography package installed, as here).
NEEDS_PASSWORD = sorted(
    name
    for name in LOCKED
    if not next(e for e in ENTRIES if Path(e["file"]).name == name)["pypdf_7_1_0_with_cryptography"]["ok"]
)


@pytest.fixture
def locked_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in NEEDS_PASSWORD:
        shutil.copy(SHARED_PDFS / "adversarial" / name, corpus / name)
    return corpus


def test_the_shared_set_has_the_encrypted_files_the_issue_names():
    assert len(NEEDS_PASSWORD) >= 4 and "pdfjs--issue21579-aes256-r5-umlaut-password.pdf" in NEEDS_PASSWORD


@pytest.mark.parametrize("name", NEEDS_PASSWORD)
def test_each_encrypted_pdf_opens_with_its_password_and_not_without(name):
    path = SHARED_PDFS / "adversarial" / name
    given = {None: (), "wrong": ((name, "wrong"),), "right": ((name, LOCKED[name]),)}
    read = {}
    for case, passwords in given.items():
        with DocumentReader(Settings(passwords=passwords)) as reader:
            try:
                read[case] = reader.read(path, root=path.parent)
            except IngestError as err:
                read[case] = err.problem
    assert read[None] == "encrypted PDF: it needs a password; give it with `policyqa build --password NAME=SECRET`"
    assert read["wrong"].startswith("encrypted PDF: the password given for it does not open it")
    assert any(page.text.strip() for page in read["right"].pages)


def test_password_flags_index_the_encrypted_files_and_never_write_the_secrets(
    locked_corpus, tmp_path, capsys, monkeypatch
):
    use_fake_model(monkeypatch)
    index = tmp_path / "index"
    first, *rest = NEEDS_PASSWORD
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("# one name=secret per line\n\n" + "".join(f"{n}={LOCKED[n]}\n" for n in rest), "utf-8")
    args = ["build", "--corpus", str(locked_corpus), "--index", str(index), "--model", FAKE_MODEL, "--json"]
    code, out, err = run_cli(
        capsys, *args, "--password", f"{first}={LOCKED[first]}", "--passwords-file", str(passwords)
    )
    assert (code, err) == (0, "")
    assert sorted(json.loads(out)["added"]) == NEEDS_PASSWORD
    written = b"".join(p.read_bytes() for p in index.rglob("*") if p.is_file()) + out.encode()
    texts = " ".join(c["text"] for c in map(json.loads, next(index.glob("gen-*/chunks.jsonl")).open()))
    checked = [s for s in LOCKED.values() if s.lower() not in texts.lower()]  # "test" is also a word of one PDF
    assert len(checked) >= len(LOCKED) - 1
    for secret in checked:
        assert secret.encode("utf-8") not in written and json.dumps(secret)[1:-1].encode() not in written


def test_without_passwords_the_files_are_skipped_with_how_to_give_them(locked_corpus, tmp_path, fake_embedder):
    (locked_corpus / "open.txt").write_text("An open note about export controls.\n")
    report = build_index(locked_corpus, tmp_path / "index", embedder=fake_embedder)
    assert report.added == ("open.txt",)
    assert {s.path for s in report.skipped} == set(NEEDS_PASSWORD)
    assert all("--password NAME=SECRET" in s.reason for s in report.skipped)
    settings = Settings().with_passwords({n: LOCKED[n] for n in NEEDS_PASSWORD})
    report = build_index(locked_corpus, tmp_path / "index", embedder=fake_embedder, settings=settings)
    assert sorted(report.added) == NEEDS_PASSWORD and report.skipped == ()
    assert len(read_manifest(tmp_path / "index").documents) == len(NEEDS_PASSWORD) + 1


def test_a_password_may_name_the_corpus_relative_path(tmp_path, fake_embedder):
    name = NEEDS_PASSWORD[0]
    (tmp_path / "corpus" / "locked").mkdir(parents=True)
    shutil.copy(SHARED_PDFS / "adversarial" / name, tmp_path / "corpus" / "locked" / name)
    settings = Settings(passwords=((f"locked/{name}", LOCKED[name]),))
    report = build_index(tmp_path / "corpus", tmp_path / "index", embedder=fake_embedder, settings=settings)
    assert report.added == (f"locked/{name}",)


def test_uploads_carry_their_passwords_to_the_build(tmp_path, fake_embedder):
    name = NEEDS_PASSWORD[0]
    data = (SHARED_PDFS / "adversarial" / name).read_bytes()
    added = add_documents(
        tmp_path / "corpus",
        [(f"My Locked {name}", data)],
        settings=Settings(),
        passwords={f"My Locked {name}": LOCKED[name]},
    )
    assert added.passwords == ((added.added[0], LOCKED[name]),) and LOCKED[name] not in repr(added)
    settings = Settings().with_passwords(added.passwords)
    assert LOCKED[name] not in repr(settings)
    report = build_index(tmp_path / "corpus", tmp_path / "index", embedder=fake_embedder, settings=settings)
    assert report.added == added.added


@pytest.mark.parametrize(
    "text, pair",
    [
        ("a.pdf=s3cret", ("a.pdf", "s3cret")),
        ("a.pdf=x=y", ("a.pdf", "x=y")),
        ("sub/a b.pdf= sp ", ("sub/a b.pdf", " sp ")),
    ],
)
def test_parse_password(text, pair):
    assert parse_password(text) == pair


def test_a_bad_password_flag_or_file_line_never_echoes_the_secret(tmp_path, capsys):
    with pytest.raises(ConfigError, match="FILE=SECRET"):
        parse_password("no-equals-sign")
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("a.pdf=fine\nhunter2-without-a-name\n")
    with pytest.raises(ConfigError, match=r"passwords\.txt, line 2: expected name=secret") as caught:
        read_passwords_file(passwords)
    assert "hunter2" not in str(caught.value)
    code, _, err = run_cli(capsys, "build", "--passwords-file", str(passwords), "--index", str(tmp_path / "i"))
    assert code == 1 and "hunter2" not in err and "line 2" in err
