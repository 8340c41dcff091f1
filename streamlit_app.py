"""policyqa in the browser: ask a question, read the answer and the passages it cites."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import streamlit as st

from policyqa import Assistant, PolicyQAError, resolve_settings
from policyqa.settings import resolve_index_dir

INDEX_DIR = resolve_index_dir(None)


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_assistant(index_dir: str) -> Assistant:
    return Assistant.from_index(index_dir, settings=resolve_settings())


def where(item: dict) -> str:
    parts = [item["title"]]
    if item.get("page"):
        parts.append(f"p. {item['page']}")
    if item.get("section"):
        parts.append(item["section"])
    return " · ".join(parts)


def show_answer(answer: dict) -> None:
    if answer["abstained"]:
        st.warning(answer["answer"])
    else:
        st.markdown(answer["answer"])
    for c in answer["citations"]:
        with st.expander(f"[{c['n']}] {where(c)}", expanded=True):
            st.caption("table row" if c["kind"] == "table_row" else "passage")
            st.write(c["text"])
    with st.expander("All retrieved passages"):
        for p in answer["passages"]:
            st.markdown(f"**{p['rank']}.** {where(p)} — score {p['score']:.4f}")
            st.write(p["text"])
    st.caption(f"retrieval {answer['timing_ms']['retrieve']:.0f} ms · answer {answer['timing_ms']['answer']:.0f} ms")


def main() -> None:
    st.set_page_config(page_title="policyqa", layout="wide")
    st.title("policyqa")
    st.write("Ask about supply-chain risk and economic-security policy; every answer cites the corpus.")
    try:
        assistant = load_assistant(INDEX_DIR)
    except PolicyQAError as err:
        st.error(str(err))
        return
    docs = assistant.documents()
    st.caption(f"{len(docs)} documents · {assistant.manifest.chunks} chunks · {assistant.manifest.tables} tables")
    with st.form("ask"):
        question = st.text_input("Question", placeholder="When was the IPEF Supply Chain Resilience Agreement signed?")
        asked = st.form_submit_button("Ask")
    if asked:
        try:
            show_answer(assistant.ask(question).to_dict())
        except PolicyQAError as err:
            st.error(str(err))


main()
