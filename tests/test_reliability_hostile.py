"""Hostile input: links out of the corpus folder, and questions no user should send.

Every hostile question gets an answer or a one-line QuestionError, through the API and through
`policyqa ask --questions FILE --json` (whose output must stay valid UTF-8 JSON), never a traceback.
"""

from __future__ import annotations

import json
import os

import pytest

from policyqa import Assistant, PolicyQAError, QuestionError, build_index
from policyqa.errors import IngestError
from policyqa.ingest.files import list_corpus
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings

from conftest import FakeEmbedder
from faults import FAKE_MODEL, marked_corpus, no_fsync, run_cli, use_fake_model  # noqa: F401  (no_fsync: autouse)
from test_index import current

SECRET = "root:x:0:0:the secret outside the corpus"

HOSTILE_QUESTIONS = [
    "\ud800",  # a lone high surrogate
    "lithium \udfff batteries",  # a lone low surrogate among words
    "\ud83d\ude00 batteries",  # a surrogate pair as two code points (not one emoji)
    "lithium\x00batteries",
    "\x00",
    "",
    "   \n\t ",
    "a" * 2001,
    "a" * 2000,
    "<script>alert(1)</script>",
    "![t](http://127.0.0.1:9/track.png) lithium",
    "'; DROP TABLE chunks; --",
    "\u202eseirettab muihtil",  # right-to-left override
    "🙂" * 300,
    "%s %n {0} {} \\x00 \\ud800",
    "ＬＩＴＨＩＵＭ batteries?",  # full-width letters
    "\ufeffwhere is lithium from?",
    "a\u0301" * 600,  # combining accents
    "../../etc/passwd",
    "$(rm -rf /) `reboot`",
    "lithium " * 250,
    "\r\n".join(["lithium"] * 100),
    "\u0000\u0001\u0002\u001b[31m red",
    "What share of imports came from China in 2024?",
]
NOT_TEXT = [b"lithium batteries", None, 42, ["lithium"]]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    """One small index for all the questions (read only)."""
    folder = tmp_path_factory.mktemp("hostile")
    build_index(marked_corpus(folder / "corpus", "safe"), folder / "index", embedder=FakeEmbedder())
    with Assistant.from_index(folder / "index", embedder=FakeEmbedder()) as opened:
        yield opened


@pytest.mark.parametrize("question", HOSTILE_QUESTIONS, ids=range(len(HOSTILE_QUESTIONS)))
def test_a_hostile_question_gets_an_answer_or_one_clean_error(assistant, question):
    for call in (assistant.ask, lambda q: assistant.search(q, 5)):
        try:
            result = call(question)
        except QuestionError as err:
            assert "\n" not in str(err) and str(err)
            continue
        payload = result.to_dict() if hasattr(result, "to_dict") else [h.chunk.text for h in result]
        json.dumps(payload, ensure_ascii=False).encode("utf-8")  # printable as UTF-8: no lone surrogates


@pytest.mark.parametrize("value", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_a_question_that_is_not_text_is_a_question_error(assistant, value):
    for call in (assistant.ask, assistant.search):
        with pytest.raises(QuestionError, match=rf"a question must be text \(str\), not {type(value).__name__}"):
            call(value)


def test_hostile_questions_in_a_jsonl_file_with_json_output(assistant, tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    questions = tmp_path / "q.jsonl"
    asked = [q for q in HOSTILE_QUESTIONS if q.strip() and len(q) <= 2000]
    questions.write_text("".join(json.dumps({"id": n, "q": q}) + "\n" for n, q in enumerate(asked)), "utf-8")
    code, out, err = run_cli(
        capsys, "ask", "--questions", str(questions), "--index", str(assistant.path), "--model", FAKE_MODEL, "--json"
    )
    assert (code, err) == (0, "")
    lines = out.encode("utf-8").decode("utf-8").splitlines()  # valid UTF-8 throughout
    assert [json.loads(line)["id"] for line in lines] == list(range(len(asked)))
    assert json.loads(lines[0])["question"] == "\ufffd"  # the lone surrogate, replaced


def test_an_empty_question_in_a_jsonl_file_is_one_line(assistant, tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "\\ud800\\udc00 fine"}\n{"q": "   "}\n', "utf-8")
    code, out, err = run_cli(
        capsys, "ask", "--questions", str(questions), "--index", str(assistant.path), "--model", FAKE_MODEL, "--json"
    )
    assert code == 1 and err.count("\n") == 1 and err.startswith("error: ") and "empty" in err
    assert json.loads(out)["question"] == "\U00010000 fine"  # JSON joins an escaped surrogate pair


# --- links out of the corpus ----------------------------------------------------------------


@pytest.fixture
def escaping_corpus(tmp_path):
    """A corpus with a link to a file outside it, a linked folder outside it, and harmless links inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET + "\n")
    (outside / "folder").mkdir()
    (outside / "folder" / "more.txt").write_text(SECRET + " again\n")
    corpus = marked_corpus(tmp_path / "corpus", "inside", files=1)
    os.symlink(outside / "passwd.txt", corpus / "passwd.txt")
    os.symlink(outside / "folder", corpus / "linked")
    os.symlink(corpus / "note0.txt", corpus / "alias.txt")  # inside the corpus: allowed
    os.symlink(tmp_path / "nowhere.txt", corpus / "dangling.txt")
    os.symlink(corpus, corpus / "loop")  # a folder linking to its parent
    return corpus


def test_links_outside_the_corpus_are_refused_with_the_reason(escaping_corpus, tmp_path):
    files, skipped = list_corpus(escaping_corpus)
    assert sorted(f.name for f in files) == ["alias.txt", "note0.txt"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["passwd.txt"].startswith(f"symbolic link to {tmp_path / 'outside' / 'passwd.txt'}, outside")
    assert reasons["passwd.txt"].endswith("pass --follow-symlinks to allow it")
    assert reasons["linked/"].startswith("symbolic link to a folder outside the corpus folder: not followed")
    assert reasons["dangling.txt"] == f"symbolic link to {tmp_path / 'nowhere.txt'}, which does not exist"


def test_a_build_never_indexes_or_quotes_a_file_outside_the_corpus(escaping_corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    report = build_index(escaping_corpus, index, embedder=fake_embedder)
    assert {"passwd.txt", "linked/"} <= {s.path for s in report.skipped}
    assert not any("secret outside" in p.read_text(errors="replace") for p in current(index).rglob("*.jsonl"))
    with Assistant.from_index(index, embedder=fake_embedder) as assistant:
        assert all("secret" not in h.chunk.text for h in assistant.search("root secret outside the corpus", 10))


def test_follow_symlinks_allows_them_and_walks_a_link_loop_once(escaping_corpus, tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    index = tmp_path / "index"
    code, out, _ = run_cli(
        capsys, "build", "--corpus", str(escaping_corpus), "--index", str(index), "--follow-symlinks", "--json"
    )
    report = json.loads(out)
    assert code == 0 and {"passwd.txt", "linked/more.txt"} <= set(report["added"])
    assert not any(path.startswith("loop/loop/") for path in report["added"])


def test_a_link_swapped_in_after_listing_is_refused_when_read(escaping_corpus, tmp_path):
    (escaping_corpus / "alias.txt").unlink()
    os.symlink(tmp_path / "outside" / "passwd.txt", escaping_corpus / "alias.txt")
    with DocumentReader(Settings()) as reader, pytest.raises(IngestError, match=r"^alias\.txt: symbolic link to"):
        reader.read(escaping_corpus / "alias.txt", root=escaping_corpus)


def test_a_missing_corpus_folder_is_one_line(tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    code, out, err = run_cli(capsys, "build", "--corpus", str(tmp_path / "gone"), "--index", str(tmp_path / "i"))
    assert (code, out) == (
        1,
        "",
    ) and err == f"error: corpus folder {tmp_path / 'gone'}/ not found: create it, or pass --corpus\n"
    assert not (tmp_path / "i").exists()
    with pytest.raises(PolicyQAError):
        build_index(tmp_path / "gone", tmp_path / "i", embedder=FakeEmbedder())
