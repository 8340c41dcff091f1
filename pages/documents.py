"""Documents: what is indexed, add or remove files, and rebuild the index."""

from __future__ import annotations

import streamlit as st

from app.views import documents_frame
from pages import common
from policyqa import AddReport, BuildReport, PolicyQAError, add_documents, corpus_files, remove_document

ACCEPTED = ["pdf", "txt", "md"]


def show_index(container) -> None:
    """The indexed documents and the files the last build could not read."""
    with container:
        assistant = common.assistant()
        if assistant is None:
            st.info("Add documents below, or rebuild the index from the corpus folder.")
            return
        manifest = assistant.manifest
        st.caption(
            f"Index {assistant.path} · built {manifest.built_at} · {manifest.chunks} chunks · "
            f"{manifest.tables} tables · model {manifest.model}"
        )
        st.dataframe(
            documents_frame(assistant.documents()),
            hide_index=True,
            width="stretch",
            column_config={
                "sha256": st.column_config.TextColumn("content hash (sha256)"),
                "date": st.column_config.TextColumn("published"),
            },
        )
        for entry in assistant.documents():
            for warning in entry.warnings:
                st.warning(f"{entry.source}: {warning}")
        for skipped in manifest.skipped:
            st.error(f"Not indexed: {skipped.path}: {skipped.reason}")


def show_build(report: BuildReport, *, new: tuple[str, ...] = ()) -> None:
    for skipped in report.skipped:
        if skipped.path in new:
            st.error(f"{skipped.path} was not indexed: {skipped.reason}")
    if not report.wrote:
        st.info("The index was already up to date.")
        return
    counts = f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed"
    st.success(f"Index rebuilt: {counts}; {report.chunks} chunks, {report.tables} tables.")


def show_added(report: AddReport) -> None:
    for name in report.added:
        st.success(f"Added {name} to the corpus.")
    for rejected in report.rejected:
        st.error(f"{rejected.path}: {rejected.reason}")


def upload_form() -> None:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("PDF, TXT or Markdown files", type=ACCEPTED, accept_multiple_files=True)
        submitted = st.form_submit_button("Add and rebuild the index", type="primary")
    if not submitted:
        return
    if not files:
        st.warning("Choose one or more files first.")
        return
    try:
        added = add_documents(common.corpus_dir(), [(f.name, f.getvalue()) for f in files], settings=common.settings())
    except PolicyQAError as err:
        st.error(str(err))
        return
    show_added(added)
    if added.added and (report := common.rebuild()):
        show_build(report, new=added.added)


def remove_form() -> None:
    sources = corpus_files(common.corpus_dir())
    with st.form("remove"):
        source = st.selectbox("File in the corpus", sources, index=None, placeholder="Choose a file")
        submitted = st.form_submit_button("Remove and rebuild the index")
    if not (submitted and source):
        return
    try:
        remove_document(common.corpus_dir(), source)
    except PolicyQAError as err:
        st.error(str(err))
        return
    st.success(f"Removed {source} from the corpus.")
    if report := common.rebuild():
        show_build(report)


def main() -> None:
    st.title("Documents")
    listing = st.container()  # filled last, so it shows the index after any rebuild below
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Add documents")
        st.caption(
            "Checked for type and size, stored under a safe name; a file with the same "
            "content as one in the corpus is refused. The current index answers until the new one is ready."
        )
        upload_form()
    with right:
        st.subheader("Remove a document")
        remove_form()
        st.caption(f"Corpus folder: {common.corpus_dir()}")
        if st.button("Rebuild the index", help="After changing files in the corpus folder by hand") and (
            report := common.rebuild()
        ):
            show_build(report)
    show_index(listing)


main()
