"""Ask: a conversation over the corpus; every answer with its cited evidence, the cited page, exports.

Past turns are drawn from the stored answers (never asked again), the latest ones in full and the
older ones folded, so a turn costs the same however long the conversation is.
"""

from __future__ import annotations

import streamlit as st

from app.views import (
    EVIDENCE_KINDS,
    ShownEvidence,
    Turn,
    context_html,
    figures_frame,
    filter_evidence,
    highlight_html,
    history_questions,
    question_link,
    relevance,
    row_html,
    where,
)
from app_pages import common
from policyqa import (
    Assistant,
    Citation,
    FigureCell,
    PolicyQAError,
    answer_markdown,
    conversation_markdown,
    escape_markdown,
)

EXAMPLES = (
    "When was the IPEF Supply Chain Resilience Agreement signed?",
    "What share of Japan's lithium-ion battery imports came from China in 2024?",
    "How has China's share of Japan's imports changed since 2000?",
    "What does the Economic Security Promotion Act do?",
)
CLOSEST_SHOWN = 3
FULL_TURNS = 2  # the latest turns drawn with all their evidence; older ones folded
HISTORY_TURNS = 6  # earlier turns passed to ask() to read a follow-up


def filters(assistant: Assistant) -> tuple[list[str], list[str]]:
    titles = {d.doc_id: d.title for d in assistant.documents()}
    with st.sidebar:
        st.subheader("Evidence filters")
        docs = st.multiselect("Documents", list(titles), format_func=titles.__getitem__, placeholder="All documents")
        kinds = st.multiselect(
            "Kind of evidence",
            list(EVIDENCE_KINDS),
            format_func=EVIDENCE_KINDS.__getitem__,
            placeholder="Passages and table rows",
        )
        st.caption(
            "Filters narrow the evidence a new answer may use (retrieval and the tables), "
            "and the evidence shown under earlier answers."
        )
    return docs, kinds


def conversation_tools(place, turns: list[Turn]) -> None:
    """Download or clear the conversation; drawn last, so it includes the turn just answered."""
    with place:
        st.subheader("Conversation")
        if not turns:
            st.caption("Questions and answers appear here to download once you ask.")
            return
        st.download_button(
            "Download the conversation (Markdown)",
            conversation_markdown([t.answer for t in turns]),
            file_name="policyqa-conversation.md",
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
        )
        if st.button("Clear the conversation", icon=":material/delete_sweep:"):
            st.session_state["turns"] = []
            st.query_params.clear()
            st.rerun()


def example_picked(turns: list[Turn]) -> str | None:
    with st.expander("Example questions", expanded=not turns):
        for number, example in enumerate(EXAMPLES):
            if st.button(escape_markdown(example), key=f"example-{number}", type="tertiary"):
                return example
    return None


def linked_question() -> str | None:
    """The question in the page's link (?q=...), once per session."""
    question = st.query_params.get("q")
    if not question or st.session_state.get("linked") == question:
        return None
    st.session_state["linked"] = question
    return question


# --- one answer ---------------------------------------------------------------------------------


def show_citation(turn: Turn, citation: Citation, assistant: Assistant) -> None:
    with st.container(border=True):
        kind = EVIDENCE_KINDS.get(citation.kind, citation.kind).removesuffix("s")
        st.markdown(f"**[{citation.n}]** {escape_markdown(where(citation))} · *{kind}*")
        st.markdown(highlight_html(citation.text, citation.highlight), unsafe_allow_html=True)
        key = f"{turn.id}-{citation.n}"
        if citation.page is not None and assistant.has_pages(citation.doc):
            if st.toggle(f"Show page {citation.page}", key=f"page-{key}"):
                show_page(lambda: assistant.cited_page(citation), citation.page)
        elif st.toggle("Show in its document", key=f"context-{key}"):
            try:
                context = assistant.passage_context(citation)
            except PolicyQAError as err:
                st.error(escape_markdown(str(err)))
                return
            st.markdown(context_html(context), unsafe_allow_html=True)


def show_page(render, page: int) -> None:
    """The cited page as an image, the evidence framed in orange."""
    try:
        with st.spinner(f"Rendering page {page}…"):
            image = render()
    except PolicyQAError as err:
        st.error(escape_markdown(str(err)))
        return
    framed = "the cited text is framed in orange" if image.boxes else "the cited text was not found on the page"
    st.image(image.png, caption=f"Page {page}: {framed}", width="stretch", output_format="PNG")


def show_passages(passages, label: str, *, expanded: bool = False) -> None:
    with st.expander(label, expanded=expanded):
        for p in passages:
            st.markdown(f"**{p.rank}.** {escape_markdown(where(p))} · *{relevance(p.rank)}*")
            st.markdown(highlight_html(p.text, None), unsafe_allow_html=True)


def show_figures(turn: Turn, assistant: Assistant) -> None:
    st.dataframe(
        figures_frame(turn),
        hide_index=True,
        column_config={"cell": st.column_config.LinkColumn("cell", display_text="open in Tables")},
    )
    cells = [(n, cell) for n, cell in enumerate(turn.cells) if cell is not None]
    if cells:
        with st.expander("Where each number is printed"):
            for n, cell in cells:
                show_cell(turn, n, cell, assistant)


def show_cell(turn: Turn, n: int, cell: FigureCell, assistant: Assistant) -> None:
    column = cell.table.columns[cell.column]
    st.markdown(
        f"{escape_markdown(cell.printed)} — row **{escape_markdown(cell.row.label)}**, "
        f"column **{escape_markdown(column)}** of {escape_markdown(cell.table.name)}"
    )
    st.markdown(row_html(cell.table, cell.row, marked=cell.column), unsafe_allow_html=True)
    on_page = cell.page is not None and assistant.has_pages(cell.table.doc_id)
    if on_page and st.toggle(f"Show the cell on page {cell.page}", key=f"cell-{turn.id}-{n}"):
        show_page(lambda: assistant.cell_page(cell), cell.page)


def show_exports(turn: Turn) -> None:
    left, right = st.columns([1, 2])
    left.download_button(
        "Answer with sources (Markdown)",
        answer_markdown(turn.answer),
        file_name=f"policyqa-answer-{turn.id + 1}.md",
        mime="text/markdown",
        key=f"markdown-{turn.id}",
        icon=":material/download:",
        on_click="ignore",
    )
    with right.popover("Link to this question", icon=":material/link:"):
        st.code(question_link(st.context.url or "", turn.answer.question), language=None, wrap_lines=True)


def show_answer(turn: Turn, evidence: ShownEvidence, assistant: Assistant) -> None:
    answer = turn.answer
    if answer.read_as and answer.read_as != answer.question:
        st.caption(f"Read as: {escape_markdown(answer.read_as)}")
    if answer.abstained:
        st.warning(escape_markdown(answer.answer), icon=":material/block:")
        show_passages(evidence.passages[:CLOSEST_SHOWN], "Closest passages", expanded=True)
    else:
        st.markdown(escape_markdown(answer.answer))
        if answer.figures:
            show_figures(turn, assistant)
        for citation in evidence.citations:
            show_citation(turn, citation, assistant)
        show_passages(evidence.passages, f"All retrieved passages ({len(evidence.passages)})")
        show_exports(turn)
    hidden = f" · {evidence.hidden} hidden by the filters" if evidence.hidden else ""
    st.caption(f"route: {answer.route} · {answer.timing_ms.get('total', 0):.0f} ms{hidden}")


def show_folded(turn: Turn, evidence: ShownEvidence, assistant: Assistant) -> None:
    """An older turn: its answer, with the evidence a toggle away."""
    answer = turn.answer
    if st.toggle("Show the evidence", key=f"unfold-{turn.id}"):
        show_answer(turn, evidence, assistant)
        return
    if answer.read_as and answer.read_as != answer.question:
        st.caption(f"Read as: {escape_markdown(answer.read_as)}")
    st.markdown(escape_markdown(answer.answer))


def show_turn(turn: Turn, assistant: Assistant, docs: list[str], kinds: list[str], *, full: bool) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(turn.answer.question))
    with st.chat_message("assistant"):
        evidence = filter_evidence(turn.answer, docs=docs, kinds=kinds)
        (show_answer if full else show_folded)(turn, evidence, assistant)


def answer_now(question: str, assistant: Assistant, turns: list[Turn], docs: list[str], kinds: list[str]) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        history = history_questions(turns, last=HISTORY_TURNS)
        label = f"Reading the question with {len(history)} earlier turns…" if history else "Searching the corpus…"
        try:
            with st.status(label) as status:
                answer = assistant.ask(question, history=history, docs=docs or None, kinds=kinds or None)
                status.update(label=f"Answered in {answer.timing_ms.get('total', 0):.0f} ms", state="complete")
        except PolicyQAError as err:
            st.error(escape_markdown(str(err)))
            return
        turn = Turn(st.session_state.get("next-turn", 0), answer, assistant.figure_cells(answer))
        st.session_state["next-turn"] = turn.id + 1
        # Recorded before it is drawn: a question typed while the answer is still being drawn stops
        # the drawing (Streamlit reruns), and must not lose this turn from the conversation.
        turns.append(turn)
        st.session_state["linked"] = question
        show_answer(turn, filter_evidence(answer, docs=docs, kinds=kinds), assistant)
    st.query_params["q"] = question  # the address bar now reopens this question


def main() -> None:
    turns: list[Turn] = st.session_state.setdefault("turns", [])
    assistant = common.assistant()
    if assistant is None:
        st.info("Build the index on the Documents page, then come back to ask.")
        return
    st.title("Ask")
    manifest = assistant.manifest
    st.caption(
        f"{len(manifest.documents)} documents · {manifest.chunks} chunks · {manifest.tables} tables. "
        "Every answer cites the passages and table rows it comes from, or says the corpus does not cover it."
    )
    docs, kinds = filters(assistant)
    tools = st.sidebar.container()
    question = example_picked(turns) or linked_question()
    for number, turn in enumerate(turns):
        show_turn(turn, assistant, docs, kinds, full=number >= len(turns) - FULL_TURNS)
    question = st.chat_input("Ask about supply-chain risk and economic-security policy") or question
    if question:
        answer_now(question, assistant, turns, docs, kinds)
    conversation_tools(tools, turns)


main()
