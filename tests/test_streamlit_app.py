"""The Streamlit page in-process (AppTest): ask, tables, documents and evaluate.

The app reads $POLICYQA_INDEX and $POLICYQA_CORPUS on every run, so each test points it at
the session index (read-only) or at a copy it may change. st.cache_resource lives as long as
the process: the app loads the packaged model once for all these tests.
"""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from conftest import CORPUS, REPO

pytestmark = pytest.mark.integration

APP = str(REPO / "streamlit_app.py")
TIMEOUT = 240  # seconds per run: the first one loads the model
IPEF = "When was the IPEF Supply Chain Resilience Agreement signed?"
NOTES = b"# Gallium export controls\n\nChina restricted exports of gallium and germanium in August 2023.\n"


@pytest.fixture
def served(monkeypatch, corpus_index):
    monkeypatch.setenv("POLICYQA_INDEX", str(corpus_index))
    monkeypatch.setenv("POLICYQA_CORPUS", str(CORPUS))
    return corpus_index


@pytest.fixture
def writable(monkeypatch, tmp_path, corpus_index):
    """Copies of the corpus and its index that a test may add to and rebuild."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    monkeypatch.setenv("POLICYQA_INDEX", str(index))
    monkeypatch.setenv("POLICYQA_CORPUS", str(corpus))
    return corpus


def open_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def reply(at: AppTest):
    messages = at.chat_message
    assert [m.name for m in messages][-2:] == ["user", "assistant"]
    return messages[-1]


def marked(block) -> list[str]:
    return [m.value for m in block.markdown if "<mark>" in m.value]


def test_ask_shows_the_answer_with_highlighted_citations(served):
    at = open_page()
    at.chat_input[0].set_value(IPEF).run()
    answer = reply(at)
    assert "December 2023" in answer.markdown[0].value and r"\[1\]" in answer.markdown[0].value
    cited = marked(answer)
    assert len(cited) == 1 and "<mark>" in cited[0] and "signed in December 2023" in cited[0]
    assert any(
        m.value.startswith("**[1]** The Japanese Government's Supply Chain Risk Management") for m in answer.markdown
    )
    copy = answer.code[0].value
    assert copy.startswith("The IPEF Supply Chain Resilience Agreement signed in December 2023")
    assert "\n[1] The Japanese Government's Supply Chain Risk Management" in copy


def test_unanswerable_question_shows_an_abstention_with_the_closest_passages(served):
    at = open_page()
    at.chat_input[0].set_value("How do I make a chocolate soufflé?").run()
    answer = reply(at)
    assert "does not cover" in answer.warning[0].value
    closest = answer.expander[0]
    assert closest.label == "Closest passages" and len(closest.markdown) == 6  # 3 headings, 3 passages
    assert not marked(answer) and not answer.code


def test_example_question_and_history(served):
    at = open_page()
    button(at, "What share of Japan's lithium-ion battery imports came from China in 2024?").click().run()
    assert "76.8%" in reply(at).markdown[0].value
    at.chat_input[0].set_value(IPEF).run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"] * 2
    button(at, "Clear the conversation").click().run()
    assert not at.chat_message


def test_evidence_filters_narrow_what_the_answer_may_use(served):
    at = open_page()
    at.sidebar.multiselect[1].set_value(["table_row"]).run()
    at.chat_input[0].set_value(IPEF).run()
    answer = reply(at)
    assert "December 2023" not in answer.markdown[0].value  # the passage that says it is out of scope
    assert "hidden by the filters" not in answer.caption[-1].value  # nothing out of scope came back


def test_tables_page_renders_every_table_and_the_charts(served, corpus_assistant):
    at = open_page("pages/tables.py")
    tables = corpus_assistant.tables()
    headings = [h.value for h in at.subheader]
    assert all(t.name in headings for t in tables)
    frames = at.dataframe
    assert len(frames) == len(tables)
    assert [len(f.value) for f in frames] == [len(t.rows) for t in tables]
    assert len(at.get("vega_lite_chart")) == 3  # shares over time, suppliers, HHI
    assert [t.label for t in at.tabs] == ["Shares over time", "Suppliers of an item", "Concentration (HHI)"]
    at.text_input(key=f"filter-{tables[1].table_id}").set_value("lithium").run()
    [kept] = at.dataframe[1].value["Items"].tolist()
    assert "Lithium-ion batteries" in kept


def test_documents_page_lists_the_index(served, corpus_assistant):
    at = open_page("pages/documents.py")
    listed = at.dataframe[0].value
    assert sorted(listed["source"]) == sorted(d.source for d in corpus_assistant.documents())
    assert list(listed["sha256"]) == [d.sha256 for d in corpus_assistant.documents()]
    assert not at.error


def test_upload_a_valid_file_and_a_corrupt_pdf(writable):
    at = open_page("pages/documents.py")
    at.file_uploader[0].set_value(
        [
            ("gallium notes.md", NOTES, "text/markdown"),
            ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage\n", "application/pdf"),
            ("fake.pdf", b"just text", "application/pdf"),
        ]
    )
    button(at, "Add and rebuild the index").click().run()
    assert not at.exception, at.exception
    successes = [s.value for s in at.success]
    assert successes[:2] == ["Added gallium-notes.md to the corpus.", "Added broken.pdf to the corpus."]
    assert successes[2].startswith("Index rebuilt: 1 added, 0 changed, 0 removed")  # the PDF failed
    errors = [e.value for e in at.error]
    assert "fake.pdf: not a PDF (no %PDF- header): the file is damaged or of another type" in errors
    [reason] = [e.removeprefix("broken.pdf was not indexed: ") for e in errors if e.startswith("broken.pdf was")]
    assert "PDF" in reason and f"Not indexed: broken.pdf: {reason}" in errors  # and in the listing
    listed = at.dataframe[0].value
    assert "gallium-notes.md" in set(listed["source"]) and len(listed) == 3  # the rest still indexed
    assert not (writable / "fake.pdf").exists()
    # the next page load asks the rebuilt index
    at = open_page()
    at.chat_input[0].set_value("When did China restrict exports of gallium?").run()
    assert "August 2023" in reply(at).markdown[0].value


def test_remove_a_document_and_rebuild(writable):
    at = open_page("pages/documents.py")
    at.selectbox[0].set_value("kiep-japan-supply-chain-risk-management.txt")
    button(at, "Remove and rebuild the index").click().run()
    assert not at.exception, at.exception
    assert "Index rebuilt: 0 added, 0 changed, 1 removed" in at.success[-1].value
    assert list(at.dataframe[0].value["source"]) == ["jef-policy-recommendations-supply-chain-resilience-2025.txt"]
    assert not (writable / "kiep-japan-supply-chain-risk-management.txt").exists()


def test_missing_index_is_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYQA_INDEX", str(tmp_path / "none"))
    monkeypatch.setenv("POLICYQA_CORPUS", str(CORPUS))
    at = open_page()
    assert at.error[0].value.startswith(f"no index in {tmp_path / 'none'}/")
    assert "Documents page" in at.info[0].value


def test_evaluate_an_uploaded_gold_set(served):
    at = open_page("pages/evaluate.py")
    at.radio[0].set_value("Upload a gold file").run()
    gold = (
        b'{"id": "ipef", "q": "When was the IPEF agreement signed?", "kind": "fact", '
        b'"answer": ["December 2023"], "support": ["December 2023"]}\n'
        b'{"id": "soup", "q": "What is in a bouillabaisse?", "kind": "abstain"}\nbroken line\n'
    )
    at.file_uploader[0].set_value(("gold.jsonl", gold, "application/json")).run()
    at.multiselect[0].set_value(["bm25", "full"])
    button(at, "Run the evaluation").click().run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == ["hit@5 · bm25", "hit@5 · full"]
    summary = at.dataframe[0].value
    assert list(summary.columns) == ["metric", "bm25", "full"] and "answer_accuracy" in set(summary["metric"])
    assert list(at.dataframe[1].value["kind"]) == ["fact", "abstain"]
    [plot] = at.get("image")
    assert plot.captions[0].startswith("Hit@k per mode")
    assert "Gold line 3 skipped" in at.warning[-1].value
