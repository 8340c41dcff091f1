"""Documents: what is indexed, add (encrypted PDFs with their password) or remove files, and rebuild.

After a rebuild the page runs again from the top, so the list shows the new index; what the
rebuild reported is kept for that run and shown above the list.
"""

from __future__ import annotations

import streamlit as st

from app.views import documents_frame
from app_pages import common
from policyqa import (
    AddReport,
    BuildReport,
    PolicyQAError,
    add_documents,
    corpus_files,
    escape_markdown,
    pdf_needs_password,
    remove_document,
    unlock_pdf,
)

ACCEPTED = ["pdf", "txt", "md"]
NOTICES = "documents-notices"  # (kind, text) shown on the run after a change


def notify(kind: str, text: str) -> None:
    st.session_state.setdefault(NOTICES, []).append((kind, text))


def show_notices() -> None:
    show = {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}
    for kind, text in st.session_state.pop(NOTICES, []):
        show[kind](escape_markdown(text))


def show_index() -> None:
    """The indexed documents and the files the last build could not read."""
    assistant = common.assistant()
    if assistant is None:
        st.info("Add documents below, or rebuild the index from the corpus folder.")
        return
    manifest = assistant.manifest
    st.caption(
        escape_markdown(
            f"Index {assistant.path} · built {manifest.built_at} · {len(manifest.documents)} documents · "
            f"{manifest.chunks} chunks · {manifest.tables} tables · model {manifest.model}"
        )
    )
    st.dataframe(
        documents_frame(assistant.documents()).style.format(na_rep=""),
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("title", width="large"),
            "pages": st.column_config.NumberColumn("pages", format="%d"),
            "sha256": st.column_config.TextColumn("content hash (sha256)"),
            "date": st.column_config.TextColumn("published"),
        },
    )
    for entry in assistant.documents():
        for warning in entry.warnings:
            st.warning(escape_markdown(f"{entry.source}: {warning}"))
    for skipped in manifest.skipped:
        st.error(escape_markdown(f"Not indexed: {skipped.path}: {skipped.reason}"))


def rebuild(*, new: tuple[str, ...] = ()) -> None:
    try:
        report_build(common.rebuild(), new=new)
    except PolicyQAError as err:
        notify("error", str(err))


def report_build(report: BuildReport, *, new: tuple[str, ...] = ()) -> None:
    for skipped in report.skipped:
        if skipped.path in new:
            notify("error", f"{skipped.path} was not indexed: {skipped.reason}")
    if not report.wrote:
        notify("info", "The index was already up to date.")
        return
    counts = f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed"
    notify("success", f"Index rebuilt: {counts}; {report.chunks} chunks, {report.tables} tables.")


def report_added(report: AddReport) -> None:
    for name in report.added:
        notify("success", f"Added {name} to the corpus.")
    for rejected in report.rejected:
        notify("error", f"{rejected.path}: {rejected.reason}")


def opened(files, password: str) -> list[tuple[str, bytes]]:
    """The uploads as (name, bytes), encrypted PDFs opened with `password`; the rest reported."""
    out = []
    for f in files:
        data = f.getvalue()
        if f.name.lower().endswith(".pdf") and pdf_needs_password(data):
            if not password:
                notify("error", f"{f.name} is encrypted: give its password and upload it again.")
                continue
            try:
                data = unlock_pdf(data, password)
            except PolicyQAError as err:
                notify("error", f"{f.name}: {err}")
                continue
        out.append((f.name, data))
    return out


def upload_form() -> bool:
    """The upload form; True when it changed the corpus or the index."""
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("PDF, TXT or Markdown files", type=ACCEPTED, accept_multiple_files=True)
        password = st.text_input(
            "Password for encrypted PDFs (optional)",
            type="password",
            help="Opens the encrypted PDFs of this upload. They are stored decrypted in the corpus folder "
            "(the index holds their text in clear anyway); the password itself is not kept.",
        )
        submitted = st.form_submit_button("Add and rebuild the index", type="primary")
    if not submitted:
        return False
    if not files:
        st.warning("Choose one or more files first.")
        return False
    try:
        added = add_documents(common.corpus_dir(), opened(files, password), settings=common.settings())
    except PolicyQAError as err:
        notify("error", str(err))
        return True
    report_added(added)
    if added.added:
        rebuild(new=added.added)
    return True


def remove_form() -> bool:
    sources = corpus_files(common.corpus_dir())
    with st.form("remove"):
        source = st.selectbox("File in the corpus", sources, index=None, placeholder="Choose a file")
        submitted = st.form_submit_button("Remove and rebuild the index")
    if not (submitted and source):
        return False
    try:
        remove_document(common.corpus_dir(), source)
    except PolicyQAError as err:
        notify("error", str(err))
        return True
    notify("success", f"Removed {source} from the corpus.")
    rebuild()
    return True


def main() -> None:
    st.title("Documents")
    show_notices()
    show_index()
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Add documents")
        st.caption(
            "Checked for type and size, stored under a safe name; a file with the same "
            "content as one in the corpus is refused. The current index answers until the new one is ready."
        )
        changed = upload_form()
    with right:
        st.subheader("Remove a document")
        changed = remove_form() or changed
        st.caption(escape_markdown(f"Corpus folder: {common.corpus_dir()}"))
        if st.button("Rebuild the index", help="After changing files in the corpus folder by hand"):
            rebuild()
            changed = True
    if changed:
        st.rerun()  # draw the list again from the index just built


main()
