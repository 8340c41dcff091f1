"""The table API over the default corpus index."""

import pytest

from policyqa.errors import PolicyQAError


def test_table_frame_has_typed_numbers_and_units(corpus_assistant):
    table2 = next(t for t in corpus_assistant.tables() if t.number == "2")
    frame = corpus_assistant.table_frame(table2.table_id)
    assert len(frame) == 21
    batteries = frame[frame.iloc[:, 0].astype(str).str.contains("Lithium-ion batteries")]
    assert batteries["HHI"].tolist() == [60.2]


def test_query_tables_reads_the_sqlite_store(corpus_assistant):
    frame = corpus_assistant.query_tables("SELECT COUNT(*) AS n FROM rows")
    assert int(frame["n"][0]) == 25 + 21 + 18 + 15


def test_unknown_table_names_the_known_ones(corpus_assistant):
    with pytest.raises(PolicyQAError, match=r"no table 'nope'.*table-1"):
        corpus_assistant.table("nope")


def test_search_within_documents_and_kinds(corpus_assistant):
    kiep = "kiep-japan-supply-chain-risk-management"
    hits = corpus_assistant.search("China share of imports", 10, docs={kiep})
    assert hits and {h.chunk.doc_id for h in hits} == {kiep}
    rows = corpus_assistant.search("China share of imports", 10, kinds={"table_row"})
    assert len(rows) == 10 and {h.chunk.kind for h in rows} == {"table_row"}


def test_ask_without_table_rows_does_not_use_the_tables(corpus_assistant):
    question = "What share of Japan's lithium-ion battery imports came from China?"
    assert corpus_assistant.ask(question).route == "figure"
    narrowed = corpus_assistant.ask(question, kinds={"passage"})
    assert narrowed.route != "figure" and all(p.kind == "passage" for p in narrowed.passages)


def test_a_follow_up_is_read_with_the_history(corpus_assistant):
    first = corpus_assistant.ask("What was China's share of Japan's imports in 2020?")
    follow = corpus_assistant.ask("And in 2010?", history=[first])
    assert follow.question == "And in 2010?"
    assert follow.read_as == "What was China's share of Japan's imports in 2010?"
    assert "22.1" in follow.answer and not follow.abstained
    assert corpus_assistant.ask("And in 2010?", history=[first.question]).answer == follow.answer
    alone = corpus_assistant.ask("And in 2010?")  # the same words with no conversation carry nothing
    assert alone.read_as is None and alone.answer != follow.answer


def test_a_follow_up_reads_the_passages_the_answer_it_follows_cited(corpus_assistant):
    first = corpus_assistant.ask("Which Asian countries does the JEF report suggest Japan strengthen ties with?")
    follow = corpus_assistant.ask("What makes those countries attractive?", history=[first])
    read = {p.text for p in follow.passages}
    assert first.citations and {c.text for c in first.citations} <= read
    # given as a question, the earlier turn is answered again and its passages read the same way
    again = corpus_assistant.ask("What makes those countries attractive?", history=[first.question])
    assert [p.text for p in again.passages] == [p.text for p in follow.passages]


def test_the_earlier_passages_come_right_after_the_best_one_once_each_moved_up():
    from policyqa.api import _with_earlier
    from policyqa.records import Chunk, Hit

    def hit(n: int) -> Hit:
        chunk = Chunk(f"d:{n}", "d", f"passage {n}", "passage", None, None, 0, 9)
        return Hit(chunk=chunk, title="d", score=1.0 / (n + 1), rank=n + 1)

    merged = _with_earlier([hit(0), hit(1), hit(2)], [hit(2), hit(7), hit(7)])
    # one the search found lower down moves up with the others (what the follow-up asks about)
    assert [h.chunk.chunk_id for h in merged] == ["d:0", "d:2", "d:7", "d:1"]
    assert [h.rank for h in merged] == [1, 2, 3, 4]
    assert _with_earlier([hit(0)], []) == [hit(0)]
    assert [h.chunk.chunk_id for h in _with_earlier([hit(0), hit(1)], [hit(0)])] == ["d:0", "d:1"]


def test_a_history_turn_must_be_text_or_an_answer(corpus_assistant):
    from policyqa import QuestionError

    with pytest.raises(QuestionError, match="history turn must be"):
        corpus_assistant.ask("And in 2010?", history=[b"bytes"])


def test_a_history_question_is_held_to_the_question_length_limit(corpus_assistant):
    from policyqa import QuestionError

    with pytest.raises(QuestionError, match="characters long"):
        corpus_assistant.ask("And in 2010?", history=["why" * 3333])


def test_a_real_word_the_corpus_never_uses_is_no_misspelt_goods_word(corpus_assistant):
    # "spots" is one edit from "sports" (goods in the HS nomenclature) and the corpus never uses
    # it; the model's tokenizer knows it whole, so it is read past, not declined as goods
    question = "Which countries held the top three spots among Japan's import sources in 2024?"
    answer = corpus_assistant.ask(question)
    assert answer.route == "figure" and "sports" not in answer.answer.lower()
    assert all(name in answer.answer for name in ("China", "US", "Australia"))
    # the same holds when the tables are narrowed to one document
    kiep = "kiep-japan-supply-chain-risk-management"
    jef = next(t.doc_id for t in corpus_assistant.tables() if t.doc_id != kiep)
    assert corpus_assistant.ask(question, docs={jef}).route == "figure"


def test_a_topic_summary_is_drawn_from_where_the_topic_is_discussed(corpus_assistant):
    answer = corpus_assistant.ask("Summarise the benefits the study group sees in pursuing layered globalization.")
    assert not answer.abstained and "layered globalization" in answer.answer
    # only the passage naming the topic and the one its argument goes on in ("Another important
    # advantage is flexibility"), not the FTA or Global South passages retrieval also found
    cited = {c.text[:40] for c in answer.citations}
    assert all("layered globalization" in c.text or c.text.startswith("Another important") for c in answer.citations)
    assert len(cited) == 2


def test_a_follow_up_of_a_follow_up_reuses_the_answer_in_the_history(corpus_assistant):
    from unittest import mock

    first = corpus_assistant.ask("Which Asian countries does the JEF report suggest Japan strengthen ties with?")
    second = corpus_assistant.ask("What makes those countries attractive?", history=[first])
    assert second.read_as is not None and "(following:" in second.read_as
    answered = []
    original = corpus_assistant._answer

    def spy(question, **kwargs):
        answered.append(question)
        return original(question, **kwargs)

    with mock.patch.object(corpus_assistant, "_answer", side_effect=spy):
        corpus_assistant.ask("Which of those is named first?", history=[first, second])
    assert len(answered) == 1  # the earlier answer, read in its own context, is taken as given


def test_a_summary_of_two_things_summarises_each(corpus_assistant):
    question = (
        "Summarise the report's assessment of the WTO's dispute settlement problems "
        "and what Japan should do about US tariffs."
    )
    answer = corpus_assistant.ask(question)
    assert "Appellate Body" in answer.answer  # the first thing asked
    assert "file a complaint with the WTO" in answer.answer  # the second


def test_a_question_opening_on_its_source_asks_that_documents_tables_only(corpus_assistant):
    # The KIEP article prints no table: "the most critical area" is no ranking of the JEF tables' imports.
    sourced = corpus_assistant.ask(
        "According to the KIEP article, what is the most critical area for Korea-Japan supply chain cooperation?"
    )
    assert sourced.route.value == "text" and "semiconductor" in sourced.answer
    jef = corpus_assistant.ask("According to the JEF report, what is the HHI of lithium-ion batteries?")
    assert jef.route.value == "figure" and "60.2" in jef.answer


def test_a_fiscal_year_is_read_as_its_year(corpus_assistant):
    answer = corpus_assistant.ask("What was the HHI of lithium-ion batteries in FY2024?")
    assert answer.read_as == "What was the HHI of lithium-ion batteries in fiscal year 2024?"
    assert "60.2" in answer.answer
