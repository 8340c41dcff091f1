"""policyqa in the browser: ask, read the tables, manage the documents, check the evaluation.

The pages live in app_pages/ (not pages/: Streamlit would run a pages/ folder's scripts on their
own for a first request to /tables, without this navigation); each lays out widgets over the
Python API (see app_pages/common.py).
Run with `make run`, or `streamlit run streamlit_app.py`; $POLICYQA_CORPUS and
$POLICYQA_INDEX name the folders (default ./corpus and ./index).
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import streamlit as st

st.set_page_config(page_title="policyqa", page_icon=":material/policy:", layout="wide")
st.navigation(
    [
        st.Page("app_pages/ask.py", title="Ask", icon=":material/chat:", default=True),
        st.Page("app_pages/tables.py", title="Tables", icon=":material/table_chart:"),
        st.Page("app_pages/documents.py", title="Documents", icon=":material/folder_open:"),
        st.Page("app_pages/evaluate.py", title="Evaluate", icon=":material/fact_check:"),
    ],
    position="top",
).run()
