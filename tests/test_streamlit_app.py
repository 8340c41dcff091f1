"""The Streamlit page in-process (AppTest): ask, tables, documents and evaluate.

The app reads $POLICYQA_INDEX and $POLICYQA_CORPUS on every run, so each test points it at
the session index (read-only) or at a copy it may change. st.cache_resource lives as long as
the process: the app loads the packaged model once for all these tests. Until Assistant.ask
takes history= (the answers work), `history_shim` stands in for it.
"""

from __future__ import annotations

import shutil

import pytest
from fpdf import FPDF
from streamlit.testing.v1 import AppTest

from conftest import CORPUS, REPO
from report_pdf import LICENCES, report_pdf

pytestmark = pytest.mark.integration

APP = str(REPO / "streamlit_app.py")
TIMEOUT = 300  # seconds per run: the first one loads the model
IPEF = "When was the IPEF Supply Chain Resilience Agreement signed?"
SHARE_2020 = "What was China's share of Japan's imports in 2020?"
PDF_QUESTION = "When did the Ministry of Industry introduce export licences for refined gallium?"
TITLE = "Gallium review ![t](http://127.0.0.1:9/track.png) <b>bold</b>"
NOTES = b"# Gallium export controls\n\nChina restricted exports of gallium and germanium in August 2023.\n"


@pytest.fixture(autouse=True)
def follow_ups(monkeypatch):
    """Assistant.ask counting its calls (past turns are drawn from stored answers, never asked again)."""
    from policyqa import Assistant

    calls = []
    original = Assistant.ask

    def counted(self, question, **options):
        calls.append((question, list(options.get("history", ()))))
        return original(self, question, **options)

    monkeypatch.setattr(Assistant, "ask", counted)
    return calls


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


@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory, corpus_index, real_embedder):
    """The default corpus plus a two-page PDF whose title holds Markdown and HTML, indexed."""
    from policyqa import build_index

    root = tmp_path_factory.mktemp("with-pdf")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    report_pdf(corpus / "gallium-review.pdf", title=TITLE)
    build_index(corpus, index, embedder=real_embedder)
    return corpus, index


@pytest.fixture
def pdf_served(monkeypatch, with_pdf):
    monkeypatch.setenv("POLICYQA_CORPUS", str(with_pdf[0]))
    monkeypatch.setenv("POLICYQA_INDEX", str(with_pdf[1]))
    return with_pdf


def open_page(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def toggle(block, label: str):
    return next(t for t in block.toggle if t.label == label)


def reply(at: AppTest):
    messages = at.chat_message
    assert [m.name for m in messages][-2:] == ["user", "assistant"]
    return messages[-1]


def marked(block) -> list[str]:
    return [m.value for m in block.markdown if "<mark>" in m.value]


# --- Ask ----------------------------------------------------------------------------------------


def test_ask_shows_the_answer_with_highlighted_citations_and_exports(served):
    at = open_page()
    at.chat_input[0].set_value(IPEF).run()
    answer = reply(at)
    assert "December 2023" in answer.markdown[0].value and r"\[1\]" in answer.markdown[0].value
    cited = marked(answer)
    assert len(cited) == 1 and "signed in December 2023" in cited[0]
    assert any(
        m.value.startswith("**[1]** The Japanese Government's Supply Chain Risk Management") for m in answer.markdown
    )
    downloads = [d.proto.label for d in answer.get("download_button")]
    assert downloads == ["Answer with sources (Markdown)"]
    assert [d.proto.label for d in at.sidebar.get("download_button")] == ["Download the conversation (Markdown)"]
    assert "?q=When+was+the+IPEF" in answer.code[0].value  # the link that reopens it
    assert at.query_params["q"] == IPEF


def test_relevance_is_a_rank_and_a_label_never_a_raw_score(served):
    at = open_page()
    at.chat_input[0].set_value("How do I make a chocolate soufflé?").run()
    answer = reply(at)
    assert "does not cover" in answer.warning[0].value
    closest = answer.expander[0]
    assert closest.label == "Closest passages" and len(closest.markdown) == 6  # 3 headings, 3 passages
    headings = [m.value for m in closest.markdown[::2]]
    assert headings[0].startswith("**1.**") and headings[0].endswith("· *best match*")
    assert not any("score" in m.value for m in answer.markdown)
    assert not marked(answer) and not answer.get("download_button")


def test_a_follow_up_is_read_with_the_conversation(served, follow_ups):
    at = open_page()
    at.chat_input[0].set_value(SHARE_2020).run()
    assert "25.7%" in reply(at).markdown[0].value
    at.chat_input[0].set_value("And in 2010?").run()
    answer = reply(at)
    assert follow_ups[-1] == ("And in 2010?", [SHARE_2020])  # the history passed to ask
    assert answer.caption[0].value == "Read as: What was China's share of Japan's imports in 2010?"
    assert "22.1%" in answer.markdown[0].value
    [cell] = [m.value for m in answer.markdown if m.value.startswith("22.1 — row")]
    assert cell.startswith("22.1 — row **2010**, column **China** of Table 1")  # the figure's cell, named
    assert any("<mark>22.1</mark>" in m.value for m in answer.markdown)  # and marked in its printed row


def test_past_turns_are_drawn_from_stored_answers_and_older_ones_fold(served, follow_ups):
    at = open_page()
    for question in (IPEF, SHARE_2020, "And in 2010?"):
        at.chat_input[0].set_value(question).run()
    at.run()  # a rerun draws the conversation again without asking anything
    assert [q for q, _ in follow_ups] == [IPEF, SHARE_2020, "And in 2010?"]
    assert [m.name for m in at.chat_message] == ["user", "assistant"] * 3
    first = at.chat_message[1]
    assert [t.label for t in first.toggle] == ["Show the evidence"] and not marked(first)  # folded
    toggle(first, "Show the evidence").set_value(True).run()
    assert marked(at.chat_message[1]) and len(follow_ups) == 3
    button(at, "Clear the conversation").click().run()
    assert not at.chat_message and "q" not in at.query_params


def test_a_link_with_the_question_reopens_it(served, follow_ups):
    at = open_page(q=IPEF)
    assert "December 2023" in reply(at).markdown[0].value
    at.run()
    assert len(follow_ups) == 1 and len(at.chat_message) == 2  # asked once, not on every rerun


def test_example_question(served):
    at = open_page()
    label = "What share of Japan's lithium-ion battery imports came from China in 2024?"
    button(at, label).click().run()
    assert "76.8%" in reply(at).markdown[0].value


def test_evidence_filters_narrow_what_the_answer_may_use(served):
    at = open_page()
    at.sidebar.multiselect[1].set_value(["table_row"]).run()
    at.chat_input[0].set_value(IPEF).run()
    answer = reply(at)
    assert "December 2023" not in answer.markdown[0].value  # the passage that says it is out of scope
    assert "hidden by the filters" not in answer.caption[-1].value  # nothing out of scope came back


def test_a_pdf_citation_opens_its_page_with_the_sentence_framed(pdf_served):
    at = open_page()
    at.chat_input[0].set_value(PDF_QUESTION).run()
    answer = reply(at)
    assert LICENCES in answer.markdown[0].value.replace("\\", "")
    header = next(m.value for m in answer.markdown if m.value.startswith("**[1]**"))
    # shown, not rendered: Markdown escaped, the bare URL broken by an invisible word joiner
    assert "\\!\\[t\\]\\(http:\u2060//127.0.0.1:9/track.png\\) \\<b\\>bold\\</b\\>, p. 1" in header
    toggle(answer, "Show page 1").set_value(True).run()
    assert not at.exception, at.exception
    [image] = reply(at).get("image")
    assert image.captions == ["Page 1: the cited text is framed in orange"]


def test_a_text_citation_shows_its_passage_in_its_document(served):
    at = open_page()
    at.chat_input[0].set_value(IPEF).run()
    toggle(reply(at), "Show in its document").set_value(True).run()
    [context] = [m.value for m in reply(at).markdown if "opacity:0.6" in m.value]
    assert "<mark>" in context and "signed in December 2023" in context


# --- Tables -------------------------------------------------------------------------------------


def test_the_tables_page_shows_any_table_as_printed_with_its_charts(served, corpus_assistant):
    at = open_page("app_pages/tables.py")
    tables = corpus_assistant.tables()
    assert at.selectbox[0].options == [f"{t.name} — Policy Recommendations on Supply Chain Resilience" for t in tables]
    charts = {}
    for table in tables:
        at.selectbox[0].set_value(table.table_id).run()
        assert not at.exception, at.exception
        assert at.subheader[0].value.replace("\\", "") == table.name
        assert len(at.dataframe[0].value) == len(table.rows)
        assert [d.proto.label for d in at.get("download_button")] == [
            "CSV, as printed",
            "CSV, values",
            "Excel (values and printed)",
        ]
        charts[table.number] = [t.label for t in at.tabs]
    assert charts == {
        "1": ["Over the years"],
        "2": ["Across the rows", "One row, by rank"],
        "3": ["Across the rows", "One row, by rank"],
        "4": ["Across the rows", "One row, by rank"],
    }
    assert not any("HHI runs" in c.value for c in at.caption)


def test_a_threshold_is_set_on_the_tables_own_measure(served, corpus_assistant):
    table = next(t for t in corpus_assistant.tables() if t.number == "2")
    at = open_page("app_pages/tables.py", table=table.table_id)
    at.selectbox(key=f"bars-measure-{table.table_id}").set_value("HHI").run()
    slider = at.slider[0]
    hhi = [r.values[table.columns.index("HHI")] for r in table.rows]
    assert slider.label == "Threshold on HHI" and (slider.min, slider.max) == (min(hhi), max(hhi))
    slider.set_value(50.0).run()
    above = sum(v >= 50 for v in hhi)
    assert f"{above} of {len(hhi)} rows at or above 50 HHI." in [c.value for c in at.caption]


def test_a_cell_link_opens_the_table_at_that_cell(served, corpus_assistant):
    table = next(t for t in corpus_assistant.tables() if t.number == "2")
    at = open_page("app_pages/tables.py", table=table.table_id, row="1", column="2")
    assert at.selectbox[0].value == table.table_id
    assert at.info[0].value.startswith("Cell of row **Fertilizers**, column **HHI**: 21.1")
    at.text_input(key=f"filter-{table.table_id}").set_value("magnets").run()
    [kept] = at.dataframe[0].value["Items"].tolist()
    assert kept == "Permanent magnets"


# --- Documents ----------------------------------------------------------------------------------


def test_documents_page_lists_the_index(pdf_served):
    at = open_page("app_pages/documents.py")
    listed = at.dataframe[0].value
    by_source = dict(zip(listed["source"], listed["pages"], strict=True))
    assert by_source["gallium-review.pdf"] == 2
    assert by_source["kiep-japan-supply-chain-risk-management.txt"] is None or str(
        by_source["kiep-japan-supply-chain-risk-management.txt"]
    ) in ("<NA>", "nan")
    assert TITLE in set(listed["title"])
    assert not at.error


def test_upload_a_valid_file_and_a_corrupt_pdf(writable):
    at = open_page("app_pages/documents.py")
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
    errors = [e.value.replace("\\", "") for e in at.error]
    assert "fake.pdf: not a PDF (no %PDF- header): the file is damaged or of another type" in errors
    [reason] = [e.removeprefix("broken.pdf was not indexed: ") for e in errors if e.startswith("broken.pdf was")]
    assert "PDF" in reason and f"Not indexed: broken.pdf: {reason}" in errors  # and in the listing
    listed = at.dataframe[0].value  # drawn after the rebuild: the new index, not the old one
    assert "gallium-notes.md" in set(listed["source"]) and len(listed) == 3
    assert "3 documents" in at.caption[0].value
    assert not (writable / "fake.pdf").exists()
    at = open_page()
    at.chat_input[0].set_value("When did China restrict exports of gallium?").run()
    assert "August 2023" in reply(at).markdown[0].value


def locked_pdf(password: str) -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Confidential note. The cobalt stockpile reached 4,200 tonnes in June 2024.")
    return bytes(pdf.output())


def test_an_encrypted_pdf_is_added_with_its_password(writable):
    at = open_page("app_pages/documents.py")
    at.file_uploader[0].set_value([("cobalt.pdf", locked_pdf("s3cret"), "application/pdf")])
    button(at, "Add and rebuild the index").click().run()
    assert "cobalt.pdf is encrypted: give its password and upload it again." in [e.value for e in at.error]
    at.file_uploader[0].set_value([("cobalt.pdf", locked_pdf("s3cret"), "application/pdf")])
    at.text_input[0].set_value("wrong")
    button(at, "Add and rebuild the index").click().run()
    assert any("wrong password" in e.value for e in at.error)
    at.file_uploader[0].set_value([("cobalt.pdf", locked_pdf("s3cret"), "application/pdf")])
    at.text_input[0].set_value("s3cret")
    button(at, "Add and rebuild the index").click().run()
    assert not at.exception, at.exception
    assert "Added cobalt.pdf to the corpus." in [s.value for s in at.success]
    assert "cobalt.pdf" in set(at.dataframe[0].value["source"])
    assert b"s3cret" not in b"".join(p.read_bytes() for p in writable.rglob("*") if p.is_file())


def test_remove_a_document_and_rebuild(writable):
    at = open_page("app_pages/documents.py")
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
    assert at.error[0].value.replace("\\", "").startswith(f"no index in {tmp_path / 'none'}/")
    assert "Documents page" in at.info[0].value


# --- Evaluate -----------------------------------------------------------------------------------


def test_evaluate_starts_small_and_estimates_the_full_run(served):
    at = open_page("app_pages/evaluate.py")
    labels = [b.label for b in at.button]
    assert labels[:2] == ["Quick run: 20 questions, full mode", "Full run: 129 questions x 4 modes"]
    button(at, "Quick run: 20 questions, full mode").click().run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == ["hit@5 · full"]
    full = at.button[1].label
    assert full.startswith("Full run: 129 questions x 4 modes (about ") and full.endswith(
        " min at the last run's pace)"
    )


def test_evaluate_an_uploaded_gold_set(served):
    at = open_page("app_pages/evaluate.py")
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
