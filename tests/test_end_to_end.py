"""The default corpus built with the packaged model: facts are found, answers keep the contract."""

import json

import pytest

from policyqa.cli import main
from policyqa.errors import QuestionError

# (query, text the right passage contains); each must rank in the top 3 of a hybrid search.
FACTS = [
    ("When was the Economic Security Promotion Act enacted?", "Economic Security Promotion Act enacted in May 2022"),
    ("How many critical materials did Japan designate?", "designated 11 materials"),
    ("Which countries have ratified the IPEF supply chain agreement?", "USA, Japan, Singapore, Fiji, India, and Korea"),
    ("How much budget went to batteries?", "827.4 billion yen"),
    ("When did the US launch the Minerals Security Partnership?", "Minerals Security Partnership (MSP) in June 2022"),
    ("ransomware attack that stopped Toyota factories", "13,000 vehicles"),
    ("How many countries have joined the MPIA?", "53 countries"),
    ("Japan's lithium-ion battery imports from China", "Lithium-ion batteries"),
    ("What did METI add to the export control list in July 2023?", "adding 23 items"),
    ("When was Rapidus established?", "establishment of Rapidus"),
    ("security clearance for proactive cyber defense", "security clearance system"),
    ("How many members does the WTO have?", "166 member countries"),
    ("Korea's Early Warning System for supply chains", "Early Warning System (EWS)"),
    ("Who launched the Quad Security Dialogue under the second Trump administration?", "Marco Rubio"),
]


@pytest.mark.parametrize("query,expected", FACTS, ids=[f[1][:30] for f in FACTS])
def test_fact_ranks_in_the_top_three(corpus_assistant, query, expected):
    hits = corpus_assistant.search(query, 3)
    assert any(expected in h.chunk.text for h in hits), [h.chunk.text[:80] for h in hits]


def test_corpus_counts(corpus_assistant):
    manifest = corpus_assistant.manifest
    assert len(manifest.documents) == 2 and manifest.tables == 4
    assert sum(len(t.rows) for t in corpus_assistant.tables()) == 25 + 21 + 18 + 15
    kinds = {c.kind for c in corpus_assistant.retriever.index.contents.chunks}
    assert kinds == {"passage", "table_row"}


def test_answer_keeps_the_json_contract(corpus_assistant):
    answer = corpus_assistant.ask("When was the IPEF Supply Chain Resilience Agreement signed?").to_dict()
    assert set(answer) == {
        "question",
        "read_as",
        "answer",
        "abstained",
        "citations",
        "passages",
        "figures",
        "timing_ms",
        "route",
    }
    assert not answer["abstained"] and "December 2023" in answer["answer"] and "[1]" in answer["answer"]
    citation = answer["citations"][0]
    assert set(citation) == {"n", "doc", "title", "page", "section", "text", "kind", "highlight"}
    start, end = citation["highlight"]
    assert "December 2023" in citation["text"][start:end]
    assert len(answer["passages"]) == 10 and [p["rank"] for p in answer["passages"]] == list(range(1, 11))
    assert set(answer["timing_ms"]) == {"retrieve", "answer", "total"}
    json.dumps(answer)


def test_question_outside_the_corpus_abstains(corpus_assistant):
    answer = corpus_assistant.ask("What is the recipe for a chocolate soufflé?")
    assert answer.abstained and answer.citations == ()


def test_huge_question_is_refused_clearly(corpus_assistant):
    with pytest.raises(QuestionError, match="10,000 characters"):
        corpus_assistant.ask("why" * 3333 + "?")


def test_cli_ask_questions_file_prints_one_json_line_each(corpus_index, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "q": "What is Rapidus?"}\n{"q": "What is the MPIA?"}\n')
    assert main(["ask", "--questions", str(questions), "--index", str(corpus_index), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["question"] for line in lines] == ["What is Rapidus?", "What is the MPIA?"]
    assert json.loads(lines[0])["id"] == "a"


def test_cli_ask_questions_file_reads_each_line_with_its_history(corpus_index, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    line = {"q": "And in 2010?", "history": ["What was China's share of Japan's imports in 2020?"]}
    questions.write_text(json.dumps(line) + "\n")
    assert main(["ask", "--questions", str(questions), "--index", str(corpus_index), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["read_as"] == "What was China's share of Japan's imports in 2010?" and "22.1" in answer["answer"]


def test_cli_chat_keeps_the_conversation(corpus_index, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("What was China's share of Japan's imports in 2020?\nAnd in 2010?\n"))
    assert main(["chat", "--index", str(corpus_index), "--json"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.strip().splitlines())
    assert first["read_as"] is None and second["read_as"].endswith("imports in 2010?")
    assert "22.1" in second["answer"]
