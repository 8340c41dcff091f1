"""Ask: a chat over the corpus; every answer with its cited, highlighted evidence."""

from __future__ import annotations

import streamlit as st

from app.views import (
    EVIDENCE_KINDS,
    ShownEvidence,
    answer_markdown,
    escape_markdown,
    figures_frame,
    filter_evidence,
    highlight_html,
    source_rows,
    where,
)
from pages import common
from policyqa import Answer, Assistant, PolicyQAError

EXAMPLES = (
    "When was the IPEF Supply Chain Resilience Agreement signed?",
    "What share of Japan's lithium-ion battery imports came from China in 2024?",
    "How has China's share of Japan's imports changed since 2000?",
    "What does the Economic Security Promotion Act do?",
)
CLOSEST_SHOWN = 3


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
        if st.button("Clear the conversation", icon=":material/delete_sweep:"):
            st.session_state["history"] = []
    return docs, kinds


def example_picked() -> str | None:
    with st.expander("Example questions", expanded=not st.session_state["history"]):
        for number, example in enumerate(EXAMPLES):
            if st.button(example, key=f"example-{number}", type="tertiary"):
                return example
    return None


def show_citation(citation) -> None:
    with st.container(border=True):
        kind = EVIDENCE_KINDS.get(citation.kind, citation.kind).removesuffix("s")
        st.markdown(f"**[{citation.n}]** {escape_markdown(where(citation))} · *{kind}*")
        st.markdown(highlight_html(citation.text, citation.highlight), unsafe_allow_html=True)


def show_passages(passages, label: str, *, expanded: bool = False) -> None:
    with st.expander(label, expanded=expanded):
        for p in passages:
            st.markdown(f"**{p.rank}.** {escape_markdown(where(p))} · score {p.score:.4f}")
            st.markdown(highlight_html(p.text, None), unsafe_allow_html=True)


def show_figures(answer: Answer, assistant: Assistant) -> None:
    st.dataframe(figures_frame(answer.figures), hide_index=True)
    rows = source_rows(answer.figures, assistant.tables())
    if rows:
        with st.expander("Source rows"):
            for row in rows:
                st.markdown(highlight_html(row.text, None), unsafe_allow_html=True)


def show_answer(answer: Answer, evidence: ShownEvidence, assistant: Assistant) -> None:
    if answer.abstained:
        st.warning(answer.answer, icon=":material/block:")
        show_passages(evidence.passages[:CLOSEST_SHOWN], "Closest passages", expanded=True)
    else:
        st.markdown(escape_markdown(answer.answer))
        if answer.figures:
            show_figures(answer, assistant)
        for citation in evidence.citations:
            show_citation(citation)
        show_passages(evidence.passages, f"All retrieved passages ({len(evidence.passages)})")
        with st.expander("Copy the answer with its citations"):
            st.code(answer_markdown(answer), language=None, wrap_lines=True)
    hidden = f" · {evidence.hidden} hidden by the filters" if evidence.hidden else ""
    st.caption(f"route: {answer.route} · {answer.timing_ms.get('total', 0):.0f} ms{hidden}")


def main() -> None:
    st.session_state.setdefault("history", [])
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
    question = example_picked()
    for past in st.session_state["history"]:
        with st.chat_message("user"):
            st.markdown(escape_markdown(past.question))
        with st.chat_message("assistant"):
            show_answer(past, filter_evidence(past, docs=docs, kinds=kinds), assistant)
    question = st.chat_input("Ask about supply-chain risk and economic-security policy") or question
    if not question:
        return
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        try:
            with st.spinner("Searching the corpus…"):
                answer = assistant.ask(question, docs=docs or None, kinds=kinds or None)
        except PolicyQAError as err:
            st.error(str(err))
            return
        show_answer(answer, filter_evidence(answer, docs=docs, kinds=kinds), assistant)
    st.session_state["history"].append(answer)


main()
